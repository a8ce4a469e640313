"""A safeguarding lead acknowledges a safety alert (the dashboard banner's button)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from upstander.cases.errors import SafetyAlertAlreadyAcknowledged
from upstander.cases.models import SafetyAlert
from upstander.cases.services.safety import safety_alert_acknowledge
from upstander.cases.views.queue import staff_user


@login_required
@require_POST
def safety_alert_acknowledge_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    alert = get_object_or_404(SafetyAlert.objects.select_related("case"), pk=pk)
    try:
        safety_alert_acknowledge(user, alert=alert)
    except SafetyAlertAlreadyAcknowledged as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"You have acknowledged the alert on {alert.case.reference}.")
    return redirect("web:staff_dashboard")
