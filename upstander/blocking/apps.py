from __future__ import annotations

from django.apps import AppConfig


class BlockingConfig(AppConfig):
    name = "upstander.blocking"
    label = "blocking"

    def ready(self) -> None:
        from upstander.accounts.handles import stable_id_lookup_register
        from upstander.blocking.services.resolve import stable_id_if_found

        # A declared member account is looked up through our connected accounts, so the member
        # is still recognised (and not blocked) after changing handle.
        stable_id_lookup_register(stable_id_if_found)
