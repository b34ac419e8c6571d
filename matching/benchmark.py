"""``bench_search``: synthetic Korean/English listings from the taxonomy vocabulary in a throwaway
database, and the figures of the embedded backend against the naive way (ORM ``icontains`` ranked by
word counts; scoring every solution without retrieval)."""

import random
import resource
import statistics
import time
from datetime import date

from django.db import transaction
from django.db.models import Q

from marketplace.demo import business_number_with_check_digit
from marketplace.models import Municipality, Need, Organization, Solution, SolutionType
from marketplace.search_documents import fields_and_facets, prepare, with_facet_terms
from openlab.search import backend
from openlab.search.analysis import analyse
from openlab.search.embedded import _refreshed, reset_memory
from openlab.search.models import SearchDocument

from .scoring import score_need_offer
from .services import demand_of, offer_of, pairs_for_need, pairs_for_solution, ranked

SEED = 20261201
PHRASES_KO = ["시민 만족도를 높입니다", "운영비를 줄입니다", "실시간으로 알려 줍니다", "데이터를 모아 분석합니다",
              "현장에 빠르게 설치합니다", "어르신과 어린이의 안전을 지킵니다", "전통시장 상인을 돕습니다",
              "관제센터와 연계합니다", "주민 참여 리빙랩으로 검증했습니다", "도시 문제를 해결합니다"]
PHRASES_EN = ["improves citizen satisfaction", "cuts operating costs", "real-time alerts for residents",
              "collects and analyses city data", "fast installation on site", "keeps children and seniors safe"]
