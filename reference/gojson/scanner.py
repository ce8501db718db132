"""Go's JSON syntax check (``encoding/json`` ``checkValid``), for the exact ``SyntaxError`` text.

``json.Unmarshal`` validates the whole input before decoding anything, so a syntax error always wins over
type errors. The fast path in :mod:`reference.gojson.decode` lets Python's C parser do the validating and calls
:func:`check_valid` only when that parser rejects the text (or gives up on nesting depth); this module then
says *what* Go reports. :class:`_Scanner` mirrors the Go scanner's states one for one and steps a byte at a time;
:func:`check_valid` hands it only the bytes where something can go wrong, and takes the stretches where nothing
can (string contents, whole tokens, whole members and elements, runs of brackets) a regular expression match at a
time, leaving the scanner in the state Go's would be in. The original byte-by-byte walk was checked against Go's
``encoding/json`` (tests/gooracle/massdiff.py); the fast one is checked against both.
"""

from __future__ import annotations

import re

from hcsdoc.reference.gofmt import quote_byte

MAX_NESTING_DEPTH = 10000  # Go's maxNestingDepth

# Parse stack entries (Go's parseObjectKey, parseObjectValue, parseArrayValue).
_OBJECT_KEY = 0
_OBJECT_VALUE = 1
_ARRAY_VALUE = 2
_OBJECT_KEY_ENTRY = bytes([_OBJECT_KEY])
_OBJECT_VALUE_ENTRY = bytes([_OBJECT_VALUE])
_ARRAY_ENTRY = bytes([_ARRAY_VALUE])

# Scanner states (one per Go state function).
(
    _BEGIN_VALUE_OR_EMPTY,
    _BEGIN_VALUE,
    _BEGIN_STRING_OR_EMPTY,
    _BEGIN_STRING,
    _END_VALUE,
    _END_TOP,
    _IN_STRING,
    _IN_STRING_ESC,
    _IN_STRING_ESC_U,
    _IN_STRING_ESC_U1,
    _IN_STRING_ESC_U12,
    _IN_STRING_ESC_U123,
    _NEG,
    _ONE,
    _ZERO,
    _DOT,
    _DOT0,
    _E,
    _E_SIGN,
    _E0,
    _T,
    _TR,
    _TRU,
    _F,
    _FA,
    _FAL,
    _FALS,
    _N,
    _NU,
    _NUL,
) = range(30)

_SPACE = frozenset(b" \t\r\n")
_DIGITS = frozenset(b"0123456789")
_HEX = frozenset(b"0123456789abcdefABCDEF")

# Literal states: (expected byte, next state, context of the error).
_LITERALS = {
    _T: (ord("r"), _TR, "in literal true (expecting 'r')"),
    _TR: (ord("u"), _TRU, "in literal true (expecting 'u')"),
    _TRU: (ord("e"), _END_VALUE, "in literal true (expecting 'e')"),
    _F: (ord("a"), _FA, "in literal false (expecting 'a')"),
    _FA: (ord("l"), _FAL, "in literal false (expecting 'l')"),
    _FAL: (ord("s"), _FALS, "in literal false (expecting 's')"),
    _FALS: (ord("e"), _END_VALUE, "in literal false (expecting 'e')"),
    _N: (ord("u"), _NU, "in literal null (expecting 'u')"),
    _NU: (ord("l"), _NUL, "in literal null (expecting 'l')"),
    _NUL: (ord("l"), _END_VALUE, "in literal null (expecting 'l')"),
}
_HEX_STATES = {
    _IN_STRING_ESC_U: _IN_STRING_ESC_U1,
    _IN_STRING_ESC_U1: _IN_STRING_ESC_U12,
    _IN_STRING_ESC_U12: _IN_STRING_ESC_U123,
    _IN_STRING_ESC_U123: _IN_STRING,
}


class _Error(Exception):
    pass


