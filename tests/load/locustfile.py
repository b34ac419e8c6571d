"""The ``make load`` mix (locust, headless): catalogue page, keyword search API, need page with its
matches (signed-in officer), solution page, and interest POSTs by signed-in companies (API token)."""

import json
import os
import random
from urllib.parse import urlencode

from locust import FastHttpUser, between, task

DATA = json.loads(open(os.environ["OPENLAB_LOAD_DATA"], encoding="utf-8").read())
WORDS = ["주차", "미세먼지", "어르신 돌봄", "parking", "fine dust", "드론 배송", "화재", "스마트 버스정류장", "침수"]


class Visitor(FastHttpUser):
    """A signed-in officer browsing (session cookie), whose company colleague posts interests (token).

    FastHttpUser (geventhttpclient) costs the load generator a fraction of the CPU of requests, which
    matters when it shares the server's two cores."""

    wait_time = between(0.0, 0.05)

    def on_start(self):
        self.account = random.choice(DATA["accounts"])
        self.cookie = {"Cookie": f"sessionid={self.account['officer_session']}"}

    @task(3)
    def catalogue(self):
        self.client.get(f"/solutions/?page={random.randint(1, 5)}", name="page: catalogue", headers=self.cookie)

    @task(3)
    def search(self):
        self.client.get("/api/v1/solutions/?" + urlencode({"q": random.choice(WORDS)}), name="api: keyword search",
                        headers=self.cookie)

    @task(2)
    def need_with_matches(self):
        self.client.get(f"/needs/{self.account['need']}/", name="page: need with matches", headers=self.cookie)

    @task(2)
    def solution(self):
        self.client.get(f"/solutions/{random.choice(DATA['solutions'])}/", name="page: solution", headers=self.cookie)

    @task(1)
    def interest(self):
        if not self.account["solution"]:
            return
        self.client.post("/api/v1/interests/", json={
            "kind": "proposal", "need": self.account["need"], "solution": self.account["solution"],
            "message": "부하 시험 제안입니다"}, headers={"Authorization": f"Bearer {self.account['founder_token']}"},
            name="api: interest POST")