BATCH = 2000


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] if ordered else 0.0


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate(listings: int, needs: int, rng: random.Random) -> None:
    """Companies, solutions (each with one to three types) and municipalities' open needs."""
    types = list(SolutionType.objects.select_related("field"))
    sidos = list(Municipality.objects.filter(level="sido"))
    companies = Organization.objects.bulk_create([
        Organization(kind="company", size=rng.choice(["startup", "sme", "large"]), name=f"벤치기업 {n}",
                     business_number=business_number_with_check_digit(f"{700000000 + n:09d}"),
                     hq_sido=rng.choice(sidos), status="verified", external_id=f"bench-co-{n}")
        for n in range(max(listings // 50, 10))])
    through = Solution.types.through
    for start in range(0, listings, BATCH):
        rows, picked = [], []
        for n in range(start, min(start + BATCH, listings)):
            chosen = rng.sample(types, rng.randint(1, 3))
            english = rng.random() < 0.2
            low = rng.randint(1, 50) * 10_000_000
            text = (" ".join(rng.sample(PHRASES_EN, 2)) if english else " ".join(rng.sample(PHRASES_KO, 3)))
            rows.append(Solution(
                organization=rng.choice(companies), status="published", title=(
                    f"{chosen[0].name_en} by {n}" if english else f"{chosen[0].name_ko} 솔루션 {n}"),
                summary=f"{chosen[0].name_en if english else chosen[0].name_ko}: {text}",
                description=" ".join(f"{t.name_ko} {t.name_en}" for t in chosen) + " " + text,
                primary_type=chosen[0], nationwide=rng.random() < 0.7, overseas=rng.random() < 0.3,
                price_min_krw=low, price_max_krw=low * rng.randint(2, 5), pricing_model="purchase",
                deployment_months=rng.randint(1, 18), languages=["ko", "en"] if english else ["ko"],
                data_hub_ready=rng.random() < 0.5, open_source=rng.random() < 0.1, external_id=f"bench-sol-{n}"))
            picked.append(chosen)
        created = Solution.objects.bulk_create(rows)
        through.objects.bulk_create([through(solution_id=s.pk, solutiontype_id=t.pk)
                                     for s, chosen in zip(created, picked) for t in chosen])
    municipalities = list(Municipality.objects.filter(level="sigungu")[:needs])
    cities = Organization.objects.bulk_create([
        Organization(kind="municipality", municipality=m, name=m.name_ko, status="verified") for m in municipalities])
    need_rows = []
    for n, city in enumerate(cities):
        solution_type = rng.choice(types)
        need_rows.append(Need(organization=city, title=f"{solution_type.name_ko} 도입이 필요합니다",
                              problem=f"우리 시는 {solution_type.name_ko} 문제가 심각합니다. {rng.choice(PHRASES_KO)}",
                              status="open", budget_max_krw=rng.randint(5, 100) * 10_000_000, contact_name="담당자",
                              external_id=f"bench-need-{n}"))
    Need.objects.bulk_create(need_rows)


def run(listings: int, queries: int, *, out=print) -> dict:
    rng = random.Random(SEED)
    out(f"generating {listings} synthetic solutions …")
    with transaction.atomic():
        generate(listings, max(min(queries, 200), 20), rng)

    # Analysis from scratch (Kiwi), then the stored documents.
    analysed = 0.0
    documents = []
    solutions = (Solution.objects.select_related("organization", "primary_type")
                 .prefetch_related("types", "service_sidos", "deployments"))
    for solution in solutions.iterator(chunk_size=BATCH):
        texts, title, body, facets = fields_and_facets(solution)
        started = time.perf_counter()
        terms = analyse(texts)
        analysed += time.perf_counter() - started
        documents.append(SearchDocument.of({"kind": "solution", "object_id": solution.pk, "title": title, "body": body,
                                            "terms": with_facet_terms(terms, facets), "facets": facets,
                                            "indexed_at": solution.created_at}))
        if len(documents) >= BATCH:
            SearchDocument.objects.bulk_create(documents)
            documents = []
    SearchDocument.objects.bulk_create(documents)
    out(f"analysed {listings} listings in {analysed:.1f} s")

    # Building the in-memory index from the stored analysis (no analysing again).
    reset_memory()
    started = time.perf_counter()
    _refreshed("solution")
    build = time.perf_counter() - started
    out(f"built the index from stored documents in {build:.1f} s")

    vocabulary = [t.name_ko for t in SolutionType.objects.all()] + [t.name_en for t in SolutionType.objects.all()]
    words = ["주차", "미세먼지", "어르신 돌봄", "elderly living alone", "parking", "fine dust", "드론 배송", "화재"]
    query_list = [rng.choice(vocabulary + words) for _ in range(queries)]
    engine = backend("default")
    search_ms = []
    for query in query_list:
        started = time.perf_counter()
        engine.search("solution", query, limit=20)
        search_ms.append((time.perf_counter() - started) * 1000)
    naive_search_ms = []

    for query in query_list:
        # Like with like: the naive way ranks too (every row that contains a query word, ordered by how
        # often the words occur, title counting thrice), then keeps the top 20, as the engine does.
        words = query.lower().split()
        started = time.perf_counter()
        matches = Q()
        for word in words:
            matches |= Q(title__icontains=word) | Q(summary__icontains=word) | Q(description__icontains=word)
        rows = Solution.objects.filter(matches).values_list("pk", "title", "summary", "description")
        scored = sorted(((3 * sum(title.lower().count(w) for w in words)
                          + sum(f"{summary} {description}".lower().count(w) for w in words), pk)
                         for pk, title, summary, description in rows), reverse=True)
        _top_20 = [pk for _count, pk in scored[:20]]
        naive_search_ms.append((time.perf_counter() - started) * 1000)

    needs = list(Need.objects.select_related("organization", "organization__municipality").prefetch_related("types"))
    # As in production, a need is indexed (its guessed types stored) before its matches are computed.
    SearchDocument.objects.bulk_create([SearchDocument.of(prepare("need", need)) for need in needs])
    match_ms = []
    for need in (needs * (queries // len(needs) + 1))[:queries]:
        started = time.perf_counter()
        ranked(pairs_for_need(need))[:20]
        match_ms.append((time.perf_counter() - started) * 1000)
    # Solution → open needs scores each candidate need's words against the solution index, relative
    # to the need's best solution: the first solution computes those best scores (as after an edit),
    # the next ones reuse them while the index is unchanged (as in a nightly recompute).
    solution_ms = []
    for solution in solutions.order_by("pk")[: max(5, queries // 10)]:
        started = time.perf_counter()
        ranked(pairs_for_solution(solution))[:20]
        solution_ms.append((time.perf_counter() - started) * 1000)
    engine_peak = _peak_mb()  # before the naive comparison loads every solution
    offers = [offer_of(s) for s in solutions.iterator(chunk_size=BATCH)]


    naive_match_ms = []
    for need in needs[: min(len(needs), max(5, queries // 20))]:
        demand = demand_of(need)
        started = time.perf_counter()
        scored = [score_need_offer(demand, offer, text=0.0, today=date.today()) for offer in offers]
        sorted(scored, key=lambda s: -s.score)[:20]
        naive_match_ms.append((time.perf_counter() - started) * 1000)
    figures = {
        "listings": listings, "analyse_s": round(analysed, 2), "build_s": round(build, 2),
        "peak_mb": round(engine_peak, 1),
        "search_p50_ms": round(statistics.median(search_ms), 2), "search_p95_ms": round(percentile(search_ms, 0.95), 2),
        "match_p50_ms": round(statistics.median(match_ms), 2), "match_p95_ms": round(percentile(match_ms, 0.95), 2),
        "solution_match_first_ms": round(solution_ms[0], 2),
        "solution_match_p95_ms": round(percentile(solution_ms[1:], 0.95), 2),
        "naive_search_p95_ms": round(percentile(naive_search_ms, 0.95), 2),
        "naive_match_p95_ms": round(percentile(naive_match_ms, 0.95), 2),
    }
    reset_memory()
    return figures
