"""Process-wide memo tables, registered here so they can be dropped together.

Parses, interned words, redlines and their HTML refer to each other by small
integer ids and object identities, so dropping one table but not the others
would let a stale id match a new object. Worker processes drop them all after
each notice, which keeps their memory at one notice's worth.
"""

from __future__ import annotations

from typing import Any

__all__ = ["forget_all", "memo"]

_TABLES: list[dict[Any, Any]] = []


def memo(table: dict[Any, Any]) -> dict[Any, Any]:
    """Register ``table`` (returned unchanged) so that ``forget_all`` empties it."""
    _TABLES.append(table)
    return table


def forget_all() -> None:
    for table in _TABLES:
        table.clear()
