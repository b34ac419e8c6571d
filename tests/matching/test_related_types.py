"""Related solution types: the data file, how it is computed from the catalogue, and what the
matching does with it (a related type agrees less than a wanted one, more than a mere field)."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from marketplace.checks import graded_types_file, related_types_file, serving_types_file
from marketplace.kinds import refers_to
from marketplace.models import SolutionType
from marketplace.reference_data import CATCH_ALL_TYPE, type_codes
from marketplace.type_relations import (
    RELATED_PER_TYPE,
    RELATED_TYPES_FILE,
    SERVES_SIMILARITY,
    SERVING_TYPES_FILE,
    compute_relations,
    format_relations,
    parse_relations,
    parse_serving,
    related_types,
    serving_types,
    with_serving,
)
from matching.explain import sentences
from matching.models import Match
from matching.scoring import RELATED_CAP, Demand, Offer, score_need_offer
from matching.services import match_compute, pairs_for_solution, related_to
from openlab import search
from tests.search_fixtures import index_everything

from ..factories import NeedFactory, SolutionFactory


def test_the_file_relates_every_type_to_other_known_types_most_related_first(db):
    relations = parse_relations(RELATED_TYPES_FILE.read_text(encoding="utf-8"))
    codes = set(SolutionType.objects.values_list("code", flat=True))
    assert set(relations) == codes
    for code, related in relations.items():
        assert code not in related and set(related) <= codes
        assert len(related) <= RELATED_PER_TYPE
        values = list(related.values())
        assert values == sorted(values, reverse=True) and all(0 < v <= 1 for v in values)
    assert sum(1 for related in relations.values() if related) >= len(codes) * 0.9


def test_the_catch_all_type_is_related_to_nothing(db):
    """The computed file relates 기타 / Other to types whose listings happened to share its words; such
    a relation says nothing, so it is read neither way."""
    computed = parse_relations(RELATED_TYPES_FILE.read_text(encoding="utf-8"))
    assert computed.get(CATCH_ALL_TYPE) or any(CATCH_ALL_TYPE in related for related in computed.values())
    relations = related_types()
    assert CATCH_ALL_TYPE not in relations
    assert all(CATCH_ALL_TYPE not in related for related in relations.values())
    assert related_to([CATCH_ALL_TYPE]) == {}


@pytest.mark.parametrize("text, line", [
    ("TRF-06: TRF-11 0.3\nTRF-11 TRF-06 0.3\n", 2),  # no colon
    ("# header\nTRF-06: TRF-11 lots\n", 2),  # not a number
    ("TRF-06: TRF-11 1.5\n", 1),  # not a similarity
])
def test_a_malformed_line_is_named(text, line):
    with pytest.raises(ValueError, match=f"line {line}"):
        parse_relations(text)


def test_relations_come_from_the_words_the_types_share(db):
    """Two types whose listings describe the same problem are related; a type whose listings share
    no word with them is not."""
    words = "무단투기 쓰레기 단속 카메라 야간 골목 감시"
    SolutionFactory(title="무단투기 감시", summary=words, description=words,
                    primary_type=SolutionType.objects.get(code="ENV-02"))
    SolutionFactory(title="골목 방범 카메라", summary=words, description=words,
                    primary_type=SolutionType.objects.get(code="SAF-04"))
    SolutionFactory(title="치매 어르신 돌봄", summary="치매 안부 확인 돌봄", description="치매 돌봄",
                    primary_type=SolutionType.objects.get(code="HLT-01"))
    relations = compute_relations()
    assert "SAF-04" in dict(relations["ENV-02"]) and "ENV-02" in dict(relations["SAF-04"])
    assert dict(relations["ENV-02"])["SAF-04"] > dict(relations["ENV-02"]).get("HLT-01", 0.0)
    assert parse_relations(format_relations(relations)) == {code: dict(related) for code, related in relations.items()}


@pytest.mark.parametrize("check, text, check_id", [
    (related_types_file, "# header\nTRF-06: TRF-11 lots\n", "marketplace.E001"),
    (serving_types_file, "# header\nPLT-04: SAF-01, 재난\n", "marketplace.E002"),
    (serving_types_file, "# header\nPLT-04: SAF-01, SAF-99\n", "marketplace.E002"),
    (graded_types_file, "# header\nSAF-01: PLT-04 0\n", "marketplace.E003"),
])
def test_the_system_check_names_a_malformed_line(tmp_path, check, text, check_id):
    assert check() == []  # the committed file
    broken = tmp_path / "broken.txt"
    broken.write_text(text, encoding="utf-8")
    [error] = check(broken)
    assert error.id == check_id and "line 2" in error.msg


def test_the_command_prints_and_refuses_an_empty_catalogue(db):
    with pytest.raises(CommandError, match="no published solutions"):
        call_command("relate_types")
    SolutionFactory(title="주차 안내", summary="주차", primary_type=SolutionType.objects.get(code="TRF-07"))
    out = StringIO()
    call_command("relate_types", stdout=out)
    assert out.getvalue().startswith("# Related solution types") and "\nTRF-07:" in out.getvalue()


def test_a_related_type_agrees_less_than_a_wanted_one_and_more_than_nothing():
    demand = Demand(id=1, types=["ENV-02"], related={"SAF-04": 0.19})
    today = date(2026, 1, 1)
    wanted = score_need_offer(demand, Offer(id=1, types=["ENV-02"]), text=0.0, today=today)
    related = score_need_offer(demand, Offer(id=2, types=["SAF-04"]), text=0.0, today=today)
    unrelated = score_need_offer(demand, Offer(id=3, types=["HLT-01"]), text=0.0, today=today)
    assert wanted.features["fit"]["type"] == 1.0
    assert 0 < related.features["fit"]["type"] <= RELATED_CAP < 0.8
    assert unrelated.features["fit"]["type"] == 0.0
    assert wanted.score > related.score > unrelated.score
    assert ("related_type", {"code": "SAF-04", "inferred": False}) in related.reasons


def test_the_reason_reads_as_a_related_type_in_both_languages(db):
    name = SolutionType.objects.get(code="SAF-04")
    with translation.override("ko"):
        assert f"관련 유형: {name.name_ko}" in sentences([("related_type", {"code": "SAF-04", "inferred": False})])
    with translation.override("en"):
        assert f"Related type: {name.name_en}" in sentences([("related_type", {"code": "SAF-04", "inferred": True})])


def test_related_to_takes_the_first_wanted_types_and_leaves_out_the_wanted_ones(db):
    table = related_types()
    first = next(code for code, related in sorted(table.items()) if related)
    other = next(iter(table[first]))
    found = related_to([first, other])
    assert other not in found and first not in found
    assert set(found) >= set(table[first]) - {other}


def test_a_need_sees_a_solution_of_a_related_type_that_shares_none_of_its_words(city, company):
    need = NeedFactory(organization=city, title="골목 무단투기", problem="원룸 골목에 쓰레기를 몰래 버립니다")
    need.types.set(["ENV-02"])
    kin = sorted(related_types()["ENV-02"].items(), key=lambda item: -item[1])[0][0]
    camera = SolutionFactory(organization=company, title="가나다 라마바", summary="사아자 차카타", description="파하",
                             primary_type=SolutionType.objects.get(code=kin))
    index_everything(search.backend())
    match_compute(listing=need)
    row = Match.objects.get(refers_to("source", "need", need.pk), target_id=camera.pk)
    assert not row.excluded and row.score > 0
    assert ["related_type", {"code": kin, "inferred": False}] in row.breakdown["reasons"]


@pytest.mark.parametrize("crowded", [False, True])
def test_a_need_that_meets_few_listings_is_filled_from_its_field(city, company, crowded):
    """Fewer candidates than a page of matches: listings of the other types of the need's field join
    them, though they share no word; a need that meets ten listings or more is not filled."""
    need = NeedFactory(organization=city, title="기억력 저하", problem="어르신 치매를 늦게 알아챕니다")
    need.types.set(["HLT-01"])
    kin_type = next(code for code in sorted(SolutionType.objects.filter(field__code="HLT").values_list("code", flat=True))
                    if code != "HLT-01" and code not in related_to(["HLT-01"])
                    and "HLT-01" not in serving_types().get(code, []))
    kin = SolutionFactory(organization=company, title="가나다 라마바", summary="사아자 차카타", description="파하",
                          primary_type=SolutionType.objects.get(code=kin_type))
    other_field = SolutionFactory(organization=company, title="거너더 러머버", summary="서어저 처커터", description="퍼허",
                                  primary_type=SolutionType.objects.get(code="TRF-07"))
    for number in range(10 if crowded else 0):
        SolutionFactory(organization=company, title=f"치매 조기 발견 {number}", primary_type=SolutionType.objects.get(code="HLT-01"))
    index_everything(search.backend())
    match_compute(listing=need)
    targets = set(Match.objects.filter(refers_to("source", "need", need.pk), excluded=False).values_list("target_id", flat=True))
    assert other_field.pk not in targets
    assert (kin.pk in targets) is not crowded


# Types that serve other fields (platforms, analytics, boards, poles) ------------------------------

def _served_not_computed() -> tuple[str, str]:
    """A serving type and a type it serves that the computed file does not relate either way."""
    computed = parse_relations(RELATED_TYPES_FILE.read_text(encoding="utf-8"))
    return next((server, code) for server, served in sorted(serving_types().items()) for code in served
                if server not in computed.get(code, {}) and code not in computed.get(server, {}))


def test_the_serving_file_names_known_types_each_serving_others(db):
    serving = parse_serving(SERVING_TYPES_FILE.read_text(encoding="utf-8"))
    codes = set(SolutionType.objects.values_list("code", flat=True))
    assert serving and set(serving) <= codes
    for server, served in serving.items():
        assert served and set(served) <= codes and server not in served
        assert len(set(served)) == len(served)
        assert {code.split("-")[0] for code in served} - {server.split("-")[0]}  # it serves other fields


@pytest.mark.parametrize("text, line", [
    ("# header\nPLT-04 SAF-01, SAF-02\n", 2),  # no colon
    ("PLT-04: SAF-01, 재난\n", 1),  # not a code
    ("PLT-04: SAF-01, PLT-04\n", 1),  # serves itself
    ("PLT-04:\n", 1),  # serves nothing
    ("PLT-04: SAF-01\nPLT-04: SAF-02\n", 2),  # twice
])
def test_a_malformed_serving_line_is_named(text, line):
    with pytest.raises(ValueError, match=f"line {line}"):
        parse_serving(text)


def test_a_serving_line_naming_no_type_of_the_taxonomy_is_named(db):
    codes = set(SolutionType.objects.values_list("code", flat=True))
    assert type_codes() == codes
    assert parse_serving("PLT-04: SAF-01\n", known=codes) == {"PLT-04": ["SAF-01"]}
    with pytest.raises(ValueError, match="line 2: SAF-99 is no type"):
        parse_serving("# header\nPLT-04: SAF-01, SAF-99\n", known=codes)
    with pytest.raises(ValueError, match="line 1: PLT-09 is no type"):
        parse_serving("PLT-09: SAF-01\n", known=codes)


def test_a_served_type_counts_its_serving_types_as_weakly_related_and_keeps_closer_relations():
    relations = {"SAF-01": {"SAF-02": 0.2, "PLT-04": 0.124}, "ENV-03": {"ENV-01": 0.1}, "PLT-04": {"SAF-02": 0.2}}
    merged = with_serving(relations, {"PLT-04": ["SAF-01", "ENV-03", "TRF-06"], "ETC-02": ["ENV-03"]})
    assert merged["SAF-01"] == {"SAF-02": 0.2, "PLT-04": 0.124}  # the computed relation is closer
    assert merged["ENV-03"] == {"ENV-01": 0.1, "PLT-04": SERVES_SIMILARITY, "ETC-02": SERVES_SIMILARITY}
    assert merged["TRF-06"] == {"PLT-04": SERVES_SIMILARITY}
    assert merged["PLT-04"] == {"SAF-02": 0.2}  # one way: a platform is not about floods
    assert relations["ENV-03"] == {"ENV-01": 0.1}  # the computed table is left as it was
    server, code = _served_not_computed()
    assert related_types()[code][server] == SERVES_SIMILARITY


def test_a_platform_meets_the_needs_it_serves_from_both_sides(city, company):
    """A need of a served type sees the serving type's solution though they share no word, after
    the solution of its own type; the solution finds the need too, with the same score."""
    server, code = _served_not_computed()
    need = NeedFactory(organization=city, title="저지대 침수", problem="비가 오면 골목이 잠깁니다")
    need.types.set([code])
    own = SolutionFactory(organization=company, title="가나다 라마바", summary="사아자", description="차카",
                          primary_type=SolutionType.objects.get(code=code))
    platform = SolutionFactory(organization=company, title="타파하 거너더", summary="러머버", description="서어",
                               primary_type=SolutionType.objects.get(code=server))
    index_everything(search.backend())
    match_compute(listing=need)
    rows = {row.target_id: row for row in Match.objects.filter(refers_to("source", "need", need.pk))}
    assert not rows[platform.pk].excluded and 0 < rows[platform.pk].score < rows[own.pk].score
    assert ["related_type", {"code": server, "inferred": False}] in rows[platform.pk].breakdown["reasons"]
    [pair] = [pair for pair in pairs_for_solution(platform) if pair.target_id == need.pk]
    assert pair.score.score == rows[platform.pk].score
