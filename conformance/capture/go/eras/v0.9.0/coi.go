//go:build windows

package hcsoci

// Added by the hcsdoc capture build for hcsshim v0.9.0 to v0.9.12: everything of v0.10 but
// windowsAdditionalMounts (added in v0.10.0).

import (
	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/Microsoft/hcsshim/internal/uvm"
)

func hcsdocInexpressible(c *hcsdocCase) string {
	switch {
	case len(c.Options.WindowsAdditionalMounts) > 0:
		return "options.windowsAdditionalMounts: this hcsshim has no additional mounts (added in v0.10.0)"
	}
	return ""
}

func hcsdocNewCOI(c *hcsdocCase, spec *specs.Spec, hostingSystem *uvm.UtilityVM) *createOptionsInternal {
	return &createOptionsInternal{
		CreateOptions: &CreateOptions{
			ID:                      c.Options.ID,
			Spec:                    spec,
			HostingSystem:           hostingSystem,
			ScaleCPULimitsToSandbox: c.Options.ScaleCPULimitsToSandbox,
		},
		actualSchemaVersion:    c.Options.SchemaVersion,
		actualID:               c.Options.ActualID,
		actualOwner:            c.Options.Owner,
		actualNetworkNamespace: c.Options.NetworkNamespace,
		ccgState:               c.Options.CcgState,
	}
}
