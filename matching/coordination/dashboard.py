"""The figures of the coordinator dashboard and of the public statistics page, as plain functions
of the database (and a period). Every figure is aggregated: no person appears in any of them."""

import statistics
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, Min, OuterRef
from django.utils import timezone

from marketplace.kinds import refers_to, type_id
from marketplace.models import Municipality, Need, Organization, PartnershipRequest, Solution, SolutionField
from matching.models import Match

from .models import Meeting, Pairing, PairingEvent
from .services import FUNNEL, queue_min_score


@dataclass
class Period:
    start: date
    end: date  # inclusive

    @classmethod
    def last_days(cls, days: int = 90, *, today: date | None = None) -> "Period":
        today = today or timezone.localdate()
        return cls(today - timedelta(days=days - 1), today)

    def bounds(self) -> tuple[datetime, datetime]:
        zone = timezone.get_current_timezone()
        return (timezone.make_aware(datetime.combine(self.start, time.min), zone),
                timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min), zone))


def _public_solutions():
    return Solution.objects.filter(status=Solution.Status.PUBLISHED, organization__status=Organization.Status.VERIFIED)


def _open_needs():
    return Need.objects.filter(status=Need.Status.OPEN, organization__status=Organization.Status.VERIFIED)


def _open_requests():
    return PartnershipRequest.objects.filter(status=PartnershipRequest.Status.OPEN,
                                             organization__status=Organization.Status.VERIFIED)


def listings_by_field() -> list[dict]:
    """Published solutions (by primary type), open needs and open partnership requests per field."""
    solutions = dict(_public_solutions().values_list("primary_type__field").annotate(n=Count("pk")))
    needs = dict(_open_needs().exclude(field=None).values_list("field").annotate(n=Count("pk")))
    requests = dict(_open_requests().values_list("types__field").annotate(n=Count("pk", distinct=True)))
    return [{"code": f.code, "name": f.name, "solutions": solutions.get(f.code, 0), "needs": needs.get(f.code, 0),
             "partnerships": requests.get(f.code, 0)} for f in SolutionField.objects.all()]


def listings_by_sido() -> list[dict]:
    """Solutions by their company's 시도, open needs by the municipality's, requests by region."""
    solutions = dict(_public_solutions().exclude(organization__hq_sido=None)
                     .values_list("organization__hq_sido").annotate(n=Count("pk")))
    needs = {}
    for code, n in (_open_needs().exclude(organization__municipality=None)
                    .values_list("organization__municipality__code").annotate(n=Count("pk"))):
        needs[code[:2]] = needs.get(code[:2], 0) + n
    requests = dict(_open_requests().exclude(region=None).values_list("region").annotate(n=Count("pk")))
    return [{"code": m.code, "name": m.name, "solutions": solutions.get(m.code, 0), "needs": needs.get(m.code, 0),
             "partnerships": requests.get(m.code, 0)} for m in Municipality.objects.filter(level="sido")]


def totals() -> dict:
    return {"solutions": _public_solutions().count(), "needs": _open_needs().count(),
            "partnerships": _open_requests().count(),
            "overseas_needs": _open_needs().filter(organization__kind=Organization.Kind.OVERSEAS).count(),
            "living_lab_needs": _open_needs().filter(living_lab=True).count(),
            "companies": Organization.objects.filter(kind=Organization.Kind.COMPANY,
                                                     status=Organization.Status.VERIFIED).count(),
            "municipalities": Organization.objects.filter(kind=Organization.Kind.MUNICIPALITY,
                                                          status=Organization.Status.VERIFIED).count()}


