//go:build windows

package hcsoci

// Added by the hcsdoc capture build for hcsshim v0.8.7 to v0.8.9: createOptionsInternal has no ccgState, and
// CreateOptions no ScaleCPULimitsToSandbox, and there are no windowsAdditionalMounts yet.

import (
	"fmt"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/Microsoft/hcsshim/internal/uvm"
)

func hcsdocInexpressible(c *hcsdocCase) string {
	switch {
	case c.Options.CcgState != nil:
		return "options.ccgState: this hcsshim has no Container Credential Guard state (added in v0.8.10)"
	case c.Options.ScaleCPULimitsToSandbox:
		return "options.scaleCpuLimitsToSandbox: this hcsshim has no such option (added in v0.8.11)"
	case len(c.Options.WindowsAdditionalMounts) > 0:
		return "options.windowsAdditionalMounts: this hcsshim has no additional mounts (added in v0.10.0)"
	case c.UVM != nil && c.UVM.ProcessDumpLocation != "":
		return "uvm.processDumpLocation: this hcsshim's utility VM has no process dump location (added in v0.9.0)"
	}
	return hcsdocInexpressibleShares(c)
}

func hcsdocNewCOI(c *hcsdocCase, spec *specs.Spec, hostingSystem *uvm.UtilityVM) *createOptionsInternal {
	return &createOptionsInternal{
		CreateOptions: &CreateOptions{
			ID:            c.Options.ID,
			Spec:          spec,
			HostingSystem: hostingSystem,
		},
		actualSchemaVersion:    c.Options.SchemaVersion,
		actualID:               c.Options.ActualID,
		actualOwner:            c.Options.Owner,
		actualNetworkNamespace: c.Options.NetworkNamespace,
	}
}

// hcsdocInexpressibleShares: before v0.8.8 a share's guest path is the fixed VSMB prefix and a share name, and
// shares are keyed by host path alone (read-only or not).
func hcsdocInexpressibleShares(c *hcsdocCase) string {
	if c.UVM == nil {
		return ""
	}
	seen := map[string]bool{}
	for _, s := range c.UVM.VSMBShares {
		if !strings.HasPrefix(s.GuestPath, uvm.HcsdocVSMBSharePrefix) {
			return fmt.Sprintf("uvm.vsmbShares: guest path %q does not start with this hcsshim's share prefix", s.GuestPath)
		}
		key := fmt.Sprintf("%s|%v", s.Kind, s.HostPath)
		if seen[key] {
			return "uvm.vsmbShares: two shares of one host path (this hcsshim keys shares by host path only)"
		}
		seen[key] = true
	}
	return ""
}
