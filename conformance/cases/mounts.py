"""createMountsConfig: the pipe test first (prefix \\\\.\\pipe\\, case-sensitive); otherwise a mapped directory whose v2
host path comes from fs.ResolvePath (no UVM, every type), or is skipped (disk types with a UVM), or is
C:\\SandboxMounts joined with the rest of a sandbox:// source, or comes from GetVSMBUvmPath. Then the additional
mounts (v2 only, after), and after the loop the RS3 build check for named pipes."""

from __future__ import annotations

from typing import Any

from hcsdoc.conformance.cases._build import (
    SCHEMA_V10,
    VOLUME_PATH,
    CaseDef,
    argon,
    argon_v1,
    cdef,
    mount,
    share,
    xenon,
    xenon_v1,
)

T = ("mounts",)
RESOLVED = "\\\\?\\Volume{0f0e0d0c-0b0a-4908-8706-050403020100}\\data"


def _m(*mounts: dict[str, Any]) -> dict[str, Any]:
    return {"mounts": list(mounts)}


def _pipes() -> list[CaseDef]:
    TP = (*T, "pipe")
    pipe = mount("\\\\.\\pipe\\docker_engine", "\\\\.\\pipe\\docker_engine")
    rows = [
        ("argon", "named pipe mount without a UVM (source kept)", argon(_m(pipe))),
        ("xenon", "named pipe mount with a UVM (source rewritten under the VSMB IPC$ share)", xenon(_m(pipe))),
        ("v1-argon", "named pipe mount in a V1 Argon container", argon_v1(_m(pipe))),
        ("v1-xenon", "named pipe mount in a V1 Xenon container", xenon_v1(_m(pipe))),
        (
            "dest-not-pipe",
            "pipe source with a destination that is not a pipe path (kept whole)",
            argon(_m(mount("\\\\.\\pipe\\p", "C:\\p"))),
        ),
        ("dest-empty", "pipe source with an empty destination", argon(_m(mount("\\\\.\\pipe\\p", "")))),
        (
            "dest-pipe-prefix-only",
            "pipe destination exactly \\\\.\\pipe\\",
            argon(_m(mount("\\\\.\\pipe\\p", "\\\\.\\pipe\\"))),
        ),
        (
            "source-prefix-only",
            "pipe source exactly \\\\.\\pipe\\ (empty pipe name)",
            argon(_m(mount("\\\\.\\pipe\\", "\\\\.\\pipe\\x"))),
        ),
        (
            "source-prefix-only.xenon",
            "pipe source exactly \\\\.\\pipe\\ with a UVM",
            xenon(_m(mount("\\\\.\\pipe\\", "\\\\.\\pipe\\x"))),
        ),
        (
            "nested-name",
            "pipe name with a backslash inside",
            xenon(_m(mount("\\\\.\\pipe\\a\\b", "\\\\.\\pipe\\a\\b"))),
        ),
        (
            "with-type-virtual-disk",
            "pipe source with type virtual-disk (the pipe test comes first)",
            xenon(_m(mount("\\\\.\\pipe\\p", "\\\\.\\pipe\\p", type_="virtual-disk"))),
        ),
        (
            "with-ro",
            "pipe source with option ro (ignored for pipes)",
            argon(_m(mount("\\\\.\\pipe\\p", "\\\\.\\pipe\\p", options=["ro"]))),
        ),
        (
            "two",
            "two named pipe mounts in order",
            xenon(_m(mount("\\\\.\\pipe\\a", "\\\\.\\pipe\\x"), mount("\\\\.\\pipe\\b", "\\\\.\\pipe\\y"))),
        ),
        ("html", "pipe names with <, > and &", argon(_m(mount("\\\\.\\pipe\\<&>", "\\\\.\\pipe\\<&>")))),
    ]
    out = [cdef(f"mounts.pipe.{slug}", desc, TP, case) for slug, desc, case in rows]
    # Sources that look like pipes but are not (IsPipe is a case-sensitive prefix test): they become directories.
    not_pipes = [
        ("uppercase-pipe", "\\\\.\\PIPE\\p", "uppercase PIPE"),
        ("no-trailing-backslash", "\\\\.\\pipe", "\\\\.\\pipe without the trailing backslash"),
        ("forward-slashes", "//./pipe/p", "forward slashes"),
        ("question-mark", "\\\\?\\pipe\\p", "\\\\?\\ instead of \\\\.\\"),
        ("leading-space", " \\\\.\\pipe\\p", "a leading space"),
        ("unc-pipe", "\\\\server\\pipe\\p", "a remote server's pipe"),
    ]
    for slug, src, note in not_pipes:
        out.append(
            cdef(
                f"mounts.not-pipe.{slug}.argon",
                f"source {src!r} ({note}) is not a pipe: resolved as a directory",
                TP,
                argon(_m(mount(src)), host={"resolvedPaths": {src: RESOLVED}}),
            )
        )
        out.append(
            cdef(
                f"mounts.not-pipe.{slug}.argon-unresolved",
                f"source {src!r} ({note}) is not a pipe and does not resolve",
                TP,
                argon(_m(mount(src))),
                ("mount-resolve",),
            )
        )
        out.append(
            cdef(
                f"mounts.not-pipe.{slug}.xenon",
                f"source {src!r} ({note}) is not a pipe: looked up as a VSMB share",
                (*TP, "vsmb"),
                xenon(_m(mount(src)), uvm={"vsmbShares": []}, host={"files": {src: {"kind": "dir"}}}),
                ("vsmb-not-attached",),
            )
        )
    # The RS3 (16299) build check runs after the loop, only when there is a pipe.
    for build in (0, 10240, 15063, 16298, 16299, 17763, 65535):
        out.append(
            cdef(
                f"mounts.pipe.build-{build}",
                f"named pipe mount with OS build {build} (pipes need 16299)",
                TP,
                argon(_m(pipe), host={"osBuild": build}),
                ("named-pipe-build",) if build < 16299 else (),
            )
        )
    out += [
        cdef(
            "mounts.pipe.build-low-no-pipe",
            "OS build 15063 without pipes: no pipe check",
            TP,
            argon(host={"osBuild": 15063}),
        ),
        cdef(
            "mounts.pipe.build-low.xenon",
            "named pipe mount with a UVM and OS build 16298",
            TP,
            xenon(_m(pipe), host={"osBuild": 16298}),
            ("named-pipe-build",),
        ),
        cdef(
            "mounts.pipe.build-low.after-dir",
            "OS build 16298, a resolvable directory then a pipe",
            TP,
            argon(_m(mount("C:\\data"), pipe), host={"osBuild": 16298, "resolvedPaths": {"C:\\data": RESOLVED}}),
            ("named-pipe-build",),
        ),
        cdef(
            "mounts.pipe.build-low.mount-error-first",
            "OS build 16298, a pipe then an unresolvable directory: the mount error wins",
            (*TP, "order"),
            argon(_m(pipe, mount("C:\\nope")), host={"osBuild": 16298}),
            ("mount-resolve",),
        ),
        cdef(
            "mounts.pipe.build-low.vsmb-error-first",
            "OS build 16298 with a UVM, a pipe then an unshared directory",
            (*TP, "order"),
            xenon(_m(pipe, mount("C:\\data")), host={"osBuild": 16298, "files": {"C:\\data": {"kind": "dir"}}}),
            ("vsmb-not-attached",),
        ),
        cdef(
            "mounts.pipe.build-low.before-devices",
            "OS build 16298, a pipe and an unsupported device: the pipe error wins",
            (*TP, "order"),
            argon({"mounts": [pipe], "windows": {"devices": [{"id": "x", "idType": "gpu"}]}}, host={"osBuild": 16298}),
            ("named-pipe-build",),
        ),
    ]
    return out


