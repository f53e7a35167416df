"""Cache keys: type-aware, cycle-safe, with hash_funcs and clear errors for unhashable values."""

from __future__ import annotations

import dataclasses
import datetime
import enum
import io
import os
import threading
from pathlib import Path
from typing import Any

import attrs
import pytest

from kernel_plugins.caching_api import UnhashableParamError
from kernel_plugins.caching_api._call_keys import ArgumentHasher, function_identity


def f(a: Any = None, b: Any = None, _skip: Any = None) -> None:
    """A function whose calls we hash."""


def key(*args: Any, hash_funcs: Any = None, **kwargs: Any) -> str:
    return ArgumentHasher(f, hash_funcs).key(args, kwargs)


def test_types_never_collide() -> None:
    values = [1, 1.0, True, "1", b"1", None, [1], (1,), {1}, frozenset({1}), {1: None}, 1 + 0j, bytearray(b"1")]
    assert len({key(v) for v in values}) == len(values)


def test_positional_and_keyword_share_a_key_and_order_of_kwargs_does_not_matter() -> None:
    assert key(1, 2) == key(1, b=2) == key(a=1, b=2) == key(b=2, a=1)
    assert key(1, 2) != key(2, 1)


def test_underscore_parameters_are_left_out() -> None:
    assert key(1, 2, threading.Lock()) == key(1, 2, _skip="anything")


def test_containers_hash_by_content() -> None:
    assert key({"x": 1, "y": [1, 2]}) == key({"y": [1, 2], "x": 1})
    assert key({3, 1, 2}) == key({1, 2, 3})
    assert key([1, [2, 3]]) != key([1, [2, 4]])
    assert key([1, 2]) != key((1, 2))


def test_cycles_are_safe_and_stable() -> None:
    a: list[Any] = [1]
    a.append(a)
    b: list[Any] = [1]
    b.append(b)
    d: dict[str, Any] = {}
    d["self"] = d
    assert key(a) == key(b)
    assert key(a) != key([1, [1]])
    assert key(d) == key(d)


def test_large_bytes_hash_by_content() -> None:
    big = os.urandom(1 << 20)
    changed = big[:-1] + bytes([big[-1] ^ 1])
    assert key(big) == key(bytes(big)) and key(big) != key(changed)


@dataclasses.dataclass
class Point:
    x: int
    y: int


@attrs.define
class Box:
    content: Any


class Color(enum.Enum):
    RED = 1
    BLUE = 2


def test_dataclasses_attrs_enums_and_dates() -> None:
    assert key(Point(1, 2)) == key(Point(1, 2)) != key(Point(1, 3))
    assert key(Box([1])) == key(Box([1])) != key(Box([2]))
    assert key(Color.RED) != key(Color.BLUE)
    assert key(datetime.date(2024, 1, 1)) != key(datetime.date(2024, 1, 2))


def test_paths_and_files_by_content_and_mtime(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text("a,b\n1,2\n")
    first = key(path)
    assert key(Path(path)) == first
    path.write_text("a,b\n1,3\n")
    os.utime(path, ns=(1, 1))
    assert key(path) != first
    with path.open("rb") as fh:
        assert key(fh) == key(fh)
    assert key(io.BytesIO(b"abc")) == key(io.BytesIO(b"abc")) != key(io.BytesIO(b"abd"))


def test_functions_hash_by_source() -> None:
    ns1: dict[str, Any] = {}
    ns2: dict[str, Any] = {}
    exec("def g(x):\n    return x + 1\n", ns1)
    exec("def g(x):\n    return x + 2\n", ns2)
    assert key(ns1["g"]) != key(ns2["g"])
    assert function_identity(f) == function_identity(f)


def test_numpy_arrays_by_dtype_shape_and_content() -> None:
    np = pytest.importorskip("numpy")
    a = np.arange(1000, dtype=np.int64)
    assert key(a) == key(a.copy())
    assert key(a) != key(a.astype(np.int32))
    assert key(a) != key(a.reshape(10, 100))
    b = a.copy()
    b[500] = -1
    assert key(a) != key(b)
    assert key(a[::2]) == key(np.ascontiguousarray(a[::2]))
    assert key(np.array(["x", None], dtype=object)) != key(np.array(["y", None], dtype=object))
    assert key(np.float64(1.5)) != key(1.5)


def test_pandas_objects_by_content() -> None:
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"n": range(1000), "s": [f"v{i}" for i in range(1000)]})
    assert key(df) == key(df.copy())
    changed = df.copy()
    changed.loc[10, "s"] = "other"
    assert key(df) != key(changed)
    assert key(df) != key(df.rename(columns={"n": "m"}))
    assert key(df["n"]) != key(df["n"] + 1)
    assert key(df.set_index("s")) != key(df)


def test_unhashable_argument_names_parameter_type_and_fix() -> None:
    with pytest.raises(UnhashableParamError) as info:
        key(1, threading.Lock())
    message = str(info.value)
    assert "'b'" in message and "lock" in message.lower() and "'f'" in message
    assert "_b" in message and "hash_funcs" in message


def test_unhashable_inside_a_container_says_what_it_contains() -> None:
    with pytest.raises(UnhashableParamError, match=r"argument 'a' \(of type builtins.list\).*contains a"):
        key([1, threading.Lock()])


def test_hash_funcs_by_type_and_by_name() -> None:
    lock_type = type(threading.Lock())
    by_type = {lock_type: lambda lock: "the lock"}
    assert key(threading.Lock(), hash_funcs=by_type) == key(threading.Lock(), hash_funcs=by_type)
    by_name = {"tests_point": None, f"{Point.__module__}.Point": lambda p: p.x}
    assert key(Point(1, 2), hash_funcs=by_name) == key(Point(1, 99), hash_funcs=by_name)


def test_hash_func_that_raises_is_reported() -> None:
    def broken(value: Any) -> Any:
        raise ValueError("nope")

    with pytest.raises(UnhashableParamError, match="hash_funcs entry raised ValueError: nope"):
        key(Point(1, 2), hash_funcs={Point: broken})
