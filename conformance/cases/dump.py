"""Process dumps: the location is the UVM's ProcessDumpLocation, overridden by the annotation when the key is
present (even ""); a {container_id} / {CONTAINER_ID} suffix becomes coi.ID; only when the location is non-empty
are the dump type (first) and dump count (strconv.Atoi, > 0, then int32(...)) parsed."""

from __future__ import annotations

from typing import Any

from hcsdoc.conformance.cases._build import (
    ANN_DUMP_COUNT,
    ANN_DUMP_LOCATION,
    ANN_DUMP_TYPE,
    CaseDef,
    argon,
    argon_v1,
    cdef,
    xenon,
)

T = ("dump",)
LOC = "C:\\dumps"


def _ann(**kv: str) -> dict[str, Any]:
    keys = {"location": ANN_DUMP_LOCATION, "type": ANN_DUMP_TYPE, "count": ANN_DUMP_COUNT}
    return {"annotations": {keys[k]: v for k, v in kv.items()}}


def _location() -> list[CaseDef]:
    rows: list[tuple[str, str, dict[str, Any]]] = [
        ("none", "no UVM and no annotation: no dump values", argon()),
        ("argon-annotation", "Argon with a dump location annotation", argon(_ann(location=LOC))),
        ("argon-v1-annotation", "V1 Argon with a dump location annotation", argon_v1(_ann(location=LOC))),
        ("argon-empty-annotation", 'Argon with a dump location annotation ""', argon(_ann(location=""))),
        ("uvm", "Xenon with a UVM dump location and no annotation", xenon(uvm={"processDumpLocation": LOC})),
        ("uvm-empty", "Xenon with an empty UVM dump location", xenon()),
        (
            "uvm-and-annotation",
            "Xenon: the annotation overrides the UVM dump location",
            xenon(_ann(location="D:\\mine"), uvm={"processDumpLocation": LOC}),
        ),
        (
            "uvm-empty-annotation-override",
            'Xenon: an empty annotation overrides the UVM location with ""',
            xenon(_ann(location=""), uvm={"processDumpLocation": LOC}),
        ),
        (
            "uvm-empty-annotation-override-bad-type",
            "Xenon: empty annotation override and an invalid dump type (not parsed)",
            xenon(_ann(location="", type="bogus"), uvm={"processDumpLocation": LOC}),
        ),
        (
            "suffix-lower",
            "location ending in {container_id} (replaced by the ID)",
            argon(_ann(location="C:\\dumps\\{container_id}")),
        ),
        ("suffix-upper", "location ending in {CONTAINER_ID}", argon(_ann(location="C:\\dumps\\{CONTAINER_ID}"))),
        (
            "suffix-mixed",
            "location ending in {Container_Id} (mixed case is not replaced)",
            argon(_ann(location="C:\\dumps\\{Container_Id}")),
        ),
        (
            "suffix-middle",
            "{container_id} in the middle (only a suffix is replaced)",
            argon(_ann(location="C:\\{container_id}\\dumps")),
        ),
        (
            "suffix-twice",
            "{container_id}{container_id}: only the last is replaced",
            argon(_ann(location="C:\\{container_id}{container_id}")),
        ),
        (
            "suffix-lower-then-upper",
            "{container_id}{CONTAINER_ID}: the lower-case test fails, the upper-case one replaces",
            argon(_ann(location="C:\\{container_id}{CONTAINER_ID}")),
        ),
        ("suffix-only", "location exactly {container_id} with ID c1", argon(_ann(location="{container_id}"))),
        (
            "suffix-only-empty-id",
            'location exactly {container_id} with an empty ID (DumpFolder becomes "")',
            argon(
                _ann(location="{container_id}"), options={"id": "", "actualId": "0d7c1c3e-94b7-4c33-9b7a-8a27c1d4f0aa"}
            ),
        ),
        (
            "suffix-uses-id-not-actual",
            "{container_id} with ID different from the actual ID: the ID is used",
            argon(_ann(location="C:\\d\\{container_id}"), options={"id": "from-options", "actualId": "actual"}),
        ),
        (
            "suffix-uvm",
            "Xenon UVM location ending in {container_id}",
            xenon(uvm={"processDumpLocation": "C:\\dumps\\{container_id}"}),
        ),
        (
            "suffix-html-id",
            "{container_id} with an ID containing <&>",
            argon(_ann(location="C:\\{container_id}"), options={"id": "<&>"}),
        ),
        ("space", "location of one space (non-empty)", argon(_ann(location=" "))),
        ("html", "location with <, > and &", argon(_ann(location="C:\\<&>"))),
        ("unicode", "location with non-ASCII and U+2028", argon(_ann(location="C:\\d\u00fcmps\u2028"))),
        ("sandbox", "location sandbox:///processdump (used verbatim)", xenon(_ann(location="sandbox:///processdump"))),
    ]
    return [cdef(f"dump.location.{slug}", desc, (*T, "dump-location"), case) for slug, desc, case in rows]


