"""Whole cases by region, and the section strategies built from the same builder.

* ``document``: the host, the UVM and the options agree with the spec, so the Go function returns documents
  (every isolation branch, every annotation, mount kind and dump setting). One case in eight carries its spec as
  a ``specText`` that Go decodes into the same spec (key case and Unicode folding, escapes, unknown keys, ...).
* ``error``: a document case with one deliberate flaw that makes the Go function fail at a chosen check
  (each error site of ``createWindowsContainerDocument`` and what it calls, decode errors, and both panics).
* ``wild``: every section drawn independently over its full range; host answers rarely match.
* ``decoder``: a document case whose spec text carries one flaw for Go's JSON decoder (syntax, wrong types, bad
  numbers, lone surrogates, invalid UTF-8 via ``specBase64``, trailing data, merged duplicates, ...), or one
  time in two a value-class probe (``probes.py``: a chosen class of value in one or in every field read).
* ``any``: one of the four (``error`` twice as often as each other).
"""

import functools
from collections.abc import Callable
from typing import Any, Final, Literal

from hypothesis import strategies as st

from hcsdoc.conformance.strategies import values as v
from hcsdoc.conformance.strategies._util import BOOL, Chooser, Pool, note_event, pool
from hcsdoc.conformance.strategies.builder import (
    ANN_DUMP_COUNT,
    ANN_DUMP_LOCATION,
    ANN_DUMP_TYPE,
    ANN_EXTENSIONS,
    ANN_LIMIT,
    ARGON,
    CPU_KEYS,
    ISOLATIONS,
    PIPE_PREFIX,
    V2,
    WITH_UVM,
    Builder,
)
from hcsdoc.conformance.strategies.gojson import (
    SPEC_TYPE,
    go_equivalent_text,
    near_miss_spec_bytes,
    render,
    spec_payload,
)
from hcsdoc.conformance.strategies.probes import probe
from hcsdoc.reference import filepath_windows

__all__ = [
    "ERROR_KINDS",
    "ISOLATIONS",
    "Region",
    "annotations",
    "cases",
    "create_options",
    "hosts",
    "mounts",
    "spec_texts",
    "specs",
    "uvms",
    "windows_sections",
]

Region = Literal["document", "error", "wild", "decoder", "any"]
Case = dict[str, Any]


# Strategies drawn inside the composites below are built once (not per draw): see builder.py.
# The composites wrap their ``draw`` in a Chooser (see _util.Chooser), which draws pools and BOOL cheaply.
_ISOLATIONS: Final = pool(ISOLATIONS)
_EIGHTH: Final = pool(range(8))


def _build(draw: Chooser, isolation: str | None, wild: bool, uvm_os: str | None = None) -> Case:
    iso = isolation if isolation is not None else draw(_ISOLATIONS)
    # Every dict and list in the case is its own (pools copy what they hand out), so the error mutations (and
    # users) may change it in place: no copy of the whole case is needed.
    return Builder(draw, iso, wild=wild, uvm_os=uvm_os).case()


@st.composite
def _built(draw: st.DrawFn, isolation: str | None, wild: bool, uvm_os: str | None = None) -> Case:
    return _build(Chooser(draw), isolation, wild, uvm_os)


@st.composite
def _document_case(draw: st.DrawFn, isolation: str | None, texts: bool) -> Case:
    return _document(Chooser(draw), isolation, texts)


def _document(draw: Chooser, isolation: str | None, texts: bool) -> Case:
    c = _build(draw, isolation, False)
    if texts and draw(_EIGHTH) == 0:
        note_event("spec=text")
        c["specText"] = render(draw, c["spec"], SPEC_TYPE, vary=True).decode("utf-8")
        c["spec"] = None
    return c


# --------------------------------------------------------------------------------------------------------------
# error mutations: each takes a document case (already a private copy) and breaks one thing


def _go_base(path: str) -> str:
    """The file part of Go's Windows ``filepath.Split`` for the drive paths the builder writes."""
    return path[max(path.rfind("\\"), path.rfind("/")) + 1 :]


