"""The ``make load`` mix (locust, headless): catalogue page, keyword search API, need page with its
matches (signed-in officer), solution page, and interest POSTs by signed-in companies (API token)."""

import json
import os
import random
from urllib.parse import urlencode

from locust import FastHttpUser, between, task

DATA = json.loads(open(os.environ["OPENLAB_LOAD_DATA"], encoding="utf-8").read())
#: In the header of every page a signed-in user gets (the sign-out form).
SIGNED_IN = 'action="/accounts/logout/"'
WORDS = ["주차", "미세먼지", "어르신 돌봄", "parking", "fine dust", "드론 배송", "화재", "스마트 버스정류장", "침수"]


class Visitor(FastHttpUser):
    """A signed-in officer browsing (session cookie), whose company colleague posts interests (token).

    FastHttpUser (geventhttpclient) costs the load generator a fraction of the CPU of requests, which
    matters when it shares the server's two cores."""

    wait_time = between(0.0, 0.05)

    def on_start(self):
        self.account = random.choice(DATA["accounts"])
        self.cookie = {"Cookie": f"sessionid={self.account['officer_session']}"}

    def page(self, path, name, marker):
        """A GET that counts as an error unless it is the page itself, as this user sees it: a 200 (a
        redirect, to sign in say, is an error) holding ``marker`` and the signed-in header."""
        with self.client.get(path, name=name, headers=self.cookie, allow_redirects=False,
                             catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            elif marker not in response.text or SIGNED_IN not in response.text:
                response.failure(f"not the expected page (no {marker!r} or not signed in)")

    @task(3)
    def catalogue(self):
        self.page(f"/solutions/?page={random.randint(1, 5)}", "page: catalogue", 'class="ol-cards')

    @task(3)
    def search(self):
        with self.client.get("/api/v1/solutions/?" + urlencode({"q": random.choice(WORDS)}),
                             name="api: keyword search", headers=self.cookie, catch_response=True) as response:
            if response.status_code != 200 or "results" not in response.json():
                response.failure(f"status {response.status_code} or no results list")

    @task(2)
    def need_with_matches(self):
        self.page(f"/needs/{self.account['need']}/", "page: need with matches", 'class="ol-match-list"')

    @task(2)
    def solution(self):
        self.page(f"/solutions/{random.choice(DATA['solutions'])}/", "page: solution", 'class="ol-detail"')

    @task(1)
    def interest(self):
        if not self.account["solution"]:
            return
        with self.client.post("/api/v1/interests/", json={
                "kind": "proposal", "need": self.account["need"], "solution": self.account["solution"],
                "message": "부하 시험 제안입니다"}, headers={"Authorization": f"Bearer {self.account['founder_token']}"},
                name="api: interest POST", catch_response=True) as response:
            if response.status_code not in (200, 201) or response.json().get("need") != self.account["need"]:
                response.failure(f"status {response.status_code} or not the interest sent")
