"""Memory: io.microsoft.container.memory.sizeinmb (uint64, kept as uint64 in v2, int64(...) in v1) and the
windows.resources.memory.limit fallback (bytes / 1024 / 1024, so a limit below 1 MiB gives 0)."""

from __future__ import annotations

from hcsdoc.conformance.cases._build import ANN_MEMORY, UINT_ANNOTATION_VALUES, CaseDef, argon, cdef, xenon


def cases() -> list[CaseDef]:
    out = []
    for slug, value, note in UINT_ANNOTATION_VALUES:
        out.append(
            cdef(
                f"memory.annotation.{slug}",
                f"memory.sizeinmb annotation {value!r}: {note}",
                ("memory", "annotation"),
                argon({"annotations": {ANN_MEMORY: value}}),
            )
        )
    for n in (0, 1, 1048575, 1048576, 1048577, 2097151, 2097152, 2**32, 2**63, 2**64 - 1):
        out.append(
            cdef(
                f"memory.spec.limit.{n}",
                f"windows.resources.memory.limit={n} bytes (floor-divided to MiB)",
                ("memory", "spec-fallback"),
                argon({"windows": {"resources": {"memory": {"limit": n}}}}),
            )
        )
    for slug, value in (
        ("0", "0"),
        ("nonnumeric", "abc"),
        ("neg1", "-1"),
        ("2pow64", "18446744073709551616"),
        ("512", "512"),
    ):
        out.append(
            cdef(
                f"memory.annotation-over-spec.{slug}",
                f"memory.sizeinmb annotation {value!r} with windows.resources.memory.limit 2 GiB: annotation or fallback",
                ("memory", "annotation", "spec-fallback"),
                argon(
                    {"annotations": {ANN_MEMORY: value}, "windows": {"resources": {"memory": {"limit": 2147483648}}}}
                ),
            )
        )
    out += [
        cdef(
            "memory.spec.memory-null",
            "windows.resources.memory is null",
            ("memory", "spec-fallback"),
            argon({"windows": {"resources": {"memory": None}}}),
        ),
        cdef(
            "memory.spec.memory-empty",
            "windows.resources.memory is {} (limit pointer nil)",
            ("memory", "spec-fallback"),
            argon({"windows": {"resources": {"memory": {}}}}),
        ),
        cdef(
            "memory.xenon.annotation",
            "memory.sizeinmb annotation 1024 in a V2 Xenon container",
            ("memory", "annotation"),
            xenon({"annotations": {"io.microsoft.container.memory.sizeinmb": "1024"}}),
        ),
        cdef(
            "memory.v1.annotation-2pow63",
            "memory.sizeinmb 2^63 in a V1 Argon container (v1 int64 wraps negative)",
            ("memory", "annotation", "int-wrap"),
            argon(
                {"annotations": {ANN_MEMORY: "9223372036854775808"}},
                options={"schemaVersion": {"Major": 1, "Minor": 0}},
            ),
        ),
    ]
    return out