_INDEX: Final = pool((0, 1, 2, 3))
_EXOTIC: Final = pool(v.EXOTIC_PATHS)
_DIR_OR_FILE: Final[Pool[dict[str, str]]] = pool(({"kind": "dir"}, {"kind": "file", "content": ""}))
_LAYER_FOLDER_FLAWS: Final = pool(("null", "empty", "one", "absent"))
_CPU_KEY_SETS: Final = st.lists(st.sampled_from(sorted(CPU_KEYS.values())), min_size=2, max_size=3, unique=True)
_CPU_VALUES: Final = pool(("1", "2", "4294967297", "2147483647", "01"))
_BAD_ROOT_PATHS: Final = v.volume_root_paths(matching=False)
_LAYER_ID_HOWS: Final = pool(("missing", "errno", "nul", "exotic"))
_LAYER_ID_ERRNOS: Final = pool((2, 5, 87, 1168, 12345, 4242))
_VSMB_LAYER_HOWS: Final = pool(("no-share", "not-exist", "errno", "is-file"))
_VSMB_ERRNOS: Final = pool((3, 5, 53, 1920, 4242))
_UVM_FOLDER_HOWS: Final = pool(("errno", "none", "errno", "empty-folder", "exotic"))
_UVM_FOLDER_ERRNOS: Final = pool((5, 4242, 21, 123))
_MOUNT_RESOLVE_HOWS: Final = pool(("missing", "quote-all", "errno", "nul", "empty", "quote", "quote-all"))
# Every character class of Go's strconv.Quote in one source (printable non-ASCII, short escapes, \x, \u and \U
# escapes, runes Python's Unicode tables do not know but Go's do), so one error case takes every branch.
_ALL_QUOTE: Final = "C:\\" + "".join(v.QUOTE_SOURCES).replace("C:\\", "") + "\u0cf3"
_QUOTE_SOURCES: Final = pool(("C:\\nope", *v.QUOTE_SOURCES))
_RESOLVE_ERRNOS: Final = pool((3, 5, 32, 4242))
_MOUNT_VSMB_HOWS: Final = pool(("empty", "not-exist", "errno", "no-share", "nul", "exotic"))
_MOUNT_VSMB_ERRNOS: Final = pool((2, 5, 32, 4242))
_OLD_BUILDS: Final = pool((16298, 14393, 10240, 0))
_BAD_DEVICE_IDS: Final = pool(("gpu0", "", "<x>"))
_BAD_DEVICE_TYPES: Final = pool(("gpu", "", "Class", "vpci"))
_EXT_STAT_HOWS: Final = pool(("missing", "trailing-comma", "comma", "errno", "nul"))
_PRE_2022_BUILDS: Final = pool((20347, 17763, 19041))
_EXT_READ_ENTRIES: Final[Pool[dict[str, Any]]] = pool(
    (
        {"kind": "dir"},
        {"kind": "file", "content": "{}", "readErrno": 5},
        {"kind": "file", "content": "", "readErrno": 32},
    )
)
_ERROR_DUMP_LOCATIONS: Final = pool(("C:\\dumps", "C:\\d\\{container_id}"))
_BAD_DUMP_TYPES: Final = pool(("Mini", "FULL", "x", " mini", "mini "))
# strconv.Atoi's every failing turn: <= 0, a lone sign, a bad digit (short fast path), and on the >= 19-byte slow
# path: an explicit '+' or '-', a bad digit, uint64 overflow, int64 overflow either way.
_KEY_DUMP_COUNTS: Final = (
    "0",
    "+",
    "abc",
    "+99999999999999999999",
    "-9223372036854775809",
    "x234567890123456789",
)
_BAD_DUMP_COUNTS: Final = pool(
    (
        *_KEY_DUMP_COUNTS,
        "-1",
        "+0",
        "-",
        " 5",
        "5_000",
        "0x10",
        "\u0663",
        "9223372036854775808",
        "-9223372036854775808",
        "1.5",
        *_KEY_DUMP_COUNTS,
    )
)
_PANIC_LIMITS: Final = pool(("5", "10000", "1"))


