//go:build windows

package uvm

// Added by the hcsdoc capture build for hcsshim v0.8.7: shares are the unexported vsmbShare, keyed by host path,
// and a share's guest path is vsmbSharePrefix followed by its name.

import (
	"strings"

	"github.com/Microsoft/hcsshim/internal/hcs"
)

// HcsdocVSMBSharePrefix is the prefix of every share's guest path in this hcsshim.
const HcsdocVSMBSharePrefix = vsmbSharePrefix

func HcsdocNewUtilityVM(operatingSystem string, processorCount int32, processDumpLocation string) *UtilityVM {
	// ID() (read by the converter of v0.8.7 to v0.8.15 for a log field only) asks the compute system: an empty
	// one answers "" where a nil one would panic.
	return &UtilityVM{
		hcsSystem:       &hcs.System{},
		operatingSystem: operatingSystem,
		processorCount:  processorCount,
		vsmbDirShares:   make(map[string]*vsmbShare),
		vsmbFileShares:  make(map[string]*vsmbShare),
	}
}

// HcsdocAddVSMBShare records a share under its host path (the caller has checked the guest path's prefix).
func (uvm *UtilityVM) HcsdocAddVSMBShare(hostPath string, readOnly bool, file bool, guestPath string) {
	share := &vsmbShare{refCount: 1, name: strings.TrimPrefix(guestPath, vsmbSharePrefix)}
	m := uvm.vsmbDirShares
	if file {
		m = uvm.vsmbFileShares
	}
	m[hostPath] = share
}
