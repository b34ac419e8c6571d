"""Related solution types: the data file, how it is computed from the catalogue, and what the
matching does with it (a related type agrees less than a wanted one, more than a mere field)."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from marketplace.checks import related_types_file
from marketplace.kinds import refers_to
from marketplace.models import SolutionType
from marketplace.type_relations import (
    RELATED_PER_TYPE,
    RELATED_TYPES_FILE,
    compute_relations,
    format_relations,
    parse_relations,
    related_types,
)
from matching.explain import sentences
from matching.models import Match
from matching.scoring import RELATED_CAP, Demand, Offer, score_need_offer
from matching.services import match_compute, related_to
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


def test_the_system_check_names_a_malformed_line(tmp_path):
    assert related_types_file() == []  # the committed file
    broken = tmp_path / "related_types.txt"
    broken.write_text("# header\nTRF-06: TRF-11 lots\n", encoding="utf-8")
    [error] = related_types_file(broken)
    assert error.id == "marketplace.E001" and "line 2" in error.msg


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
