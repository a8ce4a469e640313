"""Sections of a subject access export held by the apps above cases.

Meetings, networks and monitoring sit above cases (the layers contract in pyproject.toml), so
cases never imports them. Each registers a section provider here in its AppConfig.ready();
`subject_access_export` adds what each provider returns for the person under the section's name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from upstander.accounts.models import User

# provider(person) -> the section's JSON-ready content.
SectionProvider = Callable[["User"], Any]

_providers: dict[str, SectionProvider] = {}


def subject_access_section_register(name: str, provider: SectionProvider) -> None:
    """Add a section (registering it again, as ready() may in tests, replaces it)."""
    _providers[name] = provider


def subject_access_sections(person: User) -> dict[str, Any]:
    """Every registered section for this person, in the order they were registered."""
    return {name: provider(person) for name, provider in _providers.items()}