def _ann(c: Case) -> dict[str, str]:
    a: dict[str, str] = c["spec"].setdefault("annotations", {})
    return a


def _spec_missing(draw: Chooser, c: Case) -> None:
    c["spec"] = None


def _windows_missing(draw: Chooser, c: Case) -> None:
    if draw(BOOL):
        c["spec"]["windows"] = None
    else:
        del c["spec"]["windows"]


def _layer_folders(draw: Chooser, c: Case) -> None:
    w = c["spec"]["windows"]
    choice = draw(_LAYER_FOLDER_FLAWS)
    if choice == "absent":
        del w["layerFolders"]
    else:
        w["layerFolders"] = {"null": None, "empty": [], "one": w["layerFolders"][:1]}[choice]


def _cpu_exclusive(draw: Chooser, c: Case) -> None:
    a = _ann(c)
    for k in draw(_CPU_KEY_SETS):
        a[k] = draw(_CPU_VALUES)


def _root_missing(draw: Chooser, c: Case) -> None:
    if draw(BOOL):
        c["spec"]["root"] = None
    else:
        del c["spec"]["root"]


def _root_readonly(draw: Chooser, c: Case) -> None:
    c["spec"]["root"]["readonly"] = True


def _root_path(draw: Chooser, c: Case) -> None:
    c["spec"]["root"]["path"] = draw(_BAD_ROOT_PATHS)


def _layer_id(draw: Chooser, c: Case) -> None:
    folders = c["spec"]["windows"]["layerFolders"]
    i = min(draw(_INDEX), len(folders) - 2)
    base = _go_base(folders[i])
    how = draw(_LAYER_ID_HOWS)
    note_event(f"layer-id={how}")
    if how == "missing":
        c["host"]["layerIds"].pop(base, None)
    elif how == "errno":
        c["host"]["layerIds"][base] = {"errno": draw(_LAYER_ID_ERRNOS)}
    elif how == "nul":
        folders[i] = folders[i] + "\x00z"
    else:
        folders[i] = draw(_EXOTIC)
        # Its base name (after Go's volume-aware Split) might be one the host knows: forget every GUID.
        c["host"]["layerIds"] = {}


def _vsmb_layer(draw: Chooser, c: Case) -> None:
    folders = c["spec"]["windows"]["layerFolders"]
    raw = folders[min(draw(_INDEX), len(folders) - 2)]
    how = draw(_VSMB_LAYER_HOWS)
    note_event(f"vsmb-layer={how}")
    files = c["host"]["files"]
    if how == "no-share":
        c["uvm"]["vsmbShares"] = [s for s in c["uvm"]["vsmbShares"] if not (s["readOnly"] and s["kind"] == "dir")]
    elif how == "not-exist":
        files.pop(raw, None)
    elif how == "errno":
        files[raw] = {"errno": draw(_VSMB_ERRNOS)}
    else:
        files[raw] = {"kind": "file", "content": ""}


def _uvm_folder(draw: Chooser, c: Case) -> None:
    hv = c["spec"]["windows"]["hyperv"]
    hv.pop("utilityVMPath", None)
    files = c["host"]["files"]
    uvm_keys = [k for k in files if k.endswith("\\UtilityVM")]
    how = draw(_UVM_FOLDER_HOWS)
    note_event(f"uvm-folder={how}")
    for k in uvm_keys:
        if how == "errno":
            # Not a not-exist code: LocateUVMFolder returns it as is (4242 has no Windows message text).
            files[k] = {"errno": draw(_UVM_FOLDER_ERRNOS)}
        else:
            del files[k]
    if how == "errno" and not uvm_keys:
        folders = c["spec"]["windows"]["layerFolders"]
        files[folders[0].rstrip("\\/") + "\\UtilityVM"] = {"errno": 5}
    if how == "exotic":
        c["spec"]["windows"]["layerFolders"].insert(0, draw(_EXOTIC))
    if how == "empty-folder":
        # Join("", "UtilityVM") is "UtilityVM": found, but in the empty folder, which Go reports as not found.
        c["spec"]["windows"]["layerFolders"].insert(0, "")
        files["UtilityVM"] = {"kind": "dir"}