def _type() -> list[CaseDef]:
    out = []
    for slug, value in (
        ("empty", ""),
        ("mini", "mini"),
        ("full", "full"),
        ("Mini", "Mini"),
        ("FULL", "FULL"),
        ("space-mini", " mini"),
        ("mini-space", "mini "),
        ("triage", "triage"),
        ("1", "1"),
        ("2", "2"),
        ("custom", "custom"),
    ):
        targets = () if value in ("", "mini", "full") else ("dump-type",)
        out.append(
            cdef(
                f"dump.type.{slug.lower()}{'-case' if slug != slug.lower() else ''}",
                f"dump type annotation {value!r} with a dump location",
                (*T, "dump-type"),
                argon(_ann(location=LOC, type=value)),
                targets,
            )
        )
    out += [
        cdef(
            "dump.type.absent",
            "dump location without a dump type annotation (defaults)",
            (*T, "dump-type"),
            argon(_ann(location=LOC)),
        ),
        cdef(
            "dump.type.bad-no-location",
            "invalid dump type without a dump location: not parsed",
            (*T, "dump-type"),
            argon(_ann(type="bogus")),
        ),
        cdef(
            "dump.type.bad-empty-location",
            'invalid dump type with a dump location "": not parsed',
            (*T, "dump-type"),
            argon(_ann(location="", type="bogus")),
        ),
        cdef(
            "dump.type.bad-and-count-bad",
            "invalid dump type and invalid dump count: the type is checked first",
            (*T, "dump-type", "dump-count", "order"),
            argon(_ann(location=LOC, type="bogus", count="abc")),
            ("dump-type",),
        ),
        cdef(
            "dump.type.bad.xenon-uvm-location",
            "invalid dump type with the location from the UVM",
            (*T, "dump-type"),
            xenon(_ann(type="bogus"), uvm={"processDumpLocation": LOC}),
            ("dump-type",),
        ),
    ]
    return out


# (slug, value, what it probes, kind the value is designed to reach)
COUNT_VALUES: list[tuple[str, str, str, str | None]] = [
    ("empty", "", "empty (default)", None),
    ("0", "0", "zero", "dump-count-invalid"),
    ("1", "1", "one", None),
    ("10", "10", "ten", None),
    ("neg1", "-1", "negative", "dump-count-invalid"),
    ("plus1", "+1", "plus sign (Atoi accepts it)", None),
    ("plus0", "+0", "plus zero", "dump-count-invalid"),
    ("neg0", "-0", "minus zero", "dump-count-invalid"),
    ("leading-zeros", "007", "leading zeros", None),
    ("2pow31m1", "2147483647", "MaxInt32", None),
    ("2pow31", "2147483648", "2^31 (int32 wrap to MinInt32)", None),
    ("2pow32m1", "4294967295", "2^32-1 (int32 wrap to -1)", None),
    ("2pow32", "4294967296", "2^32 (int32 wrap to 0)", None),
    ("2pow32p1", "4294967297", "2^32+1 (int32 wrap to 1)", None),
    ("2pow63m1", "9223372036854775807", "MaxInt64 (int32 wrap to -1)", None),
    ("2pow63", "9223372036854775808", "2^63 (out of int range)", "dump-count-atoi"),
    ("neg2pow63", "-9223372036854775808", "MinInt64", "dump-count-invalid"),
    ("neg2pow63m1", "-9223372036854775809", "below MinInt64", "dump-count-atoi"),
    ("1e20", "99999999999999999999", "twenty nines", "dump-count-atoi"),
    ("space5", " 5", "leading space", "dump-count-atoi"),
    ("5space", "5 ", "trailing space", "dump-count-atoi"),
    ("underscore", "5_0", "underscore (base 10 Atoi rejects it)", "dump-count-atoi"),
    ("hex", "0x10", "hex prefix", "dump-count-atoi"),
    ("float", "1.0", "decimal point", "dump-count-atoi"),
    ("exp", "1e3", "exponent", "dump-count-atoi"),
    ("nonnumeric", "abc", "letters", "dump-count-atoi"),
    ("sign-only", "+", "a lone plus sign", "dump-count-atoi"),
    ("minus-only", "-", "a lone minus sign", "dump-count-atoi"),
    ("double-sign", "--1", "two signs", "dump-count-atoi"),
    ("arabic-indic", "\u0665", "Arabic-Indic digit", "dump-count-atoi"),
    ("quote", '"5"', "quoted digits (quoted again by Atoi's error)", "dump-count-atoi"),
    ("newline", "5\n", "trailing newline", "dump-count-atoi"),
]


def _count() -> list[CaseDef]:
    out = []
    for slug, value, note, kind in COUNT_VALUES:
        out.append(
            cdef(
                f"dump.count.{slug}",
                f"dump count annotation {value!r}: {note}",
                (*T, "dump-count"),
                argon(_ann(location=LOC, count=value)),
                (kind,) if kind else (),
            )
        )
    out += [
        cdef(
            "dump.count.absent",
            "dump location without a dump count annotation",
            (*T, "dump-count"),
            argon(_ann(location=LOC, type="mini")),
        ),
        cdef(
            "dump.count.bad-no-location",
            "invalid dump count without a dump location: not parsed",
            (*T, "dump-count"),
            argon(_ann(count="abc")),
        ),
        cdef(
            "dump.count.0-no-location",
            "dump count 0 without a dump location: not parsed",
            (*T, "dump-count"),
            argon(_ann(count="0")),
        ),
        cdef(
            "dump.count.bad.xenon",
            "invalid dump count with the location from the UVM",
            (*T, "dump-count"),
            xenon(_ann(count="0"), uvm={"processDumpLocation": LOC}),
            ("dump-count-invalid",),
        ),
    ]
    return out


def cases() -> list[CaseDef]:
    return _location() + _type() + _count()
