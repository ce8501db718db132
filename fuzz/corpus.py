"""Seed corpora (generated, never committed) and artifact -> case file.

* bytes / diff: one seed per vector case (``conformance/vectors/*.json``): the host-variant byte closest to the
  case's shape, then the exact spec bytes Go decoded for it; plus a few built-in specs so that a checkout without
  vectors still starts from deep inside the converter.
* structured: Hypothesis choice sequences that draw a valid case, found by feeding random bytes to
  ``fuzz_one_input`` (which returns the pruned sequence of a valid draw); vectors cannot be expressed as choices.

A corpus file is named after the SHA-1 of its content, like libFuzzer's own corpus files.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Final

from hcsdoc.fuzz import vocab
from hcsdoc.fuzz.richhost import case_from_input, variant_for_case

# Default locations (both git-ignored): generated corpora, and findings (see fuzz/findings.py).
CORPUS_ROOT: Final = Path(".cache") / "fuzz" / "corpus"
# libFuzzer's dictionary for the byte-level harness (tokens of the spec format and the values the converter tests).
DICTIONARY: Final = Path(__file__).resolve().parent / "dictionary" / "hcsdoc.dict"
# ... and for the reply harness (protocol keys, hostile numbers and escapes).
REPLY_DICTIONARY: Final = Path(__file__).resolve().parent / "dictionary" / "reply.dict"
TARGETS: Final = ("bytes", "structured", "diff", "reply")

_LAYERS: Final = ["C:\\layers\\base", "C:\\layers\\app", "C:\\layers\\scratch"]
_ROOT: Final = {"path": vocab.VOLUME_GUID}
# (variant index, spec): hand-made starting points that pass the early checks.
BUILTIN_SPECS: Final[tuple[tuple[int, dict[str, Any]], ...]] = (
    (0, {"root": _ROOT, "windows": {"layerFolders": _LAYERS}}),
    (
        0,
        {
            "hostname": "h",
            "root": _ROOT,
            "mounts": [
                {"destination": "C:\\d", "source": "C:\\data", "options": ["ro"]},
                {"destination": "\\\\.\\pipe\\p2", "source": "\\\\.\\pipe\\p1"},
            ],
            "annotations": {
                "io.microsoft.container.processor.count": "4",
                "io.microsoft.container.processdumplocation": "C:\\dumps\\{container_id}",
                "io.microsoft.wcow.processdumptype": "mini",
                "io.microsoft.wcow.processdumpcount": "3",
            },
            "windows": {
                "layerFolders": _LAYERS,
                "devices": [{"id": "PCIROOT(0)#PCI(0100)", "idType": "vpci-location-path"}],
                "network": {"endpointList": ["ep1"], "DNSSearchList": ["a.com"]},
                "resources": {"memory": {"limit": 1073741824}, "storage": {"iops": 5}},
                "credentialSpec": "credspec",
            },
        },
    ),
    (
        2,
        {
            "root": {"path": "C:\\c\\1"},
            "mounts": [
                {"destination": "C:\\d", "source": "C:\\data"},
                {"destination": "C:\\s", "source": "sandbox:///a/dirInUvm"},
                {"destination": "C:\\v", "source": "C:\\vhd", "type": "virtual-disk"},
            ],
            "annotations": {
                "io.microsoft.container.processor.limit": "5000",
                "io.microsoft.container.wcow.deviceextensions": "C:\\ext\\gpu.json",
            },
            "windows": {"layerFolders": _LAYERS, "hyperv": {}},
        },
    ),
    (4, {"root": _ROOT, "windows": {"layerFolders": _LAYERS, "hyperv": {}}}),
    (1, {"root": _ROOT, "windows": {"layerFolders": _LAYERS, "ignoreFlushesDuringBoot": True}}),
)


def _vector_cases() -> Iterator[Mapping[str, Any]]:
    from hcsdoc.conformance.vectors.files import load_vector_file, vector_paths

    for path in vector_paths():
        for entry in load_vector_file(path).data["cases"]:
            case = entry.get("case")
            if isinstance(case, Mapping):
                yield case


def byte_seeds(include_vectors: bool = True) -> list[bytes]:
    """Seeds for the bytes and diff harnesses: the built-in specs, then every vector case's spec."""
    from hcsdoc.reference.api import case_spec_bytes

    seeds = [bytes([v]) + case_spec_bytes({"spec": spec}) for v, spec in BUILTIN_SPECS]
    if include_vectors:
        for case in _vector_cases():
            seeds.append(bytes([variant_for_case(case)]) + case_spec_bytes(case))
    return list(dict.fromkeys(seeds))


def structured_seeds(count: int = 64, seed: int = 0, attempts: int = 4000) -> list[bytes]:
    """Choice sequences that make valid cases (random bytes through fuzz_one_input, pruned)."""
    from hcsdoc.fuzz.structured_fuzzer import case_for_input, test_structured_case

    fuzz_one = test_structured_case.hypothesis.fuzz_one_input
    rng = random.Random(seed)
    out: list[bytes] = []
    import hcsdoc.fuzz.structured_fuzzer as sf

    for _ in range(attempts):
        if len(out) >= count:
            break
        buf = rng.randbytes(rng.choice((64, 256, 1024, 4096)))
        sf._capture = []  # draw only: seeds are about shape, not about running the converter here
        try:
            pruned = fuzz_one(buf)
        finally:
            sf._capture = None
        if pruned is not None and case_for_input(pruned) is not None:
            out.append(bytes(pruned))
    return list(dict.fromkeys(out))


def write_corpus(target: str, directory: Path | None = None) -> tuple[Path, int]:
    """(Re)write the seed corpus of ``target``; return the folder and the number of files written."""
    d = directory if directory is not None else CORPUS_ROOT / target
    d.mkdir(parents=True, exist_ok=True)
    if target == "reply":
        from hcsdoc.fuzz.reply_fuzzer import seeds as reply_seeds

        seeds = reply_seeds()
    else:
        seeds = structured_seeds() if target == "structured" else byte_seeds()
    for s in seeds:
        (d / hashlib.sha1(s).hexdigest()).write_bytes(s)
    return d, len(seeds)


def case_for_artifact(target: str, data: bytes) -> dict[str, Any]:
    """The complete case an artifact (crash file, corpus file) stands for."""
    from hcsdoc.reference import normalize_case

    if target == "structured":
        from hcsdoc.fuzz.structured_fuzzer import case_for_input

        case = case_for_input(data)
        if case is None:
            raise ValueError("these bytes do not draw a case with the current strategies (Hypothesis version?)")
        return normalize_case(case)
    return normalize_case(case_from_input(data))


def write_case_file(target: str, artifact: Path, out_dir: Path) -> Path:
    case = case_for_artifact(target, artifact.read_bytes())
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{artifact.name}.case.json"
    path.write_text(json.dumps(case, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
