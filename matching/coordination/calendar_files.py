"""A confirmed meeting as an RFC 5545 calendar file, written with ``icalendar``."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vText

from .models import Meeting


def meeting_ics(meeting: Meeting, request=None) -> bytes:
    pairing = meeting.pairing
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "openlab"
    url = settings.SITE_URL.rstrip("/") + reverse("coordination:pairing_detail", args=[pairing.pk])
    calendar = Calendar()
    calendar.add("prodid", "-//Smart City Open Lab//openlab//KO")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{host}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.starts_at + timedelta(minutes=Meeting.MINUTES))
    event.add("summary", _("Meeting: %(a)s and %(b)s") % {"a": pairing.a_org.display_name,
                                                          "b": pairing.b_org.display_name})
    event.add("description", f"{pairing.title_a} ↔ {pairing.title_b}\n{url}")
    event["location"] = vText(meeting.place)
    if meeting.mode == Meeting.Mode.ONLINE:
        event.add("url", meeting.place)
    event.add("status", "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical()
