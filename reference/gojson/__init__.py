"""Go 1.26 ``encoding/json`` (the v1 package) for Go-shaped dataclasses described by :mod:`reference.gotypes`.

* :func:`unmarshal` is ``json.Unmarshal(data, &v)`` for a fresh ``v`` of a given Go type;
* :func:`marshal` is ``json.Marshal(v)``.
"""

from hcsdoc.reference.gojson.decode import unmarshal
from hcsdoc.reference.gojson.encode import UnsupportedValueError, marshal

__all__ = ["UnsupportedValueError", "marshal", "unmarshal"]
