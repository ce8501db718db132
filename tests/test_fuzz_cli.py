"""``hcsdoc fuzz`` end to end: libFuzzer flags, corpus, a short clean run, a planted finding, artifact -> case."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import pytest

from hcsdoc.cli import main
from hcsdoc.commands import fuzz as cli
from hcsdoc.fuzz.session import libfuzzer_argv


def _args(**over: object) -> argparse.Namespace:
    p = argparse.ArgumentParser()
    cli.add_arguments(p)
    ns = p.parse_args([])
    for k, v in over.items():
        setattr(ns, k, v)
    return ns


def test_libfuzzer_flags() -> None:
    argv = libfuzzer_argv(cli.session_options(_args(time=7, findings=Path("f")), "bytes", Path("c")))
    assert argv[1:4] == ["-m", "hcsdoc.fuzz.bytes_fuzzer", "c"]
    assert "-max_total_time=7" in argv and "-print_final_stats=1" in argv
    assert f"-artifact_prefix=f{os.sep}bytes{os.sep}" in argv
    assert any(a.startswith("-dict=") and a.endswith("hcsdoc.dict") for a in argv)
    structured = libfuzzer_argv(cli.session_options(_args(runs=5), "structured", Path("c")))
    assert "-runs=5" in structured and not any(a.startswith("-dict=") for a in structured)


def test_dictionary_has_every_vocabulary_token() -> None:
    from hcsdoc.fuzz import vocab
    from hcsdoc.fuzz.corpus import DICTIONARY

    text = DICTIONARY.read_text(encoding="utf-8")
    for key in vocab.ANNOTATION_KEYS:
        assert f'"\\"{key}\\""' in text
    for field in vocab.ALL_FIELDS:
        assert f'"\\"{field}\\""' in text


def test_make_corpus_and_to_case(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus"
    assert main(["fuzz", "--target", "bytes", "--make-corpus", "--corpus", str(corpus)]) == 0
    files = sorted(corpus.iterdir())
    assert len(files) >= 5
    assert main(["fuzz", "--target", "bytes", "--to-case", str(files[0]), "--findings", str(tmp_path / "f")]) == 0
    err = capsys.readouterr().err
    case_file = tmp_path / "f" / "bytes" / f"{files[0].name}.case.json"
    assert f"hcsdoc capture --add-case {case_file}" in err
    assert set(json.loads(case_file.read_text(encoding="utf-8"))) == {"spec", "specText", "options", "uvm", "host"}


def test_replay_of_the_seed_corpus_is_clean(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    assert main(["fuzz", "--target", "bytes", "--make-corpus", "--corpus", str(corpus)]) == 0
    assert main(["fuzz", "--target", "bytes", "--replay", str(corpus), "--findings", str(tmp_path / "f")]) == 0


@pytest.mark.timeout(180)
def test_short_fuzz_run_is_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("atheris")
    rc = main(
        [
            "fuzz",
            "--target",
            "bytes",
            "--runs",
            "300",
            "--seed",
            "1",
            "--status",
            "0",
            "--corpus",
            str(tmp_path / "c"),
            "--findings",
            str(tmp_path / "f"),
        ]
    )
    err = capsys.readouterr().err
    assert rc == 0, err
    assert "hcsdoc fuzz: bytes: no findings" in err
    assert "exec/s (libFuzzer average)" in err


# A reference whose run_case has a planted bug; its other modules (the case model the harness reads its base
# cases with) are the real ones.
_FAKE_REFERENCE = """
import hcsdoc
__path__.append(hcsdoc.__path__[1] + "/reference")
from hcsdoc.reference.case import normalize_case

def run_case(case):
    text = case.get("specText") or ""
    if "boom" in text:
        return {"documents": {"v1": {}}, "bytes": {}}
    return {"error": "ok"}
"""


@pytest.mark.timeout(180)
def test_planted_bug_is_a_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("atheris")
    import hcsdoc

    # A stand-in ``hcsdoc`` package whose ``reference`` is the fake and whose other subpackages are the real ones.
    fake = tmp_path / "fake"
    (fake / "hcsdoc" / "reference").mkdir(parents=True)
    (fake / "hcsdoc" / "__init__.py").write_text(
        f"__path__ = [__path__[0], {str(Path(hcsdoc.__file__).parent)!r}]\n", encoding="utf-8"
    )
    (fake / "hcsdoc" / "reference" / "__init__.py").write_text(_FAKE_REFERENCE, encoding="utf-8")
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "seed").write_bytes(b'\x00{"hostname":"boom"}')
    monkeypatch.chdir(tmp_path)  # python -m puts the working folder first on sys.path; keep the real tree off it
    monkeypatch.setenv("PYTHONPATH", str(fake))
    rc = main(
        [
            "fuzz",
            "--target",
            "bytes",
            "--runs",
            "50",
            "--status",
            "0",
            "--corpus",
            str(corpus),
            "--findings",
            str(tmp_path / "f"),
        ]
    )
    err = capsys.readouterr().err
    assert rc == 1, err
    assert "FINDINGS" in err and "hcsdoc capture --add-case" in err
    names = sorted(p.name for p in (tmp_path / "f" / "bytes").iterdir())
    assert any(n.startswith("crash-") and not n.endswith(".json") for n in names)  # libFuzzer's artifact
    assert any(n.startswith("invariant-") and n.endswith(".case.json") for n in names)  # our case file