class _Scanner:
    def __init__(self) -> None:
        self.state = _BEGIN_VALUE
        # A bytearray: finding how many of the innermost containers are arrays is one rfind (see close_arrays).
        self.stack = bytearray()
        self.end_top = False
        self.err: str | None = None

    def error(self, c: int, context: str) -> None:
        # Go sets the error and moves to stateError; every later byte is an error too, so the first wins.
        self.err = f"invalid character {quote_byte(c)} {context}"
        raise _Error

    def push(self, c: int, entry: int) -> None:
        self.stack.append(entry)
        if len(self.stack) > MAX_NESTING_DEPTH:
            self.error(c, "exceeded max depth")

    def pop(self) -> None:
        self.stack.pop()
        if self.stack:
            self.state = _END_VALUE
        else:
            self.state = _END_TOP
            self.end_top = True

    def begin_value(self, c: int) -> None:
        # Go's stateBeginValue. (check_valid takes runs of '[' to open_arrays instead, a run at a time.)
        if c in _SPACE:
            return
        if c == 0x7B:  # {
            self.state = _BEGIN_STRING_OR_EMPTY
            self.push(c, _OBJECT_KEY)
        elif c == 0x5B:  # [
            self.state = _BEGIN_VALUE_OR_EMPTY
            self.push(c, _ARRAY_VALUE)
        elif c == 0x22:  # "
            self.state = _IN_STRING
        elif c == 0x2D:  # -
            self.state = _NEG
        elif c == 0x30:  # 0
            self.state = _ZERO
        elif c == 0x74:  # t
            self.state = _T
        elif c == 0x66:  # f
            self.state = _F
        elif c == 0x6E:  # n
            self.state = _N
        elif 0x31 <= c <= 0x39:
            self.state = _ONE
        else:
            self.error(c, "looking for beginning of value")

    def end_value(self, c: int) -> None:
        if not self.stack:
            self.state = _END_TOP
            self.end_top = True
            self.end_top_step(c)
            return
        if c in _SPACE:
            self.state = _END_VALUE
            return
        top = self.stack[-1]
        if top == _OBJECT_KEY:
            if c == 0x3A:  # :
                self.stack[-1] = _OBJECT_VALUE
                self.state = _BEGIN_VALUE
                return
            self.error(c, "after object key")
        elif top == _OBJECT_VALUE:
            if c == 0x2C:  # ,
                self.stack[-1] = _OBJECT_KEY
                self.state = _BEGIN_STRING
                return
            if c == 0x7D:  # }
                self.pop()
                return
            self.error(c, "after object key:value pair")
        else:
            if c == 0x2C:
                self.state = _BEGIN_VALUE
                return
            if c == 0x5D:  # ]
                self.pop()
                return
            self.error(c, "after array element")

    def eof(self) -> str | None:
        """Go's eof() at the end of the input: None when it held one whole value, else the error. A space is fed
        first, which completes a pending number or reports an unfinished literal."""
        if self.end_top:
            return None
        try:
            self.step(0x20)
        except _Error:
            return self.err
        if self.end_top:
            return None
        return "unexpected end of JSON input"

    def end_top_step(self, c: int) -> None:
        if c not in _SPACE:
            self.error(c, "after top-level value")

    def step(self, c: int) -> None:
        s = self.state
        if s == _BEGIN_VALUE:
            self.begin_value(c)
        elif s == _IN_STRING:
            if c == 0x22:
                self.state = _END_VALUE
            elif c == 0x5C:  # backslash
                self.state = _IN_STRING_ESC
            elif c < 0x20:
                self.error(c, "in string literal")
        elif s == _END_VALUE:
            self.end_value(c)
        elif s == _BEGIN_VALUE_OR_EMPTY:
            if c in _SPACE:
                return
            if c == 0x5D:
                self.end_value(c)
            else:
                self.begin_value(c)
        elif s in (_BEGIN_STRING_OR_EMPTY, _BEGIN_STRING):
            if c in _SPACE:
                return
            if c == 0x7D and s == _BEGIN_STRING_OR_EMPTY:
                self.stack[-1] = _OBJECT_VALUE
                self.end_value(c)
            elif c == 0x22:
                self.state = _IN_STRING
            else:
                self.error(c, "looking for beginning of object key string")
        elif s == _END_TOP:
            self.end_top_step(c)
        elif s == _IN_STRING_ESC:
            if c in b'bfnrt\\/"':
                self.state = _IN_STRING
            elif c == 0x75:  # u
                self.state = _IN_STRING_ESC_U
            else:
                self.error(c, "in string escape code")
        elif s in _HEX_STATES:
            if c in _HEX:
                self.state = _HEX_STATES[s]
            else:
                self.error(c, "in \\u hexadecimal character escape")
        elif s == _NEG:
            if c == 0x30:
                self.state = _ZERO
            elif 0x31 <= c <= 0x39:
                self.state = _ONE
            else:
                self.error(c, "in numeric literal")
        elif s == _ONE:
            if c not in _DIGITS:
                self.zero(c)
        elif s == _ZERO:
            self.zero(c)
        elif s == _DOT:
            if c in _DIGITS:
                self.state = _DOT0
            else:
                self.error(c, "after decimal point in numeric literal")
        elif s == _DOT0:
            if c in _DIGITS:
                return
            if c in b"eE":
                self.state = _E
            else:
                self.end_value(c)
        elif s in (_E, _E_SIGN):
            if s == _E and c in b"+-":
                self.state = _E_SIGN
            elif c in _DIGITS:
                self.state = _E0
            else:
                self.error(c, "in exponent of numeric literal")
        elif s == _E0:
            if c not in _DIGITS:
                self.end_value(c)
        else:
            expected, nxt, context = _LITERALS[s]
            if c == expected:
                self.state = nxt
            else:
                self.error(c, context)

    def open_arrays(self, run: int) -> None:
        """``run`` bytes ``[`` met where a value begins: each one is ``begin_value`` -> push an array, the same
        step every time, so they are taken together (a deeply nested text is a run of thousands)."""
        self.state = _BEGIN_VALUE_OR_EMPTY
        if len(self.stack) + run > MAX_NESTING_DEPTH:
            self.error(0x5B, "exceeded max depth")  # the push that passes the limit fails, whichever '[' it is
        self.stack.extend(_ARRAY_ENTRY * run)

    def close_arrays(self, run: int) -> int:
        """Up to ``run`` bytes ``]`` met in END_VALUE: each closes the innermost container while it is an array
        (end_value -> pop, the same step every time), so they are taken together; returns how many were taken
        (the first ``]`` meeting an object is left to :meth:`step`, which reports Go's error)."""
        stack = self.stack
        arrays = len(stack) - 1 - max(stack.rfind(_OBJECT_KEY_ENTRY), stack.rfind(_OBJECT_VALUE_ENTRY))
        taken = min(run, arrays)
        if taken:
            del stack[len(stack) - taken :]
            if stack:
                self.state = _END_VALUE
            else:
                self.state = _END_TOP
                self.end_top = True
        return taken

    def zero(self, c: int) -> None:
        if c == 0x2E:  # .
            self.state = _DOT
        elif c in b"eE":
            self.state = _E
        else:
            self.end_value(c)


