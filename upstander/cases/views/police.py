from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from upstander.cases import selectors, services
from upstander.cases.errors import EvidencePackRefused
from upstander.cases.forms import PoliceReferralForm
from upstander.cases.models import Case
from upstander.cases.services.packs import evidence_pack_build
from upstander.cases.views.queue import staff_user
from upstander.core.errors import DomainError
from upstander.core.submissions import AlreadySubmitted
from upstander.evidence.errors import EvidenceContentPurged, EvidenceTampered
from upstander.evidence.selectors import EvidenceUse, evidence_bytes_verified, evidence_refusals
from upstander.evidence.services import evidence_tampering_record


@login_required
@require_http_methods(["GET", "POST"])
def police_referral(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    case = get_object_or_404(Case.objects.select_related("report"), pk=pk)
    services.case_sensitive_open(user, case=case, purpose="police_referral")
    form = PoliceReferralForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.police_referral_record(user, case=case, **form.cleaned_data)
            except AlreadySubmitted:
                messages.info(request, "This police referral was already recorded, once.")
                return redirect("cases:detail", pk=pk)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request, "The police referral is recorded. Download the evidence pack below."
                )
                return redirect("cases:detail", pk=pk)
    latest = case.consultations.first()
    return render(
        request,
        "cases/police_referral.html",
        {"case": case, "form": form, "consultation": latest},
        status=status,
    )


@login_required
def evidence_pack(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = staff_user(request)
    case = get_object_or_404(Case.objects.select_related("report"), pk=pk)
    try:
        pack = evidence_pack_build(user, case=case)
    except EvidencePackRefused as error:
        messages.error(request, error.message)
        return redirect("cases:detail", pk=pk)
    # Streamed from the file on disk, which the response closes (and so deletes) when sent.
    response = FileResponse(
        pack,
        as_attachment=True,
        filename=f"evidence-pack-{case.reference}.zip",
        content_type="application/zip",
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def evidence_download(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """One item's original bytes, for someone on the case (audited as an opening)."""
    user = staff_user(request)
    case = get_object_or_404(Case, pk=pk)
    services.case_sensitive_open(user, case=case, purpose=f"evidence:{item_pk}")
    if evidence_refusals(user, [item_pk], use=EvidenceUse.VIEW, case_id=case.pk):
        raise Http404("No such evidence on this case.")
    item = next((i for i in selectors.case_evidence(case) if i.pk == item_pk), None)
    if item is None:
        raise Http404("No such evidence on this case.")
    try:
        data = evidence_bytes_verified(item)
    except EvidenceContentPurged as error:
        raise Http404(error.message) from error
    except EvidenceTampered as error:
        evidence_tampering_record(user, items=[item], found_during=f"download on case {case.pk}")
        return render(
            request,
            "cases/evidence_tampered.html",
            {"case": case, "item": item, "message": error.message},
            status=409,
        )
    response = HttpResponse(data, content_type=item.content_type)
    # Always a download, never shown inline: the bytes came from outside.
    response["Content-Disposition"] = f'attachment; filename="evidence-{item.pk}"'
    response["Cache-Control"] = "no-store"
    return response
