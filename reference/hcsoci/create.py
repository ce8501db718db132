"""hcsshim ``internal/hcsoci/create.go``: ``createOptionsInternal`` (the fields the document builder reads) and its
isolation predicates."""

from __future__ import annotations

from dataclasses import dataclass

from hcsdoc.reference import hcsschema, schemaversion, specs
from hcsdoc.reference.uvm import UtilityVM


@dataclass(slots=True)
class createOptionsInternal:
    """The document builder's input. ``Spec`` is the decoded ``*specs.Spec`` (``None`` is nil); ``HostingSystem`` is
    the UVM (``None`` for process isolation, "Argon")."""

    Spec: specs.Spec | None
    ID: str
    actualID: str
    actualOwner: str
    actualSchemaVersion: hcsschema.Version | None
    HostingSystem: UtilityVM | None = None
    ScaleCPULimitsToSandbox: bool = False
    actualNetworkNamespace: str = ""
    ccgState: hcsschema.ContainerCredentialGuardState | None = None
    windowsAdditionalMounts: list[hcsschema.MappedDirectory] | None = None

    def withSpec(self, spec: specs.Spec | None) -> createOptionsInternal:
        """A copy holding ``spec``: prepared options are shared by many runs, each with its own decoded spec."""
        return createOptionsInternal(
            spec,
            self.ID,
            self.actualID,
            self.actualOwner,
            self.actualSchemaVersion,
            self.HostingSystem,
            self.ScaleCPULimitsToSandbox,
            self.actualNetworkNamespace,
            self.ccgState,
            self.windowsAdditionalMounts,
        )

    def isV2Xenon(self) -> bool:
        return schemaversion.IsV21(self.actualSchemaVersion) and self.HostingSystem is not None

    def isV1Xenon(self) -> bool:
        return schemaversion.IsV10(self.actualSchemaVersion) and self.HostingSystem is not None

    def isV2Argon(self) -> bool:
        return schemaversion.IsV21(self.actualSchemaVersion) and self.HostingSystem is None

    def isV1Argon(self) -> bool:
        # Deliberately not "HostingSystem == nil": Go's isV1Argon looks at Spec.Windows.HyperV only, so schema 1.0
        # with a UVM but no HyperV section takes the Argon branch (create.go isV1Argon).
        assert self.Spec is not None and self.Spec.Windows is not None  # checked first by the document builder
        return schemaversion.IsV10(self.actualSchemaVersion) and self.Spec.Windows.HyperV is None
