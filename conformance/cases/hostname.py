"""Spec.Hostname: copied to v1 HostName and v2 GuestOs.HostName when non-empty (json.Marshal escaping applies)."""

from __future__ import annotations

from hcsdoc.conformance.cases._build import CaseDef, argon, argon_v1, cdef, xenon

_VALUES = [
    ("empty", 'hostname "" (no GuestOs)', ""),
    ("simple", "a plain hostname", "web-0"),
    ("html", "hostname with <, > and & (HTML-escaped on output)", "<a&b>"),
    ("u2028", "hostname with U+2028 and U+2029 (always escaped on output)", "a\u2028b\u2029c"),
    ("controls", "hostname with backspace, form feed, tab, newline and U+0001", "a\bb\fc\td\ne\u0001f"),
    ("nul", "hostname with an embedded NUL", "a\u0000b"),
    ("del", "hostname with DEL (0x7f, emitted raw)", "a\u007fb"),
    ("unicode", "hostname with non-ASCII letters and an emoji", "h\u00f6st-\u6771\U0001f600"),
    ("replacement-char", "hostname containing U+FFFD", "a\ufffdb"),
    ("quote-backslash", "hostname with a double quote and a backslash", 'a"b\\c'),
    ("long", "a 1000-character hostname", "h" * 1000),
    ("space", "hostname of one space (non-empty)", " "),
]


def cases() -> list[CaseDef]:
    out = [cdef(f"hostname.{slug}", desc, ("hostname",), argon({"hostname": value})) for slug, desc, value in _VALUES]
    out += [
        cdef("hostname.xenon", "a plain hostname in a V2 Xenon container", ("hostname",), xenon({"hostname": "web-0"})),
        cdef("hostname.v1", "a plain hostname in a V1 Argon container", ("hostname",), argon_v1({"hostname": "web-0"})),
        cdef("hostname.null", "hostname null (a no-op for a Go string)", ("hostname",), argon({"hostname": None})),
    ]
    return out
