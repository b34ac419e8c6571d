"""The coordinator dashboard (``/coordinator/``), its CSV downloads, and the public statistics page."""

import csv
import io
import json

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from openlab.accounts.decorators import coordinator_required
from openlab.audit.services import audit

from .. import dashboard
from ..sido_map import MAP_FILE

PERIODS = (30, 90, 365)


def _period(request) -> tuple[int, dashboard.Period]:
    try:
        days = int(request.GET.get("days", 90))
    except ValueError:
        days = 90
    days = days if days in PERIODS else 90
    return days, dashboard.Period.last_days(days)


def _map(rows, key: str) -> list[dict]:
    """The 시도 outlines with each region's count and a shade (0–4) for the choropleth."""
    regions = json.loads(MAP_FILE.read_text(encoding="utf-8"))
    counts = {row["code"]: row for row in rows}
    top = max([row[key] for row in rows] or [0]) or 1
    out = []
    for code, region in regions["regions"].items():
        row = counts.get(code, {"name": code, key: 0})
        value = row[key]
        x, y = region["label"].split(",")
        out.append({"code": code, "name": row["name"], "value": value, "path": region["path"], "x": x, "y": y,
                    "shade": 0 if not value else min(4, 1 + int(3 * value / top))})
    return out


def _figures(period) -> dict:
    by_sido, by_field, funnel = dashboard.listings_by_sido(), dashboard.listings_by_field(), dashboard.funnel(period)
    return {"totals": dashboard.totals(), "by_field": by_field, "by_sido": by_sido, "funnel": funnel,
            "median_days": dashboard.median_days_to_introduction(period), "map": _map(by_sido, "needs"),
            "map_view_box": json.loads(MAP_FILE.read_text(encoding="utf-8"))["viewBox"],
            "chart_data": {"funnel": {"labels": [str(r["label"]) for r in funnel], "values": [r["count"] for r in funnel]},
                           "fields": {"labels": [r["name"] for r in by_field],
                                      "solutions": [r["solutions"] for r in by_field],
                                      "needs": [r["needs"] for r in by_field]}}}


@coordinator_required
@require_safe
def coordinator_dashboard(request):
    days, period = _period(request)
    context = _figures(period) | {"days": days, "periods": PERIODS, "period": period,
                                  "unmet": dashboard.unmet_needs(), "special": dashboard.special_needs(),
                                  "meeting_weeks": dashboard.meetings_by_week(period)}
    return render(request, "coordination/dashboard.html", context)


@require_safe
def public_stats(request):
    period = dashboard.Period.last_days(365)
    return render(request, "coordination/stats.html", _figures(period) | {"period": period})


def _table(name: str, period) -> tuple[list[str], list[list]]:
    if name == "fields":
        rows = dashboard.listings_by_field()
        return ([_("Field code"), _("Field"), _("Published solutions"), _("Open needs"), _("Partnership requests")],
                [[r["code"], r["name"], r["solutions"], r["needs"], r["partnerships"]] for r in rows])
    if name == "sido":
        rows = dashboard.listings_by_sido()
        return ([_("시도 code"), _("시도"), _("Published solutions"), _("Open needs"), _("Partnership requests")],
                [[r["code"], r["name"], r["solutions"], r["needs"], r["partnerships"]] for r in rows])
    if name == "funnel":
        rows = dashboard.funnel(period)
        return ([_("Stage"), _("Pairs"), _("Conversion from the stage before")],
                [[str(r["label"]), r["count"], "" if r["conversion"] is None else r["conversion"]] for r in rows])
    if name == "unmet":
        rows = dashboard.unmet_needs(limit=500)
        return ([_("Need"), _("Municipality"), _("Field"), _("Published"), _("Best score")],
                [[r["need"].title, r["need"].organization.display_name, r["need"].field.name if r["need"].field else "",
                  r["need"].published_at.date().isoformat() if r["need"].published_at else "",
                  "" if r["best_score"] is None else round(r["best_score"], 3)] for r in rows])
    raise Http404


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A text cell a spreadsheet would run as a formula (``=HYPERLINK(…)``) gets a leading apostrophe,
    which shows it as the text it is; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(filename: str, header: list[str], rows: list[list]) -> HttpResponse:
    """UTF-8 with a byte-order mark, so that Excel opens Korean text correctly; no cell is a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([spreadsheet_safe(cell) for cell in header])
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    response = HttpResponse(("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@coordinator_required
@require_safe
def dashboard_csv(request, name):
    _days, period = _period(request)
    header, rows = _table(name, period)

    audit("export", actor=request.user, target=f"dashboard {name}.csv", rows=len(rows))
    return csv_response(f"openlab-{name}-{period.start}-{period.end}.csv", header, rows)


@require_safe
def public_csv(request, name):
    if name not in ("fields", "sido", "funnel"):
        raise Http404
    period = dashboard.Period.last_days(365)
    header, rows = _table(name, period)
    return csv_response(f"openlab-stats-{name}.csv", header, rows)
