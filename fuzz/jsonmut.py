"""A JSON-aware mutator for the bytes harness: parse, mutate one node, re-serialize.

Input layout (shared with fuzz/richhost.py): byte 0 picks the rich-host variant, the rest is the spec's JSON text.

libFuzzer's byte mutations rarely keep JSON well-formed, and a spec that does not decode stops at the decoder.
This mutator parses the text into a tree that keeps what Go's decoder cares about and Python's ``json`` would
lose: duplicate keys (objects are lists of pairs, so ``{"a":1,"a":2}`` survives), number spellings (numbers stay
their source text, so ``1.0``, ``-0`` and ``18446744073709551616`` survive) and invalid UTF-8 (bytes are decoded
with ``surrogateescape`` and written back unchanged). It then changes one node, using the vocabulary in
fuzz/vocab.py and field-aware templates, so that a mutation reaches converter branches instead of decoder errors.
Some mutations are left to libFuzzer's own byte mutator (``raw``, which also uses the ``-dict`` tokens), because
malformed JSON is an input the decoder must handle too.
"""

from __future__ import annotations

import json
import json.encoder as _json_encoder
import random
from collections.abc import Callable
from typing import Any, Final

from hcsdoc.fuzz import vocab

RawMutate = Callable[[bytes, int], bytes]

# Probability of handing the whole body to libFuzzer's byte mutator instead of a structural mutation.
RAW_PROBABILITY: Final = 0.15
# Probability of changing the host-variant byte.
VARIANT_PROBABILITY: Final = 0.04


class Num(str):
    """A JSON number kept as its source text."""


class Obj(list[tuple[str, Any]]):
    """A JSON object as its list of (key, value) pairs, duplicates and order kept."""


def parse(text: str) -> Any:
    """Parse JSON text into the pair/number-preserving tree. Raises ValueError when it is not JSON."""
    return json.loads(text, object_pairs_hook=Obj, parse_float=Num, parse_int=Num, parse_constant=Num)


def serialize(node: Any) -> bytes:
    """The tree as bytes. Strings holding escaped raw bytes (U+DC80..U+DCFF) turn back into those bytes."""
    parts: list[str] = []
    _emit(node, parts, _encode_str)
    text = "".join(parts)
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        # A surrogate that is not an escaped byte (it came from a "\ud800" escape): write strings ASCII-escaped.
        parts.clear()
        _emit(node, parts, _encode_str_ascii)
        return "".join(parts).encode("utf-8", "surrogateescape")


# The json module's C string encoders: a quoted, escaped JSON string, without json.dumps's per-call set-up.
_encode_str: Final[Callable[[str], str]] = (
    getattr(_json_encoder, "c_encode_basestring", None) or _json_encoder.py_encode_basestring
)
_encode_str_ascii: Final[Callable[[str], str]] = (
    getattr(_json_encoder, "c_encode_basestring_ascii", None) or _json_encoder.py_encode_basestring_ascii
)


def _emit(node: Any, out: list[str], enc: Callable[[str], str]) -> None:
    if isinstance(node, str):
        out.append(str(node) if isinstance(node, Num) else enc(node))
    elif isinstance(node, list):
        if isinstance(node, Obj):
            out.append("{")
            first = True
            for k, v in node:
                if not first:
                    out.append(",")
                first = False
                out.append(enc(k))
                out.append(":")
                _emit(v, out, enc)
            out.append("}")
        else:
            out.append("[")
            for i, v in enumerate(node):
                if i:
                    out.append(",")
                _emit(v, out, enc)
            out.append("]")
    elif node is True:
        out.append("true")
    elif node is False:
        out.append("false")
    elif node is None:
        out.append("null")
    else:
        raise TypeError(f"not a JSON tree node: {type(node).__name__}")


# ---------------------------------------------------------------------------------------------------------------
# where a node lives, so that it can be replaced


