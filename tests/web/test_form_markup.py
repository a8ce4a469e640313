"""Forms are drawn by Django's Jinja2 form renderer, and every form looks as Django's own
template renderer would draw it: the faster renderer changes no page."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import Any

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates, Jinja2
from django.test.html import parse_html

import upstander
from upstander.core.quarters import Quarter

FACTORS = [("remorse", "Showed remorse"), ("repeated", "Repeated conduct")]
PEOPLE = [(1, "Ada Lovelace"), (2, "Grace Hopper")]
# Forms that need to be told their choices; everything else is drawn as it stands.
ARGUMENTS: dict[str, dict[str, Any]] = {
    "discipline.AppealDecisionForm": {"factor_choices": FACTORS},
    "discipline.DecisionForm": {"factor_choices": FACTORS},
    "discipline.NoticeForm": {"evidence_choices": [(7, "Screenshot of the reply")]},
    "discipline.StatisticsForm": {"quarters": [Quarter(2026, 3), Quarter(2026, 4)]},
    "monitoring.BulkActionForm": {"item_ids": [1, 2]},
    "monitoring.DelegateForm": {"caseworkers": PEOPLE, "people": PEOPLE},
    "monitoring.QueueFilterForm": {"people": PEOPLE},
}


def app_and_name(form_class: type[forms.BaseForm]) -> str:
    return f"{form_class.__module__.split('.')[1]}.{form_class.__qualname__}"


def project_forms() -> list[type[forms.BaseForm]]:
    found: dict[str, type[forms.BaseForm]] = {}
    for module_info in pkgutil.walk_packages(upstander.__path__, "upstander."):
        name = module_info.name
        if not (name.endswith(".forms") or ".forms." in name):
            continue
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
            ):
                found[f"{name}.{value.__qualname__}"] = value
    return [found[key] for key in sorted(found)]


def test_forms_are_drawn_by_djangos_jinja2_renderer() -> None:
    assert settings.FORM_RENDERER == "django.forms.renderers.Jinja2"
    assert isinstance(forms.Form().renderer, Jinja2)


def test_the_project_has_its_forms_found() -> None:
    # The markup check below walks these; a change that hid them would make it pass on nothing.
    assert len(project_forms()) >= 60


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", project_forms(), ids=app_and_name)
def test_every_form_is_drawn_as_djangos_template_renderer_draws_it(
    form_class: type[forms.BaseForm],
) -> None:
    # One form drawn twice, so values made per form (a submission key) are the same in both.
    form = form_class(**ARGUMENTS.get(app_and_name(form_class), {}))
    drawn = {}
    for renderer in (DjangoTemplates(), Jinja2()):
        form.renderer = renderer
        drawn[type(renderer).__name__] = str(form)
    assert drawn["DjangoTemplates"]
    # Compared as HTML: the two template sets differ only in blank lines between options.
    assert parse_html(drawn["Jinja2"]) == parse_html(drawn["DjangoTemplates"])
