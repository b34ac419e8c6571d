"""schemathesis against /api/schema/, as each role (anonymous, municipality member, company member,
coordinator), with a bounded number of examples: no server error, no response that breaks the
schema (status code, content type, body). Bugs it finds get their own regression tests (tests/fuzz/test_regressions.py)."""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from marketplace.models import Membership
from openlab.accounts.tokens import api_token_create

from ..factories import (
    CoordinatorFactory,
    MembershipFactory,
    MunicipalityOrganizationFactory,
    NeedFactory,
    SolutionFactory,
)

#: No server error, and every answer is one the schema documents: its status, content type and body.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = int(os.environ.get("OPENLAB_FUZZ_EXAMPLES", "10"))


@pytest.fixture
def api_schema(db):
    """The schema, served by the WSGI application in this process. As Django's test client does,
    requests must not close the test's database connection (PostgreSQL would lose the transaction)."""
    from django.core import signals
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(db):
    city = MunicipalityOrganizationFactory()
    officer = MembershipFactory(organization=city, role=Membership.Role.ADMIN).user
    solution = SolutionFactory()
    founder = MembershipFactory(organization=solution.organization, role=Membership.Role.ADMIN).user
    NeedFactory(organization=city)
    keys = {"anonymous": None}
    for role, user in (("municipality", officer), ("company", founder), ("coordinator", CoordinatorFactory())):
        _token, keys[role] = api_token_create(user=user, name="fuzz")
    return keys


FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))


def fuzz(schema, token) -> list[str]:
    """Every operation of the schema, each with a bounded number of generated requests; the
    failures, one line per operation (Hypothesis shrinks each to its smallest example)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @FUZZ
        def run(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            run()
        except (Exception, BaseExceptionGroup) as exc:  # a check failed (or the app raised): report, go on
            detail = " ".join(line.strip() for line in str(exc).splitlines()[:12] if line.strip())
            failures.append(f"{operation.method.upper()} {operation.path}: {detail[:400]}")
    return failures


@pytest.mark.fuzz
@pytest.mark.parametrize("role", ["anonymous", "municipality", "company", "coordinator"])
def test_api_holds_its_schema(api_schema, tokens, role):
    failures = fuzz(api_schema, tokens[role])
    assert failures == [], "\n".join(failures)
