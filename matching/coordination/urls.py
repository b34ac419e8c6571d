from django.urls import path

from .views import dashboard, pairings, queue

urlpatterns = [
    path("coordinator/", dashboard.coordinator_dashboard, name="coordinator_home"),
    path("coordinator/export/<slug:name>.csv", dashboard.dashboard_csv, name="dashboard_csv"),
    path("coordinator/matches/", queue.match_queue, name="match_queue"),
    path("coordinator/matches/bulk/", queue.match_queue_bulk, name="match_queue_bulk"),
    path("matches/<int:pk>/", pairings.pairing_detail, name="pairing_detail"),
    path("matches/<int:pk>/introduce/", pairings.pairing_introduce, name="pairing_introduce"),
    path("matches/<int:pk>/shortlist/", pairings.pairing_shortlist, name="pairing_shortlist"),
    path("matches/<int:pk>/reject/", pairings.pairing_reject, name="pairing_reject"),
    path("matches/<int:pk>/snooze/", pairings.pairing_snooze, name="pairing_snooze"),
    path("matches/<int:pk>/answer/", pairings.pairing_answer, name="pairing_answer"),
    path("matches/<int:pk>/outcome/", pairings.pairing_outcome, name="pairing_outcome"),
    path("matches/<int:pk>/messages/", pairings.pairing_message, name="pairing_message"),
    path("stats/", dashboard.public_stats, name="public_stats"),
    path("stats/<slug:name>.csv", dashboard.public_csv, name="public_csv"),
]
