//go:build windows

package hcsdocseam

// Added by the hcsdoc capture build for hcsshim v0.13.0 to v0.14.1 (next to seam.go): the seams of the code that
// fills the converter's inputs in these releases (allocateWindowsResources, layers.MountWCOWLayers,
// uvm.AddVSMB, uvm.ParseNamedPipe). The case format records no answer for any of them: each says that the case is
// not applicable, naming the question. The host's files (host.files) and layer GUIDs (host.layerIds) answer the
// os.Stat and NameToGuid calls of the same code through the seams of seam.go.

import (
	"fmt"
	"os"
)

// StopAfterMounts is true: allocateWindowsResources returns after setupMounts (docs/hcsshim-eras.md §4).
func StopAfterMounts() bool { return true }

// MkdirAll replaces os.MkdirAll where the layer code creates a missing scratch folder.
func MkdirAll(path string, perm os.FileMode) error {
	panic(NotApplicable{"the layers' scratch folder is not in host.files: this release would create it and a " +
		"scratch VHD in it, which the case format does not model"})
}

// VMCompute replaces the vmcompute.dll layer calls (ActivateLayer, PrepareLayer, GetLayerMountPath,
// CreateSandboxLayer, DeactivateLayer, UnprepareLayer) after hcsshim's own UTF-16 conversion of the path.
func VMCompute(op string) error {
	panic(NotApplicable{fmt.Sprintf("this release mounts the container's layers on the host itself (spec.root.path "+
		"empty): vmcompute.dll %s has no answer in the case format", op)})
}

// ModifyUVM replaces the utility VM's modify (an HCS or GCS request), reached when AddVSMB adds a share the VM
// does not have yet, or updates a single-file share, or AddPipe shares a host pipe.
func ModifyUVM() error {
	panic(NotApplicable{"this release asks HCS to add or update a VSMB share or named pipe of the utility VM, " +
		"which the case format does not model (uvm.vsmbShares are the shares it already has)"})
}

// OpenHostPath replaces the CreateFile with which AddVSMB queries a share's file ID on builds 18362 to 19042.
func OpenHostPath(path string) error {
	panic(NotApplicable{"on OS builds 18362 to 19042 this release opens a share's host path to query its file " +
		"ID, which the case format does not model"})
}

// UVMID replaces the utility VM's ID where a uvm:// named pipe is named after it.
func UVMID(id string) string {
	panic(NotApplicable{"a uvm:// named pipe is named after the utility VM's ID, which the case format does not give"})
}

// CreatePipeAndListen replaces the pipe a sandbox:// mount's mkdir in the utility VM writes its output to.
func CreatePipeAndListen(f interface{}, in bool) (string, error) {
	panic(NotApplicable{"a sandbox:// mount makes this release run mkdir in the utility VM, which the case " +
		"format does not model"})
}

// SCSI replaces the utility VM's SCSI manager (AddVirtualDisk, AddPhysicalDisk, AddExtensibleVirtualDisk).
func SCSI(op string) bool {
	panic(NotApplicable{fmt.Sprintf("this release attaches a disk to the utility VM (SCSI %s), which the case "+
		"format does not model", op)})
}