_FIELDS_LC: Final = {path.lower(): fields for path, fields in vocab.FIELDS.items()}


class _Slot:
    """A place in the tree: the container, the index in it, and the lowercase field path of the value there."""

    __slots__ = ("container", "index", "path")

    def __init__(self, container: list[Any], index: int, path: str) -> None:
        self.container = container
        self.index = index
        self.path = path

    def get(self) -> Any:
        item = self.container[self.index]
        return item[1] if isinstance(self.container, Obj) else item

    def set(self, value: Any) -> None:
        if isinstance(self.container, Obj):
            self.container[self.index] = (self.container[self.index][0], value)
        else:
            self.container[self.index] = value


def _pick_slot(holder: list[Any], rng: random.Random) -> _Slot:
    """A random place in the tree: from the root, descend into a random child with probability 3/4 at each level.

    Cheaper than listing every node (the mutator runs once per execution), and it still reaches the deep
    fields (``windows.resources.cpu.count``, ``mounts[].options[]``) often enough.
    """
    slot = _Slot(holder, 0, "")
    while True:
        node = slot.get()
        if not isinstance(node, list) or not node or rng.random() < 0.25:
            return slot
        i = rng.randrange(len(node))
        if isinstance(node, Obj):
            slot = _Slot(node, i, _join(slot.path, node[i][0].lower()))
        else:
            slot = _Slot(node, i, slot.path + "[]")


def _join(path: str, key: str) -> str:
    return key if not path else f"{path}.{key}"


def _field(path: str) -> str:
    """The last key of a path, without array markers."""
    return path.rsplit(".", 1)[-1].replace("[]", "")


# ---------------------------------------------------------------------------------------------------------------
# values that fit a field


def value_for(path: str, rng: random.Random) -> Any:
    """A plausible (often valid, sometimes edge-case) value for the field at ``path`` (lowercase)."""
    field = _field(path)
    if path.startswith("annotations."):
        return rng.choice(vocab.ANNOTATION_VALUES)
    pick = rng.choice
    if field == "layerfolders":
        n = rng.choice((0, 1, 2, 2, 3, 3, 4))
        return [pick(vocab.LAYER_FOLDERS[:5]) if rng.random() < 0.85 else pick(vocab.LAYER_FOLDERS) for _ in range(n)]
    if field == "mounts":
        return [_mount(rng) for _ in range(rng.choice((1, 1, 2, 3)))]
    if field == "devices":
        return [_device(rng) for _ in range(rng.choice((1, 1, 2)))]
    if field == "annotations":
        return Obj([(pick(vocab.ANNOTATION_KEYS), pick(vocab.ANNOTATION_VALUES)) for _ in range(rng.choice((1, 2)))])
    if field == "root":
        return Obj(
            [("path", pick(vocab.ROOT_PATHS))] + ([("readonly", rng.random() < 0.3)] if rng.random() < 0.3 else [])
        )
    if field == "path":
        return pick(vocab.ROOT_PATHS)
    if field in ("readonly", "ignoreflushesduringboot", "servicing", "allowunqualifieddnsquery", "terminal"):
        return rng.random() < 0.5
    if field == "resources":
        section = pick(("cpu", "memory", "storage"))
        return Obj([(section, value_for(f"{path}.{section}", rng))])
    if field == "cpu":
        return Obj([(pick(("count", "shares", "maximum")), Num(pick(vocab.NUMBER_TOKENS)))])
    if field == "memory":
        return Obj([("limit", Num(pick(vocab.NUMBER_TOKENS)))])
    if field == "storage":
        return Obj([(pick(("iops", "bps", "sandboxsize")), Num(pick(vocab.NUMBER_TOKENS)))])
    if field in ("count", "shares", "maximum", "limit", "iops", "bps", "sandboxsize"):
        return Num(pick(vocab.NUMBER_TOKENS))
    if field == "hyperv":
        return Obj([("utilityVMPath", pick(("", "C:\\uvm")))]) if rng.random() < 0.5 else Obj()
    if field == "utilityvmpath":
        return pick(("", "C:\\uvm", "C:\\layers\\base"))
    if field == "network":
        return Obj(
            [
                ("endpointList", ["ep1"]),
                ("allowUnqualifiedDNSQuery", True),
                ("DNSSearchList", pick((["a.com", "b"], []))),
                ("networkSharedContainerName", "net1"),
            ][: rng.randint(0, 4)]
        )
    if field in ("endpointlist", "dnssearchlist", "options"):
        src = vocab.MOUNT_OPTIONS if field == "options" else ("ep1", "a.com", "", "x,y")
        return [pick(src) for _ in range(rng.randint(0, 2))]
    if field == "credentialspec":
        return pick(("", "credspec", Obj([("a", "b")]), Num("1")))
    if field == "source":
        return pick(vocab.MOUNT_SOURCES)
    if field == "destination":
        return pick(vocab.MOUNT_DESTINATIONS)
    if field == "type":
        return pick(vocab.MOUNT_TYPES)
    if field == "id":
        return pick(vocab.DEVICE_IDS)
    if field == "idtype":
        return pick(vocab.DEVICE_ID_TYPES)
    if field == "windows":
        return Obj([("layerFolders", value_for("windows.layerfolders", rng))])
    return scalar(rng)


