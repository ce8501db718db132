//go:build windows

package uvm

// Added by the hcsdoc capture build for hcsshim v0.13.0 to v0.14.1: as the default file, plus a compute system
// (empty: its ID() is "") because the layer-mounting code evaluates vm.ID() as an argument, and each share
// records whether it maps a directory (Release reads it).

import (
	"fmt"

	"github.com/Microsoft/hcsshim/internal/hcs"
)

// HcsdocNewUtilityVM returns a UtilityVM that answers from the case; it is never started. Its SCSI manager is
// nil: every SCSI method is patched to say the case is not applicable before it looks at the manager.
func HcsdocNewUtilityVM(operatingSystem string, processorCount int32, processDumpLocation string) *UtilityVM {
	return &UtilityVM{
		hcsSystem:           &hcs.System{},
		operatingSystem:     operatingSystem,
		processorCount:      processorCount,
		processDumpLocation: processDumpLocation,
		vsmbDirShares:       make(map[string]*VSMBShare),
		vsmbFileShares:      make(map[string]*VSMBShare),
	}
}

// HcsdocAddVSMBShare records a share the utility VM already has, as AddVSMB would have: under the key
// fmt.Sprintf("%v-%v", hostPath, readOnly) of the directory or the file table; a later share with the same key
// replaces the earlier one. A later AddVSMB of the same key takes another reference without asking HCS.
func (uvm *UtilityVM) HcsdocAddVSMBShare(hostPath string, readOnly bool, file bool, guestPath string) {
	share := &VSMBShare{vm: uvm, HostPath: hostPath, refCount: 1, guestPath: guestPath, isDirShare: !file}
	share.options.ReadOnly = readOnly
	m := uvm.vsmbDirShares
	if file {
		m = uvm.vsmbFileShares
	}
	m[fmt.Sprintf("%v-%v", hostPath, readOnly)] = share
}
