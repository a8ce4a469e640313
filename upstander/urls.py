from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

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
