from __future__ import annotations

from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "upstander.monitoring"
    label = "monitoring"

    def ready(self) -> None:
        from upstander.cases.subject_access_sections import subject_access_section_register
        from upstander.monitoring.selectors import subject_access_monitoring

        # Watched accounts and delegations go in a subject access export (cases sits below
        # monitoring, so monitoring adds the section).
        subject_access_section_register("monitoring", subject_access_monitoring)