def _argon_dirs() -> list[CaseDef]:
    out = []
    src = "C:\\data"
    ok = {"resolvedPaths": {src: RESOLVED}}
    rows = [
        ("resolved", "directory mount whose source resolves", argon(_m(mount(src)), host=ok), ()),
        ("resolved-ro", "read-only directory mount", argon(_m(mount(src, options=["ro"])), host=ok), ()),
        (
            "resolved-unc",
            "source resolving to a UNC path",
            argon(_m(mount(src)), host={"resolvedPaths": {src: "\\\\server\\share\\data"}}),
            (),
        ),
        ("resolved-empty", 'source resolving to ""', argon(_m(mount(src)), host={"resolvedPaths": {src: ""}}), ()),
        ("missing", "source the host does not know (ERROR_FILE_NOT_FOUND)", argon(_m(mount(src))), ("mount-resolve",)),
        (
            "errno3",
            "source answering errno 3 (path not found)",
            argon(_m(mount(src)), host={"resolvedPaths": {src: {"errno": 3}}}),
            ("mount-resolve",),
        ),
        (
            "errno5",
            "source answering errno 5 (access denied)",
            argon(_m(mount(src)), host={"resolvedPaths": {src: {"errno": 5}}}),
            ("mount-resolve",),
        ),
        (
            "errno123",
            "source answering errno 123 (bad syntax)",
            argon(_m(mount(src)), host={"resolvedPaths": {src: {"errno": 123}}}),
            ("mount-resolve",),
        ),
        (
            "errno-unknown",
            "source answering an errno with no Windows message",
            argon(_m(mount(src)), host={"resolvedPaths": {src: {"errno": 99999}}}),
            ("mount-resolve",),
        ),
        ("empty-source", "empty source (default answer errno 3)", argon(_m(mount(""))), ("mount-resolve",)),
        (
            "empty-source-resolved",
            "empty source that the host resolves",
            argon(_m(mount("")), host={"resolvedPaths": {"": RESOLVED}}),
            (),
        ),
        ("no-source-key", "mount without a source key", argon(_m({"destination": "C:\\dst"})), ("mount-resolve",)),
        (
            "nul-source",
            "NUL in the source (UTF-16 conversion fails)",
            argon(_m(mount("C:\\da\u0000ta"))),
            ("mount-resolve",),
        ),
        (
            "virtual-disk",
            "type virtual-disk without a UVM: still resolved as a path",
            argon(
                _m(mount("C:\\disk.vhdx", type_="virtual-disk")), host={"resolvedPaths": {"C:\\disk.vhdx": RESOLVED}}
            ),
            (),
        ),
        (
            "virtual-disk-unresolved",
            "type virtual-disk without a UVM and no answer",
            argon(_m(mount("C:\\disk.vhdx", type_="virtual-disk"))),
            ("mount-resolve",),
        ),
        (
            "physical-disk-unresolved",
            "type physical-disk without a UVM",
            argon(_m(mount("\\\\.\\PHYSICALDRIVE1", type_="physical-disk"))),
            ("mount-resolve",),
        ),
        (
            "sandbox-unresolved",
            "sandbox:// source without a UVM: resolved as a path (and fails)",
            argon(_m(mount("sandbox:///data"))),
            ("mount-resolve",),
        ),
        (
            "sandbox-resolved",
            "sandbox:// source without a UVM that the host resolves",
            argon(_m(mount("sandbox:///data")), host={"resolvedPaths": {"sandbox:///data": RESOLVED}}),
            (),
        ),
        ("bind-type", "type bind without a UVM", argon(_m(mount(src, type_="bind")), host=ok), ()),
        (
            "two-second-fails",
            "two directory mounts, the second does not resolve",
            argon(_m(mount(src), mount("C:\\nope")), host=ok),
            ("mount-resolve",),
        ),
        (
            "first-fails",
            "two directory mounts, the first does not resolve",
            argon(_m(mount("C:\\nope"), mount(src)), host=ok),
            ("mount-resolve",),
        ),
        (
            "key-not-cleaned",
            "source C:/data while the host only knows C:\\data (keys match exactly)",
            argon(_m(mount("C:/data")), host=ok),
            ("mount-resolve",),
        ),
        ("v1", "directory mount in a V1 Argon container", argon_v1(_m(mount(src)), host=ok), ()),
        (
            "v1-unresolved",
            "unresolvable directory mount in a V1 Argon container",
            argon_v1(_m(mount(src))),
            ("mount-resolve",),
        ),
        ("dest-html", "destination with <, > and &", argon(_m(mount(src, "C:\\<&>")), host=ok), ()),
        ("dest-empty", "empty destination", argon(_m(mount(src, "")), host=ok), ()),
        ("mounts-null", "mounts null", argon({"mounts": None}), ()),
        ("mounts-empty", "mounts []", argon({"mounts": []}), ()),
    ]
    for slug, desc, case, targets in rows:
        out.append(cdef(f"mounts.argon.{slug}", f"Argon: {desc}", (*T, "resolve-path"), case, targets))
    # %q quoting of the source in the ResolvePath error.
    quoting = [
        ("double-quote", 'C:\\a"b', "a double quote"),
        ("backslashes", "\\\\server\\share\\x", "several backslashes"),
        ("tab-newline", "C:\\a\tb\nc", "tab and newline"),
        ("control", "C:\\a\u0001b\u001fc", "control characters U+0001 and U+001F"),
        ("del", "C:\\a\u007fb", "DEL"),
        ("bell-backspace", "C:\\a\u0007\b\f\v", "bell, backspace, form feed, vertical tab"),
        ("latin1", "C:\\caf\u00e9", "printable non-ASCII é"),
        ("cjk", "C:\\\u6771\u4eac", "printable CJK"),
        ("emoji", "C:\\\U0001f600", "printable astral-plane emoji"),
        ("u2028", "C:\\a\u2028b", "U+2028 (not printable for %q)"),
        ("nbsp", "C:\\a\u00a0b", "no-break space U+00A0"),
        ("soft-hyphen", "C:\\a\u00adb", "soft hyphen U+00AD (a format character)"),
        ("zero-width-joiner", "C:\\a\u200db", "zero width joiner U+200D"),
        ("bom", "\ufeffC:\\a", "BOM U+FEFF"),
        ("replacement", "C:\\a\ufffdb", "U+FFFD"),
        ("private-use", "C:\\\ue000", "private-use U+E000"),
        ("noncharacter", "C:\\\uffff", "noncharacter U+FFFF"),
        ("astral-unassigned", "C:\\\U000e0001", "language tag U+E0001"),
        ("percent", "C:\\100%d", "a percent sign"),
        ("single-quote", "C:\\it's", "a single quote"),
    ]
    for slug, src_q, note in quoting:
        out.append(
            cdef(
                f"mounts.argon.quote.{slug}",
                f"Argon: unresolvable source with {note} (quoted with %q in the error)",
                (*T, "resolve-path", "quoting"),
                argon(_m(mount(src_q))),
                ("mount-resolve",),
            )
        )
    return out