# Runs of bytes that leave the scanner's state as it is, and whole tokens, each found by one regex match instead
# of a step per byte (under the fuzzer's coverage instrumentation every step's comparisons are traced, so this
# matters even more there). Which one to try is decided by the state and the next byte, so a position costs at
# most one match. Anything else (an unfinished or malformed token, '{', '}', a byte Go rejects) is stepped byte by
# byte, so every error is Go's.
_WS = rb"[ \t\r\n]*"
# (Written as runs of plain bytes between escapes: sre matches a run in one tight loop.)
_STRING = rb'"[^"\\\x00-\x1f]*(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})[^"\\\x00-\x1f]*)*"'
# A complete string, literal or number, not followed by anything that could continue it: BEGIN_VALUE -> END_VALUE.
_VALUE = _STRING + rb"|true|false|null|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?(?![0-9.eE+-])"
_VALUE_TOKEN = re.compile(_VALUE).match
# An object's members from here: a run of whole members each followed by ',', then perhaps the next member's key
# and ':' (group 1) with its value when that is a whole token (group 2). An array's elements: a run of whole
# elements each followed by ',', then perhaps a last whole element (group 1). Both may match nothing.
_MEMBERS = re.compile(
    rb"(?:" + _STRING + _WS + rb":" + _WS + rb"(?:" + _VALUE + rb")" + _WS + rb"," + _WS + rb")*"
    rb"(" + _STRING + _WS + rb":" + _WS + rb"(" + _VALUE + rb")?)?"
).match
_ELEMENTS = re.compile(rb"(?:(?:" + _VALUE + rb")" + _WS + rb"," + _WS + rb")*(" + _VALUE + rb")?").match
# ',' between members or elements, with the spaces around it: END_VALUE -> BEGIN_STRING or BEGIN_VALUE.
_COMMA_TOKEN = re.compile(_WS + rb"," + _WS).match
_STRING_RUN = re.compile(rb'[^"\\\x00-\x1f]+').match  # inside a string: all but '"', '\\' and controls
_DIGIT_RUN = re.compile(rb"[0-9]+").match  # inside a number's digits (states one, dot0, e0)
_SPACE_RUN = re.compile(rb"[ \t\r\n]+").match
_BRACKET_RUN = re.compile(rb"\[+").match
_CLOSE_RUN = re.compile(rb"\]+").match
_BEGINS_VALUE = (_BEGIN_VALUE, _BEGIN_VALUE_OR_EMPTY)
_BEGINS_KEY = (_BEGIN_STRING_OR_EMPTY, _BEGIN_STRING)
_IN_DIGITS = frozenset((_ONE, _DOT0, _E0))
_OPEN_BRACKET, _CLOSE_BRACKET, _OPEN_BRACE, _QUOTE, _COMMA = b'[]{",'


