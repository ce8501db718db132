"""hcsshim ``internal/oci``: the annotation parsers the container document uses (``uvm.go``, ``annotations.go``).

Each resource parser tries the annotation first, then the spec's Windows resources, then the default. The
annotation is parsed as a ``uint64`` (``strconv.ParseUint(v, 10, 64)``: digits only, no sign); an unparsable
value is logged (the log never changes a result) and counts as absent. The int32 parsers test the *uint64* for
zero and only then convert, so ``"4294967296"`` is non-zero, becomes int32 ``0``, and the spec is not consulted.
"""

from __future__ import annotations

from hcsdoc.reference import specs, trace
from hcsdoc.reference.goint import int32
from hcsdoc.reference.strconv import NumError, ParseUint


def parseAnnotationsUint64(a: dict[str, str] | None, key: str, def_: int) -> int:
    """The annotation ``key`` as a uint64 if present and parsable, else ``def_`` (a nil map reads as empty)."""
    if a is not None and key in a:
        v = a[key]
        try:
            return ParseUint(v, 64)
        except NumError:
            # (log) Warning "annotation could not be parsed" (oci-annotation, value, expected-type=uint64, error)
            t = trace.active
            if t is not None:
                t.value(key, "unparsable", v, None)
    return def_


def ParseAnnotationsCPUCount(s: specs.Spec, annotation: str, def_: int) -> int:
    t = trace.active
    m = parseAnnotationsUint64(s.Annotations, annotation, 0)
    if m != 0:
        if t is not None:
            t.value(annotation, "annotation:" + annotation, m, int32(m))
        return int32(m)  # Go: int32(m) truncates; the != 0 test was on the uint64
    w = s.Windows
    if (
        w is not None
        and w.Resources is not None
        and w.Resources.CPU is not None
        and w.Resources.CPU.Count is not None
        and w.Resources.CPU.Count > 0
    ):
        if t is not None:
            t.value(annotation, "spec.windows.resources.cpu.count", w.Resources.CPU.Count, int32(w.Resources.CPU.Count))
        return int32(w.Resources.CPU.Count)  # *uint64 -> int32: truncates
    if t is not None:
        t.value(annotation, "default", def_, def_)
    return def_


def ParseAnnotationsCPULimit(s: specs.Spec, annotation: str, def_: int) -> int:
    t = trace.active
    m = parseAnnotationsUint64(s.Annotations, annotation, 0)
    if m != 0:
        if t is not None:
            t.value(annotation, "annotation:" + annotation, m, int32(m))
        return int32(m)
    w = s.Windows
    if (
        w is not None
        and w.Resources is not None
        and w.Resources.CPU is not None
        and w.Resources.CPU.Maximum is not None
        and w.Resources.CPU.Maximum > 0
    ):
        if t is not None:
            t.value(annotation, "spec.windows.resources.cpu.maximum", w.Resources.CPU.Maximum, w.Resources.CPU.Maximum)
        return w.Resources.CPU.Maximum  # *uint16 always fits an int32
    if t is not None:
        t.value(annotation, "default", def_, def_)
    return def_


def ParseAnnotationsCPUWeight(s: specs.Spec, annotation: str, def_: int) -> int:
    t = trace.active
    m = parseAnnotationsUint64(s.Annotations, annotation, 0)
    if m != 0:
        if t is not None:
            t.value(annotation, "annotation:" + annotation, m, int32(m))
        return int32(m)
    w = s.Windows
    if (
        w is not None
        and w.Resources is not None
        and w.Resources.CPU is not None
        and w.Resources.CPU.Shares is not None
        and w.Resources.CPU.Shares > 0
    ):
        if t is not None:
            t.value(annotation, "spec.windows.resources.cpu.shares", w.Resources.CPU.Shares, w.Resources.CPU.Shares)
        return w.Resources.CPU.Shares  # *uint16 always fits an int32
    if t is not None:
        t.value(annotation, "default", def_, def_)
    return def_


def ParseAnnotationsStorageIops(s: specs.Spec, annotation: str, def_: int) -> int:
    t = trace.active
    m = parseAnnotationsUint64(s.Annotations, annotation, 0)
    if m != 0:
        if t is not None:
            t.value(annotation, "annotation:" + annotation, m, int32(m))
        return int32(m)
    w = s.Windows
    if (
        w is not None
        and w.Resources is not None
        and w.Resources.Storage is not None
        and w.Resources.Storage.Iops is not None
        and w.Resources.Storage.Iops > 0
    ):
        if t is not None:
            t.value(
                annotation,
                "spec.windows.resources.storage.iops",
                w.Resources.Storage.Iops,
                int32(w.Resources.Storage.Iops),
            )
        return int32(w.Resources.Storage.Iops)  # *uint64 -> int32: truncates
    if t is not None:
        t.value(annotation, "default", def_, def_)
    return def_


def ParseAnnotationsStorageBps(s: specs.Spec, annotation: str, def_: int) -> int:
    t = trace.active
    m = parseAnnotationsUint64(s.Annotations, annotation, 0)
    if m != 0:
        if t is not None:
            t.value(annotation, "annotation:" + annotation, m, int32(m))
        return int32(m)
    w = s.Windows
    if (
        w is not None
        and w.Resources is not None
        and w.Resources.Storage is not None
        and w.Resources.Storage.Bps is not None
        and w.Resources.Storage.Bps > 0
    ):
        if t is not None:
            t.value(
                annotation,
                "spec.windows.resources.storage.bps",
                w.Resources.Storage.Bps,
                int32(w.Resources.Storage.Bps),
            )
        return int32(w.Resources.Storage.Bps)  # *uint64 -> int32: truncates
    if t is not None:
        t.value(annotation, "default", def_, def_)
    return def_


def ParseAnnotationsMemory(s: specs.Spec, annotation: str, def_: int) -> int:
    """In MB: the annotation as is (uint64), else the spec's byte limit divided by 1024 twice (a limit under
    1 MiB gives 0, i.e. no limit)."""
    t = trace.active
    m = parseAnnotationsUint64(s.Annotations, annotation, 0)
    if m != 0:
        if t is not None:
            t.value(annotation, "annotation:" + annotation, m, m)
        return m
    w = s.Windows
    if (
        w is not None
        and w.Resources is not None
        and w.Resources.Memory is not None
        and w.Resources.Memory.Limit is not None
        and w.Resources.Memory.Limit > 0
    ):
        if t is not None:
            t.value(
                annotation,
                "spec.windows.resources.memory.limit",
                w.Resources.Memory.Limit,
                w.Resources.Memory.Limit // 1024 // 1024,
            )
        return w.Resources.Memory.Limit // 1024 // 1024
    if t is not None:
        t.value(annotation, "default", def_, def_)
    return def_


def ParseAnnotationCommaSeparated(annotation: str, annotations: dict[str, str] | None) -> list[str] | None:
    """``strings.Split(value, ",")`` of the annotation: nil when absent or ``""``; items are not trimmed and empty
    items are kept (``"a,"`` is ``["a", ""]``)."""
    cs = annotations.get(annotation, "") if annotations is not None else ""
    if cs == "":
        return None
    return cs.split(",")
