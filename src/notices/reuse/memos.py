"""Process-wide memo tables, registered here so they can be dropped together.

Parses, interned words, redlines and their HTML refer to each other by small
integer ids and object identities, so dropping one table but not the others
would let a stale id match a new object. Worker processes drop them all after
each notice, which keeps their memory at one notice's worth.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Bounded", "forget_all", "memo"]

_TABLES: list[dict[Any, Any]] = []


def memo(table: dict[Any, Any]) -> dict[Any, Any]:
    """Register ``table`` (returned unchanged) so that ``forget_all`` empties it."""
    _TABLES.append(table)
    return table


def forget_all() -> None:
    for table in _TABLES:
        table.clear()


class Bounded(dict):  # type: ignore[type-arg]
    """A memo table that forgets its oldest entries past ``budget`` (by ``weight`` of each value).

    Tables keyed by content stay as small as what is distinct; tables keyed by version (a
    body's HTML, a pair's redline) grow with history, so a long one keeps only the latest
    few hundred MB... of work and rebuilds the rest (from cached pieces, which is cheap)."""

    def __init__(self, budget: int, weight: Any) -> None:
        super().__init__()
        self.budget = budget
        self.weight = weight
        self.used = 0

    def __setitem__(self, key: Any, value: Any) -> None:
        if key in self:
            self.used -= self.weight(super().__getitem__(key))
        super().__setitem__(key, value)
        self.used += self.weight(value)
        while self.used > self.budget and len(self) > 1:
            oldest = next(iter(self))
            self.used -= self.weight(super().pop(oldest))

    def clear(self) -> None:
        super().clear()
        self.used = 0
