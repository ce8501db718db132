"""Mismatches between reference.gojson and Go 1.26 encoding/json found by tests/gooracle/massdiff.py.

Each row is a (minimized) input and Go's exact answer, obtained by running it through the Go oracle
(tests/gooracle/oracle for ``*specs.Spec``, the generated DeviceExtension oracle of massdiff.py for
``hcsschema.DeviceExtension``): the error text and the ``json.Marshal`` bytes of the decoded value. Deeply nested
rows are written as the expression that builds them; the expected bytes were compared with Go's.

The last test runs a small mass differential run against the live oracles (skipped without a Go toolchain).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from hcsdoc.reference import hcsschema
from hcsdoc.reference.gojson import marshal, unmarshal
from hcsdoc.reference.gotypes import GoType, Ptr, Struct
from hcsdoc.reference.specs import Spec

TARGETS: dict[str, GoType] = {"spec": Ptr(Struct(Spec)), "ext": Struct(hcsschema.DeviceExtension)}


def _objdir_chain(n: int, leaf: bytes) -> bytes:
    return b'{"namespace":{"ob":{"objdir":[' + b'{"objdir":[' * n + leaf + b"]}" * n + b"]}}}"


def _credential_spec(n: int, open_: bytes, leaf: bytes, close: bytes, rest: bytes = b"") -> bytes:
    return b'{"windows":{"credentialSpec":' + open_ * n + leaf + close * n + b"}" + rest + b"}"


_SPEC_PREFIX = b'{"ociVersion":"","windows":{"layerFolders":null,"credentialSpec":'

# (name, target, input, Go's error text or None, Go's json.Marshal of the decoded value)
CASES: list[tuple[str, str, bytes, str | None, bytes]] = [
    # Texts that Python's parser takes within the default recursion limit but whose decoding (several Python
    # frames per level) exceeded it: unmarshal raised RecursionError where Go decodes (some hundreds of levels).
    ("ext-objdir-300", "ext", _objdir_chain(300, b'{"name":"x"}'), None, _objdir_chain(300, b'{"name":"x"}')),
    (
        "spec-credentialspec-300",
        "spec",
        _credential_spec(300, b'{"a":[', b"1", b"]}"),
        None,
        _SPEC_PREFIX + b'{"a":[' * 300 + b"1" + b"]}" * 300 + b"}}",
    ),
    # Deeper texts were decoded (with room) but marshal, under the default limit, raised RecursionError.
    ("ext-objdir-2000", "ext", _objdir_chain(2000, b'{"name":"x"}'), None, _objdir_chain(2000, b'{"name":"x"}')),
    (
        "spec-credentialspec-2000",
        "spec",
        _credential_spec(2000, b'{"a":[', b"1", b"]}"),
        None,
        _SPEC_PREFIX + b'{"a":[' * 2000 + b"1" + b"]}" * 2000 + b"}}",
    ),
    # The same depths with a type error at the bottom: the error's field path is as long as the chain.
    (
        "ext-objdir-2000-type-error",
        "ext",
        _objdir_chain(2000, b'{"name":1}'),
        "json: cannot unmarshal number into Go struct field ObjectDirectory.namespace.ob"
        + ".objdir" * 2001
        + ".name of type string",
        _objdir_chain(2000, b"{}"),
    ),
    (
        "spec-credentialspec-2000-overflow",
        "spec",
        _credential_spec(2000, b"[[", b"1e400", b"]]", b',"hostname":1'),
        "json: cannot unmarshal number 1e400 into Go struct field Windows.windows.credentialSpec of type float64",
        # literalInterface stores nil for the number it cannot hold; the enclosing arrays are kept.
        _SPEC_PREFIX + b"[[" * 2000 + b"null" + b"]]" * 2000 + b"}}",
    ),
]


@pytest.mark.parametrize(("name", "target", "data", "error", "out"), CASES, ids=[c[0] for c in CASES])
def test_decode_and_remarshal_match_go(name: str, target: str, data: bytes, error: str | None, out: bytes) -> None:
    limit = sys.getrecursionlimit()
    value, err = unmarshal(data, TARGETS[target])
    assert err == error
    assert marshal(value, TARGETS[target]) == out
    assert sys.getrecursionlimit() == limit  # the room for deep values is given back


def _massdiff() -> object:
    path = Path(__file__).parent / "gooracle" / "massdiff.py"
    spec = importlib.util.spec_from_file_location("gooracle_massdiff", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.go
def test_small_mass_run_finds_no_mismatch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    module = _massdiff()
    rc = module.main(["--n", "1500", "--seed", "20240611", "--batch", "250", "--out", str(tmp_path)])  # type: ignore[attr-defined]
    printed = capsys.readouterr().out
    assert "1500 inputs" in printed
    assert rc == 0, printed[-3000:]
    assert not list(tmp_path.glob("*.json"))


def test_decode_falls_back_when_the_decoders_run_out_of_stack(monkeypatch: pytest.MonkeyPatch) -> None:
    """A text the C parser takes within the recursion limit but the (deeper) decoders do not is decoded again with
    room, giving exactly what the normal path gives with room to spare."""
    import inspect
    import sys

    import hcsdoc.reference.gojson.decode as decode_module
    from hcsdoc.reference.gojson import marshal, unmarshal
    from hcsdoc.reference.gojson.types import Ptr, Struct
    from hcsdoc.reference.hcsschema import DeviceExtension

    go = Ptr(Struct(DeviceExtension))
    depth = 100
    data = (
        b'{"namespace":{"ob":{"objdir":['
        + b'{"name":"d","objdir":[' * depth
        + b'{"name":"leaf"}'
        + b"]}" * depth
        + b"]}}}"
    )
    want_value, want_err = unmarshal(data, go)
    assert want_err is None
    want_bytes = marshal(want_value, go)
    limit = sys.getrecursionlimit()
    # Room for the parser (about one frame per level) but not for the decoders (several frames per level).
    fallbacks: list[int] = []
    deep_decode = decode_module._deep_decode
    monkeypatch.setattr(decode_module, "_deep_decode", lambda *a: (fallbacks.append(1), deep_decode(*a))[1])
    # How many frames the parser and the decoders need depends on the interpreter and on what wraps the test
    # (coverage, pytest plugins), so try a range of limits and decode under each; some must hit the fallback.
    base = len(inspect.stack())
    results = []
    for extra in range(10, 400, 10):
        sys.setrecursionlimit(base + depth + extra)
        try:
            results.append(unmarshal(data, go))
        except RecursionError:
            pass  # too little room even for the parser's fallback: not what this test is about
        finally:
            sys.setrecursionlimit(limit)
    assert fallbacks, "the decoders never ran out of stack: the test no longer reaches the fallback"
    for value, err in results:
        assert err is None
        assert marshal(value, go) == want_bytes
    assert sys.getrecursionlimit() == limit
