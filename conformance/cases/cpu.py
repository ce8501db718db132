"""CPU count / limit / weight: annotations, spec fallbacks, mutual exclusion, normalization and UVM rescaling.

Go path: ConvertCPULimits -> oci.ParseAnnotationsCPU{Count,Limit,Weight} (uint64 annotation, non-zero test on the
uint64, then int32(...); else the spec field if > 0), the "more than one set" check on the int32 values (> 0),
NormalizeProcessorCount (only when exactly one is set), then the ScaleCPULimitsToSandbox rescale (int32 arithmetic).
"""

from __future__ import annotations

from typing import Final

from hcsdoc.conformance.cases._build import (
    ANN_CPU_COUNT,
    ANN_CPU_LIMIT,
    ANN_CPU_WEIGHT,
    MODES,
    UINT_ANNOTATION_VALUES,
    CaseDef,
    argon,
    cdef,
    xenon,
    xenon_v1,
)

# (id part, annotation key, spec field under windows.resources.cpu, short name)
CPU_KEYS: Final = (
    ("count", ANN_CPU_COUNT, "count", "processor.count"),
    ("limit", ANN_CPU_LIMIT, "maximum", "processor.limit"),
    ("weight", ANN_CPU_WEIGHT, "shares", "processor.weight"),
)


def _annotation_values() -> list[CaseDef]:
    out = []
    for part, key, _field, name in CPU_KEYS:
        # The maximum CPU count (host 8 vs UVM 2) only matters for the count, so only it runs in both modes.
        modes = MODES if part == "count" else {"argon": argon}
        for mode, build in modes.items():
            for slug, value, note in UINT_ANNOTATION_VALUES:
                out.append(
                    cdef(
                        f"cpu.{part}.annotation.{slug}.{mode}",
                        f"{name} annotation {value!r}: {note}; {mode} (max CPU count: host 8 / UVM 2)",
                        ("cpu", "annotation", f"cpu-{part}"),
                        build({"annotations": {key: value}}),
                    )
                )
    return out


def _annotation_over_spec() -> list[CaseDef]:
    """The annotation wins unless it is unset, unparsable or zero as uint64; then the spec field (> 0) is used."""
    out = []
    for part, key, field, name in CPU_KEYS:
        for slug, value in (
            ("0", "0"),
            ("neg1", "-1"),
            ("empty", ""),
            ("nonnumeric", "abc"),
            ("2pow64", "18446744073709551616"),
            ("2pow32", "4294967296"),
            ("7", "7"),
        ):
            out.append(
                cdef(
                    f"cpu.{part}.annotation-over-spec.{slug}",
                    f"{name} annotation {value!r} with windows.resources.cpu.{field}=3: annotation or spec fallback",
                    ("cpu", "annotation", "spec-fallback", f"cpu-{part}"),
                    argon({"annotations": {key: value}, "windows": {"resources": {"cpu": {field: 3}}}}),
                )
            )
    return out


def _spec_fallbacks() -> list[CaseDef]:
    out = []
    counts = (0, 1, 7, 8, 9, 2**31 - 1, 2**31, 2**32 - 1, 2**32, 2**32 + 1, 2**63, 2**64 - 1)
    for mode, build in MODES.items():
        for n in counts:
            out.append(
                cdef(
                    f"cpu.count.spec.{n}.{mode}",
                    f"windows.resources.cpu.count={n} (uint64 spec field, converted with int32()); {mode}",
                    ("cpu", "spec-fallback", "cpu-count"),
                    build({"windows": {"resources": {"cpu": {"count": n}}}}),
                )
            )
    for n in (0, 1, 5000, 10000, 10001, 32767, 32768, 65535):
        out.append(
            cdef(
                f"cpu.maximum.spec.{n}",
                f"windows.resources.cpu.maximum={n} (uint16 spec field, no range check)",
                ("cpu", "spec-fallback", "cpu-limit"),
                argon({"windows": {"resources": {"cpu": {"maximum": n}}}}),
            )
        )
    for n in (0, 1, 5000, 10000, 65535):
        out.append(
            cdef(
                f"cpu.shares.spec.{n}",
                f"windows.resources.cpu.shares={n} (uint16 spec field, no range check)",
                ("cpu", "spec-fallback", "cpu-weight"),
                argon({"windows": {"resources": {"cpu": {"shares": n}}}}),
            )
        )
    out.append(
        cdef(
            "cpu.spec.empty-cpu-object",
            "windows.resources.cpu is {} (all three pointers nil)",
            ("cpu", "spec-fallback"),
            argon({"windows": {"resources": {"cpu": {}}}}),
        )
    )
    out.append(
        cdef(
            "cpu.spec.null-cpu",
            "windows.resources.cpu is null",
            ("cpu", "spec-fallback"),
            argon({"windows": {"resources": {"cpu": None}}}),
        )
    )
    out.append(
        cdef(
            "cpu.spec.resources-null",
            "windows.resources is null",
            ("cpu", "spec-fallback"),
            argon({"windows": {"resources": None}}),
        )
    )
    return out


