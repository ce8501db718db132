//go:build windows

package uvm

// Added by the hcsdoc capture build for hcsshim v0.8.10 to v0.8.14: a share keeps readOnly in its own field, and
// the utility VM has no process dump location yet.

import (
	"fmt"

	"github.com/Microsoft/hcsshim/internal/hcs"
)

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

// HcsdocAddVSMBShare records a share as AddVSMB would have: under the key fmt.Sprintf("%v-%v", hostPath,
// readOnly) of the directory or the file table; a later share with the same key replaces the earlier one.
func (uvm *UtilityVM) HcsdocAddVSMBShare(hostPath string, readOnly bool, file bool, guestPath string) {
	share := &VSMBShare{vm: uvm, HostPath: hostPath, refCount: 1, guestPath: guestPath, readOnly: readOnly}
	m := uvm.vsmbDirShares
	if file {
		m = uvm.vsmbFileShares
	}
	m[fmt.Sprintf("%v-%v", hostPath, readOnly)] = share
}
