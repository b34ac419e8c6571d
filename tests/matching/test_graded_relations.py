"""Related types learned from the graders' labels: how they are learned, that the test labels never
teach them, that the committed file is what the labels teach, and what the matching does with them
from both sides."""

from io import StringIO

from django.core.management import call_command

from marketplace.kinds import refers_to
from marketplace.models import SolutionType
from marketplace.reference_data import CATCH_ALL_TYPE
from marketplace.type_relations import (
    GRADED_TYPES_FILE,
    RELATED_TYPES_FILE,
    closer_of,
    parse_relations,
    related_types,
    relating_types,
)
from matching import graded_relations
from matching.evaluation import split_of
from matching.evaluation_catalogues import PREFIXES
from matching.graded_relations import PRIOR, SCALE, learn, learned_relations
from matching.management.commands import learn_relations
from matching.models import Match
from matching.services import match_compute, pairs_for_solution
from openlab import search
from tests.search_fixtures import index_everything

from ..factories import NeedFactory, SolutionFactory


def _similarity(count: int, needs: int) -> float:
    return round(min(1.0, SCALE * count / (needs + PRIOR)), 3)


def test_a_need_s_best_types_are_related_to_its_other_graded_types_by_the_share_of_needs():
    labels = [{"SAF-01": 3, "PLT-04": 1}, {"SAF-01": 3, "PLT-04": 2, "SAF-02": 1}, {"SAF-01": 3},
              {"HLT-01": 3, "HLT-03": 3, "HLT-04": 1}, {CATCH_ALL_TYPE: 3, "TRF-05": 2}]
    relations = {code: dict(related) for code, related in learn(labels).items()}
    assert relations["SAF-01"] == {"PLT-04": _similarity(2, 3), "SAF-02": _similarity(1, 3)}
    assert list(learn(labels)["SAF-01"]) == [("PLT-04", _similarity(2, 3)), ("SAF-02", _similarity(1, 3))]
    assert "PLT-04" not in relations and "SAF-02" not in relations  # one way: A's graders asked for B
    # Two types graded best are not related to each other; each is to what else the need graded.
    assert relations["HLT-01"] == relations["HLT-03"] == {"HLT-04": _similarity(1, 1)}
    # The catch-all type is no type to relate: without it, the need's best is TRF-05.
    assert CATCH_ALL_TYPE not in relations and relations["TRF-05"] == {}


def test_the_test_labels_never_teach_it():
    asked = []
    learned_relations(keep=lambda label_id: asked.append(label_id) or True)
    demo = [label_id for label_id in asked if not label_id.startswith("cat")]
    assert demo and all(split_of(label_id) == "tuning" for label_id in demo)
    assert not [label_id for label_id in asked if label_id.startswith(PREFIXES["test"])]
    assert {label_id[:5] for label_id in asked if label_id.startswith("cat")} == {
        PREFIXES[name] for name in graded_relations.TUNED_CATALOGUES}


def test_the_committed_file_is_what_the_labels_teach(db):
    committed = parse_relations(GRADED_TYPES_FILE.read_text(encoding="utf-8"))
    assert committed == {code: dict(related) for code, related in learned_relations().items()}
    codes = set(SolutionType.objects.values_list("code", flat=True))
    assert committed and set(committed) <= codes
    assert all(set(related) <= codes - {code} for code, related in committed.items())


def test_the_command_prints_the_relations_and_writes_the_file(tmp_path, monkeypatch):
    out = StringIO()
    call_command("learn_relations", stdout=out)
    assert out.getvalue() == GRADED_TYPES_FILE.read_text(encoding="utf-8")
    target = tmp_path / "graded_types.txt"
    monkeypatch.setattr(learn_relations, "GRADED_TYPES_FILE", target)
    call_command("learn_relations", "--write", stdout=StringIO())
    assert target.read_text(encoding="utf-8") == out.getvalue()


def test_the_matching_takes_the_closer_of_the_computed_and_the_graded_similarity(db):
    assert closer_of({"SAF-01": {"PLT-04": 0.1, "SAF-02": 0.3}}, {"SAF-01": {"PLT-04": 0.2, "SAF-02": 0.1},
                                                                  "HLT-01": {"HLT-03": 0.05}}) == {
        "SAF-01": {"PLT-04": 0.2, "SAF-02": 0.3}, "HLT-01": {"HLT-03": 0.05}}
    code, other, similarity = _graded_not_computed()
    assert related_types()[code][other] == similarity


def _graded_not_computed() -> tuple[str, str, float]:
    """A learned relation A → B that the computed file has in neither direction and that B's own
    relations do not hold either."""
    computed = parse_relations(RELATED_TYPES_FILE.read_text(encoding="utf-8"))
    graded = parse_relations(GRADED_TYPES_FILE.read_text(encoding="utf-8"))
    return next((code, other, similarity) for code, related in sorted(graded.items())
                for other, similarity in related.items()
                if other not in computed.get(code, {}) and code not in computed.get(other, {})
                and code not in related_types().get(other, {}))


def test_a_need_meets_a_solution_of_a_type_its_graders_asked_for_and_the_solution_finds_the_need(city, company):
    """The two share no word; the need's matching counts the solution's type as related, and the
    solution's matching (which retrieves the needs whose types count its own as related) finds the
    need with the same score."""
    code, other, _similarity = _graded_not_computed()
    assert code in relating_types()[other]
    need = NeedFactory(organization=city, title="가나다 라마바", problem="사아자 차카타")
    need.types.set([code])
    solution = SolutionFactory(organization=company, title="파하 거너더", summary="러머버", description="서어저",
                               primary_type=SolutionType.objects.get(code=other))
    index_everything(search.backend())
    match_compute(listing=need)
    row = {m.target_id: m for m in Match.objects.filter(refers_to("source", "need", need.pk))}[solution.pk]
    assert not row.excluded and row.score > 0
    assert ["related_type", {"code": other, "inferred": False}] in row.breakdown["reasons"]
    [pair] = [pair for pair in pairs_for_solution(solution) if pair.target_id == need.pk]
    assert pair.score.score == row.score
