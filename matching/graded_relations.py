"""Related solution types learned from the graders: when a labelled need's best answer is of type A,
which other types did its grader also count as useful? A need about a flood wants the control
platform and the monitoring drones beside flood monitoring; one about dementia wants health care
beside dementia detection. The computed relations (``marketplace.type_relations``: tf-idf cosine of
the types' words) miss some of these and hold others that no grader asked for.

Learned only from the labels that may be tuned on: the tuning split of ``data/eval_set.json`` and
every catalogue but ``test`` (``evaluation_catalogues``). A demo label grades types; a catalogue
grades listings, each standing for its primary type. For each labelled need, its best-graded types
are A; every other graded type B counts once for each A. The relation A → B is the share of A's needs
that graded B, shrunk towards nothing for a type few needs had as their best (``PRIOR``), scaled to
the computed relations' similarities (``SCALE``) and kept when at least ``MIN_NEEDS`` needs said so.

Written to ``marketplace/data/graded_types.txt`` by ``manage.py learn_relations --write``; the matching
reads it beside the computed relations (the closer of the two counts)."""

import json
from collections import Counter, defaultdict
from collections.abc import Callable

from marketplace.reference_data import CATCH_ALL_TYPE

from .evaluation import LABELS, split_of
from .evaluation_catalogues import CATALOGUES

TUNED_CATALOGUES = ("tuning", "fresh", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")  # never "test"
PRIOR = 1.0  # needs that did not grade B, added to every type's count
MIN_NEEDS = 1  # needs that graded B beside A before A → B is kept
SCALE = 0.4  # a share of 1 is as related as a computed similarity of 0.4 (agreement at the cap)
PER_TYPE = 6
HEADER = """\
# Related solution types learned from the graders' labels by `manage.py learn_relations --write`
# (matching/graded_relations.py: the tuning split of matching/data/eval_set.json and the catalogues
# but `test`). CODE: RELATED similarity, ... (most related first). The matching takes the closer of
# this file's and related_types.txt's similarity. Written again when labels are added; do not edit.
"""


def demo_labels(keep: Callable[[str], bool]) -> list[dict[str, int]]:
    """{type: grade} of each need of the demo set's tuning split that ``keep`` accepts."""
    data = json.loads(LABELS.read_text(encoding="utf-8"))
    return [dict(label["relevant"]) for label in data["needs"]
            if split_of(label["id"]) == "tuning" and keep(label["id"])]


def catalogue_labels(keep: Callable[[str], bool], catalogues=TUNED_CATALOGUES) -> list[dict[str, int]]:
    """{primary type of a graded listing: its best grade} of each catalogue need that ``keep`` accepts."""
    labels = []
    for name in catalogues:
        folder = CATALOGUES / name
        primary = {}
        for line in (folder / "solutions.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                primary[row["external_id"]] = (row.get("type_codes") or [""])[0]
        grades = json.loads((folder / "grades.json").read_text(encoding="utf-8"))["needs"]
        for need_id, label in grades.items():
            if not keep(need_id):
                continue
            by_type: dict[str, int] = {}
            for listing, grade in label["grades"].items():
                code = primary.get(listing)
                if code and grade > 0:
                    by_type[code] = max(by_type.get(code, 0), grade)
            if by_type:
                labels.append(by_type)
    return labels


def learn(labels: list[dict[str, int]]) -> dict[str, list[tuple[str, float]]]:
    """{type: [(related type, similarity), ...]} from the labels, most related first."""
    best_of: Counter = Counter()
    graded_with: dict[str, Counter] = defaultdict(Counter)
    for grades in labels:
        grades = {code: grade for code, grade in grades.items() if code != CATCH_ALL_TYPE}
        if not grades:
            continue
        top = max(grades.values())
        best = [code for code, grade in grades.items() if grade == top]
        for code in best:
            best_of[code] += 1
            graded_with[code].update(other for other in grades if other not in best)
    relations = {}
    for code in sorted(best_of):
        related = [(other, round(min(1.0, SCALE * count / (best_of[code] + PRIOR)), 3))
                   for other, count in graded_with[code].items() if count >= MIN_NEEDS]
        relations[code] = sorted(related, key=lambda item: (-item[1], item[0]))[:PER_TYPE]
    return relations


def learned_relations(keep: Callable[[str], bool] = lambda _id: True) -> dict[str, list[tuple[str, float]]]:
    return learn(demo_labels(keep) + catalogue_labels(keep))
