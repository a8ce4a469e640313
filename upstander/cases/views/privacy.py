from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from upstander.accounts.models import Role, User
from upstander.accounts.permissions import require_role
from upstander.cases.forms import SubjectAccessForm
from upstander.cases.services.subject_access import subject_access_export
from upstander.core.errors import NotPermitted


@login_required
@require_http_methods(["GET", "POST"])
def subject_access(request: HttpRequest) -> HttpResponse:
    """A safeguarding lead or administrator exports one person's data (audited)."""
    if not isinstance(request.user, User):
        raise NotPermitted("Sign in first.")
    require_role(request.user, Role.SAFEGUARDING_LEAD, Role.ADMINISTRATOR)
    form = SubjectAccessForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            person = User.objects.filter(email=form.cleaned_data["email"].lower()).first()
            if person is None:
                form.add_error("email", "Nobody with a login has this email address.")
            else:
                data = subject_access_export(request.user, person=person)
                response = HttpResponse(data, content_type="application/zip")
                response["Content-Disposition"] = (
                    f'attachment; filename="subject-access-{person.pk}.zip"'
                )
                response["Cache-Control"] = "no-store"
                return response
    return render(request, "cases/subject_access.html", {"form": form}, status=status)
