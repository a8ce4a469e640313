from __future__ import annotations

from django.urls import path

from upstander.meetings import views

app_name = "meetings"

urlpatterns = [
    path("meetings/", views.meeting_list, name="list"),
    path("meetings/<int:pk>/", views.meeting_detail, name="detail"),
    path("meetings/<int:pk>/my-place/", views.my_registration, name="mine"),
    path("meetings/place/<str:token>/", views.registration_page, name="registration"),
    path("staff/meetings/", views.staff_meetings, name="staff_list"),
    path("staff/meetings/<int:pk>/", views.staff_meeting, name="staff_detail"),
    path(
        "staff/meetings/<int:pk>/rotate-password/",
        views.staff_rotate_password,
        name="staff_rotate_password",
    ),
    path("staff/meetings/<int:pk>/incident/", views.staff_incident, name="staff_incident"),
    path("staff/meetings/places/<int:pk>/revoke/", views.staff_revoke, name="staff_revoke"),
]