READONLY_OPTIONS: list[tuple[str, list[str] | None, str]] = [
    ("none", None, "no options"),
    ("empty", [], "options []"),
    ("ro", ["ro"], "ro"),
    ("ro-upper", ["RO"], "RO (lower-cased before the compare)"),
    ("ro-capitalized", ["Ro"], "Ro"),
    ("ro-upper-o", ["rO"], "rO"),
    ("rw", ["rw"], "rw"),
    ("ro-rw", ["ro", "rw"], "ro then rw (any ro wins)"),
    ("rw-ro", ["rw", "ro"], "rw then ro"),
    ("space-ro", [" ro"], "' ro' (not trimmed)"),
    ("readonly", ["readonly"], "readonly (not ro)"),
    ("ro-comma", ["ro,rbind"], "ro,rbind in one option string"),
    ("empty-option", [""], "an empty option"),
]


def _xenon_dirs() -> list[CaseDef]:
    TX = (*T, "vsmb")
    src = "C:\\data"
    ro_share = share(src, read_only=True, guest="s2")
    rw_share = share(src, read_only=False, guest="s3")
    files = {"files": {src: {"kind": "dir"}}}
    out = []
    for slug, opts, note in READONLY_OPTIONS:
        out.append(
            cdef(
                f"mounts.xenon.readonly.{slug}",
                f"Xenon: directory mount with {note}; read-only and read-write shares exist",
                (*TX, "readonly"),
                xenon(
                    _m(mount(src, options=opts)),
                    uvm={"vsmbShares": [share("C:\\layers\\base", guest="s1"), ro_share, rw_share]},
                    host=files,
                ),
            )
        )
        out.append(
            cdef(
                f"mounts.argon.readonly.{slug}",
                f"Argon: directory mount with {note}",
                (*T, "readonly"),
                argon(_m(mount(src, options=opts)), host={"resolvedPaths": {src: RESOLVED}}),
            )
        )
    base_share = share("C:\\layers\\base", guest="s1")
    shares = {"vsmbShares": [base_share, ro_share, rw_share]}
    rows: list[tuple[str, str, dict[str, Any], dict[str, Any] | None, dict[str, Any] | None, tuple[str, ...]]] = [
        ("dir-found-rw", "directory mount found as a read-write share", _m(mount(src)), shares, files, ()),
        (
            "dir-only-ro-share",
            "read-write mount but only a read-only share exists",
            _m(mount(src)),
            {"vsmbShares": [base_share, ro_share]},
            files,
            ("vsmb-not-attached",),
        ),
        (
            "dir-only-rw-share-ro-mount",
            "read-only mount but only a read-write share exists",
            _m(mount(src, options=["ro"])),
            {"vsmbShares": [base_share, rw_share]},
            files,
            ("vsmb-not-attached",),
        ),
        (
            "dir-not-attached",
            "directory mount with no share at all",
            _m(mount(src)),
            None,
            files,
            ("vsmb-not-attached",),
        ),
        ("stat-missing", "source that does not exist on the host", _m(mount(src)), shares, None, ("vsmb-stat",)),
        (
            "stat-errno2",
            "source answering errno 2",
            _m(mount(src)),
            shares,
            {"files": {src: {"errno": 2}}},
            ("vsmb-stat",),
        ),
        (
            "stat-errno3",
            "source answering errno 3",
            _m(mount(src)),
            shares,
            {"files": {src: {"errno": 3}}},
            ("vsmb-stat",),
        ),
        (
            "stat-errno53",
            "source answering errno 53",
            _m(mount(src)),
            shares,
            {"files": {src: {"errno": 53}}},
            ("vsmb-stat",),
        ),
        (
            "stat-errno5",
            "source answering errno 5 (not a not-exist code)",
            _m(mount(src)),
            shares,
            {"files": {src: {"errno": 5}}},
            ("vsmb-stat",),
        ),
        (
            "stat-errno32",
            "source answering errno 32 (sharing violation)",
            _m(mount(src)),
            shares,
            {"files": {src: {"errno": 32}}},
            ("vsmb-stat",),
        ),
        ("stat-nul", "NUL in the source", _m(mount("C:\\da\u0000ta")), shares, None, ("vsmb-stat",)),
        ("empty-source", "empty source", _m(mount("")), shares, None, ("vsmb-no-hostpath",)),
        (
            "no-source-key",
            "mount without a source key",
            _m({"destination": "C:\\dst"}),
            shares,
            None,
            ("vsmb-no-hostpath",),
        ),
        (
            "trailing-backslash",
            "source C:\\data\\ (stat key exact, share key cleaned)",
            _m(mount(src + "\\")),
            shares,
            {"files": {src + "\\": {"kind": "dir"}}},
            (),
        ),
        (
            "forward-slashes",
            "source C:/data (share key cleaned to C:\\data)",
            _m(mount("C:/data")),
            shares,
            {"files": {"C:/data": {"kind": "dir"}}},
            (),
        ),
        (
            "dotdot",
            "source C:\\x\\..\\data (share key cleaned)",
            _m(mount("C:\\x\\..\\data")),
            shares,
            {"files": {"C:\\x\\..\\data": {"kind": "dir"}}},
            (),
        ),
        (
            "file-found",
            "file mount whose folder is a read-write file share",
            _m(mount("C:\\cfg\\app.json")),
            {"vsmbShares": [base_share, share("C:\\cfg", read_only=False, kind="file", guest="s4")]},
            {"files": {"C:\\cfg\\app.json": {"kind": "file", "content": "{}"}}},
            (),
        ),
        (
            "file-found-ro",
            "read-only file mount whose folder is a read-only file share",
            _m(mount("C:\\cfg\\app.json", options=["ro"])),
            {"vsmbShares": [base_share, share("C:\\cfg", kind="file", guest="s4")]},
            {"files": {"C:\\cfg\\app.json": {"kind": "file", "content": "{}"}}},
            (),
        ),
        (
            "file-dir-share-only",
            "file mount whose folder is only a directory share",
            _m(mount("C:\\cfg\\app.json")),
            {"vsmbShares": [base_share, share("C:\\cfg", read_only=False, guest="s4")]},
            {"files": {"C:\\cfg\\app.json": {"kind": "file", "content": "{}"}}},
            ("vsmb-not-attached",),
        ),
        (
            "dir-file-share-only",
            "directory mount whose path is only a file share",
            _m(mount(src)),
            {"vsmbShares": [base_share, share(src, read_only=False, kind="file", guest="s4")]},
            files,
            ("vsmb-not-attached",),
        ),
        (
            "file-at-drive-root",
            "file mount C:\\app.json (folder C:\\ stays C:\\ after Clean)",
            _m(mount("C:\\app.json")),
            {"vsmbShares": [base_share, share("C:\\", read_only=False, kind="file", guest="s5")]},
            {"files": {"C:\\app.json": {"kind": "file", "content": ""}}},
            (),
        ),
        (
            "file-relative",
            'relative file mount app.json (folder "" cleans to .)',
            _m(mount("app.json")),
            {"vsmbShares": [base_share, share(".", read_only=False, kind="file", guest="s5")]},
            {"files": {"app.json": {"kind": "file", "content": ""}}},
            (),
        ),
        (
            "file-unc",
            "file mount on a UNC share \\\\srv\\sh\\f.txt",
            _m(mount("\\\\srv\\sh\\f.txt")),
            {"vsmbShares": [base_share, share("\\\\srv\\sh\\", read_only=False, kind="file", guest="s5")]},
            {"files": {"\\\\srv\\sh\\f.txt": {"kind": "file", "content": ""}}},
            (),
        ),
        ("bind-type", "type bind with a UVM (looked up as VSMB)", _m(mount(src, type_="bind")), shares, files, ()),
        (
            "type-uppercase-disk",
            "type Virtual-Disk (disk types are case-sensitive: looked up as VSMB)",
            _m(mount(src, type_="Virtual-Disk")),
            shares,
            files,
            (),
        ),
        (
            "second-fails",
            "two mounts, the second is not attached",
            _m(mount(src), mount("C:\\other")),
            shares,
            {"files": {src: {"kind": "dir"}, "C:\\other": {"kind": "dir"}}},
            ("vsmb-not-attached",),
        ),
        (
            "guest-path-trailing",
            'share guest path with a trailing backslash (Join with "" cleans it)',
            _m(mount(src)),
            {
                "vsmbShares": [
                    base_share,
                    dict(rw_share, guestPath="\\\\?\\VMSMB\\VSMB-{dcc079ae-60ba-4d07-847c-3493609c0870}\\s3\\"),
                ]
            },
            files,
            (),
        ),
    ]
    for slug, desc, patch, uvm, host, targets in rows:
        out.append(cdef(f"mounts.xenon.{slug}", f"Xenon: {desc}", TX, xenon(patch, uvm=uvm, host=host), targets))
    out.append(
        cdef(
            "mounts.xenon.v1",
            "V1 Xenon: directory mount found as a read-write share",
            TX,
            xenon_v1(_m(mount(src)), uvm=shares, host=files),
        )
    )
    out.append(
        cdef(
            "mounts.xenon.v1-no-hyperv",
            "schema 1.0 + UVM + no hyperv (Argon branch with a UVM): mounts still use VSMB",
            TX,
            xenon(
                {"root": {"path": VOLUME_PATH}, "mounts": [mount(src)]},
                uvm=shares,
                host=files,
                options={"schemaVersion": SCHEMA_V10},
            ),
        )
    )
    return out