def _exclusive() -> list[CaseDef]:
    ex = ("cpu-exclusive",)
    tags = ("cpu", "mutual-exclusion")
    rows: list[tuple[str, str, dict[str, object], tuple[str, ...]]] = [
        (
            "ann.count-limit",
            "count and limit annotations both positive",
            {"annotations": {ANN_CPU_COUNT: "2", ANN_CPU_LIMIT: "5000"}},
            ex,
        ),
        (
            "ann.count-weight",
            "count and weight annotations both positive",
            {"annotations": {ANN_CPU_COUNT: "2", ANN_CPU_WEIGHT: "100"}},
            ex,
        ),
        (
            "ann.limit-weight",
            "limit and weight annotations both positive",
            {"annotations": {ANN_CPU_LIMIT: "5000", ANN_CPU_WEIGHT: "100"}},
            ex,
        ),
        (
            "ann.all-three",
            "count, limit and weight annotations all positive",
            {"annotations": {ANN_CPU_COUNT: "2", ANN_CPU_LIMIT: "5000", ANN_CPU_WEIGHT: "100"}},
            ex,
        ),
        (
            "spec.count-maximum",
            "windows.resources.cpu count and maximum both set",
            {"windows": {"resources": {"cpu": {"count": 2, "maximum": 5000}}}},
            ex,
        ),
        (
            "spec.count-shares",
            "windows.resources.cpu count and shares both set",
            {"windows": {"resources": {"cpu": {"count": 2, "shares": 10}}}},
            ex,
        ),
        (
            "spec.maximum-shares",
            "windows.resources.cpu maximum and shares both set",
            {"windows": {"resources": {"cpu": {"maximum": 1, "shares": 1}}}},
            ex,
        ),
        (
            "mixed.ann-count-spec-maximum",
            "count from the annotation, limit from windows.resources.cpu.maximum",
            {"annotations": {ANN_CPU_COUNT: "2"}, "windows": {"resources": {"cpu": {"maximum": 5000}}}},
            ex,
        ),
        (
            "mixed.spec-count-ann-weight",
            "count from windows.resources.cpu.count, weight from the annotation",
            {"annotations": {ANN_CPU_WEIGHT: "9"}, "windows": {"resources": {"cpu": {"count": 4}}}},
            ex,
        ),
        (
            "wrapped.count-2pow32p1-weight",
            "count annotation 2^32+1 (int32 1, counts as set) with weight annotation 1",
            {"annotations": {ANN_CPU_COUNT: "4294967297", ANN_CPU_WEIGHT: "1"}},
            ex,
        ),
        (
            "wrapped.negative-count-limit-weight",
            "count annotation 2^64-1 (int32 -1, not > 0) with limit and weight set: message shows the raw -1",
            {"annotations": {ANN_CPU_COUNT: "18446744073709551615", ANN_CPU_LIMIT: "5", ANN_CPU_WEIGHT: "7"}},
            ex,
        ),
        (
            "wrapped.spec-count-2pow32p1-maximum",
            "windows.resources.cpu.count 2^32+1 (int32 1) with maximum 1",
            {"windows": {"resources": {"cpu": {"count": 4294967297, "maximum": 1}}}},
            ex,
        ),
        (
            "wrapped.limit-2pow31m1-weight-2pow31",
            "limit annotation MaxInt32 with weight annotation 2^31 (int32 MinInt32, not > 0)",
            {"annotations": {ANN_CPU_LIMIT: "2147483647", ANN_CPU_WEIGHT: "2147483648"}},
            (),
        ),
        (
            "wrapped.count-2pow31-limit",
            "count annotation 2^31 (int32 MinInt32, not > 0) with limit 5000: only one counts as set",
            {"annotations": {ANN_CPU_COUNT: "2147483648", ANN_CPU_LIMIT: "5000"}},
            (),
        ),
        (
            "wrapped.count-2pow32-limit",
            "count annotation 2^32 (int32 0, no spec fallback) with limit 1: only one counts as set",
            {"annotations": {ANN_CPU_COUNT: "4294967296", ANN_CPU_LIMIT: "1"}},
            (),
        ),
        (
            "wrapped.all-negative",
            "count 2^64-1, limit 2^32-1, weight 2^31: all three non-positive int32, none counts as set",
            {
                "annotations": {
                    ANN_CPU_COUNT: "18446744073709551615",
                    ANN_CPU_LIMIT: "4294967295",
                    ANN_CPU_WEIGHT: "2147483648",
                }
            },
            (),
        ),
        (
            "wrapped.all-negative-spec",
            "windows.resources.cpu.count 2^63 (int32 0 after wrap) with shares 1: count is set as uint64 but int32 0",
            {"windows": {"resources": {"cpu": {"count": 9223372036854775808, "shares": 1}}}},
            (),
        ),
    ]
    out = []
    for slug, desc, patch, targets in rows:
        out.append(cdef(f"cpu.exclusive.{slug}", desc, tags, argon(patch), targets))
    out.append(
        cdef(
            "cpu.exclusive.xenon.count-limit",
            "count and limit annotations both positive in a V2 Xenon container",
            tags,
            xenon({"annotations": {ANN_CPU_COUNT: "1", ANN_CPU_LIMIT: "1"}}),
            ex,
        )
    )
    out.append(
        cdef(
            "cpu.exclusive.count-above-max",
            "count 100 (above the host's 8) and weight 5: the error shows the raw count, before normalization",
            tags,
            argon({"annotations": {ANN_CPU_COUNT: "100", ANN_CPU_WEIGHT: "5"}}),
            ex,
        )
    )
    return out


