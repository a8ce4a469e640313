from __future__ import annotations

from django.urls import path

from upstander.policies import views

app_name = "policies"

urlpatterns = [
    path("policies/<str:kind>/", views.policy_page, name="page"),
    path("policies/<str:kind>/version/<int:version>/", views.policy_version, name="version"),
    path("policies/acknowledge/<int:pk>/", views.policy_acknowledge, name="acknowledge"),
    path("staff/policies/", views.staff_policies, name="staff_list"),
    path("staff/policies/<int:pk>/publish/", views.staff_policy_publish, name="staff_publish"),
]
