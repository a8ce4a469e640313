"""Disclosed evidence, shown to the panel and to the member complained about (each look audited)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from upstander.accounts.permissions import request_user
from upstander.discipline import selectors, services
from upstander.discipline.errors import EvidenceNotDisclosed
from upstander.discipline.views.access import _proceeding
from upstander.evidence.errors import EvidenceContentPurged, EvidenceTampered


@login_required
def my_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """The member complained about reads the evidence disclosed to them."""
    user = request_user(request)
    proceeding = _proceeding(pk)
    if proceeding.respondent.user_id != user.pk:
        raise Http404("No such proceeding of yours.")
    disclosed = services.disclosed_evidence_show(user, proceeding=proceeding, view="member")
    return render(
        request,
        "discipline/my_evidence.html",
        {
            "proceeding": proceeding,
            "contents": disclosed.contents,
            "withdrawn": disclosed.withdrawn,
        },
    )


@login_required
def evidence_file(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """One disclosed item's bytes: images inline for the page (blurred there until clicked),
    anything else as a download."""
    user = request_user(request)
    proceeding = _proceeding(pk)
    if not selectors.may_see_disclosed_evidence(user, proceeding):
        raise Http404("No such evidence.")
    try:
        item, data = services.disclosed_evidence_open(
            user, proceeding=proceeding, item_id=item_pk, view="file"
        )
    except (EvidenceNotDisclosed, EvidenceContentPurged, EvidenceTampered) as error:
        raise Http404("This evidence cannot be shown.") from error
    inline = item.content_type.startswith("image/")
    response = HttpResponse(data, content_type=item.content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="evidence-{item.pk}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