def _disks() -> list[CaseDef]:
    TD = (*T, "disk")
    out = []
    for t in ("virtual-disk", "physical-disk", "extensible-virtual-disk"):
        out.append(
            cdef(
                f"mounts.xenon.disk.{t}",
                f"Xenon: a {t} mount is skipped (it arrives through the additional mounts)",
                TD,
                xenon(_m(mount("C:\\disk.vhdx", "C:\\d", type_=t))),
            )
        )
        out.append(
            cdef(
                f"mounts.xenon.disk.{t}.sandbox",
                f"Xenon: a {t} mount with a sandbox:// source is skipped too",
                TD,
                xenon(_m(mount("sandbox:///x", "C:\\d", type_=t))),
            )
        )
        out.append(
            cdef(
                f"mounts.xenon.disk.{t}.empty-source",
                f"Xenon: a {t} mount with an empty source is skipped",
                TD,
                xenon(_m(mount("", "C:\\d", type_=t))),
            )
        )
    return out


SANDBOX_SOURCES: list[tuple[str, str, str]] = [
    ("absolute", "sandbox:///a/dirInUvm", "absolute forward-slash path"),
    ("empty", "sandbox://", "nothing after the prefix"),
    ("slash", "sandbox:///", "a single slash"),
    ("escape-dotdot", "sandbox://../../x", ".. climbs out of C:\\SandboxMounts"),
    ("only-dotdot", "sandbox://..", "only .."),
    ("many-dotdot", "sandbox://a/../../../..", "more .. than elements (clamped at the root)"),
    ("dot", "sandbox://.", "only ."),
    ("messy", "sandbox://a//b/./c/", "doubled separators, . and a trailing slash"),
    ("drive", "sandbox://C:/x", "a drive letter inside"),
    ("drive-only", "sandbox://C:", "just C:"),
    ("unc-forward", "sandbox:////server/share", "UNC written with forward slashes"),
    ("unc-backslash", "sandbox://\\\\server\\share", "UNC written with backslashes"),
    ("backslashes", "sandbox://a\\b", "a backslash separator"),
    ("device-question", "sandbox://\\\\?\\x", "a \\\\?\\ device prefix"),
    ("nt-prefix", "sandbox://\\??\\x", "an NT \\??\\ prefix"),
    ("colon-in-name", "sandbox://a:b", "a colon in the first element"),
    ("double-prefix", "sandbox://sandbox://x", "the prefix twice"),
    ("unicode", "sandbox://d\u00e9j\u00e0/\u6771", "non-ASCII elements"),
    ("spaces", "sandbox:// a / b ", "elements with spaces"),
    ("trailing-dots", "sandbox://a./b..", "elements ending in dots"),
    ("html", "sandbox://<a>&b", "<, > and &"),
]