def funnel(period: Period) -> list[dict]:
    """The pairings suggested in the period and how far each got (by now): every stage counts the
    pairings that reached it or a later one, with the conversion from the stage before."""
    start, end = period.bounds()
    cohort = Pairing.objects.filter(created_at__gte=start, created_at__lt=end)
    reached = []
    for index, stage in enumerate(FUNNEL):
        later = FUNNEL[index:]
        if index == 0:
            reached.append(cohort.count())
        else:
            reached.append(cohort.filter(Exists(PairingEvent.objects.filter(
                pairing=OuterRef("pk"), to_state__in=later))).count())
    rows = []
    for index, stage in enumerate(FUNNEL):
        before = reached[index - 1] if index else None
        rows.append({"stage": stage, "label": Pairing.State(stage).label, "count": reached[index],
                     "conversion": round(reached[index] / before, 3) if before else None})
    return rows


def meetings_by_week(period: Period) -> list[dict]:
    """Meetings proposed, confirmed and held in each week (Monday first) of the period: proposed by
    when they were proposed, confirmed and held by the meeting's time."""
    start, end = period.bounds()
    weeks: dict[date, dict] = {}

    def week_of(moment) -> date:
        day = timezone.localtime(moment).date()
        return day - timedelta(days=day.weekday())

    def row(moment) -> dict:
        week = week_of(moment)
        return weeks.setdefault(week, {"week": week, "proposed": 0, "confirmed": 0, "held": 0})

    for created in Meeting.objects.filter(created_at__gte=start, created_at__lt=end).values_list(
            "created_at", flat=True):
        row(created)["proposed"] += 1
    for state, starts_at in Meeting.objects.filter(
            state__in=(Meeting.State.CONFIRMED, Meeting.State.HELD), starts_at__gte=start,
            starts_at__lt=end).values_list("state", "starts_at"):
        entry = row(starts_at)
        entry["confirmed"] += 1
        entry["held"] += state == Meeting.State.HELD
    return [weeks[week] for week in sorted(weeks)]


def median_days_to_introduction(period: Period) -> float | None:
    """Median days from a need's publication to its first introduction, over the needs first
    introduced in the period."""
    start, end = period.bounds()
    first = dict(Pairing.objects.filter(a_type_id=type_id("need"), introduced_at__isnull=False).values_list("a_id")
                 .annotate(first=Min("introduced_at")))
    first = {pk: at for pk, at in first.items() if start <= at < end}
    published = dict(Need.objects.filter(pk__in=first, published_at__isnull=False).values_list("pk", "published_at"))
    days = [(first[pk] - published[pk]).total_seconds() / 86400 for pk in published]
    return round(statistics.median(days), 1) if days else None


def unmet_needs(limit: int = 10) -> list[dict]:
    """Open needs with no stored match above the queue threshold, oldest first: what the market lacks."""
    threshold = queue_min_score()
    strong = Match.objects.filter(refers_to("source", "need", OuterRef("pk")), excluded=False,
                                  score__gte=threshold)
    needs = list(_open_needs().filter(~Exists(strong)).select_related("organization", "field")
                 .order_by("published_at", "pk")[:limit])
    best = dict(Match.objects.filter(refers_to("source", "need", [n.pk for n in needs]), rank=1)
                .values_list("source_id", "score"))
    return [{"need": n, "best_score": best.get(n.pk)} for n in needs]


def special_needs() -> dict:
    """Overseas (K-City Network) and living-lab needs that are open."""
    needs = _open_needs().select_related("organization", "organization__municipality")
    return {"overseas": list(needs.filter(organization__kind=Organization.Kind.OVERSEAS)[:20]),
            "living_lab": list(needs.filter(living_lab=True)[:20])}


def public_statistics(period: Period | None = None) -> dict:
    """What ``/stats/`` and ``GET /api/v1/stats/`` publish: counts and rates, nothing personal."""
    period = period or Period.last_days(365)
    stages = funnel(period)
    return {
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
        "totals": totals(),
        "by_field": listings_by_field(),
        "by_sido": listings_by_sido(),
        "funnel": [{"stage": row["stage"], "count": row["count"], "conversion": row["conversion"]}
                   for row in stages],
        "median_days_to_first_introduction": median_days_to_introduction(period),
    }
