"""Offline evaluation of the matching engine on the labelled set in ``matching/data/eval_set.json``:
need → solutions and partnership request → counterparts, nDCG@5 and recall@10, beside a plain BM25
over morphemes (no sub-words, no synonyms, no types, no scorer) and that BM25 with the types of its own
top 10 (``with_own_types``, the baseline issue 17 measured the engine against).

Every label is split once by a hash of its id (``split_of``): a third is the test split, which nothing
is tuned on; the rest is the tuning split. Figures are reported per split, language and kind."""

import hashlib
import json
import math
from collections import Counter
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from marketplace.demo import seed_demo
from marketplace.demo_catalogue import seed_catalogue
from marketplace.models import Municipality, Need, Organization, PartnershipRequest, Solution, SolutionType
from marketplace.search_documents import indexable, prepare
from openlab.search import backend
from openlab.search.analysis import terms
from openlab.search.embedded import reset_memory

from .scoring import score_need_offer
from .services import demand_of, offer_of, pairs_for_need, pairs_for_partnership, ranked

LABELS = Path(__file__).resolve().parent / "data" / "eval_set.json"
TEST_SHARE = 3  # one label in three is in the test split
SPLITS = ("tuning", "test")


def split_of(label_id: str) -> str:
    """The label's split, fixed by its id alone (adding labels never moves another one)."""
    return "test" if int(hashlib.sha256(label_id.encode()).hexdigest(), 16) % TEST_SHARE == 0 else "tuning"


def dcg(grades: list[int]) -> float:
    return sum((2 ** grade - 1) / math.log2(position + 2) for position, grade in enumerate(grades))


def ndcg_at(ranking_grades: list[int], all_grades: list[int], k: int) -> float:
    ideal = dcg(sorted(all_grades, reverse=True)[:k])
    return dcg(ranking_grades[:k]) / ideal if ideal else 0.0


def recall_at(ranking_grades: list[int], relevant_total: int, k: int) -> float:
    return sum(1 for grade in ranking_grades[:k] if grade > 0) / relevant_total if relevant_total else 0.0


class BM25Baseline:
    """Plain BM25 over Kiwi morphemes of each document's text."""

    def __init__(self, texts: dict, k1=1.2, b=0.75):
        self.k1, self.b = k1, b
        self.docs = {key: Counter(terms(text, subwords=False)) for key, text in texts.items()}
        self.lengths = {key: sum(c.values()) for key, c in self.docs.items()}
        self.average = sum(self.lengths.values()) / max(len(self.docs), 1)
        self.df = Counter(term for c in self.docs.values() for term in c)

    def scores(self, text: str, keys=None) -> dict:
        """Each matching document's BM25 score for ``text`` (only those of ``keys`` when given)."""
        query = set(terms(text, subwords=False))
        n = len(self.docs)
        scores = {}
        for key, counts in self.docs.items():
            if keys is not None and key not in keys:
                continue
            score = 0.0
            for term in query:
                tf = counts.get(term, 0)
                if tf:
                    idf = math.log(1 + (n - self.df[term] + 0.5) / (self.df[term] + 0.5))
                    score += idf * tf * (self.k1 + 1) / (tf + self.k1 * (1 - self.b + self.b * self.lengths[key] / self.average))
            if score > 0:
                scores[key] = score
        return scores

    def rank(self, text: str, keys=None) -> list:
        scores = self.scores(text, keys)
        return sorted(scores, key=lambda key: (-scores[key], str(key)))


FEEDBACK_DEPTH = 10  # the typed baseline's own top hits whose types it takes


def with_own_types(baseline: BM25Baseline, text: str, primary_type: dict) -> list:
    """BM25 over the listings of ``primary_type`` ({key: its primary type, "" for none}), then each
    raised by the share of its top hits' evidence that its primary type holds."""
    scores = baseline.scores(text, keys=primary_type)
    if not scores:
        return []
    order = sorted(scores, key=lambda key: (-scores[key], str(key)))
    votes: Counter = Counter()
    for position, key in enumerate(order[:FEEDBACK_DEPTH], start=1):
        if primary_type[key]:
            votes[primary_type[key]] += scores[key] / position ** 0.5
    top, top_vote = scores[order[0]], max(votes.values(), default=0.0) or 1.0
    final = {key: scores.get(key, 0.0) / top + (votes.get(primary_type[key], 0.0) / top_vote if primary_type[key] else 0.0)
             for key in primary_type}
    return sorted((key for key, value in final.items() if value > 0), key=lambda key: (-final[key], str(key)))


