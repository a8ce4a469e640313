from __future__ import annotations

from django.urls import path

from upstander.discipline import views

app_name = "discipline"

urlpatterns = [
    path("staff/discipline/", views.staff_list, name="staff_list"),
    path("staff/discipline/new/", views.staff_open, name="staff_open"),
    path("staff/discipline/statistics/", views.staff_statistics, name="statistics"),
    path("staff/discipline/guide/publish/", views.guide_publish, name="guide_publish"),
    path("staff/discipline/referrals/", views.referrals, name="referrals"),
    path(
        "staff/discipline/referrals/<int:pk>/accept/",
        views.referral_accept,
        name="referral_accept",
    ),
    path(
        "staff/discipline/referrals/<int:pk>/decline/",
        views.referral_decline,
        name="referral_decline",
    ),
    path("staff/discipline/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/discipline/<int:pk>/panel/", views.panel, name="panel"),
    path("staff/discipline/<int:pk>/panel/<slug:step>/", views.panel_decide, name="panel_decide"),
    path("staff/discipline/<int:pk>/<slug:step>/", views.staff_step, name="staff_step"),
    path("discipline/sanctions-guide/", views.guide, name="guide"),
    path("discipline/letters/", views.my_letters, name="my_letters"),
    path("discipline/letters/<int:pk>/", views.letter, name="letter"),
    path("discipline/proceedings/<int:pk>/evidence/", views.my_evidence, name="my_evidence"),
    path(
        "discipline/proceedings/<int:pk>/evidence/<int:item_pk>/",
        views.evidence_file,
        name="evidence_file",
    ),
    path("discipline/proceedings/<int:pk>/<slug:step>/", views.my_step, name="my_step"),
    path("discipline/letters/<int:pk>.pdf", views.letter_download, name="letter_pdf"),
]
