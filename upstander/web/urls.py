from __future__ import annotations

from django.urls import path

from upstander.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("report/", views.report_abuse, name="report_abuse"),
    path("privacy/", views.privacy, name="privacy"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("account/", views.account_home, name="account_home"),
    path("staff/", views.staff_dashboard, name="staff_dashboard"),
]
