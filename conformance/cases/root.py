"""Spec.Root: nil, readonly, and for Argon (V2 or V1) the volume GUID regexp over Root.Path (RE2, `$` is end of text),
the appended trailing backslash, and VolumePath (v1, backslash stripped) / Storage.Path (v2)."""

from __future__ import annotations

from hcsdoc.conformance.cases._build import DELETE, VOLUME_GUID, CaseDef, argon, argon_v1, cdef, xenon

G = VOLUME_GUID
P = "\\\\?\\Volume"

# (slug, Root.Path, what it probes). The regexp: ^\\\\\?\\(Volume)\{{0,1}GUID(\}){0,1}\}(|\\)$
ROOT_PATHS: list[tuple[str, str, str]] = [
    ("canonical", P + "{" + G + "}\\", "canonical volume GUID path with trailing backslash"),
    ("no-trailing-backslash", P + "{" + G + "}", "no trailing backslash (one is appended)"),
    ("no-open-brace", P + G + "}\\", "no opening brace (the regexp makes it optional)"),
    ("no-open-brace-no-backslash", P + G + "}", "no opening brace, no trailing backslash"),
    ("double-close-brace", P + "{" + G + "}}", "two closing braces"),
    ("double-close-brace-backslash", P + "{" + G + "}}\\", "two closing braces and a trailing backslash"),
    ("triple-close-brace", P + "{" + G + "}}}", "three closing braces"),
    ("no-close-brace", P + "{" + G + "\\", "no closing brace"),
    ("no-braces", P + G + "\\", "no braces at all"),
    ("double-open-brace", P + "{{" + G + "}\\", "two opening braces"),
    ("uppercase-hex", P + "{" + G.upper() + "}\\", "uppercase hex digits"),
    ("lowercase-volume", "\\\\?\\volume{" + G + "}\\", "lowercase word volume (case-sensitive)"),
    ("uppercase-volume", "\\\\?\\VOLUME{" + G + "}\\", "uppercase word VOLUME"),
    ("double-trailing-backslash", P + "{" + G + "}\\\\", "two trailing backslashes"),
    ("trailing-component", P + "{" + G + "}\\x", "a path component after the volume"),
    ("trailing-newline", P + "{" + G + "}\n", "trailing newline (RE2 $ does not match before it)"),
    ("trailing-backslash-newline", P + "{" + G + "}\\\n", "trailing backslash and newline"),
    ("trailing-cr", P + "{" + G + "}\r", "trailing carriage return"),
    ("trailing-space", P + "{" + G + "}\\ ", "trailing space"),
    ("leading-space", " " + P + "{" + G + "}\\", "leading space"),
    ("leading-newline", "\n" + P + "{" + G + "}\\", "leading newline (^ is start of text)"),
    ("forward-slashes", "//?/Volume{" + G + "}/", "forward slashes"),
    ("dot-prefix", "\\\\.\\Volume{" + G + "}\\", "\\\\.\\ device prefix instead of \\\\?\\"),
    ("nt-prefix", "\\??\\Volume{" + G + "}\\", "NT \\??\\ prefix"),
    ("short-guid", P + "{" + G[:-1] + "}\\", "GUID one hex digit short"),
    ("long-guid", P + "{" + G + "0}\\", "GUID one hex digit long"),
    ("non-hex", P + "{" + "g" + G[1:] + "}\\", "non-hex letter g in the GUID"),
    ("no-dashes", P + "{" + G.replace("-", "") + "}\\", "GUID without dashes"),
    ("fullwidth-digit", P + "{" + "\uff11" + G[1:] + "}\\", "fullwidth digit in the GUID"),
    ("empty", "", "empty Root.Path"),
    ("drive", "C:\\", "a drive root"),
    ("drive-path", "C:\\ProgramData\\containers\\root", "an ordinary path"),
    ("volume-mount-point", P + "{" + G + "}\\mnt\\", "volume path with a directory and trailing backslash"),
    ("nul-suffix", P + "{" + G + "}\\\u0000", "NUL after the trailing backslash"),
    ("quote-in-path", "C:\\it's", "a quote character in the path (printed with %s)"),
]

# The V1 Argon branch applies the same regexp; these also show the v1 VolumePath (trailing backslash stripped).
V1_PATHS = frozenset(
    {
        "canonical",
        "no-trailing-backslash",
        "no-open-brace",
        "double-close-brace",
        "double-close-brace-backslash",
        "lowercase-volume",
        "trailing-newline",
        "empty",
        "drive",
        "volume-mount-point",
    }
)


def cases() -> list[CaseDef]:
    out = []
    for slug, path, note in ROOT_PATHS:
        out.append(
            cdef(
                f"root.path.{slug}.v2",
                f"V2 Argon Root.Path: {note}",
                ("root", "volume-regexp"),
                argon({"root": {"path": path}}),
                ("root-path-volume",) if slug == "drive" else (),
            )
        )
        if slug in V1_PATHS:
            out.append(
                cdef(
                    f"root.path.{slug}.v1",
                    f"V1 Argon Root.Path: {note}",
                    ("root", "volume-regexp"),
                    argon_v1({"root": {"path": path}}),
                )
            )
    out += [
        cdef("root.missing", "no root in the spec (Root nil)", ("root",), argon({"root": DELETE}), ("root-missing",)),
        cdef("root.null", "root null", ("root",), argon({"root": None}), ("root-missing",)),
        cdef("root.empty-object", 'root {} (path "") in V2 Argon', ("root",), argon({"root": {"path": DELETE}})),
        cdef(
            "root.readonly",
            "root.readonly true with a valid volume path",
            ("root",),
            argon({"root": {"readonly": True}}),
            ("root-readonly",),
        ),
        cdef("root.readonly-false", "root.readonly false explicitly", ("root",), argon({"root": {"readonly": False}})),
        cdef(
            "root.readonly-bad-path",
            "root.readonly true and an invalid Root.Path: readonly is checked first",
            ("root", "order"),
            argon({"root": {"path": "C:\\x", "readonly": True}}),
            ("root-readonly",),
        ),
        cdef(
            "root.readonly.xenon",
            "root.readonly true in a V2 Xenon container",
            ("root",),
            xenon({"root": {"readonly": True}}),
            ("root-readonly",),
        ),
        cdef(
            "root.missing.xenon",
            "no root in a V2 Xenon container",
            ("root",),
            xenon({"root": DELETE}),
            ("root-missing",),
        ),
        cdef(
            "root.xenon.empty-path",
            'V2 Xenon with Root.Path "" (no validation for Xenon)',
            ("root",),
            xenon({"root": {"path": ""}}),
        ),
        cdef(
            "root.xenon.volume-path",
            "V2 Xenon with a volume GUID Root.Path (copied as is)",
            ("root",),
            xenon({"root": {"path": P + "{" + G + "}"}}),
        ),
        cdef(
            "root.xenon.odd-path",
            "V2 Xenon with Root.Path containing a newline and <&>",
            ("root",),
            xenon({"root": {"path": "C:\\c\\<&>\n"}}),
        ),
    ]
    return out