def scalar(rng: random.Random) -> Any:
    r = rng.random()
    if r < 0.55:
        return rng.choice(vocab.STRINGS)
    if r < 0.8:
        return Num(rng.choice(vocab.NUMBER_TOKENS))
    if r < 0.9:
        return rng.random() < 0.5
    return None


def _mount(rng: random.Random) -> Obj:
    m = Obj([("destination", rng.choice(vocab.MOUNT_DESTINATIONS)), ("source", rng.choice(vocab.MOUNT_SOURCES))])
    if rng.random() < 0.4:
        m.append(("type", rng.choice(vocab.MOUNT_TYPES)))
    if rng.random() < 0.5:
        m.append(("options", [rng.choice(vocab.MOUNT_OPTIONS)]))
    return m


def _device(rng: random.Random) -> Obj:
    return Obj([("id", rng.choice(vocab.DEVICE_IDS)), ("idType", rng.choice(vocab.DEVICE_ID_TYPES))])


# ---------------------------------------------------------------------------------------------------------------
# key spellings Go's case-insensitive matching treats as the same field


def case_variant(key: str, rng: random.Random) -> str:
    """Another spelling of ``key`` that Go's encoding/json still matches (or a near miss that it does not)."""
    r = rng.random()
    if r < 0.3:
        return key.upper()
    if r < 0.5:
        return key[:1].upper() + key[1:]
    if r < 0.65 and ("s" in key or "S" in key):
        # U+017F LATIN SMALL LETTER LONG S folds to "s" under Go's EqualFold.
        return key.replace("s", "\u017f", 1) if "s" in key else key.replace("S", "\u017f", 1)
    if r < 0.8 and ("k" in key or "K" in key):
        # U+212A KELVIN SIGN folds to "k".
        return key.replace("k", "\u212a", 1) if "k" in key else key.replace("K", "\u212a", 1)
    if r < 0.9:
        return key.lower()
    return key + "_"


# ---------------------------------------------------------------------------------------------------------------
# one structural mutation


