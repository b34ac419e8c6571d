"""Free text has a cap everywhere it enters (service, form, API, import): a description or a problem
holds 20 000 characters; one more is a clear field error and nothing is saved."""

import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from marketplace import services
from marketplace.markup import render_markdown
from marketplace.models import Need, Solution
from marketplace.models.listings import LONG_TEXT_MAX

from .test_listings import need_data, solution_data

TOO_LONG = "가" * (LONG_TEXT_MAX + 1)


def test_the_services_refuse_a_description_one_character_too_long(company, company_member, city, city_member):
    with pytest.raises(ValidationError) as caught:
        services.listing_create(user=company_member, organization=company, model=Solution,
                                data=solution_data(description=TOO_LONG))
    assert "description" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.listing_create(user=city_member, organization=city, model=Need, data=need_data(problem=TOO_LONG))
    assert "problem" in caught.value.message_dict
    assert not Solution.objects.exists() and not Need.objects.exists()
    kept = services.listing_create(user=company_member, organization=company, model=Solution,
                                   data=solution_data(description="가" * LONG_TEXT_MAX))
    assert len(kept.description) == LONG_TEXT_MAX


def test_the_api_answers_400_naming_the_field(client, company_member):
    client.force_login(company_member)
    response = client.post("/api/v1/solutions/", {"title": "긴 설명", "summary": "요약", "types": ["TRF-07"],
                                                  "description": TOO_LONG}, content_type="application/json")
    assert response.status_code == 400 and "description" in response.json()


def test_the_form_shows_the_error(client, company_member):
    client.force_login(company_member)
    response = client.post("/solutions/new/", {"title": "긴 설명", "summary": "요약", "description": TOO_LONG,
                                               "primary_type": "TRF-07", "nationwide": "on",
                                               "pricing_model": "purchase", "languages": "ko"})
    assert response.status_code == 200 and "description" in response.context["form"].errors
    assert not Solution.objects.exists()


def test_the_import_reports_the_row(company, tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps({"external_id": "long-1", "organization": company.business_number,
                                "title": "긴 설명", "summary": "요약", "description": TOO_LONG,
                                "type_codes": ["TRF-07"]}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_listings", str(path), "--kind", "solutions", stdout=out)
    assert "line 1: description:" in out.getvalue()
    assert not Solution.objects.exists()


@pytest.mark.parametrize("unit", ["[", "[a](", "*a", "<", "> "])
def test_adversarial_markdown_of_the_longest_text_renders_as_text(unit):
    text = (unit * LONG_TEXT_MAX)[:LONG_TEXT_MAX]
    html = str(render_markdown(text))
    assert "<script" not in html and len(html) >= len(text.replace("> ", "")) // 2


def test_a_decline_note_over_500_characters_is_refused_not_cut(db):
    from marketplace.models import Interest, Membership

    from ..factories import MembershipFactory, NeedFactory, SolutionFactory

    need, solution = NeedFactory(), SolutionFactory()
    officer = MembershipFactory(organization=need.organization, role=Membership.Role.ADMIN).user
    founder = MembershipFactory(organization=solution.organization, role=Membership.Role.ADMIN).user
    interest = services.interest_propose(user=founder, need=need, solution=solution, message="제안합니다")
    with pytest.raises(ValidationError) as caught:
        services.interest_decline(user=officer, interest=interest, reason="other", note="가" * 501)
    assert "note" in caught.value.message_dict
    assert Interest.objects.get(pk=interest.pk).state == "sent"
    declined = services.interest_decline(user=officer, interest=interest, reason="other", note="가" * 500)
    assert len(declined.decline_note) == 500
