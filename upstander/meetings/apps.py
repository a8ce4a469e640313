from __future__ import annotations

from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "upstander.meetings"
    label = "meetings"

    def ready(self) -> None:
        from upstander.cases.subject_access_sections import subject_access_section_register
        from upstander.meetings.selectors import subject_access_registrations

        # Meeting registrations and code-of-conduct signatures go in a subject access export
        # (cases sits below meetings, so meetings adds the section).
        subject_access_section_register("meeting_registrations", subject_access_registrations)