def _grade(types, relevant: dict[str, int]) -> int:
    return max([relevant.get(code, 0) for code in types] or [0])


def _eligible(need, solutions, today) -> set[int]:
    """The solutions that meet the need's hard requirements (open source, Data Hub): the only ones an
    expert could propose, so the only ones the ideal ranking is made of (a region not served yet is a
    soft factor of the score, not a requirement)."""
    demand = demand_of(need, inferred=False)
    return {s.pk for s in solutions
            if not score_need_offer(demand, offer_of(s), text=0.0, today=today).is_excluded}


def _company(key: str, size: str) -> Organization:
    organization, _ = Organization.objects.get_or_create(
        external_id=f"eval-co-{key}", defaults={"kind": Organization.Kind.COMPANY, "name": f"평가 기업 {key}",
                                                "size": size, "status": Organization.Status.VERIFIED})
    return organization


def _organization_for(label: dict) -> Organization:
    if label.get("overseas"):
        organization, _ = Organization.objects.get_or_create(
            external_id="eval-overseas", defaults={"kind": Organization.Kind.OVERSEAS, "name": "평가용 해외 도시",
                                                   "name_en": "Evaluation City", "country": "VN",
                                                   "status": Organization.Status.VERIFIED})
        return organization
    municipality = Municipality.objects.get(code=label["municipality"])
    organization = Organization.objects.filter(municipality=municipality).first()
    if organization is None:
        organization = Organization.objects.create(kind=Organization.Kind.MUNICIPALITY, municipality=municipality,
                                                   name=municipality.full_name_ko, status=Organization.Status.VERIFIED)
    return organization


def _add_distractors(distractors) -> None:
    now = timezone.now()
    for item in distractors:
        solution = Solution.objects.create(
            organization=_company(item["id"], item["size"]), title=item["title"], summary=item["summary"],
            description=item["description"], primary_type=SolutionType.objects.get(code=item["types"][0]),
            nationwide=True, overseas=item["lang"] == "en", languages=[item["lang"]], status="published",
            published_at=now, external_id=f"eval-{item['id']}")
        solution.types.set(SolutionType.objects.filter(code__in=item["types"]))


def _add_requests(labels) -> dict[str, PartnershipRequest]:
    now = timezone.now()
    requests = {}
    for label in labels:
        requests[label["id"]] = PartnershipRequest.objects.create(
            organization=_company(label["id"], label["size"]), title=label["title"], description=label["description"],
            direction=label["direction"], collaboration=label["collaboration"],
            target_sizes="startup,sme" if label["direction"] == "seeking" else "large",
            status=PartnershipRequest.Status.OPEN, published_at=now, external_id=f"eval-{label['id']}")
    return requests


def _need_rows(labels, solutions, today) -> list[dict]:
    baseline = BM25Baseline({s.pk: f"{s.title} {s.summary} {s.description}" for s in solutions})
    types_of = {s.pk: [t.code for t in s.types.all()] for s in solutions}
    rows = []
    for label in labels:
        need = Need.objects.create(
            organization=_organization_for(label), title=label["title"], problem=label["problem"],
            budget_max_krw=label.get("budget_max"), status=Need.Status.OPEN, contact_name="eval")
        eligible = _eligible(need, solutions, today)
        grades = {pk: _grade(types, label["relevant"]) for pk, types in types_of.items()}
        all_grades = [g for pk, g in grades.items() if g > 0 and pk in eligible]
        engine = [p.target_id for p in ranked(pairs_for_need(need))]
        plain = [pk for pk in baseline.rank(f"{label['title']} {label['problem']}") if pk in eligible]
        typed = with_own_types(baseline, f"{label['title']} {label['problem']}",
                               {s.pk: s.primary_type_id for s in solutions if s.pk in eligible})
        rows.append(_row(label, "need", [grades.get(pk, 0) for pk in engine], [grades[pk] for pk in plain],
                         all_grades, top5=engine[:5], typed_grades=[grades[pk] for pk in typed]))
    return rows


