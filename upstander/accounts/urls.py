from __future__ import annotations

from django.urls import path

from upstander.accounts import views

app_name = "accounts"

urlpatterns = [
    path("subscribe/", views.subscribe, name="subscribe"),
    path("subscribe/confirm/<str:token>/", views.subscription_confirm, name="subscription_confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("account/social-accounts/", views.my_social_accounts, name="my_social_accounts"),
    path("staff/people/roles/", views.staff_roles, name="staff_roles"),
    path("staff/people/members/", views.staff_members, name="staff_members"),
    path("staff/people/updates/", views.staff_email_updates, name="staff_email_updates"),
    path("staff/people/updates/<int:pk>/", views.staff_email_update, name="staff_email_update"),
    path(
        "staff/people/subscribers.csv",
        views.staff_subscribers_export,
        name="staff_subscribers_export",
    ),
]
