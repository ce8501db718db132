//go:build windows

package hcsoci

// Added by the hcsdoc capture build (conformance/capture/build.py) to a throw-away copy of hcsshim: it lives in
// package hcsoci because createWindowsContainerDocument and createOptionsInternal are unexported.
//
// HcsdocServe speaks the hcsdoc adapter protocol (docs/case-format.md section 3): one JSON object per line in,
// one per line out. A case is turned into the exact inputs the function reads (section 1) and the function's
// outcome into a result (section 2).

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"syscall"
	"unsafe"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/Microsoft/hcsshim/hcsdocseam"
	hcsschema "github.com/Microsoft/hcsshim/internal/hcs/schema2"
	"github.com/Microsoft/hcsshim/internal/uvm"
)

type hcsdocOptions struct {
	ID                      string                                   `json:"id"`
	ActualID                string                                   `json:"actualId"`
	Owner                   string                                   `json:"owner"`
	SchemaVersion           *hcsschema.Version                       `json:"schemaVersion"`
	ScaleCPULimitsToSandbox bool                                     `json:"scaleCpuLimitsToSandbox"`
	NetworkNamespace        string                                   `json:"networkNamespace"`
	CcgState                *hcsschema.ContainerCredentialGuardState `json:"ccgState"`
	WindowsAdditionalMounts []hcsschema.MappedDirectory              `json:"windowsAdditionalMounts"`
}

type hcsdocShare struct {
	HostPath  string `json:"hostPath"`
	ReadOnly  bool   `json:"readOnly"`
	Kind      string `json:"kind"`
	GuestPath string `json:"guestPath"`
}

type hcsdocUVM struct {
	OS                  string        `json:"os"`
	ProcessorCount      int32         `json:"processorCount"`
	ProcessDumpLocation string        `json:"processDumpLocation"`
	VSMBShares          []hcsdocShare `json:"vsmbShares"`
}

type hcsdocCase struct {
	// The raw text of the spec value as it stands in the message (section 1.1: the runner writes it exactly
	// as json.dumps(spec, ensure_ascii=False, separators=(",", ":")) does).
	Spec       json.RawMessage `json:"spec"`
	SpecText   *string         `json:"specText"`
	SpecBase64 *string         `json:"specBase64"`
	Options    hcsdocOptions   `json:"options"`
	UVM        *hcsdocUVM      `json:"uvm"`
	Host       hcsdocseam.Host `json:"host"`
}

type hcsdocRequest struct {
	Cmd      string          `json:"cmd"`
	Protocol json.RawMessage `json:"protocol"`
	Seq      json.RawMessage `json:"seq"`
	Case     json.RawMessage `json:"case"`
}

type hcsdocDocuments struct {
	V1 json.RawMessage `json:"v1"`
	V2 json.RawMessage `json:"v2"`
}

type hcsdocBytes struct {
	V1 string `json:"v1"`
	V2 string `json:"v2"`
}

type hcsdocReply struct {
	Seq       json.RawMessage  `json:"seq"`
	Documents *hcsdocDocuments `json:"documents,omitempty"`
	Bytes     *hcsdocBytes     `json:"bytes,omitempty"`
	Error     *string          `json:"error,omitempty"`
	Panic     *string          `json:"panic,omitempty"`
	Errored   *string          `json:"errored,omitempty"`
	Skipped   *string          `json:"skipped,omitempty"`
}

type hcsdocImplementation struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type hcsdocStarted struct {
	OK             bool                 `json:"ok"`
	Protocol       int                  `json:"protocol"`
	Implementation hcsdocImplementation `json:"implementation"`
}