def _sandbox() -> list[CaseDef]:
    TS = (*T, "sandbox-path", "filepath")
    out = []
    for slug, src, note in SANDBOX_SOURCES:
        out.append(
            cdef(
                f"mounts.xenon.sandbox.{slug}",
                f"Xenon: source {src!r} ({note}) joined to C:\\SandboxMounts",
                TS,
                xenon(_m(mount(src, "C:\\sb"))),
            )
        )
    out += [
        cdef(
            "mounts.xenon.sandbox.ro",
            "Xenon: read-only sandbox:// mount",
            TS,
            xenon(_m(mount("sandbox:///x", options=["RO"]))),
        ),
        cdef(
            "mounts.xenon.sandbox.uppercase-prefix",
            "Xenon: SANDBOX:///x (the prefix test is case-sensitive: VSMB lookup)",
            TS,
            xenon(_m(mount("SANDBOX:///x"))),
            ("vsmb-stat",),
        ),
        cdef(
            "mounts.xenon.sandbox.single-slash",
            "Xenon: sandbox:/x (not the prefix: VSMB lookup)",
            TS,
            xenon(_m(mount("sandbox:/x"))),
            ("vsmb-stat",),
        ),
        cdef("mounts.xenon.sandbox.v1", "V1 Xenon: sandbox:// mount", TS, xenon_v1(_m(mount("sandbox:///a")))),
    ]
    return out


