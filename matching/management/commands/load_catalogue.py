"""``manage.py load_catalogue --listings N --output FILE``: fill the configured (empty, throwaway)
database with N synthetic listings for ``make load``, index them, compute the matches of the load
accounts' needs, and write the load generator's accounts (session keys and API tokens) to FILE.
Refuses a database that already has listings."""

import json
import random
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from marketplace.models import Membership, Need, Organization, Solution
from marketplace.search_documents import indexable, prepare
from matching.benchmark import SEED, generate
from matching.services import match_compute
from openlab.accounts.tokens import api_token_create
from openlab.search import backend


class Command(BaseCommand):
    help = "Generate a synthetic catalogue and load-test accounts in an empty database (for make load)."

    def add_arguments(self, parser):
        parser.add_argument("--listings", type=int, default=10_000)
        parser.add_argument("--output", type=Path, required=True)

    def handle(self, *args, listings, output, **options):
        if Solution.objects.exists():
            raise CommandError("the database already has listings: make load needs an empty, throwaway database")
        rng = random.Random(SEED)
        with transaction.atomic():
            generate(listings, 200, rng)
        engine = backend("default")
        for kind in ("solution", "need"):
            engine.rebuild(kind, (prepare(kind, obj) for obj in indexable(kind).iterator(chunk_size=1000)))
        users = get_user_model().objects
        accounts = []
        companies = list(Organization.objects.filter(kind="company")[:20])
        needs = list(Need.objects.select_related("organization")[:20])
        for n, (company, need) in enumerate(zip(companies, needs)):
            officer = users.create_user(email=f"load-officer{n}@load.test", password="load-test-2026",
                                        display_name=f"담당자 {n}")
            Membership.objects.create(user=officer, organization=need.organization, role=Membership.Role.ADMIN)
            founder = users.create_user(email=f"load-founder{n}@load.test", password="load-test-2026",
                                        display_name=f"대표 {n}")
            Membership.objects.create(user=founder, organization=company, role=Membership.Role.ADMIN)
            solution = Solution.objects.filter(organization=company).first()
            session = import_module(settings.SESSION_ENGINE).SessionStore()
            session["_auth_user_id"] = str(officer.pk)
            session["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[0]
            session["_auth_user_hash"] = officer.get_session_auth_hash()
            session.create()
            _token, key = api_token_create(user=founder, name="load")
            accounts.append({"officer_session": session.session_key, "need": need.pk, "founder_token": key,
                             "solution": solution.pk if solution else None})
        for need in needs:  # the load's need pages show their matches, as a worker would have stored them
            match_compute(listing=need)
        solutions = list(Solution.objects.values_list("pk", flat=True)[:500])
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # planner statistics for the new rows, as autovacuum would gather
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps({"accounts": accounts, "solutions": solutions}), encoding="utf-8")
        self.stdout.write(f"{listings} listings, {len(accounts)} load accounts written to {output}")
