"""Related solution types: for each type, the types whose listings and profiles use the most similar
words. A need about illegal dumping wants waste management first, and the camera surveillance that
catches the dumpers next; a need about congested junctions wants traffic signal control and AI traffic
control alike. The matching gives a related type part of a type match's weight (``matching.scoring``).

The relations are data (``marketplace/data/related_types.txt``), computed from the catalogue by
``manage.py relate_types``: each type's words are those of its published solutions (title, summary,
description) and of its profile (names and problem phrases, ``type_terms.txt``); two types are as
related as the tf-idf cosine of their words. Kept as a file so that a coordinator can read and correct
it, like the glossary and the profiles.

Some types serve the problems of other fields: a control platform, big-data analytics, media boards,
smart poles. Their listings share few words with a need about a flooded street, so the computed
relations miss them; ``marketplace/data/serving_types.txt`` says by hand which types each serves, and a
served type counts its serving types as weakly related (``SERVES_SIMILARITY``).

Some types the graders count as useful beside a need's own share few words with it (health care
beside dementia detection, the control platform beside a festival's crowds):
``marketplace/data/graded_types.txt``, learned from the labels that may be tuned on
(``matching.graded_relations``), relates them; a pair takes the closer of the two files' similarity."""

import math
import re
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

from openlab.search.analysis import terms

from .models import Solution, SolutionType
from .reference_data import CATCH_ALL_TYPE, type_codes
from .type_inference import type_profiles

RELATED_TYPES_FILE = Path(__file__).resolve().parent / "data" / "related_types.txt"
SERVING_TYPES_FILE = Path(__file__).resolve().parent / "data" / "serving_types.txt"
# Learned from the graders' labels (``matching.graded_relations``; ``manage.py learn_relations``).
GRADED_TYPES_FILE = Path(__file__).resolve().parent / "data" / "graded_types.txt"
# As related as a weakly related computed type: a serving type fills the places a need's own and its
# closer related types leave (on the tuning sets 0.08 and 0.10 found less, and 0.15 pushed closer
# related listings out of the top 10).
SERVES_SIMILARITY = 0.06
CODE = re.compile(r"^[A-Z]{3}-\d{2}$")
RELATED_PER_TYPE = 5
MIN_SIMILARITY = 0.05
HEADER = """\
# Related solution types, computed by `manage.py relate_types --write` from the catalogue's published
# solutions and the type profiles (tf-idf cosine of their words). One line per type:
# CODE: RELATED similarity, RELATED similarity, ... (most related first). Edit freely; a line may be empty.
"""


def _type_words() -> dict[str, Counter]:
    words: dict[str, Counter] = defaultdict(Counter)
    solutions = Solution.objects.filter(status=Solution.Status.PUBLISHED).prefetch_related("types")
    for solution in solutions.only("pk", "title", "summary", "description", "primary_type_id"):
        analysed = terms(f"{solution.title} {solution.summary} {solution.description}", subwords=False)
        for code in {solution.primary_type_id, *(t.code for t in solution.types.all())}:
            words[code].update(analysed)
    for solution_type in SolutionType.objects.all():
        words[solution_type.code].update(terms(f"{solution_type.name_ko} {solution_type.name_en}", subwords=False))
        for phrase in type_profiles().get(solution_type.code, ()):
            words[solution_type.code].update(phrase)
    return words


def _vectors(words: dict[str, Counter]) -> dict[str, dict[str, float]]:
    df = Counter(word for counts in words.values() for word in counts)
    vectors = {}
    for code, counts in words.items():
        vector = {word: (1 + math.log(count)) * math.log(len(words) / df[word]) for word, count in counts.items()}
        norm = math.sqrt(sum(value * value for value in vector.values())) or 1.0
        vectors[code] = {word: value / norm for word, value in vector.items() if value}
    return vectors


def compute_relations() -> dict[str, list[tuple[str, float]]]:
    """{type: [(related type, similarity), ...]} from today's catalogue, most related first."""
    vectors = _vectors(_type_words())
    relations = {}
    for code, vector in sorted(vectors.items()):
        similar = []
        for other, other_vector in vectors.items():
            if other != code:
                similarity = sum(value * other_vector.get(word, 0.0) for word, value in vector.items())
                if similarity >= MIN_SIMILARITY:
                    similar.append((other, round(similarity, 3)))
        relations[code] = sorted(similar, key=lambda item: (-item[1], item[0]))[:RELATED_PER_TYPE]
    return relations


