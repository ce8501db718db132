"""windows.credentialSpec: only a JSON string (the Go dynamic type string, "" included) is used: it becomes v1
Credentials, and with a ccgState option v2 gets ContainerCredentialGuard. Objects, numbers, booleans, null: ignored."""

from __future__ import annotations

from typing import Any

from hcsdoc.conformance.cases._build import DELETE, CaseDef, argon, argon_v1, cdef, xenon

CCG = {
    "Cookie": "cookie-1",
    "RpcEndpoint": "ccg-endpoint",
    "Transport": "LRPC",
    "CredentialSpec": '{"CmsPlugins":["ActiveDirectory"]}',
}

_SPECS: list[tuple[str, str, Any]] = [
    ("absent", "credentialSpec absent", DELETE),
    ("null", "credentialSpec null", None),
    ("string-empty", 'credentialSpec "" (still a Go string)', ""),
    ("string", "credentialSpec a JSON string", '{"CmsPlugins":["ActiveDirectory"],"DomainJoinConfig":{}}'),
    ("string-html", "credentialSpec a string with <, > and &", "<gmsa>&"),
    ("object", "credentialSpec a JSON object (decodes to a map, not a string)", {"CmsPlugins": ["ActiveDirectory"]}),
    ("object-empty", "credentialSpec {}", {}),
    ("number", "credentialSpec a number (decodes to float64)", 5),
    ("bool", "credentialSpec true (decodes to bool)", True),
    ("array", "credentialSpec [] (decodes to a slice)", []),
    ("array-of-string", 'credentialSpec ["x"] (a slice, not a string)', ["x"]),
]


def cases() -> list[CaseDef]:
    out = []
    for slug, desc, value in _SPECS:
        patch = {"windows": {"credentialSpec": value}}
        for ccg_slug, ccg in (("no-ccg", None), ("ccg", CCG)):
            ccg_desc = "with a ccgState option" if ccg else "without ccgState"
            out.append(
                cdef(
                    f"credential.{slug}.{ccg_slug}",
                    f"{desc}, {ccg_desc}",
                    ("credential",),
                    argon(patch, options={"ccgState": ccg}),
                )
            )
    out += [
        cdef(
            "credential.string.ccg.xenon",
            "credentialSpec a string with a ccgState option (HvSocket) in a V2 Xenon container",
            ("credential",),
            xenon({"windows": {"credentialSpec": "spec"}}, options={"ccgState": dict(CCG, Transport="HvSocket")}),
        ),
        cdef(
            "credential.string.ccg.v1",
            "credentialSpec a string with a ccgState option in a V1 Argon container",
            ("credential",),
            argon_v1({"windows": {"credentialSpec": "spec"}}, options={"ccgState": CCG}),
        ),
        cdef(
            "credential.ccg-empty-strings",
            'credentialSpec "" with a ccgState whose four fields are all empty',
            ("credential",),
            argon(
                {"windows": {"credentialSpec": ""}},
                options={"ccgState": {"Cookie": "", "RpcEndpoint": "", "Transport": "", "CredentialSpec": ""}},
            ),
        ),
    ]
    return out