def _mount_resolve(draw: Chooser, c: Case) -> None:
    how = draw(_MOUNT_RESOLVE_HOWS)
    note_event(f"mount-resolve={how}")
    fixed = {"nul": "C:\\a\x00b", "empty": "", "quote-all": _ALL_QUOTE}
    # The error text quotes the source with Go's %q: draw sources that take each branch of strconv.Quote.
    src = fixed[how] if how in fixed else draw(_QUOTE_SOURCES)
    if how == "errno":
        c["host"]["resolvedPaths"][src] = {"errno": draw(_RESOLVE_ERRNOS)}
    else:
        c["host"]["resolvedPaths"].pop(src, None)
    c["spec"].setdefault("mounts", []).append({"destination": "C:\\d", "source": src})


def _mount_vsmb(draw: Chooser, c: Case) -> None:
    how = draw(_MOUNT_VSMB_HOWS)
    note_event(f"mount-vsmb={how}")
    src = {
        "empty": "",
        "not-exist": "C:\\nope",
        "errno": "C:\\denied",
        "no-share": "C:\\unshared",
        "nul": "C:\\a\x00b",
    }.get(how)
    if src is None:
        src = draw(_EXOTIC)
        how = "no-share"
        if _shared(c, src):
            src = "C:\\unshared"  # an exotic source that another mount already shares would not fail
    files = c["host"]["files"]
    files.pop(src, None)
    if how == "errno":
        files[src] = {"errno": draw(_MOUNT_VSMB_ERRNOS)}
    elif how == "no-share":
        files[src] = draw(_DIR_OR_FILE)
        # GetVSMBUvmPath looks up the Clean-ed folder (a file: the folder holding it): an exotic source such as
        # //srv/share/x/ can clean to a share the UVM has, so drop every share under that folder.
        folder = src if files[src]["kind"] == "dir" else filepath_windows.Split(src)[0]
        folder = filepath_windows.Clean(folder)
        shares = c["uvm"]["vsmbShares"]
        shares[:] = [s for s in shares if s["hostPath"] != folder]
    c["spec"].setdefault("mounts", []).append({"destination": "C:\\d", "source": src})


def _shared(c: Case, src: str) -> bool:
    """A VSMB share of the case's UVM has ``src`` as its host path (compared cleaned, case-insensitively)."""
    from hcsdoc.reference.filepath_windows import Clean

    key = Clean(src).lower()
    shares = (c.get("uvm") or {}).get("vsmbShares") or []
    return any(Clean(share["hostPath"]).lower() == key for share in shares)


def _pipe_build(draw: Chooser, c: Case) -> None:
    c["spec"].setdefault("mounts", []).append({"destination": PIPE_PREFIX + "p", "source": PIPE_PREFIX + "p"})
    c["host"]["osBuild"] = draw(_OLD_BUILDS)


def _device_type(draw: Chooser, c: Case) -> None:
    devs = c["spec"]["windows"].setdefault("devices", [])
    devs.append(
        {
            "id": draw(_BAD_DEVICE_IDS),
            "idType": draw(_BAD_DEVICE_TYPES),
        }
    )


def _set_extension(c: Case, paths: str, files: dict[str, Any]) -> None:
    _ann(c)[ANN_EXTENSIONS] = paths
    c["host"]["files"].update(files)


def _ext_stat(draw: Chooser, c: Case) -> None:
    how = draw(_EXT_STAT_HOWS)
    note_event(f"ext-stat={how}")
    ok = {"C:\\ext\\ok.json": {"kind": "file", "content": "{}"}}
    paths = {
        "missing": "C:\\ext\\missing.json",
        "trailing-comma": "C:\\ext\\ok.json,",
        "comma": ",",
        "errno": "C:\\ext\\denied.json",
        "nul": "C:\\ext\\a\x00.json",
    }[how]
    _set_extension(c, paths, {**ok, "C:\\ext\\denied.json": {"errno": 5}})
    c["host"]["files"].pop("C:\\ext\\missing.json", None)