def _additional() -> list[CaseDef]:
    TA = (*T, "additional-mounts")
    am1 = {"HostPath": "C:\\c\\disk0", "HostPathType": "", "ContainerPath": "C:\\d0", "ReadOnly": True}
    am2 = {"HostPath": "C:\\c\\disk1", "HostPathType": "AbsolutePath", "ContainerPath": "C:\\d1", "ReadOnly": False}
    am_empty = {"HostPath": "", "HostPathType": "", "ContainerPath": "", "ReadOnly": False}
    return [
        cdef(
            "mounts.additional.xenon-one",
            "Xenon: one additional mount and a skipped virtual-disk mount",
            TA,
            xenon(
                _m(mount("C:\\disk.vhdx", "C:\\d0", type_="virtual-disk")), options={"windowsAdditionalMounts": [am1]}
            ),
        ),
        cdef(
            "mounts.additional.after-spec-mounts",
            "Xenon: additional mounts come after the spec's directory mounts",
            TA,
            xenon(_m(mount("sandbox:///x", "C:\\sb")), options={"windowsAdditionalMounts": [am1, am2]}),
        ),
        cdef(
            "mounts.additional.empty-list",
            "Xenon: additional mounts [] (not null)",
            TA,
            xenon(options={"windowsAdditionalMounts": []}),
        ),
        cdef(
            "mounts.additional.all-empty-fields",
            "Xenon: an additional mount whose fields are all zero",
            TA,
            xenon(options={"windowsAdditionalMounts": [am_empty]}),
        ),
        cdef(
            "mounts.additional.argon",
            "Argon with additional mounts (appended regardless of isolation)",
            TA,
            argon(options={"windowsAdditionalMounts": [am1]}),
        ),
        cdef(
            "mounts.additional.v1-argon",
            "V1 Argon with additional mounts (v2 document only)",
            TA,
            argon_v1(options={"windowsAdditionalMounts": [am2]}),
        ),
        cdef(
            "mounts.additional.after-error",
            "Xenon: additional mounts and a failing spec mount",
            TA,
            xenon(_m(mount("C:\\nope")), options={"windowsAdditionalMounts": [am1]}),
            ("vsmb-stat",),
        ),
        cdef(
            "mounts.additional.html",
            "Xenon: additional mount paths with <, > and &",
            TA,
            xenon(options={"windowsAdditionalMounts": [dict(am1, HostPath="C:\\<&>", ContainerPath="C:\\>&<")]}),
        ),
    ]


