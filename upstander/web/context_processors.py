from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from upstander.accounts.permissions import is_staff_person


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "party_name": settings.PARTY_NAME,
        "is_staff_person": is_staff_person(getattr(request, "user", None)),
    }