def _mutate_tree(root: Any, rng: random.Random, raw: RawMutate) -> Any:
    holder: list[Any] = [root]
    slot = _pick_slot(holder, rng)
    node = slot.get()
    r = rng.random()
    if isinstance(node, Obj):
        fields = vocab.ANNOTATION_KEYS if slot.path == "annotations" else _FIELDS_LC.get(slot.path, vocab.ALL_FIELDS)
        if r < 0.35 or not node:
            key = rng.choice(fields)
            node.insert(rng.randint(0, len(node)), (key, value_for(_join(slot.path, key.lower()), rng)))
        elif r < 0.5:
            del node[rng.randrange(len(node))]
        elif r < 0.65:
            # A duplicate key: Go's decoder merges objects/arrays into the earlier value, last scalar wins.
            i = rng.randrange(len(node))
            k, _v = node[i]
            k2 = case_variant(k, rng) if rng.random() < 0.5 else k
            node.insert(rng.randint(i + 1, len(node)), (k2, value_for(_join(slot.path, k.lower()), rng)))
        elif r < 0.8:
            i = rng.randrange(len(node))
            k, v = node[i]
            node[i] = (case_variant(k, rng), v)
        elif r < 0.9:
            i = rng.randrange(len(node))
            k, _v = node[i]
            node[i] = (k, value_for(_join(slot.path, k.lower()), rng))
        else:
            slot.set(_retype(rng))
    elif isinstance(node, list):
        if r < 0.3 or not node:
            item = value_for(slot.path, rng)
            item = item[0] if isinstance(item, list) and item and not isinstance(item, Obj) else scalar(rng)
            node.insert(rng.randint(0, len(node)), item)
        elif r < 0.5:
            del node[rng.randrange(len(node))]
        elif r < 0.65:
            node.append(_copy(rng.choice(node)))
        elif r < 0.8 and len(node) > 1:
            i, j = rng.randrange(len(node)), rng.randrange(len(node))
            node[i], node[j] = node[j], node[i]
        elif r < 0.9:
            slot.set(value_for(slot.path, rng))
        else:
            slot.set(_retype(rng))
    elif isinstance(node, str) and not isinstance(node, Num):
        if r < 0.45:
            slot.set(value_for(slot.path, rng))
        elif r < 0.85:
            # surrogatepass: a lone surrogate from a "\ud800" escape becomes its 3 (invalid UTF-8) bytes.
            data = raw(node.encode("utf-8", "surrogatepass"), 256)
            slot.set(data.decode("utf-8", "surrogateescape"))
        else:
            slot.set(_retype(rng))
    else:
        if r < 0.6:
            slot.set(value_for(slot.path, rng))
        elif r < 0.8 and isinstance(node, Num):
            slot.set(Num(raw(node.encode("ascii", "replace"), 32).decode("latin-1") or "0"))
        else:
            slot.set(_retype(rng))
    return holder[0]


def _retype(rng: random.Random) -> Any:
    return rng.choice((None, Obj(), [], "", Num("0"), True, Num("1.5")))


def _copy(node: Any) -> Any:
    if isinstance(node, Obj):
        return Obj((k, _copy(v)) for k, v in node)
    if isinstance(node, list):
        return [_copy(v) for v in node]
    return node


def mutate(data: bytes, max_size: int, seed: int, raw: RawMutate) -> bytes:
    """libFuzzer custom-mutator entry: ``data`` -> a mutated input of at most ``max_size`` bytes."""
    rng = random.Random(seed)
    variant = data[:1] or b"\x00"
    body = data[1:]
    if rng.random() < VARIANT_PROBABILITY:
        return bytes([rng.randrange(256)]) + body[: max_size - 1]
    if rng.random() >= RAW_PROBABILITY:
        try:
            tree = parse(body.decode("utf-8", "surrogateescape"))
        except (ValueError, RecursionError):
            tree = _NOT_JSON
        if tree is not _NOT_JSON:
            try:
                for _ in range(1 + (rng.random() < 0.3)):
                    tree = _mutate_tree(tree, rng, raw)
                out = serialize(tree)
            except (UnicodeError, RecursionError):
                # A tree the structural mutations cannot handle (deeply nested, odd surrogates): mutate the bytes.
                out = b""
            if out and len(out) < max_size:
                return variant + out
    return variant + raw(body, max(1, max_size - 1))


_NOT_JSON: Final = object()