def _partnership_rows(labels, requests, solutions) -> list[dict]:
    """Each request against the other side: solutions of the sizes it aims at and the requests of the
    other direction (the other labelled requests among them), graded by their types."""
    texts, types_of = {}, {}
    for s in solutions:
        texts[("solution", s.pk)] = f"{s.title} {s.summary} {s.description}"
        types_of[("solution", s.pk)] = ([t.code for t in s.types.all()], s.organization.size, s.organization_id)
    primary = {("solution", s.pk): s.primary_type_id for s in solutions}  # requests have no chosen type
    about = {label["id"]: label["about"] for label in labels}
    for label_id, request in requests.items():
        texts[("partnership", request.pk)] = f"{request.title} {request.description}"
        types_of[("partnership", request.pk)] = (about[label_id], request.direction, request.organization_id)
    baseline = BM25Baseline(texts)
    rows = []
    for label in labels:
        request = requests[label["id"]]
        wanted_sizes = {"startup", "sme"} if request.direction == "seeking" else {"large"}
        pool = {key for key, (_types, side, owner) in types_of.items() if owner != request.organization_id and (
            (key[0] == "solution" and side in wanted_sizes) or (key[0] == "partnership" and side != request.direction))}
        grades = {key: _grade(types_of[key][0], label["relevant"]) for key in pool}
        all_grades = [g for g in grades.values() if g > 0]
        engine = [(p.target_kind, p.target_id) for p in ranked(pairs_for_partnership(request))]
        plain = baseline.rank(f"{request.title} {request.description}", keys=pool)
        typed = with_own_types(baseline, f"{request.title} {request.description}",
                               {key: primary.get(key, "") for key in pool})
        rows.append(_row(label, "partnership", [grades.get(key, 0) for key in engine], [grades[key] for key in plain],
                         all_grades, top5=engine[:5], typed_grades=[grades[key] for key in typed]))
    return rows


def _row(label, kind, engine_grades, plain_grades, all_grades, *, top5, typed_grades) -> dict:
    relevant = sum(1 for g in all_grades if g > 0)
    return {"id": label["id"], "lang": label["lang"], "kind": kind, "split": split_of(label["id"]),
            "ndcg5": ndcg_at(engine_grades, all_grades, 5), "recall10": recall_at(engine_grades, relevant, 10),
            "baseline_ndcg5": ndcg_at(plain_grades, all_grades, 5),
            "baseline_recall10": recall_at(plain_grades, relevant, 10),
            "typed_ndcg5": ndcg_at(typed_grades, all_grades, 5), "typed_recall10": recall_at(typed_grades, relevant, 10),
            "top5": top5}


def evaluate() -> dict:
    """Run the labelled set over the demo catalogue (plus the set's distractors and partnership
    requests) inside a transaction that is rolled back."""
    data = json.loads(LABELS.read_text(encoding="utf-8"))
    rows = []
    try:
        with transaction.atomic():
            if not Solution.objects.filter(external_id__startswith="demo-sol-").exists():
                seed_demo()
                seed_catalogue()
            _add_distractors(data["distractors"])
            requests = _add_requests(data["partnerships"])
            for kind in ("solution", "partnership"):
                backend("default").rebuild(kind, (prepare(kind, listing) for listing in indexable(kind)))
            solutions = list(Solution.objects.filter(status="published", organization__status="verified")
                             .select_related("organization")
                             .prefetch_related("types", "service_sidos", "deployments"))
            rows += _need_rows(data["needs"], solutions, timezone.localdate())
            rows += _partnership_rows(data["partnerships"], requests, solutions)
            transaction.set_rollback(True)
    finally:
        reset_memory()
    return {"rows": rows, "summary": summarise(rows)}


GROUPS = {"needs": lambda r: r["kind"] == "need",
          "needs, Korean": lambda r: r["kind"] == "need" and r["lang"] == "ko",
          "needs, English": lambda r: r["kind"] == "need" and r["lang"] == "en",
          "partnerships": lambda r: r["kind"] == "partnership",
          "partnerships, Korean": lambda r: r["kind"] == "partnership" and r["lang"] == "ko",
          "partnerships, English": lambda r: r["kind"] == "partnership" and r["lang"] == "en"}
METRICS = ("ndcg5", "recall10", "baseline_ndcg5", "baseline_recall10", "typed_ndcg5", "typed_recall10")


def group_figures(rows) -> dict:
    """{group: {"count": n, metric: mean}} of the rows, per language and kind."""
    figures = {}
    for group, keep in GROUPS.items():
        chosen = [row for row in rows if keep(row)]
        figures[group] = {"count": len(chosen)} | {
            metric: round(sum(row[metric] for row in chosen) / len(chosen), 3) if chosen else 0.0
            for metric in METRICS}
    return figures


def summarise(rows) -> dict:
    """{split: {group: {"count": n, metric: mean}}}."""
    return {split: group_figures([row for row in rows if row["split"] == split]) for split in SPLITS}
