from __future__ import annotations

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "upstander.cases"
    label = "cases"

    def ready(self) -> None:
        from upstander.cases.services.access import evidence_held_by_live_cases, evidence_homes
        from upstander.cases.services.consent import evidence_case_refusal
        from upstander.evidence.selectors import evidence_case_visibility_register

        # Evidence sits below cases: it asks cases which case an item is in and who may use it.
        evidence_case_visibility_register(
            homes=evidence_homes, refusal=evidence_case_refusal, holds=evidence_held_by_live_cases
        )

        from upstander.cases.services.safety import case_open_for_safety_risk
        from upstander.reports.safety import on_safety_at_risk

        # A report that says someone's safety is at risk opens its case at once, as Critical.
        on_safety_at_risk(case_open_for_safety_risk)

        from upstander.cases.services.notices import case_worker_tell_of_report
        from upstander.reports.news import on_reporter_news

        # A reporter writing again or adding evidence is news for the case worker.
        on_reporter_news(case_worker_tell_of_report)