def _normalize() -> list[CaseDef]:
    tags = ("cpu", "normalize")
    rows = [
        (
            "count-9-host-8",
            "count 9 with 8 host processors (clamped to the host count)",
            argon({"annotations": {ANN_CPU_COUNT: "9"}}),
        ),
        ("count-8-host-8", "count 8 with 8 host processors", argon({"annotations": {ANN_CPU_COUNT: "8"}})),
        (
            "count-100-uvm-2",
            "count 100 in a UVM with 2 processors (clamped to the UVM count)",
            xenon({"annotations": {ANN_CPU_COUNT: "100"}}),
        ),
        (
            "count-3-uvm-4-host-2",
            "count 3, UVM 4 processors, host 2: the UVM count is the maximum",
            xenon({"annotations": {ANN_CPU_COUNT: "3"}}, uvm={"processorCount": 4}, host={"processorCount": 2}),
        ),
        (
            "count-1-host-0",
            "count 1 with a host processor count of 0",
            argon({"annotations": {ANN_CPU_COUNT: "1"}}, host={"processorCount": 0}),
        ),
        (
            "limit-only-host-negative",
            "limit only, host processor count -1: the unset count 0 is normalized against -1",
            argon({"annotations": {ANN_CPU_LIMIT: "5000"}}, host={"processorCount": -1}),
        ),
        (
            "weight-only-host-negative",
            "weight only, host processor count -5: the unset count 0 is normalized against -5",
            argon({"annotations": {ANN_CPU_WEIGHT: "5"}}, host={"processorCount": -5}),
        ),
        (
            "limit-only-uvm-negative",
            "limit only in a UVM with processor count -1",
            xenon({"annotations": {ANN_CPU_LIMIT: "5000"}}, uvm={"processorCount": -1}),
        ),
        (
            "none-host-negative",
            "nothing set, host processor count -1: no normalization when none is set",
            argon(host={"processorCount": -1}),
        ),
        (
            "count-negative-alone",
            "count annotation 2^31 alone (int32 MinInt32, counts as unset, passes through unnormalized)",
            argon({"annotations": {ANN_CPU_COUNT: "2147483648"}}),
        ),
        (
            "count-host-maxint32",
            "count MaxInt32 with host processor count MaxInt32",
            argon({"annotations": {ANN_CPU_COUNT: "2147483647"}}, host={"processorCount": 2147483647}),
        ),
        (
            "count-uvm-0",
            "count 4 in a UVM with 0 processors (no scaling): normalized against 0",
            xenon({"annotations": {ANN_CPU_COUNT: "4"}}, uvm={"processorCount": 0}),
        ),
    ]
    return [cdef(f"cpu.normalize.{slug}", desc, tags, case) for slug, desc, case in rows]