def _mixed() -> list[CaseDef]:
    src = "C:\\data"
    shares = {"vsmbShares": [share("C:\\layers\\base", guest="s1"), share(src, read_only=False, guest="s3")]}
    return [
        cdef(
            "mounts.mixed.xenon-all-kinds",
            "Xenon: pipe, directory, sandbox and disk mounts interleaved, plus an additional mount",
            (*T, "pipe", "vsmb", "sandbox-path", "disk"),
            xenon(
                _m(
                    mount("\\\\.\\pipe\\a", "\\\\.\\pipe\\a"),
                    mount(src, "C:\\d"),
                    mount("sandbox:///s", "C:\\s"),
                    mount("C:\\x.vhdx", "C:\\x", type_="virtual-disk"),
                    mount("\\\\.\\pipe\\b", "b"),
                ),
                uvm=shares,
                host={"files": {src: {"kind": "dir"}}},
                options={
                    "windowsAdditionalMounts": [
                        {"HostPath": "C:\\c\\0", "HostPathType": "", "ContainerPath": "C:\\x", "ReadOnly": False}
                    ]
                },
            ),
        ),
        cdef(
            "mounts.mixed.argon-pipe-and-dir",
            "Argon: a directory between two pipes",
            (*T, "pipe", "resolve-path"),
            argon(
                _m(
                    mount("\\\\.\\pipe\\a", "\\\\.\\pipe\\a"),
                    mount(src, "C:\\d"),
                    mount("\\\\.\\pipe\\b", "\\\\.\\pipe\\b"),
                ),
                host={"resolvedPaths": {src: RESOLVED}},
            ),
        ),
    ]


def cases() -> list[CaseDef]:
    return _pipes() + _argon_dirs() + _xenon_dirs() + _disks() + _sandbox() + _additional() + _mixed()
