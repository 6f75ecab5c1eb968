from django.urls import path

from webhooks import views

urlpatterns = [
    path("ratatoskr/webhook", views.receive_webhook, name="ratatoskr-webhook"),
    path("cases", views.list_cases, name="cases"),
    path("events", views.list_events, name="events"),
]
