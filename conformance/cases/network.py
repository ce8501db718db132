"""windows.network: Networking is present exactly when the section is; DNSSearchList nil vs [] vs items (joined
with "," unescaped); the namespace comes from the create options, never from the spec."""

from __future__ import annotations

from typing import Any

from hcsdoc.conformance.cases._build import SCHEMA_V10, CaseDef, argon, argon_v1, cdef, xenon

_NS = "a2f8e6c4-1b3d-4e5f-8a9b-0c1d2e3f4a5b"


def cases() -> list[CaseDef]:
    rows: list[tuple[str, str, dict[str, Any] | None, str]] = [
        ("absent", "no windows.network section", None, ""),
        ("absent-with-namespace-option", "no windows.network section, but a network namespace option", None, _NS),
        ("null", "windows.network is null", {"network": None}, ""),
        ("empty", "windows.network is {} (Networking present but empty)", {"network": {}}, ""),
        ("empty-with-namespace", "windows.network is {} with a network namespace option", {"network": {}}, _NS),
        ("dns-nil", "DNSSearchList absent (nil)", {"network": {"allowUnqualifiedDNSQuery": True}}, ""),
        ("dns-null", "DNSSearchList null (nil slice)", {"network": {"DNSSearchList": None}}, ""),
        ("dns-empty", 'DNSSearchList [] (non-nil, joins to "")', {"network": {"DNSSearchList": []}}, ""),
        ("dns-one", "DNSSearchList with one item", {"network": {"DNSSearchList": ["corp.example.com"]}}, ""),
        ("dns-two", "DNSSearchList with two items", {"network": {"DNSSearchList": ["a.example", "b.example"]}}, ""),
        ("dns-empty-items", 'DNSSearchList ["", ""] joins to ","', {"network": {"DNSSearchList": ["", ""]}}, ""),
        (
            "dns-item-with-comma",
            "DNSSearchList item containing a comma (no escaping)",
            {"network": {"DNSSearchList": ["a,b", "c"]}},
            "",
        ),
        (
            "dns-html",
            "DNSSearchList items with <, > and & (HTML-escaped by json.Marshal)",
            {"network": {"DNSSearchList": ["<a>&b"]}},
            "",
        ),
        (
            "dns-key-lowercase",
            "dnsSearchList spelled in lower camel case (keys match case-insensitively)",
            {"network": {"dnsSearchList": ["x.example"]}},
            "",
        ),
        ("endpoints-null", "endpointList null", {"network": {"endpointList": None}}, ""),
        ("endpoints-empty", "endpointList []", {"network": {"endpointList": []}}, ""),
        ("endpoints-two", "endpointList with two endpoints", {"network": {"endpointList": ["ep1", "ep2"]}}, ""),
        ("endpoints-empty-item", 'endpointList [""]', {"network": {"endpointList": [""]}}, ""),
        ("allow-unqualified", "allowUnqualifiedDNSQuery true", {"network": {"allowUnqualifiedDNSQuery": True}}, ""),
        (
            "shared-container",
            "networkSharedContainerName set",
            {"network": {"networkSharedContainerName": "pause"}},
            "",
        ),
        (
            "spec-namespace-ignored",
            "windows.network.networkNamespace set in the spec (not read), no namespace option",
            {"network": {"networkNamespace": "spec-ns"}},
            "",
        ),
        (
            "spec-and-option-namespace",
            "networkNamespace in the spec and a different namespace option",
            {"network": {"networkNamespace": "spec-ns"}},
            _NS,
        ),
        (
            "full",
            "every windows.network field set, with a namespace option",
            {
                "network": {
                    "endpointList": ["ep1"],
                    "allowUnqualifiedDNSQuery": True,
                    "DNSSearchList": ["a", "b"],
                    "networkSharedContainerName": "pause",
                    "networkNamespace": "spec-ns",
                }
            },
            _NS,
        ),
    ]
    out = []
    for slug, desc, windows_patch, ns in rows:
        patch = {"windows": windows_patch} if windows_patch is not None else None
        out.append(cdef(f"network.{slug}", desc, ("network",), argon(patch, options={"networkNamespace": ns})))
    out += [
        cdef(
            "network.xenon.full",
            "windows.network with endpoints, DNS list and a namespace option in a V2 Xenon container",
            ("network",),
            xenon(
                {"windows": {"network": {"endpointList": ["ep1"], "DNSSearchList": ["a"]}}},
                options={"networkNamespace": _NS},
            ),
        ),
        cdef(
            "network.v1.full",
            "windows.network with endpoints and DNS list in a V1 Argon container with a namespace option",
            ("network",),
            argon_v1(
                {
                    "windows": {
                        "network": {"endpointList": ["ep1"], "DNSSearchList": ["a"], "allowUnqualifiedDNSQuery": True}
                    }
                },
                options={"networkNamespace": _NS, "schemaVersion": SCHEMA_V10},
            ),
        ),
    ]
    return out
