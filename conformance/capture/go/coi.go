//go:build windows

package hcsoci

// Added by the hcsdoc capture build: the createOptionsInternal a case stands for, in the form of the hcsshim
// releases from v0.10 on (ccgState, ScaleCPULimitsToSandbox and windowsAdditionalMounts all exist). Other eras
// replace this file with their own (conformance/capture/go/eras/, chosen by conformance/capture/eras.py).

import (
	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/Microsoft/hcsshim/internal/uvm"
)

// hcsdocInexpressible says why this hcsshim cannot be given the case ("" when it can).
func hcsdocInexpressible(c *hcsdocCase) string { return "" }

func hcsdocNewCOI(c *hcsdocCase, spec *specs.Spec, hostingSystem *uvm.UtilityVM) *createOptionsInternal {
	return &createOptionsInternal{
		CreateOptions: &CreateOptions{
			ID:                      c.Options.ID,
			Spec:                    spec,
			HostingSystem:           hostingSystem,
			ScaleCPULimitsToSandbox: c.Options.ScaleCPULimitsToSandbox,
		},
		actualSchemaVersion:     c.Options.SchemaVersion,
		actualID:                c.Options.ActualID,
		actualOwner:             c.Options.Owner,
		actualNetworkNamespace:  c.Options.NetworkNamespace,
		ccgState:                c.Options.CcgState,
		windowsAdditionalMounts: c.Options.WindowsAdditionalMounts,
	}
}