// HcsdocServe answers protocol lines from in on out until "stop" or the end of in.
func HcsdocServe(in io.Reader, out io.Writer) error {
	r := bufio.NewReaderSize(in, 1<<20)
	w := bufio.NewWriterSize(out, 1<<16)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for {
		line, err := r.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			var req hcsdocRequest
			if uerr := json.Unmarshal(line, &req); uerr != nil {
				msg := "hcsdoc-capture: bad request line: " + uerr.Error()
				if eerr := enc.Encode(hcsdocReply{Seq: json.RawMessage("null"), Errored: &msg}); eerr != nil {
					return eerr
				}
			} else {
				switch req.Cmd {
				case "start":
					started := hcsdocStarted{OK: true, Protocol: 1,
						Implementation: hcsdocImplementation{Name: "hcsshim", Version: hcsdocHcsshimVersion}}
					if eerr := enc.Encode(started); eerr != nil {
						return eerr
					}
				case "stop":
					if eerr := enc.Encode(map[string]bool{"ok": true}); eerr != nil {
						return eerr
					}
					return w.Flush()
				case "run":
					if eerr := enc.Encode(hcsdocRunCase(req.Seq, req.Case)); eerr != nil {
						return eerr
					}
				case "bench":
					if eerr := enc.Encode(hcsdocBench(line)); eerr != nil {
						return eerr
					}
				default:
					msg := fmt.Sprintf("hcsdoc-capture: unknown cmd %q", req.Cmd)
					if eerr := enc.Encode(hcsdocReply{Seq: hcsdocSeqOrNull(req.Seq), Errored: &msg}); eerr != nil {
						return eerr
					}
				}
			}
		}
		// Flush only when no further request is already waiting, so a pipelining client gets batched writes.
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

func hcsdocSeqOrNull(seq json.RawMessage) json.RawMessage {
	if len(seq) == 0 {
		return json.RawMessage("null")
	}
	return seq
}

func hcsdocRunCase(seq json.RawMessage, raw json.RawMessage) hcsdocReply {
	c, msg := hcsdocDecodeCase(raw)
	if c == nil {
		return hcsdocReply{Seq: hcsdocSeqOrNull(seq), Errored: &msg}
	}
	return hcsdocConvert(seq, c)
}

// hcsdocDecodeCase reads a case message into its Go form (nil and the reason when the case is malformed).
func hcsdocDecodeCase(raw json.RawMessage) (*hcsdocCase, string) {
	var c hcsdocCase
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return nil, "hcsdoc-capture: bad case: " + err.Error()
	}
	return &c, ""
}

// hcsdocConvert is the work the Python reference's run_case does for a case: decode the spec text into a
// *specs.Spec, build the options, the UVM and the host seams, call createWindowsContainerDocument and marshal both
// documents. The bench command times exactly this function.
func hcsdocConvert(seq json.RawMessage, c *hcsdocCase) (reply hcsdocReply) {
	reply.Seq = hcsdocSeqOrNull(seq)
	errored := func(msg string) hcsdocReply {
		reply.Errored = &msg
		return reply
	}
	if why := hcsdocInexpressible(c); why != "" {
		reply.Skipped = &why
		return reply
	}

	// The spec text (section 1.1): specText or specBase64 when given, else the raw spec value; absent is null.
	text := []byte(c.Spec)
	switch {
	case c.SpecText != nil:
		text = []byte(*c.SpecText)
	case c.SpecBase64 != nil:
		b, err := base64.StdEncoding.DecodeString(*c.SpecBase64)
		if err != nil {
			return errored("hcsdoc-capture: bad specBase64: " + err.Error())
		}
		text = b
	case len(text) == 0:
		text = []byte("null")
	}
	var spec *specs.Spec
	if err := json.Unmarshal(text, &spec); err != nil {
		msg := err.Error()
		reply.Error = &msg
		return reply
	}

	var hostingSystem *uvm.UtilityVM
	if c.UVM != nil {
		hostingSystem = uvm.HcsdocNewUtilityVM(c.UVM.OS, c.UVM.ProcessorCount, c.UVM.ProcessDumpLocation)
		for _, s := range c.UVM.VSMBShares {
			if s.Kind != "dir" && s.Kind != "file" {
				return errored(fmt.Sprintf("hcsdoc-capture: bad uvm share kind %q", s.Kind))
			}
			hostingSystem.HcsdocAddVSMBShare(s.HostPath, s.ReadOnly, s.Kind == "file", s.GuestPath)
		}
	}
	coi := hcsdocNewCOI(c, spec, hostingSystem)
	hcsdocseam.SetHost(&c.Host)
	defer hcsdocseam.SetHost(nil)

	v1, v2, recovered, err := hcsdocCall(coi)
	if recovered != nil {
		if f, ok := recovered.(hcsdocseam.Fault); ok {
			return errored(f.Error())
		}
		if na, ok := recovered.(hcsdocseam.NotApplicable); ok {
			reply.Skipped = &na.Reason
			return reply
		}
		msg := fmt.Sprint(recovered)
		reply.Panic = &msg
		return reply
	}
	if err != nil {
		msg := err.Error()
		reply.Error = &msg
		return reply
	}
	b1, err := json.Marshal(v1)
	if err != nil {
		return errored("hcsdoc-capture: json.Marshal(v1): " + err.Error())
	}
	b2, err := json.Marshal(v2)
	if err != nil {
		return errored("hcsdoc-capture: json.Marshal(v2): " + err.Error())
	}
	reply.Documents = &hcsdocDocuments{V1: b1, V2: b2}
	reply.Bytes = &hcsdocBytes{V1: string(b1), V2: string(b2)}
	return reply
}

// hcsdocCall runs the function under test and recovers a panic (the value, as fmt.Sprint will print it).
func hcsdocCall(coi *createOptionsInternal) (v1 interface{}, v2 interface{}, recovered interface{}, err error) {
	defer func() {
		if r := recover(); r != nil {
			v1, v2, recovered, err = nil, nil, r, nil
		}
	}()
	d1, d2, err := createWindowsContainerDocument(context.Background(), coi)
	return d1, d2, nil, err
}