def _ext_build(draw: Chooser, c: Case) -> None:
    _set_extension(c, "C:\\ext\\ok.json", {"C:\\ext\\ok.json": {"kind": "file", "content": "{}"}})
    c["host"]["osBuild"] = draw(_PRE_2022_BUILDS)


def _ext_read(draw: Chooser, c: Case) -> None:
    _set_extension(c, "C:\\ext\\r.json", {"C:\\ext\\r.json": draw(_EXT_READ_ENTRIES)})
    c["host"]["osBuild"] = max(c["host"]["osBuild"], 20348)


_BAD_EXTENSIONS: Final = (
    "",
    "{",
    "\ufeff{}",
    '{"namespace":5}',
    '{"device_category":{"interface_class":{}}}',
    "[]",
    '{"a":1} x',
    '{"namespace":{"ob":{"symlink":[{"access_mask":2147483648}]}}}',
    '{"namespace":{"device":{"requires_driverstore":"yes"}}}',
    "nul",
)


_BAD_EXTENSION_TEXTS: Final = pool(_BAD_EXTENSIONS)


def _ext_json(draw: Chooser, c: Case) -> None:
    _set_extension(
        c,
        "C:\\ext\\bad.json",
        {"C:\\ext\\bad.json": {"kind": "file", "content": draw(_BAD_EXTENSION_TEXTS)}},
    )
    c["host"]["osBuild"] = max(c["host"]["osBuild"], 20348)


def _dump_on(draw: Chooser, c: Case) -> dict[str, str]:
    a = _ann(c)
    a[ANN_DUMP_LOCATION] = draw(_ERROR_DUMP_LOCATIONS)
    return a


def _dump_type(draw: Chooser, c: Case) -> None:
    _dump_on(draw, c)[ANN_DUMP_TYPE] = draw(_BAD_DUMP_TYPES)


def _dump_count(draw: Chooser, c: Case) -> None:
    a = _dump_on(draw, c)
    a.pop(ANN_DUMP_TYPE, None)
    a[ANN_DUMP_COUNT] = draw(_BAD_DUMP_COUNTS)


def _decode(draw: Chooser, c: Case) -> None:
    spec = c["spec"]
    c["spec"] = None
    c.update(spec_payload(draw, spec, equivalent=False, errors_only=True))


def _panic_divide(draw: Chooser, c: Case) -> None:
    # newCPULimit := cpuLimit * hostCPUCount / uvmCPUCount with a UVM of 0 processors: integer divide by zero.
    c["uvm"]["processorCount"] = 0
    c["options"]["scaleCpuLimitsToSandbox"] = True
    a = _ann(c)
    for k in CPU_KEYS.values():
        a.pop(k, None)
    a[ANN_LIMIT] = draw(_PANIC_LIMITS)
    (c["spec"]["windows"].get("resources") or {}).pop("cpu", None)


def _panic_schema(draw: Chooser, c: Case) -> None:
    c["options"]["schemaVersion"] = None  # nil *hcsschema.Version: the first IsV21() dereferences it


