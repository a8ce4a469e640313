from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from upstander.blocking import views

app_name = "blocking"

urlpatterns: list[URLPattern | URLResolver] = [
    path("staff/blocking/", views.blocklist, name="blocklist"),
    path("staff/blocking/new/", views.block_new, name="block_new"),
    path("staff/blocking/<int:pk>/", views.block_detail, name="block_detail"),
    path(
        "staff/blocking/handover/<int:pk>/stable-id/",
        views.handover_stable_id,
        name="handover_stable_id",
    ),
    path("staff/blocking/<int:pk>/<str:decision>/", views.block_decide, name="block_decide"),
    path("account/blocking/", views.consent, name="consent"),
    path("account/blocking/<int:pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
]
