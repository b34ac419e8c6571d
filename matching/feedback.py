"""What declines, rejections and good outcomes teach the ranking of similar pairs later.

A signal names an organisation, a solution type and what happened. A pair inherits the signals of
both its organisations for its solution's primary type: "not relevant" lowers its score, "budget",
"timing" and "region" weaken that feature, and a pairing that ended connected or better raises it.
Every effect is bounded, and it is part of the engine version (``scoring.ENGINE_VERSION``)."""

from collections import Counter
from dataclasses import dataclass

from openlab.rows import column, fetch, values_in

from .models import FeedbackSignal

PENALTY = 0.08  # per "not relevant"
MAX_PENALTY = 0.24
BONUS = 0.04  # per success
MAX_BONUS = 0.08
FEATURE_FACTOR = 0.75  # per budget/timing/region signal
MIN_FACTOR = 0.5
FEATURE_OF = {"budget": ("fit", "budget"), "timing": ("appeal", "timing"), "region": ("appeal", "region")}


@dataclass(frozen=True)
class Feedback:
    delta: float = 0.0  # added to the score (negative: earlier declines; positive: earlier successes)
    factors: tuple = ()  # ((side, feature, factor), …)

    @property
    def is_empty(self) -> bool:
        return not self.delta and not self.factors


NONE = Feedback()


def feedback_from(counts: Counter) -> Feedback:
    penalty = min(MAX_PENALTY, PENALTY * counts.get("not_relevant", 0))
    bonus = min(MAX_BONUS, BONUS * counts.get("success", 0))
    factors = tuple((side, feature, max(MIN_FACTOR, FEATURE_FACTOR ** counts[reason]))
                    for reason, (side, feature) in FEATURE_OF.items() if counts.get(reason))
    return Feedback(delta=round(bonus - penalty, 4), factors=factors)


class Signals:
    """The signals of a set of organisations, read in one query (plain: with the hundreds of candidate
    organisations of a matching, the ORM takes milliseconds to compile it)."""

    def __init__(self, organization_ids):
        self.counts: dict[tuple[int, str], Counter] = {}
        ids = sorted(set(organization_ids))
        rows = fetch(f'SELECT {column(FeedbackSignal, "organization", "f")}, {column(FeedbackSignal, "solution_type", "f")}, '
                     f'{column(FeedbackSignal, "signal", "f")} FROM "{FeedbackSignal._meta.db_table}" f '
                     f'WHERE {values_in(FeedbackSignal, "organization", "f", ids)}', ids) if ids else []
        for organization_id, type_code, signal in rows:
            self.counts.setdefault((organization_id, type_code), Counter())[signal] += 1

    def for_pair(self, organization_ids, type_code: str | None) -> Feedback:
        if not type_code or not self.counts:
            return NONE
        total = Counter()
        for organization_id in organization_ids:
            total.update(self.counts.get((organization_id, type_code), Counter()))
        return feedback_from(total) if total else NONE


def record(*, organization, solution_type, signal: str, source: str) -> None:
    """Keep one signal (idempotent per source); reasons that say nothing about similar pairs
    ("other") are not kept."""
    if solution_type is None or signal not in FeedbackSignal.Signal.values:
        return
    FeedbackSignal.objects.get_or_create(source=source[:40], signal=signal,
                                         defaults={"organization": organization, "solution_type": solution_type})
