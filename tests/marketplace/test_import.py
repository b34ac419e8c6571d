"""``import_listings``: JSON Lines and CSV, per-row report, all-or-nothing, --partial, re-import."""

import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from marketplace.demo import business_number_with_check_digit
from marketplace.models import Need, Organization, PartnershipRequest, Solution
from openlab.search.models import SearchDocument

from ..factories import CoordinatorFactory

BRN = business_number_with_check_digit("220871234")
FUTURE = (timezone.localdate() + timedelta(days=30)).isoformat()


def write_jsonl(path, rows):
    path.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n", encoding="utf-8")
    return path


def run(path, kind, *flags):
    from io import StringIO

    out = StringIO()
    try:
        call_command("import_listings", str(path), "--kind", kind, *flags, stdout=out)
    except CommandError as exc:
        return False, out.getvalue() + str(exc)
    return True, out.getvalue()


ORGS = [
    {"external_id": "old-co-1", "kind": "company", "name": "파킹메이트", "name_en": "ParkingMate", "size": "startup",
     "business_number": f"{BRN[:3]}-{BRN[3:5]}-{BRN[5:]}", "hq_sido": "48", "verified": True},
    {"external_id": "old-city-1", "kind": "municipality", "name": "경상남도 거제시", "municipality_code": "48310",
     "verified": "true"},
    {"external_id": "old-partner-1", "kind": "Overseas city or partner", "name": "다낭시", "name_en": "Da Nang",
     "country": "vn", "verified": "yes"},
]
SOLUTION = {
    "external_id": "old-sol-1", "organization": BRN, "title": "스마트 주차공유", "summary": "빈 주차면 공유",
    "description": "설명", "type_codes": ["TRF-07", "ETC-09"], "keywords": ["주차", "공유"],
    "service_regions": ["48", "overseas"], "price_min_krw": 1000000, "price_max_krw": "5,000,000",
    "pricing_model": "구독", "deployment_months": 3, "open_source": False, "data_hub_ready": True,
    "languages": ["ko", "en"], "status": "published",
    "deployments": [{"municipality_code": "48220", "year": 2024, "programme": "강소형", "outcome": "회전율 향상"},
                    {"city": "Da Nang", "country": "VN", "year": 2025}],
}


@pytest.fixture
def import_coordinator(db):
    return CoordinatorFactory(email="import-coordinator@openlab.example.kr")


@pytest.fixture
def organizations(db, tmp_path, import_coordinator):
    ok, output = run(write_jsonl(tmp_path / "orgs.jsonl", ORGS), "organizations", "--verified-by",
                     import_coordinator.email)
    assert ok, output
    return Organization.objects.filter(external_id__startswith="old-")


def test_import_verification_is_a_coordinators_audited_decision(organizations, import_coordinator):
    from marketplace.models import VerificationDecision
    from openlab.audit.models import AuditEntry

    company = organizations.get(external_id="old-co-1")
    decision = VerificationDecision.objects.get(organization=company)
    assert decision.decided_by == import_coordinator and decision.status == "verified"
    assert AuditEntry.objects.filter(action="verification", organization=company, actor=import_coordinator).exists()
    assert SearchDocument.objects.of_kind("solution").count() == 0  # nothing to index yet, but no error


def test_verified_true_without_a_coordinator_is_a_row_error(db, tmp_path):
    ok, output = run(write_jsonl(tmp_path / "orgs.jsonl", ORGS[:1]), "organizations")
    assert not ok and "line 1: verified:" in output and "--verified-by" in output
    assert not Organization.objects.filter(external_id="old-co-1").exists()


def test_a_reimport_never_reverifies_an_organisation_a_coordinator_rejected(organizations, import_coordinator,
                                                                           tmp_path):
    from marketplace.services import organization_reject

    company = organizations.get(external_id="old-co-1")
    organization_reject(coordinator=import_coordinator, organization=company, reason="사업자 정보 불일치")
    ok, output = run(write_jsonl(tmp_path / "again.jsonl", ORGS[:1]), "organizations", "--verified-by",
                     import_coordinator.email)
    assert not ok and "line 1: verified:" in output and "1 failed" in output
    company.refresh_from_db()
    assert company.status == "rejected"
    unverified = dict(ORGS[0], verified=False, name="파킹메이트 (수정)")
    assert run(write_jsonl(tmp_path / "edit.jsonl", [unverified]), "organizations")[0]  # details still update
    company.refresh_from_db()
    assert company.status == "rejected" and company.name == "파킹메이트 (수정)"


def test_organisations_import_verified(organizations):
    assert organizations.count() == 3
    assert {o.status for o in organizations} == {"verified"}
    assert organizations.get(external_id="old-co-1").business_number == BRN
    assert organizations.get(external_id="old-partner-1").country == "VN"


