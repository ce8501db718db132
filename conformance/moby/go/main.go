//go:build windows

// Command hcsdoc-moby runs Docker Engine's own OCI-to-HCS conversion (libcontainerd/local) on hcsdoc cases,
// speaking the hcsdoc adapter protocol (conformance/protocol/adapter.md) on stdin/stdout. The hcsdoc moby build
// (conformance/moby/build.py) adds it to a throw-away copy of the github.com/docker/docker module, together with
// entry.go (the call into the engine, which depends on the engine's version).
//
// How a case maps onto the engine's inputs, and which cases it cannot express, is written down in
// docs/implementations/moby-mapping.md; skipReason below is the executable form of its "not applicable" list.
package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/docker/docker/hcsdocseam"
	specs "github.com/opencontainers/runtime-spec/specs-go"
	"github.com/sirupsen/logrus"
)

type schemaVersion struct {
	Major int32 `json:"Major"`
	Minor int32 `json:"Minor"`
}

type caseOptions struct {
	ID            string         `json:"id"`
	ActualID      string         `json:"actualId"`
	Owner         string         `json:"owner"`
	SchemaVersion *schemaVersion `json:"schemaVersion"`
}

// mobyCase holds the case fields the engine's conversion can read; the others (ccgState,
// windowsAdditionalMounts, networkNamespace, scaleCpuLimitsToSandbox, host.osBuild, host.resolvedPaths) feed
// only hcsshim's schema-2 document or checks the engine does not make.
type mobyCase struct {
	Spec       json.RawMessage `json:"spec"`
	SpecText   *string         `json:"specText"`
	SpecBase64 *string         `json:"specBase64"`
	Options    caseOptions     `json:"options"`
	UVM        json.RawMessage `json:"uvm"`
	Host       hcsdocseam.Host `json:"host"`
}

type request struct {
	Cmd  string          `json:"cmd"`
	Seq  json.RawMessage `json:"seq"`
	Case json.RawMessage `json:"case"`
}

type documents struct {
	V1 json.RawMessage `json:"v1"`
	V2 json.RawMessage `json:"v2"`
}

type docBytes struct {
	V1 string `json:"v1"`
	V2 string `json:"v2"`
}

type reply struct {
	Seq       json.RawMessage `json:"seq"`
	Documents *documents      `json:"documents,omitempty"`
	Bytes     *docBytes       `json:"bytes,omitempty"`
	Error     *string         `json:"error,omitempty"`
	Panic     *string         `json:"panic,omitempty"`
	Skipped   *string         `json:"skipped,omitempty"`
	Errored   *string         `json:"errored,omitempty"`
}

type implementation struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type started struct {
	OK             bool           `json:"ok"`
	Protocol       int            `json:"protocol"`
	Implementation implementation `json:"implementation"`
	Error          string         `json:"error,omitempty"`
}

// The engine builds no schema-2 document: the protocol needs an object, the empty one stands for "none".
const noV2 = "{}"

func main() {
	// The engine logs through logrus; the log never changes a result and stdout carries the protocol.
	logrus.SetOutput(io.Discard)
	logrus.SetLevel(logrus.PanicLevel)
	if err := serve(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "hcsdoc-moby:", err)
		os.Exit(1)
	}
}

