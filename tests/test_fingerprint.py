"""Behaviour fingerprints (conformance/capture/fingerprint.py) on a small git repository made in tmp_path."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from hcsdoc.conformance.capture.fingerprint import MODULE, FingerprintError, GitTree, fingerprint, reachable

HCSOCI = f"{MODULE}/internal/hcsoci"
ROOTS = ((HCSOCI, "createWindowsContainerDocument"),)

CONVERTER = """//go:build windows

package hcsoci

import (
	"github.com/Microsoft/hcsshim/internal/oci"
)

// createWindowsContainerDocument is the root.
func createWindowsContainerDocument(n int) int {
	for _, x := range []int{1} {
		n += x
	}
	return helper(n) + oci.Parse(n) + Limit
}

func helper(n int) int { return n * 2 }

func unrelated() int { return 1 }

const (
	Limit = 3
	Other = 4
)
"""

OCI = """package oci

func Parse(n int) int { return n + 1 }

func NotCalled() int { return 0 }
"""

LINUX_ONLY = """//go:build linux

package oci

func Parse(n int) int { return -1 }
"""


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t", *args], check=True, capture_output=True
    )


def _commit(repo: Path, files: dict[str, str], tag: str) -> None:
    for rel, text in files.items():
        p = repo / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", tag, "--allow-empty")
    _git(repo, "tag", tag)


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    r = tmp_path / "hcsshim"
    r.mkdir()
    _git(r, "init", "-q")
    base = {
        "go.mod": "module github.com/Microsoft/hcsshim\n\ngo 1.21\n",
        "internal/hcsoci/hcsdoc_wcow.go": CONVERTER,
        "internal/oci/oci.go": OCI,
    }
    _commit(r, base, "v0.0.1")
    # comments, whitespace, an unreachable function, a constant nobody reads, a file for Linux only
    _commit(
        r,
        {
            "internal/hcsoci/hcsdoc_wcow.go": CONVERTER.replace(
                "// createWindowsContainerDocument is the root.", "// new"
            )
            .replace("return 1 }", "return 2 }")
            .replace("Other = 4", "Other = 5")
            .replace("n += x", "n  +=  x"),
            "internal/oci/oci.go": OCI.replace("return 0", "return 9"),
            "internal/oci/oci_linux.go": LINUX_ONLY,
        },
        "v0.0.2",
    )
    _commit(r, {"internal/oci/oci.go": OCI.replace("n + 1", "n + 2")}, "v0.0.3")  # a callee in another package
    _commit(r, {"go.mod": "module github.com/Microsoft/hcsshim\n\ngo 1.22\n"}, "v0.0.4")  # loop variables
    _commit(r, {"go.mod": "module github.com/Microsoft/hcsshim\n\ngo 1.23\n"}, "v0.0.5")  # no semantic change
    _commit(
        r, {"internal/hcsoci/hcsdoc_wcow.go": CONVERTER.replace("Limit = 3", "Limit = 30")}, "v0.0.6"
    )  # a read constant
    return r / ".git"


def _fp(repo: Path, tag: str) -> str:
    return fingerprint(GitTree(repo, tag), ROOTS, "go1.26.8")[0]


def test_same_behaviour_despite_unreachable_and_cosmetic_changes(repo: Path) -> None:
    assert _fp(repo, "v0.0.1") == _fp(repo, "v0.0.2")


def test_a_reachable_change_in_another_package_counts(repo: Path) -> None:
    assert _fp(repo, "v0.0.2") != _fp(repo, "v0.0.3")


def test_the_loop_variable_language_change_counts_and_later_versions_do_not(repo: Path) -> None:
    assert _fp(repo, "v0.0.3") != _fp(repo, "v0.0.4")
    assert _fp(repo, "v0.0.4") == _fp(repo, "v0.0.5")


def test_a_constant_the_converter_reads_counts(repo: Path) -> None:
    assert _fp(repo, "v0.0.5") != _fp(repo, "v0.0.6")


def test_the_toolchain_counts(repo: Path) -> None:
    tree = GitTree(repo, "v0.0.1")
    assert fingerprint(tree, ROOTS, "go1.26.8")[0] != fingerprint(tree, ROOTS, "go1.27.0")[0]


def test_reachable_names(repo: Path) -> None:
    names = {
        (d.package.removeprefix(MODULE + "/"), n) for d in reachable(GitTree(repo, "v0.0.2"), ROOTS) for n in d.names
    }
    assert ("internal/hcsoci", "helper") in names
    assert ("internal/hcsoci", "Limit") in names
    assert ("internal/oci", "Parse") in names
    assert ("internal/hcsoci", "unrelated") not in names
    assert ("internal/hcsoci", "Other") not in names
    assert ("internal/oci", "NotCalled") not in names


def test_unknown_tag_and_root_fail_loudly(repo: Path) -> None:
    with pytest.raises(FingerprintError, match=r"v9\.9\.9"):
        GitTree(repo, "v9.9.9")
    with pytest.raises(FingerprintError, match=r"root .*nothere not found"):
        reachable(GitTree(repo, "v0.0.1"), ((HCSOCI, "nothere"),))
