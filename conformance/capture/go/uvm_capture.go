//go:build windows

package uvm

// Added by the hcsdoc capture build (conformance/capture/build.py) to a throw-away copy of hcsshim: a
// *UtilityVM can only be built inside this package, and createWindowsContainerDocument reads nothing of it
// but these fields (docs/case-format.md section 1.3).

import "fmt"

// HcsdocNewUtilityVM returns a UtilityVM that answers OS(), ProcessorCount(), ProcessDumpLocation() and
// GetVSMBUvmPath() from the case; it is never started.
func HcsdocNewUtilityVM(operatingSystem string, processorCount int32, processDumpLocation string) *UtilityVM {
	return &UtilityVM{
		operatingSystem:     operatingSystem,
		processorCount:      processorCount,
		processDumpLocation: processDumpLocation,
		vsmbDirShares:       make(map[string]*VSMBShare),
		vsmbFileShares:      make(map[string]*VSMBShare),
	}
}

// HcsdocAddVSMBShare records a share as AddVSMB would have: under the key fmt.Sprintf("%v-%v", hostPath,
// readOnly) of the directory or the file table; a later share with the same key replaces the earlier one.
func (uvm *UtilityVM) HcsdocAddVSMBShare(hostPath string, readOnly bool, file bool, guestPath string) {
	share := &VSMBShare{vm: uvm, HostPath: hostPath, refCount: 1, guestPath: guestPath}
	share.options.ReadOnly = readOnly
	m := uvm.vsmbDirShares
	if file {
		m = uvm.vsmbFileShares
	}
	m[fmt.Sprintf("%v-%v", hostPath, readOnly)] = share
}
