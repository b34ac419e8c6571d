"""``/api/v1/matches/``, its actions and messages, and ``/api/v1/notifications/``: the same
permissions as the pages."""

import pytest

from marketplace.models import Membership

from ..factories import MembershipFactory, NeedFactory, SolutionFactory
from .test_pipeline import suggest


@pytest.fixture
def pair(db):
    need, solution = NeedFactory(), SolutionFactory()
    officer = MembershipFactory(organization=need.organization, role=Membership.Role.ADMIN).user
    founder = MembershipFactory(organization=solution.organization, role=Membership.Role.ADMIN).user
    return {"pairing": suggest(need, solution), "officer": officer, "founder": founder}


def test_the_whole_loop_through_the_api(client, coordinator, pair, outsider):
    pk = pair["pairing"].pk
    client.force_login(coordinator)
    queue = client.get("/api/v1/matches/?queue=1").json()
    assert [item["id"] for item in queue["results"]] == [pk] and queue["results"][0]["reasons"]
    response = client.post(f"/api/v1/matches/{pk}/introduce/", {"a_contact": pair["officer"].pk,
                                                                "b_contact": pair["founder"].pk},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["state"] == "introduced"
    again = client.post(f"/api/v1/matches/{pk}/introduce/", {"a_contact": pair["officer"].pk,
                                                             "b_contact": pair["founder"].pk},
                        content_type="application/json")
    assert again.status_code == 400 and "state" in again.json()

    client.force_login(pair["founder"])
    mine = client.get("/api/v1/matches/").json()
    assert [item["id"] for item in mine["results"]] == [pk]
    assert mine["results"][0]["contacts"]["a"]["email"] == pair["officer"].email
    assert client.post(f"/api/v1/matches/{pk}/reject/", {"reason": "budget"},
                       content_type="application/json").status_code == 403
    assert client.post(f"/api/v1/matches/{pk}/decline/", {}, content_type="application/json").status_code == 400
    assert client.post(f"/api/v1/matches/{pk}/accept/").json()["state"] == "accepted"
    client.force_login(pair["officer"])
    assert client.post(f"/api/v1/matches/{pk}/accept/").json()["state"] == "connected"
    posted = client.post(f"/api/v1/matches/{pk}/messages/", {"body": "회의 일정을 잡읍시다"},
                         content_type="application/json")
    assert posted.status_code == 201
    assert client.post(f"/api/v1/matches/{pk}/outcome/", {"outcome": "meeting_held"},
                       content_type="application/json").json()["state"] == "meeting_held"
    events = client.get(f"/api/v1/matches/{pk}/events/").json()
    assert [e["to_state"] for e in events] == ["suggested", "introduced", "accepted", "connected", "meeting_held"]

    client.force_login(pair["founder"])
    assert [m["body"] for m in client.get(f"/api/v1/matches/{pk}/messages/").json()] == ["회의 일정을 잡읍시다"]
    client.force_login(outsider)
    assert client.get("/api/v1/matches/").json()["results"] == []
    assert client.get(f"/api/v1/matches/{pk}/").status_code == 404
    assert client.get(f"/api/v1/matches/{pk}/messages/").status_code == 404


def test_bad_input_is_a_400_with_the_field(client, coordinator, pair):
    client.force_login(coordinator)
    assert "state" in client.get("/api/v1/matches/?state=nope").json()
    response = client.post(f"/api/v1/matches/{pair['pairing'].pk}/snooze/", {"until": "2000-01-01"},
                           content_type="application/json")
    assert response.status_code == 400 and "until" in response.json()
    response = client.post(f"/api/v1/matches/{pair['pairing'].pk}/reject/", {"reason": "whatever"},
                           content_type="application/json")
    assert response.status_code == 400 and "reason" in response.json()


def test_notifications_api_lists_only_mine_and_marks_read(client, pair, coordinator):
    from matching.coordination import services as pipeline

    pipeline.pairing_introduce(coordinator=coordinator, pairing=pair["pairing"], a_contact=pair["officer"],
                               b_contact=pair["founder"])
    assert client.get("/api/v1/notifications/").status_code in (401, 403)
    client.force_login(pair["founder"])
    items = client.get("/api/v1/notifications/?unread=1").json()["results"]
    assert [i["kind"] for i in items] == ["introduction"]
    assert client.post("/api/v1/notifications/read/", {}, content_type="application/json").json() == {
        "marked_read": 1, "unread": 0}
    client.force_login(pair["officer"])
    other = client.get("/api/v1/notifications/").json()["results"]
    assert all(i["id"] != items[0]["id"] for i in other)
    assert client.get(f"/api/v1/notifications/{items[0]['id']}/").status_code == 404
