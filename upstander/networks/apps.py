from __future__ import annotations

from django.apps import AppConfig


class NetworksConfig(AppConfig):
    name = "upstander.networks"
    label = "networks"

    def ready(self) -> None:
        from upstander.cases.subject_access_sections import subject_access_section_register
        from upstander.networks.selectors import subject_access_networks

        # Network membership is special category data held about the person: it goes in their
        # subject access export (cases sits below networks, so networks adds the section).
        subject_access_section_register("equality_networks", subject_access_networks)