_Mutation = Callable[[Chooser, Case], None]
# kind -> (isolations it applies to, UVM os it needs, mutation)
ERROR_KINDS: Final[dict[str, tuple[frozenset[str], str | None, _Mutation]]] = {
    "spec-missing": (frozenset(ISOLATIONS), None, _spec_missing),
    "windows-missing": (frozenset(ISOLATIONS), None, _windows_missing),
    "layer-folders": (frozenset(ISOLATIONS), None, _layer_folders),
    "cpu-exclusive": (frozenset(ISOLATIONS), None, _cpu_exclusive),
    "root-missing": (frozenset(ISOLATIONS), None, _root_missing),
    "root-readonly": (frozenset(ISOLATIONS), None, _root_readonly),
    "root-path": (ARGON, None, _root_path),
    "layer-id": (ARGON | {"v2xenon"}, "windows", _layer_id),
    "vsmb-layer": (frozenset({"v2xenon"}), "windows", _vsmb_layer),
    "uvm-folder": (frozenset({"v1xenon"}), None, _uvm_folder),
    "mount-resolve": (frozenset(ISOLATIONS) - WITH_UVM - {"schema-other"}, None, _mount_resolve),
    "mount-vsmb": (WITH_UVM, None, _mount_vsmb),
    "pipe-build": (frozenset(ISOLATIONS), None, _pipe_build),
    "device-type": (V2, None, _device_type),
    "ext-stat": (frozenset(ISOLATIONS), None, _ext_stat),
    "ext-build": (frozenset(ISOLATIONS), None, _ext_build),
    "ext-read": (frozenset(ISOLATIONS), None, _ext_read),
    "ext-json": (frozenset(ISOLATIONS), None, _ext_json),
    "dump-type": (frozenset(ISOLATIONS), None, _dump_type),
    "dump-count": (frozenset(ISOLATIONS), None, _dump_count),
    "decode": (frozenset(ISOLATIONS), None, _decode),
    "panic-divide": (WITH_UVM, None, _panic_divide),
    "panic-schema": (frozenset(ISOLATIONS), None, _panic_schema),
}


# How often each error kind is drawn (by default): kinds with many rare turns (one per Atoi failure, one per
# path shape, one per LocateUVMFolder outcome, one per Quote class) more often, so that 2,000 cases of cases()
# take every branch of the converter.
_KIND_WEIGHTS: Final = {
    "dump-count": 14,
    "mount-resolve": 6,
    "root-path": 5,
    "layer-id": 5,
    "uvm-folder": 4,
    "mount-vsmb": 4,
    "vsmb-layer": 3,
    "ext-stat": 3,
    "ext-read": 3,
}


@st.composite
def _decoder_case(draw: st.DrawFn, isolation: str | None) -> Case:
    return _decoder(Chooser(draw), isolation)


def _decoder(draw: Chooser, isolation: str | None) -> Case:
    """A document case whose spec text has one flaw for Go's decoder (not always an error: see gojson), or, one
    time in two, a value-class probe (probes.py: chosen classes of values in the fields the converter reads)."""
    c = _build(draw, isolation, False)
    if draw(BOOL):
        return probe(draw, c)
    spec = c["spec"]
    c["spec"] = None
    c.update(spec_payload(draw, spec, equivalent=False))
    return c


@functools.cache
def _kind_pool(isolation: str | None, kinds: tuple[str, ...] | None) -> Pool[str]:
    kinds_here = [k for k in (kinds or tuple(ERROR_KINDS)) if isolation is None or isolation in ERROR_KINDS[k][0]]
    if not kinds_here:
        raise ValueError(f"no error kind applies to isolation {isolation!r}")
    return pool(k for k in kinds_here for _ in range(_KIND_WEIGHTS.get(k, 2)))


@functools.cache
def _isolations_for(kind: str) -> Pool[str]:
    return pool(i for i in ISOLATIONS if i in ERROR_KINDS[kind][0])


@st.composite
def _error_case(draw: st.DrawFn, isolation: str | None, kinds: tuple[str, ...] | None) -> Case:
    return _error(Chooser(draw), isolation, kinds)


def _error(draw: Chooser, isolation: str | None, kinds: tuple[str, ...] | None) -> Case:
    kind = draw(_kind_pool(isolation, tuple(kinds) if kinds else None))
    _, uvm_os, mutate = ERROR_KINDS[kind]
    iso = isolation if isolation is not None else draw(_isolations_for(kind))
    c = _build(draw, iso, False, uvm_os)
    note_event(f"error={kind}")
    mutate(draw, c)
    return c


# How often cases() draws from each region: the error region twice as often as each other one, since it holds
# most of the converter's rare turns (one error kind each).
_ANY_REGIONS: Final = pool(("document", "error", "wild", "decoder", "error"))


@st.composite
def _any_case(draw: st.DrawFn, isolation: str | None, texts: bool, error_kinds: tuple[str, ...] | None) -> Case:
    c = Chooser(draw)
    region = c(_ANY_REGIONS)
    if region == "document":
        return _document(c, isolation, texts)
    if region == "error":
        return _error(c, isolation, error_kinds)
    if region == "wild":
        return _build(c, isolation, True)
    return _decoder(c, isolation)


