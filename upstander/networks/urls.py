from __future__ import annotations

from django.urls import path

from upstander.networks import views

app_name = "networks"

urlpatterns = [
    path("statistics/", views.public_statistics, name="statistics"),
    path(
        "consultations/<int:pk>/you-said-we-did/",
        views.you_said_we_did,
        name="you_said_we_did",
    ),
    path("networks/", views.network_home, name="home"),
    path("networks/consultations/<int:pk>/", views.consultation_page, name="consultation"),
    path("staff/networks/", views.staff_networks, name="staff_networks"),
    path(
        "staff/networks/consultations/<int:pk>/",
        views.staff_consultation,
        name="staff_consultation",
    ),
]
