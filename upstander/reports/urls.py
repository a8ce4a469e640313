from __future__ import annotations

from django.urls import path

from upstander.reports import views

app_name = "reports"

urlpatterns = [
    path("report/new/", views.report_new, name="new"),
    path("report/sent/", views.report_sent, name="sent"),
    path("report/follow-up/", views.receipt_enter, name="receipt"),
    path("report/follow-up/forget/", views.receipt_forget, name="forget"),
    path("report/<int:pk>/", views.report_status, name="status"),
    path("report/<int:pk>/message/", views.report_message, name="message"),
    path("report/<int:pk>/evidence/", views.report_evidence, name="evidence"),
    path("report/<int:pk>/disclose/", views.report_disclose, name="disclose"),
    path("account/reports/", views.my_reports, name="mine"),
]
