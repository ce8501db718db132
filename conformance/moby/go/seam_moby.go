//go:build windows

package hcsdocseam

// Added by the hcsdoc moby build (conformance/moby/build.py) next to seam.go in a throw-away copy of the engine
// module. Docker Engine asks three more things than hcsshim's converter does:
// the number of processors (through the Go runtime), the owner it tags the container with (a constant), and
// HCS itself (the compute system is created there). The first two are answered from the case; the third is
// recorded instead of made.

import (
	"encoding/json"
)

var currentOwner string

// SetOwner makes owner the answer of Owner until the next call.
func SetOwner(owner string) { currentOwner = owner }

// Owner replaces Docker Engine's fixed owner ("docker") with the case's options.owner, so that the rest of the
// schema-1 document can be compared with hcsshim's (docs/implementations/moby-mapping.md).
func Owner() string { return currentOwner }

// NumCPU (seam.go, shared with the hcsshim capture) replaces runtime.NumCPU / sysinfo.NumCPU at Docker Engine's
// CPU-count clamp: host.processorCount.

// Recorded is the error the patched hcs.CreateComputeSystem returns instead of calling HCS: Document holds the
// exact json.Marshal text that would have been sent. The container is never created, so never started.
type Recorded struct{ Document string }

func (r *Recorded) Error() string { return "hcsdoc: compute system document recorded, HCS not called" }

// Record is what the patched hcs.CreateComputeSystem returns.
func Record(document string) error {
	if !json.Valid([]byte(document)) {
		panic(Fault{"recorded document is not valid JSON"})
	}
	return &Recorded{Document: document}
}

// AsErrno (seam.go, shared with the hcsshim capture) stands in for the err.(syscall.Errno) assertion of hcsshim
// v0.9 (hcserror.Win32FromError), which Docker Engine v23 vendors.
