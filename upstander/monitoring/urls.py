from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from upstander.monitoring import views, webhooks

app_name = "monitoring"

urlpatterns: list[URLPattern | URLResolver] = [
    path("staff/monitoring/", views.queue, name="queue"),
    path("staff/monitoring/people/", views.people, name="people"),
    path("staff/monitoring/sources/", views.source_health, name="sources"),
    path(
        "staff/monitoring/authors/<str:platform>/<path:author_id>/",
        views.author,
        name="author",
    ),
    path("monitoring/", views.my_monitoring, name="mine"),
    path("monitoring/webhooks/meta/", webhooks.meta, name="meta_webhook"),
    path("monitoring/threshold/", views.threshold, name="threshold"),
    path("monitoring/accounts/<int:account_id>/revoke/", views.revoke, name="revoke"),
    path(
        "monitoring/delegates/<int:delegation_id>/end/",
        views.end_delegation,
        name="end_delegation",
    ),
]