def format_relations(relations: dict[str, list[tuple[str, float]]], header: str = HEADER) -> str:
    lines = [f"{code}: " + ", ".join(f"{other} {similarity:.3f}" for other, similarity in related)
             for code, related in sorted(relations.items())]
    return header + "\n".join(line.rstrip() for line in lines) + "\n"


def parse_relations(text: str) -> dict[str, dict[str, float]]:
    """The file's relations; a malformed line raises ValueError naming it."""
    relations = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        code, _sep, rest = line.partition(":")
        if not _sep or not code.strip():
            raise ValueError(f"line {number}: expected 'CODE: RELATED similarity, ...'")
        related = {}
        for item in filter(None, (part.strip() for part in rest.split(","))):
            other, _space, value = item.partition(" ")
            try:
                similarity = float(value)
            except ValueError:
                raise ValueError(f"line {number}: {item!r} is not 'CODE similarity'") from None
            if not 0 < similarity <= 1:
                raise ValueError(f"line {number}: similarity {similarity} is not in (0, 1]")
            related[other] = similarity
        relations[code.strip()] = related
    return relations


def parse_serving(text: str, known: set[str] | None = None) -> dict[str, list[str]]:
    """{serving type: [served types]} as the file says; a malformed line, or a code that is not one of
    ``known`` (when given), raises ValueError naming the line."""
    serving = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        code, _sep, rest = (part.strip() for part in line.partition(":"))
        served = [item.strip() for item in rest.split(",") if item.strip()]
        if not _sep or not CODE.match(code) or not served:
            raise ValueError(f"line {number}: expected 'SERVING: SERVED, SERVED, ...'")
        for item in [code, *served]:
            if known is not None and item not in known:
                raise ValueError(f"line {number}: {item} is no type of the taxonomy")
        for item in served:
            if not CODE.match(item) or item == code:
                raise ValueError(f"line {number}: {item!r} is not another type's code")
        if code in serving:
            raise ValueError(f"line {number}: {code} has a line already")
        serving[code] = served
    return serving


def closer_of(*tables: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    """The tables merged, each pair at the closer of its similarities."""
    merged: dict[str, dict[str, float]] = {}
    for table in tables:
        for code, related in table.items():
            row = merged.setdefault(code, {})
            for other, similarity in related.items():
                row[other] = max(row.get(other, 0.0), similarity)
    return merged


def with_serving(relations: dict[str, dict[str, float]], serving: dict[str, list[str]]) -> dict[str, dict[str, float]]:
    """The relations with each served type related to the types serving it (a closer computed
    relation is kept)."""
    merged = {code: dict(related) for code, related in relations.items()}
    for server, served in serving.items():
        for code in served:
            related = merged.setdefault(code, {})
            related[server] = max(related.get(server, 0.0), SERVES_SIMILARITY)
    return merged


@lru_cache(maxsize=1)
def serving_types() -> dict[str, list[str]]:
    """{serving type: [served types]} (read once per process)."""
    return parse_serving(SERVING_TYPES_FILE.read_text(encoding="utf-8"), known=type_codes())


@lru_cache(maxsize=1)
def related_types() -> dict[str, dict[str, float]]:
    """{type: {related type: similarity}}: the computed file's and the graded file's (the closer of the
    two), and the serving types of each type it serves (read once per process)."""
    computed, graded = (parse_relations(path.read_text(encoding="utf-8"))
                        for path in (RELATED_TYPES_FILE, GRADED_TYPES_FILE))
    relations = with_serving(closer_of(computed, graded), serving_types())
    # The catch-all type is related to nothing: its listings share only being of no particular type.
    return {code: {other: similarity for other, similarity in related.items() if other != CATCH_ALL_TYPE}
            for code, related in relations.items() if code != CATCH_ALL_TYPE}


@lru_cache(maxsize=1)
def relating_types() -> dict[str, list[str]]:
    """{type: [the types related to it]}: the other way round of ``related_types`` (whose relations
    are not symmetric: a served type is related to its servers, a grader's A → B is not B → A), so
    that a solution finds the needs whose matching counts its type as related."""
    inverse: dict[str, list[str]] = defaultdict(list)
    for code, related in sorted(related_types().items()):
        for other in related:
            inverse[other].append(code)
    return dict(inverse)
