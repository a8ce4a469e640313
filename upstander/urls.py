from __future__ import annotations

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

# The admin's own login form takes a password alone: send it through allauth's sign-in, which
# asks for the second factor.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("", include("upstander.web.urls")),
    path("", include("upstander.policies.urls")),
    path("", include("upstander.accounts.urls")),
    path("", include("upstander.reports.urls")),
    path("", include("upstander.cases.urls")),
    path("", include("upstander.blocking.urls")),
    path("", include("upstander.discipline.urls")),
    path("", include("upstander.monitoring.urls")),
    path("", include("upstander.meetings.urls")),
    path("", include("upstander.networks.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
