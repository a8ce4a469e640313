from __future__ import annotations

from django.urls import path

from upstander.policies import views

app_name = "policies"

urlpatterns = [
    path("policies/<str:kind>/", views.policy_page, name="page"),
    path("policies/<str:kind>/version/<int:version>/", views.policy_version, name="version"),
    path("policies/acknowledge/<int:pk>/", views.policy_acknowledge, name="acknowledge"),
    path("welcome/", views.welcome, name="welcome"),
    path("welcome/welcome-pack.pdf", views.welcome_pdf, name="welcome_pdf"),
    path("welcome/accept-behaviour-policy/", views.welcome_accept_behaviour, name="welcome_accept"),
    path("staff/welcome-packs/", views.staff_welcome_packs, name="staff_welcome_packs"),
    path("staff/policies/", views.staff_policies, name="staff_list"),
    path("staff/policies/<int:pk>/publish/", views.staff_policy_publish, name="staff_publish"),
]