// The bench command (not part of the adapter protocol; `hcsdoc bench` uses it):
//
//	{"cmd": "bench", "cases": [case, ...], "repeat": N, "warmup": W}
//	-> {"ok": true, "clock": "...", "ns": [[N durations] per case], "outcomes": [per case], "totalNs": [per repeat]}
//
// Every case is decoded once (untimed: the reference receives its case already parsed too), then W untimed passes
// and N timed passes run hcsdocConvert over all the cases in order. ns[i][r] is the time of case i in pass r,
// totalNs[r] the time of pass r. outcomes[i] names what case i produced (documents, error, panic, errored) so
// the caller can check that both sides did the same work.
//
// The clock is QueryPerformanceCounter, not time.Now: on Windows Go's time.Now and time.Since read the
// interrupt time, which Wine updates only every few milliseconds (measured: 14 distinct values in 33 ms),
// far coarser than one case; Wine's QueryPerformanceCounter ticks at 10 MHz (100 ns).

type hcsdocBenchRequest struct {
	Cases  []json.RawMessage `json:"cases"`
	Repeat int               `json:"repeat"`
	Warmup int               `json:"warmup"`
}

type hcsdocBenchReply struct {
	OK       bool      `json:"ok"`
	Clock    string    `json:"clock,omitempty"`
	Ns       [][]int64 `json:"ns,omitempty"`
	TotalNs  []int64   `json:"totalNs,omitempty"`
	Outcomes []string  `json:"outcomes,omitempty"`
	Errored  *string   `json:"errored,omitempty"`
}

var (
	hcsdocKernel32 = syscall.NewLazyDLL("kernel32.dll")
	hcsdocQPC      = hcsdocKernel32.NewProc("QueryPerformanceCounter")
	hcsdocQPF      = hcsdocKernel32.NewProc("QueryPerformanceFrequency")
)

func hcsdocTicks() int64 {
	var t int64
	hcsdocQPC.Call(uintptr(unsafe.Pointer(&t)))
	return t
}

func hcsdocBench(line []byte) hcsdocBenchReply {
	fail := func(msg string) hcsdocBenchReply {
		msg = "hcsdoc-capture: bench: " + msg
		return hcsdocBenchReply{Errored: &msg}
	}
	var req hcsdocBenchRequest
	if err := json.Unmarshal(line, &req); err != nil {
		return fail(err.Error())
	}
	if req.Repeat < 1 || req.Warmup < 0 {
		return fail(fmt.Sprintf("repeat must be >= 1 and warmup >= 0 (got %d, %d)", req.Repeat, req.Warmup))
	}
	var freq int64
	if r, _, err := hcsdocQPF.Call(uintptr(unsafe.Pointer(&freq))); r == 0 || freq <= 0 {
		return fail(fmt.Sprintf("QueryPerformanceFrequency: %v", err))
	}
	toNs := func(ticks int64) int64 { return ticks * 1_000_000_000 / freq }

	cases := make([]*hcsdocCase, len(req.Cases))
	for i, raw := range req.Cases {
		c, msg := hcsdocDecodeCase(raw)
		if c == nil {
			return fail(fmt.Sprintf("case %d: %s", i, msg))
		}
		cases[i] = c
	}
	seq := json.RawMessage("0")
	for w := 0; w < req.Warmup; w++ {
		for _, c := range cases {
			hcsdocConvert(seq, c)
		}
	}
	reply := hcsdocBenchReply{
		OK:       true,
		Clock:    fmt.Sprintf("QueryPerformanceCounter (%d Hz)", freq),
		Ns:       make([][]int64, len(cases)),
		TotalNs:  make([]int64, req.Repeat),
		Outcomes: make([]string, len(cases)),
	}
	for i := range cases {
		reply.Ns[i] = make([]int64, req.Repeat)
	}
	for r := 0; r < req.Repeat; r++ {
		passStart := hcsdocTicks()
		for i, c := range cases {
			t0 := hcsdocTicks()
			out := hcsdocConvert(seq, c)
			reply.Ns[i][r] = toNs(hcsdocTicks() - t0)
			reply.Outcomes[i] = hcsdocOutcome(out)
		}
		reply.TotalNs[r] = toNs(hcsdocTicks() - passStart)
	}
	return reply
}

func hcsdocOutcome(r hcsdocReply) string {
	switch {
	case r.Documents != nil:
		return "documents"
	case r.Error != nil:
		return "error"
	case r.Panic != nil:
		return "panic"
	case r.Skipped != nil:
		return "skipped"
	default:
		return "errored"
	}
}
