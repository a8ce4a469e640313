from __future__ import annotations

from django.apps import AppConfig


class DisciplineConfig(AppConfig):
    name = "upstander.discipline"
    label = "discipline"

    def ready(self) -> None:
        from upstander.accounts.revocation import on_role_revoked
        from upstander.accounts.standing import on_standing_held
        from upstander.discipline.selectors import members_under_sanction
        from upstander.discipline.services.panels import seats_end_for_role

        # A seat needs its role: revoking the role ends the person's open seats.
        on_role_revoked(seats_end_for_role)
        # A sanction in force holds the member's standing against the register import.
        on_standing_held(members_under_sanction)
