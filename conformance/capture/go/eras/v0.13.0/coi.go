//go:build windows

package hcsoci

// Added by the hcsdoc capture build for hcsshim v0.13.0 to v0.14.1 (docs/hcsshim-eras.md §4). From v0.13 the
// converter no longer reads the layer folders and named-pipe mounts of the spec itself: hcsoci.CreateContainer's
// allocateWindowsResources fills coi.mountedWCOWLayers (layers.MountWCOWLayers, or from v0.14
// layers.MakeMountedWCOWLayers when the spec gives Root.Path) and coi.namedPipeMounts (setupMounts,
// uvm.ParseNamedPipe) first, from the coi.WCOWLayers that the shim parsed out of Windows.LayerFolders. The
// capture runs that code, not an imitation of it: the build redirects createWindowsContainerDocument to
// hcsdocCreateAsCaller below and keeps the original function as hcsdocConverter, and a patched
// allocateWindowsResources returns right after setupMounts (what follows it there fills ccgState, assigned devices
// and guest drivers, which cases give directly, as in every era). Every question those steps ask the machine goes
// to a seam (hcsdocseam); a question the case format has no answer for makes the case not applicable.

import (
	"context"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/Microsoft/hcsshim/internal/hcs/schema1"
	hcsschema "github.com/Microsoft/hcsshim/internal/hcs/schema2"
	"github.com/Microsoft/hcsshim/internal/layers"
	"github.com/Microsoft/hcsshim/internal/resources"
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

// hcsdocCreateAsCaller gives the converter what its callers give it in these releases.
//
// A spec that is missing, or has no Windows section, goes to the converter as it is: its first two checks
// answer it before it reads anything the steps below fill (and those steps read spec.Windows).
//
// Otherwise, in the order of the shim's createContainer and hcsoci.CreateContainer: the shim's
// layers.ParseWCOWLayers(rootfs, Windows.LayerFolders), with no rootfs mount (a case has none), then
// allocateWindowsResources (Root defaulted, layers mounted or described, setupMounts). An error of either is
// what creating the container returns, before any document is made.
func hcsdocCreateAsCaller(ctx context.Context, coi *createOptionsInternal) (*schema1.ContainerConfig, *hcsschema.Container, error) {
	if coi.Spec == nil || coi.Spec.Windows == nil {
		return hcsdocConverter(ctx, coi)
	}
	wl, err := layers.ParseWCOWLayers(nil, coi.Spec.Windows.LayerFolders)
	if err != nil {
		return nil, nil, err
	}
	coi.WCOWLayers = wl
	// isSandbox only decides who releases the layers later; the resources are never released here.
	if err := allocateWindowsResources(ctx, coi, resources.NewContainerResources(coi.ID), false); err != nil {
		return nil, nil, err
	}
	return hcsdocConverter(ctx, coi)
}
