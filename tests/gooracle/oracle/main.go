// Command oracle answers questions about Go's encoding/json and strconv, one JSON line per question,
// so that the Python codec in reference/gojson and reference/gofmt can be checked against the real thing.
//
// Requests (stdin, one JSON object per line):
//
//	{"op":"decode","target":"spec"|"any","data":"<base64>"}
//	    -> {"error":<string|null>,"dump":<canonical dump of the decoded value>,"marshal":"<base64 of json.Marshal>"}
//	{"op":"quote","data":"<base64>"}        -> {"quote":"<strconv.Quote of the bytes>"}
//	{"op":"float","bits":"<uint64 decimal>"} -> {"marshal":"<json.Marshal(float64)>"} or {"error":...}
//	{"op":"tables"}                          -> {"nonprint":[[lo,hi],...],"foldascii":[[rune,folded],...]}
//
// The dump tells apart what json.Marshal hides: nil vs empty slices and maps, nil vs zero pointers, and the
// dynamic types held in interfaces.
package main

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"reflect"
	"sort"
	"strconv"
	"unicode"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

type request struct {
	Op     string `json:"op"`
	Target string `json:"target"`
	Data   string `json:"data"`
	Bits   string `json:"bits"`
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 64<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	for in.Scan() {
		var req request
		if err := json.Unmarshal(in.Bytes(), &req); err != nil {
			fmt.Fprintln(os.Stderr, "bad request:", err)
			os.Exit(2)
		}
		if err := enc.Encode(answer(req)); err != nil {
			fmt.Fprintln(os.Stderr, "write:", err)
			os.Exit(2)
		}
		out.Flush()
	}
}

func answer(req request) map[string]any {
	data, err := base64.StdEncoding.DecodeString(req.Data)
	if err != nil {
		return map[string]any{"fatal": err.Error()}
	}
	switch req.Op {
	case "decode":
		var target any
		switch req.Target {
		case "spec":
			var s *specs.Spec
			target = &s
		case "any":
			var a any
			target = &a
		default:
			return map[string]any{"fatal": "unknown target " + req.Target}
		}
		res := map[string]any{"error": nil}
		if err := json.Unmarshal(data, target); err != nil {
			res["error"] = err.Error()
		}
		elem := reflect.ValueOf(target).Elem()
		res["dump"] = dump(elem)
		b, merr := json.Marshal(elem.Interface())
		if merr != nil {
			res["marshalError"] = merr.Error()
		} else {
			res["marshal"] = base64.StdEncoding.EncodeToString(b)
		}
		return res
	case "quote":
		return map[string]any{"quote": strconv.Quote(string(data))}
	case "float":
		bits, err := strconv.ParseUint(req.Bits, 10, 64)
		if err != nil {
			return map[string]any{"fatal": err.Error()}
		}
		b, merr := json.Marshal(math.Float64frombits(bits))
		if merr != nil {
			return map[string]any{"error": merr.Error()}
		}
		return map[string]any{"marshal": string(b)}
	case "tables":
		return tables()
	}
	return map[string]any{"fatal": "unknown op " + req.Op}
}

// tables lists the runes strconv.IsPrint rejects (as ranges) and the non-ASCII runes whose
// encoding/json key folding (smallest rune of the unicode.SimpleFold orbit) is ASCII.
func tables() map[string]any {
	var nonprint [][2]int
	for r := 0; r <= unicode.MaxRune; r++ {
		if strconv.IsPrint(rune(r)) {
			continue
		}
		if n := len(nonprint); n > 0 && nonprint[n-1][1] == r-1 {
			nonprint[n-1][1] = r
		} else {
			nonprint = append(nonprint, [2]int{r, r})
		}
	}
	var fold [][2]int
	for r := rune(0x80); r <= unicode.MaxRune; r++ {
		f := r
		for {
			r2 := unicode.SimpleFold(f)
			if r2 <= f {
				f = r2
				break
			}
			f = r2
		}
		if f < 0x80 {
			fold = append(fold, [2]int{int(r), int(f)})
		}
	}
	return map[string]any{"nonprint": nonprint, "foldascii": fold}
}

// dump renders v canonically: structs as objects keyed by Go field name (embedded structs flattened),
// floats as the decimal string of their IEEE bits,
// nil pointers/slices/maps/interfaces as null, interface values tagged with their dynamic type.
func dump(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return nil
		}
		return dump(v.Elem())
	case reflect.Interface:
		if v.IsNil() {
			return nil
		}
		e := v.Elem()
		switch e.Kind() {
		case reflect.String:
			return map[string]any{"s": e.String()}
		case reflect.Float64:
			return map[string]any{"f": strconv.FormatUint(math.Float64bits(e.Float()), 10)}
		case reflect.Bool:
			return map[string]any{"b": e.Bool()}
		case reflect.Map:
			return map[string]any{"m": dump(e)}
		case reflect.Slice:
			return map[string]any{"a": dump(e)}
		}
		return map[string]any{"?": e.Type().String()}
	case reflect.Struct:
		m := map[string]any{}
		dumpStruct(v, m)
		return m
	case reflect.Slice:
		if v.IsNil() {
			return nil
		}
		l := make([]any, v.Len())
		for i := range l {
			l[i] = dump(v.Index(i))
		}
		return l
	case reflect.Map:
		if v.IsNil() {
			return nil
		}
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
		m := map[string]any{}
		for _, k := range keys {
			m[k.String()] = dump(v.MapIndex(k))
		}
		return m
	case reflect.String:
		return v.String()
	case reflect.Bool:
		return v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return json.Number(strconv.FormatInt(v.Int(), 10))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return json.Number(strconv.FormatUint(v.Uint(), 10))
	case reflect.Float32, reflect.Float64:
		return map[string]any{"f": strconv.FormatUint(math.Float64bits(v.Float()), 10)}
	}
	return map[string]any{"?": v.Type().String()}
}

func dumpStruct(v reflect.Value, m map[string]any) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			dumpStruct(v.Field(i), m)
			continue
		}
		m[f.Name] = dump(v.Field(i))
	}
}
