from django.urls import path
from django.views.generic import RedirectView

from .views import dashboard, meetings, pairings, queue

app_name = "coordination"
urlpatterns = [
    path("coordinator/", dashboard.coordinator_dashboard, name="coordinator_home"),
    path("coordinator/export/<slug:name>.csv", dashboard.dashboard_csv, name="dashboard_csv"),
    path("coordinator/matches/", queue.match_queue, name="match_queue"),
    path("coordinator/matches/bulk/", queue.match_queue_bulk, name="match_queue_bulk"),
    path("pairings/<id:pk>/", pairings.pairing_detail, name="pairing_detail"),
    path("pairings/<id:pk>/introduce/", pairings.pairing_introduce, name="pairing_introduce"),
    path("pairings/<id:pk>/shortlist/", pairings.pairing_shortlist, name="pairing_shortlist"),
    path("pairings/<id:pk>/reject/", pairings.pairing_reject, name="pairing_reject"),
    path("pairings/<id:pk>/snooze/", pairings.pairing_snooze, name="pairing_snooze"),
    path("pairings/<id:pk>/answer/", pairings.pairing_answer, name="pairing_answer"),
    path("pairings/<id:pk>/outcome/", pairings.pairing_outcome, name="pairing_outcome"),
    path("pairings/<id:pk>/messages/", pairings.pairing_message, name="pairing_message"),
    path("pairings/<id:pk>/meetings/", meetings.meeting_propose, name="meeting_propose"),
    path("meetings/<id:pk>/confirm/", meetings.meeting_confirm, name="meeting_confirm"),
    path("meetings/<id:pk>/decline/", meetings.meeting_decline, name="meeting_decline"),
    path("meetings/<id:pk>/held/", meetings.meeting_held, name="meeting_held"),
    path("meetings/<id:pk>/ics", meetings.meeting_calendar, name="meeting_calendar"),
    # The old address of a pairing's page (before mutual interests became pairings too).
    path("matches/<id:pk>/", RedirectView.as_view(pattern_name="coordination:pairing_detail", permanent=True),
         name="pairing_detail_old"),
    path("stats/", dashboard.public_stats, name="public_stats"),
    path("stats/<slug:name>.csv", dashboard.public_csv, name="public_csv"),
]
