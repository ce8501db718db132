"""Complete cases for the reference-converter tests (docs/case-format.md §1), without conformance/ defaults."""

from __future__ import annotations

import copy
from typing import Any

VOL = "\\\\?\\Volume{dcc079ae-60ba-4d07-847c-3493609c0870}"
GUID_BASE = "AAAAAAAA-0000-0000-0000-000000000001"
GUID_MID = "bbbbbbbb-0000-0000-0000-000000000002"
SHARE = "\\\\?\\VMSMB\\VSMB-{dcc079ae-60ba-4d07-847c-3493609c0870}\\"
WAIT_KEY = (
    '{"Key":{"Hive":"System","Name":"ControlSet001\\\\Control"},"Name":"WaitToKillServiceTimeout",'
    '"Type":"String","StringValue":"2147483647"}'
)
REG = '"RegistryChanges":{"AddValues":[' + WAIT_KEY + "]}"


def spec(**windows: Any) -> dict[str, Any]:
    """A valid Argon spec: two layers (base, scratch) and a volume root; ``windows`` keys override."""
    w: dict[str, Any] = {"layerFolders": ["C:\\l\\base", "C:\\l\\scratch"]}
    w.update(windows)
    return {"windows": w, "root": {"path": VOL}}


def case(sp: Any = None, *, uvm: dict[str, Any] | None = None, **kw: Any) -> dict[str, Any]:
    """A complete case. Keyword args: options members, host members, ``specText``/``specBase64``, ``no_spec``."""
    c: dict[str, Any] = {
        "spec": copy.deepcopy(sp) if sp is not None else (None if kw.pop("no_spec", False) else spec()),
        "specText": kw.pop("specText", None),
        "options": {
            "id": "c1",
            "actualId": "c1-actual",
            "owner": "own",
            "schemaVersion": {"Major": 2, "Minor": 1},
            "scaleCpuLimitsToSandbox": False,
            "networkNamespace": "",
            "ccgState": None,
            "windowsAdditionalMounts": None,
        },
        "uvm": None,
        "host": {
            "processorCount": 8,
            "osBuild": 20348,
            "layerIds": {"base": GUID_BASE, "mid": GUID_MID},
            "resolvedPaths": {},
            "files": {},
        },
    }
    if "specBase64" in kw:
        c["specBase64"] = kw.pop("specBase64")
    if c["specText"] is not None or "specBase64" in c:
        c["spec"] = None
    if uvm is not None:
        u = {"os": "windows", "processorCount": 2, "processDumpLocation": "", "vsmbShares": []}
        u.update(uvm)
        c["uvm"] = u
    for k, v in kw.items():
        if k in c["options"]:
            c["options"][k] = v
        elif k in c["host"]:
            c["host"][k] = v
        else:
            raise KeyError(k)
    return c