def test_solution_import_and_reimport_updates(organizations, tmp_path):
    path = write_jsonl(tmp_path / "s.jsonl", [SOLUTION])
    assert run(path, "solutions")[0]
    solution = Solution.objects.get(external_id="old-sol-1")
    assert solution.status == "published" and solution.pricing_model == "subscription"
    assert solution.primary_type_id == "TRF-07" and solution.overseas and not solution.nationwide
    assert list(solution.service_sidos.values_list("code", flat=True)) == ["48"]
    assert solution.price_max_krw == 5_000_000 and solution.deployments.count() == 2
    write_jsonl(path, [SOLUTION | {"title": "스마트 주차공유 2.0"}])
    ok, output = run(path, "solutions")
    assert ok and "0 created, 1 updated" in output
    assert Solution.objects.get().title == "스마트 주차공유 2.0"


def test_csv_with_bom_and_semicolon_lists(organizations, tmp_path):
    path = tmp_path / "needs.csv"
    header = "external_id,organization,title,problem,field_code,type_codes,budget_min_krw,budget_max_krw,programme," \
             "deadline,requires_open_source,living_lab,status"
    path.write_text("\ufeff" + header + "\n"
                    f'old-need-1,48310,전통시장 배달,"배달과 주차 정보가 부족합니다",LOG,LOG-02;ETC-09,,300000000,'
                    f"생활밀착형 도시재생,{FUTURE},false,true,open\n", encoding="utf-8")
    ok, output = run(path, "needs")
    assert ok, output
    need = Need.objects.get()
    assert need.programme == "urban_regeneration" and need.living_lab and need.status == "open"
    assert set(need.types.values_list("code", flat=True)) == {"LOG-02", "ETC-09"}
    assert need.organization.municipality_id == "48310"


def test_invalid_rows_are_reported_and_nothing_is_kept(organizations, tmp_path):
    rows = [SOLUTION,
            SOLUTION | {"external_id": "bad-1", "price_min_krw": 9, "price_max_krw": 1},
            SOLUTION | {"external_id": "bad-2", "type_codes": ["NOPE-01"], "pricing_model": "barter"},
            SOLUTION | {"external_id": "bad-3", "organization": "123-45-67890"}]
    ok, output = run(write_jsonl(tmp_path / "s.jsonl", rows), "solutions")
    assert not ok
    assert "line 2: price_max_krw" in output and "line 3:" in output and "NOPE-01" in output
    assert "line 4: organization" in output and "3 failed" in output
    assert not Solution.objects.exists()


def test_partial_keeps_the_good_rows(organizations, tmp_path):
    rows = [SOLUTION, SOLUTION | {"external_id": "bad-1", "title": ""}]
    ok, output = run(write_jsonl(tmp_path / "s.jsonl", rows), "solutions", "--partial")
    assert not ok and "line 2: title" in output
    assert list(Solution.objects.values_list("external_id", flat=True)) == ["old-sol-1"]


def test_dry_run_saves_nothing(organizations, tmp_path):
    ok, output = run(write_jsonl(tmp_path / "s.jsonl", [SOLUTION]), "solutions", "--dry-run")
    assert ok and "dry run" in output and not Solution.objects.exists()


def test_unknown_columns_are_an_error(organizations, tmp_path):
    ok, output = run(write_jsonl(tmp_path / "s.jsonl", [SOLUTION | {"colour": "blue"}]), "solutions")
    assert not ok and "colour" in output
    path = tmp_path / "p.csv"
    path.write_text("external_id,organization,colour\nx,y,z\n", encoding="utf-8")
    ok, output = run(path, "partnerships")
    assert not ok and "line 1: columns" in output


def test_bad_business_number_on_import(db, tmp_path):
    ok, output = run(write_jsonl(tmp_path / "o.jsonl", [ORGS[0] | {"business_number": "220-87-12340"}]),
                     "organizations")
    assert not ok and "business_number" in output and not Organization.objects.exists()


def test_published_need_with_past_deadline_is_refused(organizations, tmp_path):
    row = {"external_id": "n1", "organization": "old-city-1", "title": "t", "problem": "p", "status": "open",
           "deadline": "2020-01-01"}
    ok, output = run(write_jsonl(tmp_path / "n.jsonl", [row]), "needs")
    assert not ok and "deadline" in output


def test_partnerships_import(organizations, tmp_path):
    row = {"external_id": "p1", "organization": BRN, "direction": "offering", "title": "기술 제공",
           "description": "대기업 파트너 모집", "type_codes": ["TRF-07"], "collaboration": "PoC",
           "target_sizes": ["large"], "region": "", "deadline": FUTURE, "status": "open"}
    ok, output = run(write_jsonl(tmp_path / "p.jsonl", [row]), "partnerships")
    assert ok, output
    request = PartnershipRequest.objects.get()
    assert request.collaboration == "poc" and request.target_sizes == "large" and request.region is None


def test_wrong_owner_kind_is_refused(organizations, tmp_path):
    row = {"external_id": "n1", "organization": BRN, "title": "t", "problem": "p"}
    ok, output = run(write_jsonl(tmp_path / "n.jsonl", [row]), "needs")
    assert not ok and "organization" in output