func serve(in io.Reader, out io.Writer) error {
	r := bufio.NewReaderSize(in, 1<<20)
	w := bufio.NewWriterSize(out, 1<<16)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for {
		line, err := r.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			if stop, eerr := answer(enc, line); eerr != nil || stop {
				if ferr := w.Flush(); eerr == nil {
					eerr = ferr
				}
				return eerr
			}
		}
		if err != nil || r.Buffered() == 0 {
			if ferr := w.Flush(); ferr != nil {
				return ferr
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func answer(enc *json.Encoder, line []byte) (stop bool, err error) {
	var req request
	if uerr := json.Unmarshal(line, &req); uerr != nil {
		msg := "hcsdoc-moby: bad request line: " + uerr.Error()
		return false, enc.Encode(reply{Seq: json.RawMessage("null"), Errored: &msg})
	}
	switch req.Cmd {
	case "start":
		if os.Getenv("HCSSHIM_CREATECONTAINER_ADDITIONALJSON") != "" {
			// hcsshim would merge this JSON into every document: the recording would not be the engine's alone.
			return true, enc.Encode(started{OK: false, Protocol: 1, Error: "HCSSHIM_CREATECONTAINER_ADDITIONALJSON is set"})
		}
		return false, enc.Encode(started{OK: true, Protocol: 1, Implementation: implementation{Name: "moby", Version: mobyVersion}})
	case "stop":
		return true, enc.Encode(map[string]bool{"ok": true})
	case "run":
		return false, enc.Encode(run(seqOrNull(req.Seq), req.Case))
	}
	msg := fmt.Sprintf("hcsdoc-moby: unknown cmd %q", req.Cmd)
	return false, enc.Encode(reply{Seq: seqOrNull(req.Seq), Errored: &msg})
}

func seqOrNull(seq json.RawMessage) json.RawMessage {
	if len(seq) == 0 {
		return json.RawMessage("null")
	}
	return seq
}

func run(seq json.RawMessage, raw json.RawMessage) reply {
	out := reply{Seq: seq}
	set := func(p **string, msg string) reply {
		*p = &msg
		return out
	}
	var c mobyCase
	if err := json.Unmarshal(raw, &c); err != nil {
		return set(&out.Errored, "hcsdoc-moby: bad case: "+err.Error())
	}
	if why := skipReason(&c); why != "" {
		return set(&out.Skipped, why)
	}
	text := []byte(c.Spec)
	switch {
	case c.SpecText != nil:
		text = []byte(*c.SpecText)
	case c.SpecBase64 != nil:
		b, err := base64.StdEncoding.DecodeString(*c.SpecBase64)
		if err != nil {
			return set(&out.Errored, "hcsdoc-moby: bad specBase64: "+err.Error())
		}
		text = b
	case len(text) == 0:
		text = []byte("null")
	}
	// The spec is decoded with the runtime-spec version the engine vendors.
	var spec *specs.Spec
	if err := json.Unmarshal(text, &spec); err != nil {
		return set(&out.Error, err.Error())
	}
	if v := c.Options.SchemaVersion; v.Major == 2 && spec != nil && spec.Windows != nil && spec.Windows.HyperV != nil {
		return set(&out.Skipped, "schema 2.1 Hyper-V without a utility VM: hcsshim classifies it as process "+
			"isolation, a configuration its callers never create; the engine has no schema versions")
	}
	hcsdocseam.SetHost(&c.Host)
	hcsdocseam.SetOwner(c.Options.Owner)
	defer hcsdocseam.SetHost(nil)

	recovered, err := call(c.Options.ActualID, spec)
	if recovered != nil {
		if f, ok := recovered.(hcsdocseam.Fault); ok {
			return set(&out.Errored, f.Error())
		}
		return set(&out.Panic, fmt.Sprint(recovered))
	}
	var rec *hcsdocseam.Recorded
	if errors.As(err, &rec) {
		out.Documents = &documents{V1: json.RawMessage(rec.Document), V2: json.RawMessage(noV2)}
		out.Bytes = &docBytes{V1: rec.Document, V2: noV2}
		return out
	}
	if err == nil {
		return set(&out.Errored, "hcsdoc-moby: the engine returned without calling hcsshim.CreateContainer")
	}
	return set(&out.Error, err.Error())
}

// skipReason says why a case is not applicable to the engine ("" when it is): its point is an input the
// engine does not have.
func skipReason(c *mobyCase) string {
	if len(c.UVM) > 0 && string(bytes.TrimSpace(c.UVM)) != "null" {
		return "hosted in a utility VM (schema 2 Hyper-V): the engine has no UVM object; HCS makes the VM from " +
			"the schema-1 HvRuntime"
	}
	v := c.Options.SchemaVersion
	if v == nil || !((v.Major == 1 && v.Minor == 0) || (v.Major == 2 && v.Minor == 1)) {
		return "the point is hcsshim's schema version (neither 1.0 nor 2.1): the engine has none"
	}
	return ""
}

// call runs the engine's conversion and recovers a panic (the value, as fmt.Sprint will print it).
func call(id string, spec *specs.Spec) (recovered any, err error) {
	defer func() {
		if r := recover(); r != nil {
			recovered, err = r, nil
		}
	}()
	return nil, createContainer(id, spec)
}
