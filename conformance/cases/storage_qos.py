"""Storage QoS: bandwidth (read first) and IOPS annotations (uint64 -> int32) with the windows.resources.storage
bps / iops fallbacks; QoS is set when either int32 value is > 0, and v1 gets uint64(...) of both (sign-extended)."""

from __future__ import annotations

from hcsdoc.conformance.cases._build import (
    ANN_STORAGE_BPS,
    ANN_STORAGE_IOPS,
    UINT_ANNOTATION_VALUES,
    CaseDef,
    argon,
    cdef,
    xenon,
)

_KEYS = (("bps", ANN_STORAGE_BPS, "qos.bandwidthmaximum"), ("iops", ANN_STORAGE_IOPS, "qos.iopsmaximum"))


def cases() -> list[CaseDef]:
    out = []
    for part, key, name in _KEYS:
        for slug, value, note in UINT_ANNOTATION_VALUES:
            out.append(
                cdef(
                    f"storage.{part}.annotation.{slug}",
                    f"storage {name} annotation {value!r}: {note}",
                    ("storage-qos", "annotation", f"storage-{part}"),
                    argon({"annotations": {key: value}}),
                )
            )
        for n in (0, 1, 2**31 - 1, 2**31, 2**32, 2**32 + 1, 2**64 - 1):
            out.append(
                cdef(
                    f"storage.{part}.spec.{n}",
                    f"windows.resources.storage.{part}={n} (uint64 spec field, converted with int32())",
                    ("storage-qos", "spec-fallback", f"storage-{part}"),
                    argon({"windows": {"resources": {"storage": {part: n}}}}),
                )
            )
        for slug, value in (("0", "0"), ("nonnumeric", "x"), ("2pow32", "4294967296")):
            out.append(
                cdef(
                    f"storage.{part}.annotation-over-spec.{slug}",
                    f"storage {name} annotation {value!r} with windows.resources.storage.{part}=300",
                    ("storage-qos", "annotation", "spec-fallback", f"storage-{part}"),
                    argon({"annotations": {key: value}, "windows": {"resources": {"storage": {part: 300}}}}),
                )
            )
    combos = [
        (
            "both-positive",
            "bandwidth 100 and IOPS 200 annotations",
            {"annotations": {ANN_STORAGE_BPS: "100", ANN_STORAGE_IOPS: "200"}},
        ),
        (
            "bps-negative-iops-positive",
            "bandwidth 2^32-1 (int32 -1) with IOPS 5: QoS set, v1 bandwidth sign-extends",
            {"annotations": {ANN_STORAGE_BPS: "4294967295", ANN_STORAGE_IOPS: "5"}},
        ),
        (
            "iops-negative-bps-positive",
            "IOPS 2^31 (int32 MinInt32) with bandwidth 5",
            {"annotations": {ANN_STORAGE_IOPS: "2147483648", ANN_STORAGE_BPS: "5"}},
        ),
        (
            "both-negative",
            "bandwidth and IOPS both 2^64-1 (int32 -1): neither > 0",
            {"annotations": {ANN_STORAGE_IOPS: "18446744073709551615", ANN_STORAGE_BPS: "18446744073709551615"}},
        ),
        (
            "bps-ann-iops-spec",
            "bandwidth from the annotation, IOPS from windows.resources.storage.iops",
            {"annotations": {ANN_STORAGE_BPS: "1000"}, "windows": {"resources": {"storage": {"iops": 50}}}},
        ),
        (
            "spec-both",
            "windows.resources.storage bps 1000 and iops 50",
            {"windows": {"resources": {"storage": {"bps": 1000, "iops": 50}}}},
        ),
        (
            "spec-sandboxsize-only",
            "windows.resources.storage.sandboxSize only (not read by the converter)",
            {"windows": {"resources": {"storage": {"sandboxSize": 21474836480}}}},
        ),
        ("storage-null", "windows.resources.storage is null", {"windows": {"resources": {"storage": None}}}),
        ("storage-empty", "windows.resources.storage is {}", {"windows": {"resources": {"storage": {}}}}),
    ]
    for slug, desc, patch in combos:
        out.append(cdef(f"storage.combo.{slug}", desc, ("storage-qos",), argon(patch)))
    out.append(
        cdef(
            "storage.combo.xenon",
            "bandwidth 100 and IOPS 200 annotations in a V2 Xenon container",
            ("storage-qos",),
            xenon({"annotations": {ANN_STORAGE_BPS: "100", ANN_STORAGE_IOPS: "200"}}),
        )
    )
    return out