def _rescale() -> list[CaseDef]:
    """ScaleCPULimitsToSandbox: newLimit = limit * host / uvm in int32 (wrap, truncate), clamped to [1, 10000]."""
    tags = ("cpu", "rescale")
    scale = {"scaleCpuLimitsToSandbox": True}
    rows: list[tuple[str, str, int | str, int, int]] = [
        # (slug, description, limit annotation, host count, uvm count)
        ("5000-h8-u2", "limit 5000, host 8, UVM 2: 20000 clamps to 10000", 5000, 8, 2),
        ("2500-h8-u4", "limit 2500, host 8, UVM 4: 5000", 2500, 8, 4),
        ("1-h1-u2", "limit 1, host 1, UVM 2: 0 clamps to 1", 1, 1, 2),
        ("10000-h2-u2", "limit 10000, host 2, UVM 2: unchanged 10000", 10000, 2, 2),
        ("10001-h2-u2", "limit 10001, host 2, UVM 2: clamps to 10000", 10001, 2, 2),
        ("3-h8-u3", "limit 3, host 8, UVM 3: 24/3", 3, 8, 3),
        ("7-h3-u2", "limit 7, host 3, UVM 2: 21/2 truncates", 7, 3, 2),
        (
            "maxint32-h8-u2",
            "limit MaxInt32, host 8, UVM 2: the int32 product wraps before the divide",
            2147483647,
            8,
            2,
        ),
        ("2pow28-h8-u2", "limit 2^28, host 8, UVM 2: product 2^31 wraps to MinInt32", 268435456, 8, 2),
        ("2pow29-h8-u1", "limit 2^29, host 8, UVM 1: product 2^32 wraps to 0", 536870912, 8, 1),
        ("2pow28-h8-u-1", "limit 2^28, host 8, UVM -1: MinInt32 / -1 wraps in Go", 268435456, 8, -1),
        ("5000-hneg8-u2", "limit 5000, host -8, UVM 2: negative result clamps to 1", 5000, -8, 2),
        ("5000-h8-uneg2", "limit 5000, host 8, UVM -2: negative result clamps to 1", 5000, 8, -2),
        ("5000-h0-u2", "limit 5000, host 0, UVM 2: 0 clamps to 1", 5000, 0, 2),
        ("5000-h8-u0", "limit 5000, host 8, UVM 0: integer divide by zero", 5000, 8, 0),
        ("5000-h0-u0", "limit 5000, host 0, UVM 0: 0/0 integer divide by zero", 5000, 0, 0),
        ("wrapped-limit-2pow32p1-h8-u2", "limit annotation 2^32+1 (int32 1), host 8, UVM 2", "4294967297", 8, 2),
        ("1-h10000-u1", "limit 1, host 10000, UVM 1: exactly 10000", 1, 10000, 1),
        ("1-h10001-u1", "limit 1, host 10001, UVM 1: 10001 clamps to 10000", 1, 10001, 1),
    ]
    out = []
    for slug, desc, limit, host_n, uvm_n in rows:
        out.append(
            cdef(
                f"cpu.rescale.{slug}",
                f"ScaleCpuLimitsToSandbox: {desc}",
                tags,
                xenon(
                    {"annotations": {ANN_CPU_LIMIT: str(limit)}},
                    options=scale,
                    uvm={"processorCount": uvm_n},
                    host={"processorCount": host_n},
                ),
            )
        )
    out += [
        cdef(
            "cpu.rescale.spec-maximum",
            "ScaleCpuLimitsToSandbox with the limit from windows.resources.cpu.maximum 5000, host 8, UVM 4",
            tags,
            xenon({"windows": {"resources": {"cpu": {"maximum": 5000}}}}, options=scale, uvm={"processorCount": 4}),
        ),
        cdef(
            "cpu.rescale.weight-only-uvm-0",
            "ScaleCpuLimitsToSandbox, weight only (limit 0 is not rescaled), UVM 0 processors",
            tags,
            xenon({"annotations": {ANN_CPU_WEIGHT: "5"}}, options=scale, uvm={"processorCount": 0}),
        ),
        cdef(
            "cpu.rescale.count-only-uvm-0",
            "ScaleCpuLimitsToSandbox, count only (limit 0 is not rescaled), UVM 0 processors",
            tags,
            xenon({"annotations": {ANN_CPU_COUNT: "1"}}, options=scale, uvm={"processorCount": 0}),
        ),
        cdef(
            "cpu.rescale.negative-limit",
            "ScaleCpuLimitsToSandbox with limit annotation 2^31 (int32 MinInt32, not > 0): no rescale",
            tags,
            xenon({"annotations": {ANN_CPU_LIMIT: "2147483648"}}, options=scale, uvm={"processorCount": 0}),
        ),
        cdef(
            "cpu.rescale.argon-ignored",
            "ScaleCpuLimitsToSandbox without a utility VM (Argon): limit 5000 is not rescaled",
            tags,
            argon({"annotations": {ANN_CPU_LIMIT: "5000"}}, options=scale),
        ),
        cdef(
            "cpu.rescale.off-uvm-0",
            "ScaleCpuLimitsToSandbox off, limit 5000, UVM 0 processors: no division happens",
            tags,
            xenon({"annotations": {ANN_CPU_LIMIT: "5000"}}, uvm={"processorCount": 0}),
        ),
        cdef(
            "cpu.rescale.v1-xenon",
            "ScaleCpuLimitsToSandbox in a V1 Xenon container (utility VM present): limit 5000, host 8, UVM 2",
            tags,
            xenon_v1({"annotations": {ANN_CPU_LIMIT: "5000"}}, options=scale),
        ),
    ]
    return out


def cases() -> list[CaseDef]:
    return _annotation_values() + _annotation_over_spec() + _spec_fallbacks() + _exclusive() + _normalize() + _rescale()