def check_valid_stepwise(data: bytes) -> str | None:
    """:func:`check_valid` the way Go does it, one scanner step per byte: the definition the fast walk below must
    agree with (tests/test_gojson_scanner.py)."""
    scan = _Scanner()
    try:
        for c in data:
            scan.step(c)
    except _Error:
        return scan.err
    return scan.eof()


def check_valid(data: bytes) -> str | None:
    """Go's ``checkValid``: None if ``data`` is one valid JSON value, else the ``SyntaxError`` text."""
    scan = _Scanner()
    stack = scan.stack
    i, n = 0, len(data)
    try:
        while i < n:
            s = scan.state
            c = data[i]
            m = None
            if s == _IN_STRING:
                m = _STRING_RUN(data, i)
            elif s in _IN_DIGITS:
                m = _DIGIT_RUN(data, i)
            elif s in _BEGINS_VALUE:
                if c in _SPACE:
                    m = _SPACE_RUN(data, i)
                elif c == _OPEN_BRACKET:
                    m = _BRACKET_RUN(data, i)
                    assert m is not None
                    scan.open_arrays(m.end() - i)  # the same as stepping each '[', in one go
                elif c != _OPEN_BRACE:
                    if stack and stack[-1] == _ARRAY_VALUE:
                        m = _ELEMENTS(data, i)
                        assert m is not None  # the pattern matches the empty string
                        if m.end() == i:
                            m = None
                        else:
                            # after a last element, or after a ',' (before something that is not a whole token)
                            scan.state = _END_VALUE if m.start(1) >= 0 else _BEGIN_VALUE
                    else:
                        m = _VALUE_TOKEN(data, i)
                        if m is not None:
                            scan.state = _END_VALUE
            elif s in _BEGINS_KEY:
                if c in _SPACE:
                    m = _SPACE_RUN(data, i)
                elif c == _QUOTE:
                    m = _MEMBERS(data, i)
                    assert m is not None  # the pattern matches the empty string
                    if m.end() == i:
                        m = None
                    elif m.start(1) < 0:
                        scan.state = _BEGIN_STRING  # after a ',' (before something that is not a member)
                    else:
                        stack[-1] = _OBJECT_VALUE
                        scan.state = _BEGIN_VALUE if m.start(2) < 0 else _END_VALUE
            elif s == _END_VALUE and stack:
                top = stack[-1]
                if c == _CLOSE_BRACKET:
                    taken = scan.close_arrays(_CLOSE_RUN(data, i).end() - i)  # type: ignore[union-attr]
                    if taken:
                        i += taken
                        continue
                elif (c == _COMMA or c in _SPACE) and top != _OBJECT_KEY:
                    m = _COMMA_TOKEN(data, i)
                    if m is not None:
                        if top == _OBJECT_VALUE:
                            stack[-1] = _OBJECT_KEY
                            scan.state = _BEGIN_STRING
                        else:
                            scan.state = _BEGIN_VALUE
                    else:
                        m = _SPACE_RUN(data, i)  # spaces not before a ',' (a ',' always matches the token)
                elif c in _SPACE:
                    m = _SPACE_RUN(data, i)
            elif s == _END_TOP and c in _SPACE:
                m = _SPACE_RUN(data, i)
            if m is not None:
                i = m.end()
                continue
            scan.step(c)
            i += 1
    except _Error:
        return scan.err
    return scan.eof()
