//go:build windows

package uvm

// Added by the hcsdoc capture build for hcsshim v0.8.8 and v0.8.9: shares are keyed by host path alone.

import "github.com/Microsoft/hcsshim/internal/hcs"

// HcsdocVSMBSharePrefix is unused in this era (guest paths are stored as given).
const HcsdocVSMBSharePrefix = ""

func HcsdocNewUtilityVM(operatingSystem string, processorCount int32, processDumpLocation string) *UtilityVM {
	// ID() (read by the converter of v0.8.7 to v0.8.15 for a log field only) asks the compute system: an empty
	// one answers "" where a nil one would panic.
	return &UtilityVM{
		hcsSystem:       &hcs.System{},
		operatingSystem: operatingSystem,
		processorCount:  processorCount,
		vsmbDirShares:   make(map[string]*VSMBShare),
		vsmbFileShares:  make(map[string]*VSMBShare),
	}
}

// HcsdocAddVSMBShare records a share under its host path.
func (uvm *UtilityVM) HcsdocAddVSMBShare(hostPath string, readOnly bool, file bool, guestPath string) {
	share := &VSMBShare{vm: uvm, HostPath: hostPath, refCount: 1, guestPath: guestPath}
	m := uvm.vsmbDirShares
	if file {
		m = uvm.vsmbFileShares
	}
	m[hostPath] = share
}
