"""The weekly digest: each company hears of the new open needs that match its solutions, each
municipality of the new solutions that match its open needs (Celery beat, Mondays)."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from marketplace.kinds import refers_to
from marketplace.models import Need, Organization, Solution
from marketplace.selectors import member_users
from openlab.notifications.services import notify

from .models import Match

WINDOW = timedelta(days=7)


def _items(source_kind: str, source_ids, target_model, since) -> dict[int, list]:
    """New public targets matching each source listing: {source id: [target, …]}."""
    rows = list(Match.objects.filter(refers_to("source", source_kind, list(source_ids)), excluded=False,
                                     score__gte=settings.MATCH_QUEUE_MIN_SCORE).order_by("rank"))
    fresh = {t.pk: t for t in target_model.objects.filter(
        pk__in=[r.target_id for r in rows], status__in=target_model.LISTED_STATUSES,
        organization__status=Organization.Status.VERIFIED, published_at__gte=since).select_related("organization")}
    found = {}
    for row in rows:
        target = fresh.get(row.target_id)
        if target is not None and len(found.setdefault(row.source_id, [])) < 5:
            target.url = settings.SITE_URL + reverse(f"marketplace:{target.kind}_detail", args=[target.pk])
            found[row.source_id].append(target)
    return found


def weekly_digest_for(organization, *, now=None) -> list[tuple[object, list]]:
    """[(my listing, [new matching listings]), …] of the past week."""
    since = (now or timezone.now()) - WINDOW
    if organization.kind == Organization.Kind.COMPANY:
        mine = list(Solution.objects.filter(organization=organization, status=Solution.Status.PUBLISHED))
        found = _items("solution", [s.pk for s in mine], Need, since)
    else:
        mine = list(Need.objects.filter(organization=organization, status=Need.Status.OPEN))
        found = _items("need", [n.pk for n in mine], Solution, since)
    return [(listing, found[listing.pk]) for listing in mine if found.get(listing.pk)]


def send_weekly_digests(*, now=None) -> int:
    """Notify every verified organisation that has something new; returns how many were told."""
    now = now or timezone.now()
    week = now.isocalendar()
    told = 0
    for organization in Organization.objects.filter(status=Organization.Status.VERIFIED).exclude(
            kind=Organization.Kind.COORDINATOR):
        groups = weekly_digest_for(organization, now=now)
        if not groups:
            continue
        created = notify(users=member_users(organization), kind="weekly_digest", key=f"weekly:{organization.pk}:{week[0]}-{week[1]}",
                         template="weekly_digest", url=reverse("marketplace:workspace"),
                         context={"groups": groups, "count": sum(len(items) for _l, items in groups)})
        told += bool(created)
    return told
