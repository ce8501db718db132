"""parseAssignedDevices: only for V2 Argon and V2 Xenon; each IDType compared case-sensitively against
vpci-location-path (LocationPath + Type DeviceInstance), class and vpci-class-guid (InterfaceClassGuid);
anything else fails at the first bad device. Other schemas ignore the list entirely."""

from __future__ import annotations

from typing import Any

from hcsdoc.conformance.cases._build import (
    SCHEMA_V10,
    VOLUME_PATH,
    CaseDef,
    argon,
    argon_v1,
    cdef,
    hyperv_v1_classic,
    xenon,
    xenon_v1,
)

T = ("devices",)
LOC = "PCIROOT(0)#PCI(0100)#PCI(0000)"
GPU_CLASS = "5B45201D-F2F2-4F3B-85BB-30FF1F953599"


def _dev(id_: str, id_type: str) -> dict[str, str]:
    return {"id": id_, "idType": id_type}


def _w(*devices: dict[str, Any]) -> dict[str, Any]:
    return {"windows": {"devices": list(devices)}}


SUPPORTED = [
    ("vpci-location-path", LOC),
    ("class", GPU_CLASS),
    ("vpci-class-guid", GPU_CLASS.lower()),
]
UNSUPPORTED = [
    "gpu",
    "vpci",
    "vpci-instance-id",
    "",
    "Class",
    "CLASS",
    "VPCI-LOCATION-PATH",
    "vpci-location-path ",
    "class\u0000",
]


def cases() -> list[CaseDef]:
    out = []
    for mode, build in (("argon", argon), ("xenon", xenon)):
        for id_type, id_ in SUPPORTED:
            out.append(
                cdef(
                    f"devices.{mode}.{id_type}",
                    f"{mode}: one device of IDType {id_type}",
                    T,
                    build(_w(_dev(id_, id_type))),
                )
            )
        for i, id_type in enumerate(UNSUPPORTED):
            slug = id_type.strip().lower().replace("\u0000", "-nul") or "empty"
            if id_type != id_type.lower():
                slug += "-upper" if id_type.isupper() else "-mixed"
            if id_type.endswith(" "):
                slug += "-trailing-space"
            out.append(
                cdef(
                    f"devices.{mode}.unsupported.{i:02d}-{slug}",
                    f"{mode}: one device of unsupported IDType {id_type!r}",
                    T,
                    build(_w(_dev("dev1", id_type))),
                    ("device-type",),
                )
            )
        out += [
            cdef(f"devices.{mode}.none", f"{mode}: devices absent", T, build()),
            cdef(f"devices.{mode}.null", f"{mode}: devices null", T, build(_w())),
            cdef(f"devices.{mode}.empty-list", f"{mode}: devices []", T, build({"windows": {"devices": []}})),
            cdef(
                f"devices.{mode}.all-three",
                f"{mode}: one device of each supported IDType, in order",
                T,
                build(_w(*(_dev(i, t) for t, i in SUPPORTED))),
            ),
            cdef(
                f"devices.{mode}.bad-after-good",
                f"{mode}: a supported device then an unsupported one",
                T,
                build(_w(_dev(LOC, "vpci-location-path"), _dev("second", "gpu"))),
                ("device-type",),
            ),
            cdef(
                f"devices.{mode}.two-bad",
                f"{mode}: two unsupported devices: the first is reported",
                T,
                build(_w(_dev("first", "gpu"), _dev("second", "vpci"))),
                ("device-type",),
            ),
            cdef(
                f"devices.{mode}.empty-id", f"{mode}: a class device with an empty id", T, build(_w(_dev("", "class")))
            ),
            cdef(
                f"devices.{mode}.odd-id",
                f"{mode}: a location-path device id with <, >, & and non-ASCII",
                T,
                build(_w(_dev("PCI<&>\u00e9", "vpci-location-path"))),
            ),
            cdef(
                f"devices.{mode}.no-keys",
                f"{mode}: a device object {{}} (id and idType empty)",
                T,
                build({"windows": {"devices": [{}]}}),
                ("device-type",),
            ),
        ]
    bad = _w(_dev("x", "gpu"))
    out += [
        cdef("devices.v1-argon.ignored", "V1 Argon: an unsupported device is not even checked", T, argon_v1(bad)),
        cdef("devices.v1-xenon.ignored", "V1 Xenon: an unsupported device is not even checked", T, xenon_v1(bad)),
        cdef(
            "devices.hyperv-v1-classic.ignored",
            "classic v1 Hyper-V: an unsupported device is not even checked",
            T,
            hyperv_v1_classic(bad),
        ),
        cdef(
            "devices.v1-uvm-no-hyperv.ignored",
            "schema 1.0 + UVM + no hyperv: devices not parsed",
            T,
            xenon(
                {"root": {"path": VOLUME_PATH}, "windows": {"devices": [_dev("x", "gpu")]}},
                options={"schemaVersion": SCHEMA_V10},
            ),
        ),
        cdef(
            "devices.v1-argon.supported",
            "V1 Argon: a supported device (no AssignedDevices either)",
            T,
            argon_v1(_w(_dev(LOC, "vpci-location-path"))),
        ),
    ]
    return out