def cases(
    *,
    region: Region = "any",
    isolation: str | None = None,
    texts: bool = True,
    error_kinds: tuple[str, ...] | None = None,
) -> st.SearchStrategy[Case]:
    """Complete cases (docs/case-format.md §1) from the given region.

    ``isolation`` pins the branch (one of :data:`ISOLATIONS`); ``texts=False`` keeps every document case's spec
    as a JSON value; ``error_kinds`` restricts the error region to some keys of :data:`ERROR_KINDS`.
    """
    if isolation is not None and isolation not in ISOLATIONS:
        raise ValueError(f"isolation must be one of {ISOLATIONS}, got {isolation!r}")
    if region == "document":
        return _document_case(isolation, texts)
    if region == "error":
        return _error_case(isolation, error_kinds)
    if region == "wild":
        return _built(isolation, True)
    if region == "decoder":
        return _decoder_case(isolation)
    if region == "any":
        return _any_case(isolation, texts, error_kinds)
    raise ValueError(f"region must be document, error, wild, decoder or any, got {region!r}")


# --------------------------------------------------------------------------------------------------------------
# sections (each drawn from a whole document-region case, so it is realistic on its own)


def specs(*, isolation: str | None = None, wild: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    """OCI specs (JSON values) for Windows containers, with exact runtime-spec key spellings."""
    return _built(isolation, wild).map(lambda c: c["spec"])


def windows_sections(*, isolation: str | None = None, wild: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    """The ``windows`` object of a spec."""
    return specs(isolation=isolation, wild=wild).map(lambda s: s["windows"])


def annotations(*, wild: bool = True) -> st.SearchStrategy[dict[str, str]]:
    """Annotation maps: every key hcsshim reads, each behind its own gate, with Go parser edge values."""
    return specs(wild=wild).map(lambda s: s.get("annotations") or {})


def mounts(*, isolation: str | None = None) -> st.SearchStrategy[list[dict[str, Any]]]:
    """Spec mount lists (pipes, directories, files, ``sandbox://`` and disk mounts)."""
    return specs(isolation=isolation).map(lambda s: s.get("mounts") or [])


def create_options(*, isolation: str | None = None) -> st.SearchStrategy[dict[str, Any]]:
    """The case's ``options`` object (schema version matching the isolation)."""
    return _built(isolation, False).map(lambda c: c["options"])


def uvms(*, isolation: str = "v2xenon") -> st.SearchStrategy[dict[str, Any]]:
    """The case's ``uvm`` object (with the VSMB shares its spec needs)."""
    if isolation not in WITH_UVM:
        raise ValueError(f"uvms() needs an isolation with a UVM: {sorted(WITH_UVM)}")
    return _built(isolation, False).map(lambda c: c["uvm"])


def hosts(*, isolation: str | None = None) -> st.SearchStrategy[dict[str, Any]]:
    """The case's ``host`` object (the answers its spec needs)."""
    return _built(isolation, False).map(lambda c: c["host"])


def spec_texts(*, equivalent: bool | None = None) -> st.SearchStrategy[str]:
    """Raw spec texts (valid UTF-8) that exercise Go's decoder.

    ``equivalent=True``: texts Go decodes like the plain spec (key case and ſ/K folding, escapes, unknown keys,
    same-typed earlier duplicates, ``null`` after strings and bools). ``False``: near misses (bad numbers, wrong
    types, lone surrogate escapes, trailing data, truncation, BOM, merged duplicates, other top-level values).
    ``None``: either. For invalid UTF-8 use ``cases(region="error", error_kinds=("decode",))`` (``specBase64``).
    """
    eq = specs().flatmap(go_equivalent_text)
    miss = specs().flatmap(lambda s: near_miss_spec_bytes(s, allow_invalid_utf8=False)).map(lambda b: b.decode("utf-8"))
    if equivalent is True:
        return eq
    if equivalent is False:
        return miss
    return st.one_of(eq, miss)
