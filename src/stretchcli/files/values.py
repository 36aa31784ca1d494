"""Checked values (from the checker or the cache) read with their types checked: a value of the
wrong type, as a damaged cache entry could hold, is a TypeError, never a wrong type in the
model."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

T = TypeVar("T")
D = TypeVar("D")


class _Required:
    """The default of a key that must be there."""


REQUIRED = _Required()


class Values:
    """Checked values (or cached ones) read with their types checked: a value of the wrong
    type, as a damaged cache entry could hold, is a TypeError, never a wrong type in the model.
    Each getter returns `default` when the key is not there (a TypeError when it is REQUIRED)."""

    def __init__(self, data: Mapping[str, object]) -> None:
        self.data = data

    def names(self) -> tuple[str, ...]:
        """The keys, in the order they were given."""
        return tuple(self.data)

    def text(self, key: str, default: D | _Required = REQUIRED) -> str | D:
        """The text at `key`."""
        if key not in self.data:
            return _default(key, default)
        return _text(self.data[key], key)

    def texts(self, key: str, default: D | _Required = REQUIRED) -> tuple[str, ...] | D:
        """The list of texts at `key`."""
        if key not in self.data:
            return _default(key, default)
        return tuple(_text(item, key) for item in _list(self.data[key], key))

    def number(self, key: str, default: D | _Required = REQUIRED) -> float | D:
        """The number (whole or not) at `key`."""
        if key not in self.data:
            return _default(key, default)
        value = self.data[key]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"{key}: expected a number, got {value!r}")
        return value

    def whole(self, key: str, default: D | _Required = REQUIRED) -> int | D:
        """The whole number at `key`."""
        if key not in self.data:
            return _default(key, default)
        value = self.data[key]
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{key}: expected a whole number, got {value!r}")
        return value

    def choice(self, key: str, allowed: tuple[T, ...], default: D | _Required = REQUIRED) -> T | D:
        """The one of `allowed` at `key` (the element of `allowed`, so its type is kept)."""
        if key not in self.data:
            return _default(key, default)
        return _choice(self.data[key], allowed, key)

    def choices(
        self, key: str, allowed: tuple[T, ...], default: D | _Required = REQUIRED
    ) -> tuple[T, ...] | D:
        """The list of `allowed` elements at `key`."""
        if key not in self.data:
            return _default(key, default)
        return tuple(_choice(item, allowed, key) for item in _list(self.data[key], key))

    def items(self, key: str, default: D | _Required = REQUIRED) -> list[Values] | D:
        """The list of mappings at `key`."""
        if key not in self.data:
            return _default(key, default)
        return [_values(item, key) for item in _list(self.data[key], key)]

    def mapping(self, key: str, default: D | _Required = REQUIRED) -> Values | D:
        """The mapping at `key`."""
        if key not in self.data:
            return _default(key, default)
        return _values(self.data[key], key)


EMPTY = Values({})


def _default(key: str, default: D | _Required) -> D:
    if isinstance(default, _Required):
        raise TypeError(f"{key}: missing")
    return default


def _text(value: object, key: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{key}: expected text, got {value!r}")
    return value


def _list(value: object, key: str) -> list[object]:
    if not isinstance(value, list):
        raise TypeError(f"{key}: expected a list, got {value!r}")
    return value


def _values(value: object, key: str) -> Values:
    if not isinstance(value, dict):
        raise TypeError(f"{key}: expected a mapping, got {value!r}")
    return Values(value)


def _choice(value: object, allowed: tuple[T, ...], key: str) -> T:
    for option in allowed:
        if option == value:
            return option
    raise TypeError(f"{key}: expected one of {allowed}, got {value!r}")
