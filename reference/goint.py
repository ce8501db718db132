"""Go integer semantics, made explicit.

Go converts between integer types by truncating to the target width and reinterpreting the bits (two's
complement), with no error; ``int32`` arithmetic wraps; ``/`` truncates toward zero and panics on a zero divisor.
Python integers are unbounded, so every conversion the Go code does implicitly is a call here.
"""

from __future__ import annotations


def _wrap_signed(v: int, bits: int) -> int:
    v &= (1 << bits) - 1
    return v - (1 << bits) if v >> (bits - 1) else v


def int32(v: int) -> int:
    """``int32(v)``: keep the low 32 bits, sign-extend."""
    return _wrap_signed(v, 32)


def int64(v: int) -> int:
    """``int64(v)``: keep the low 64 bits, sign-extend (uint64 2^64-1 becomes -1)."""
    return _wrap_signed(v, 64)


def uint32(v: int) -> int:
    """``uint32(v)``: keep the low 32 bits (int32 -1 becomes 4294967295)."""
    return v & 0xFFFFFFFF


def uint64(v: int) -> int:
    """``uint64(v)``: keep the low 64 bits; a negative int32 sign-extends (-1 becomes 2^64-1)."""
    return v & 0xFFFFFFFFFFFFFFFF


class GoPanic(Exception):
    """A Go runtime panic; ``str(exc)`` is the message ``fmt.Sprint(recover())`` prints."""


def int32_mul(a: int, b: int) -> int:
    """``a * b`` on int32 operands: the product wraps."""
    return int32(a * b)


def int32_div(a: int, b: int) -> int:
    """``a / b`` on int32 operands: truncates toward zero, panics on zero, and MinInt32 / -1 wraps to MinInt32."""
    if b == 0:
        raise GoPanic("runtime error: integer divide by zero")
    q = abs(a) // abs(b)
    return int32(q if (a < 0) == (b < 0) else -q)
