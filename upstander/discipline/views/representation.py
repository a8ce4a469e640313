"""Recording an elected official's representation, from the staff and the panel pages."""

from __future__ import annotations

from typing import Any

from upstander.accounts.models import User
from upstander.discipline import services
from upstander.discipline.models import Proceeding


def _representation(user: User, p: Proceeding, d: dict[str, Any]) -> str:
    # The form's fields are the service's: official_name, official_position, summary.
    services.representation_record(user, proceeding=p, **d)
    return "Representation recorded. Thank you for putting it on the record."