def test_broken_json_line_and_missing_file(db, tmp_path):
    path = tmp_path / "o.jsonl"
    path.write_text('{"external_id": "x",\n', encoding="utf-8")
    ok, output = run(path, "organizations")
    assert not ok and "line 1" in output and "JSON" in output
    ok, output = run(tmp_path / "missing.jsonl", "organizations")
    assert not ok and "no such file" in output
    (tmp_path / "data.xlsx").write_bytes(b"PK")
    ok, output = run(tmp_path / "data.xlsx", "organizations")
    assert not ok and ".jsonl or .csv" in output


def test_the_documented_examples_import(db, tmp_path, import_coordinator):
    """The example rows of docs/importing.md are real: each imports cleanly, in order."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "docs" / "importing.md").read_text(encoding="utf-8")
    jsonl = readme.split("```jsonl\n", 1)[1].split("```", 1)[0].strip().splitlines()
    kinds = ["organizations", "organizations", "solutions", "needs", "partnerships"]
    assert len(jsonl) == len(kinds)
    for index, (kind, line) in enumerate(zip(kinds, jsonl)):
        path = tmp_path / f"{index}.jsonl"
        path.write_text(line + "\n", encoding="utf-8")
        ok, output = run(path, kind, "--verified-by", import_coordinator.email)
        assert ok, (kind, output)
    csv_text = readme.split("```csv\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "solution.csv"
    path.write_text(csv_text, encoding="utf-8")
    ok, output = run(path, "solutions")
    assert ok and "1 updated" in output, output


def _import_text(tmp_path, name, text, kind="organizations"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return run(path, kind)


def test_a_json_line_with_a_key_twice_is_a_row_error(db, tmp_path):
    ok, output = _import_text(tmp_path, "o.jsonl", '{"external_id": "a", "kind": "company", "name": "가", '
                                                    '"name": "나"}\n')
    assert not ok and "line 1: line: the key name is given twice" in output
    assert not Organization.objects.exists()


def test_a_csv_with_a_column_twice_is_refused(db, tmp_path):
    ok, output = _import_text(tmp_path, "o.csv", "external_id,kind,name,name\na,company,가,나\n")
    assert not ok and "columns given twice: name" in output


def test_a_nul_character_is_a_row_error(db, tmp_path):
    ok, output = _import_text(tmp_path, "o.csv", "external_id,kind,name\na,company,가\x00나\n")
    assert not ok and "NUL" in output and not Organization.objects.exists()


def test_the_same_external_id_twice_in_a_file_names_both_lines(db, tmp_path):
    row = {"external_id": "dup-1", "kind": "municipality", "name": "경상남도 거제시", "municipality_code": "48310"}
    ok, output = run(write_jsonl(tmp_path / "d.jsonl", [row, row]), "organizations")
    assert not ok and "line 2: external_id: 'dup-1' is also on line 1" in output
    assert not Organization.objects.filter(external_id="dup-1").exists()  # all or nothing


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("partial, kept", [(True, {"crash-1", "crash-2"}), (False, set())])
def test_partial_imports_commit_row_by_row_and_whole_file_ones_not_at_all(tmp_path, monkeypatch, partial, kept):
    from marketplace import importing

    real = importing.import_organization

    def crash_on_the_third(row, **kwargs):
        if row["external_id"] == "crash-3":
            raise RuntimeError("the worker died")
        return real(row, **kwargs)

    monkeypatch.setattr(importing, "import_organization", crash_on_the_third)
    rows = [{"external_id": f"crash-{n}", "kind": "overseas", "name": f"도시 {n}", "country": "VN"} for n in (1, 2, 3)]
    with pytest.raises(RuntimeError):
        importing.import_file(write_jsonl(tmp_path / "c.jsonl", rows), kind="organizations", partial=partial)
    assert set(Organization.objects.filter(external_id__startswith="crash-").values_list("external_id", flat=True)) == kept


def test_keywords_and_certifications_over_their_caps_are_row_errors(organizations, tmp_path):
    """The importer goes through the service's rules: an 81-character keyword or 31 keywords name
    their line and field, and nothing is kept."""
    rows = [SOLUTION | {"external_id": "kw-1", "keywords": ["가" * 81]},
            SOLUTION | {"external_id": "kw-2", "keywords": [f"k{i}" for i in range(31)]}]
    ok, output = run(write_jsonl(tmp_path / "k.jsonl", rows), "solutions")
    assert not ok and "line 1: keywords" in output and "line 2: keywords" in output
    assert not Solution.objects.exists()


def test_english_title_and_summary_import(organizations, tmp_path):
    ok, output = run(write_jsonl(tmp_path / "en.jsonl", [SOLUTION | {"title_en": "Smart parking share",
                                                                     "summary_en": "Share empty spaces"}]), "solutions")
    assert ok, output
    assert Solution.objects.get().title_en == "Smart parking share"
