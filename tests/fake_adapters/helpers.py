"""Building throw-away vector files for runner tests.

These vectors exercise the *runner*, not hcsshim: their "expected results" are arbitrary test data that the fake
adapter is scripted to reproduce (or not), never claims about what Go produces. They live in tmp_path only.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

FAKE = Path(__file__).resolve().parent / "scripted.py"
PROVENANCE = {
    "hcsshim": {"version": "v0.11.8", "commit": "0" * 40},
    "go": "go1.26.8",
    "captureTool": "sha256:" + "0" * 64,
    "date": "2026-01-01",
}


def complete_case(spec: Any) -> dict[str, Any]:
    return {
        "spec": spec,
        "specText": None,
        "options": {
            "id": "c1",
            "actualId": "c1",
            "owner": "test",
            "schemaVersion": {"Major": 2, "Minor": 1},
            "scaleCpuLimitsToSandbox": False,
            "networkNamespace": "",
            "ccgState": None,
            "windowsAdditionalMounts": None,
        },
        "uvm": None,
        "host": {"processorCount": 4, "osBuild": 20348, "layerIds": {}, "resolvedPaths": {}, "files": {}},
    }


def docs_result(v1: dict[str, Any], v2: dict[str, Any]) -> dict[str, Any]:
    return {
        "documents": {"v1": v1, "v2": v2},
        "bytes": {"v1": json.dumps(v1, separators=(",", ":")), "v2": json.dumps(v2, separators=(",", ":"))},
    }


DOCS = docs_result(
    {"SystemType": "Container", "Name": "c1"}, {"Owner": "test", "ShouldTerminateOnLastHandleClosed": True}
)
ERROR = {"error": "fake: spec is invalid", "errorKind": "fake-invalid"}


def vector(
    cid: str,
    do: str = "echo",
    expected: dict[str, Any] | None = None,
    reply: dict[str, Any] | None = None,
    tags: tuple[str, ...] = ("fake",),
    **extra: Any,
) -> dict[str, Any]:
    """A vector whose expected result is ``expected`` (default DOCS) and whose fake script answers ``reply``
    (default: the expected result, i.e. a pass)."""
    exp = expected if expected is not None else DOCS
    fake = {"do": do, "reply": reply if reply is not None else exp, **extra}
    return {
        "id": cid,
        "description": f"runner test vector {cid}",
        "tags": list(tags),
        "case": complete_case({"fake": fake}),
        "expected": exp,
    }


def write_vectors(
    path: Path, vectors: list[dict[str, Any]], suite: str = "test", retired: list[str] | None = None
) -> Path:
    data = {
        "format": 1,
        "suite": suite,
        "provenance": PROVENANCE,
        "retired": retired or [],
        "cases": sorted(vectors, key=lambda v: v["id"]),
    }
    path.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def fake_cmd(*args: str) -> str:
    import shlex

    return shlex.join([sys.executable, str(FAKE), *args])
