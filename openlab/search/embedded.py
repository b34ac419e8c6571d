"""The embedded search backend: no extra service. Analysed documents live in the database
(``SearchDocument``); each process keeps an in-memory inverted index built from them and, before
every search, applies what other processes have written since (rows by ``indexed_at``), so a listing
committed anywhere is searchable everywhere at once. Ranking is BM25 with numpy."""

import html
import math
import re
import sys
import threading
import time
from array import array
from collections.abc import Mapping
from datetime import timedelta

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import registry
from .analysis import ANALYSIS_VERSION, LANGUAGES, SUBWORD_PREFIX, query_terms, term_language
from .base import FACETS, MAX_QUERY_CHARS, Hit, SearchResults, facet_ok
from .base import SearchBackend as BaseSearchBackend
from .models import SearchDocument

K1, B = 1.2, 0.75
COMMON_TERM_SHARE = 0.5
COMMON_TERM_MIN_DOCS = 1000  # in a small catalogue every term counts
# The share of a query's weight a document must cover to count as fully relevant: a need's text is
# long, and a listing that answers it shares only its key words. Query words no document has count
# in that weight as the rarest words do.
FULL_COVERAGE = 0.25
# Rows written this long before the newest one seen are read again: a writer's transaction may
# commit a little after the timestamp it wrote.
REFRESH_OVERLAP = timedelta(seconds=5)
TYPE_TERM = "@type:"  # facet terms (not text): documents of a type, found without a scan
FULL_RELOAD_SHARE = 0.2
# A document's languages as bits (``written`` facet); one that does not say counts in every language.
LANGUAGE_BITS = {language: 1 << number for number, language in enumerate(LANGUAGES)}
EVERY_LANGUAGE = sum(LANGUAGE_BITS.values())


def term_idf(term: str, df: int, documents: int, written: dict[str, int]) -> float:
    """BM25's idf of a term held by ``df`` of ``documents``, counted among the documents written in
    the term's language (``written``: how many there are of each): an English word in a mostly Korean
    catalogue is not rare for being English, nor a Korean one in an English catalogue. (A term more
    documents hold than are written in its language, an English type name that every listing of the
    type carries, is held by nearly all that could: its idf is near nothing.)"""
    language = term_language(term)
    if language in written:
        documents = max(written[language], df)
    return math.log(1 + (documents - df + 0.5) / (df + 0.5))


def language_bits(languages) -> int:
    return sum(LANGUAGE_BITS.get(language, 0) for language in languages or ()) or EVERY_LANGUAGE


def languages_of(bits: int) -> frozenset:
    return frozenset(language for language, bit in LANGUAGE_BITS.items() if bits & bit)


def reachable_weight(parts: dict[str, float], weighted, languages) -> float:
    """The part of a query's own weight (``parts``: each own term's weight times its idf) that a
    document written in ``languages`` is measured against. A Korean term counts only when the
    document is written in Korean or a glossary group the query meets gives it a phrase in one of the
    document's languages: the verb stems, bound nouns and everyday nouns Kiwi keeps from a Korean need
    (모르, 바뀌, 수, 뭍) have no English in the glossary, so an English listing could never hold them
    and they do not count against its coverage. Every other term counts wherever it is: an English
    need's words are content words once the stop words are out, and a Korean listing that lacks one
    lacks it (measured both ways, only the Korean side gained: docs/performance.md). A sub-word piece
    (#주차 in 스마트주차장) is never translated."""
    concepts = getattr(weighted, "concepts", ())
    total = 0.0
    for term, part in parts.items():
        if term_language(term) != "ko" or "ko" in languages or (not term.startswith(SUBWORD_PREFIX) and any(
                term in concept and any(term_language(other) in languages for other in concept)
                for concept in concepts)):
            total += part
    return total


class _KindIndex:
    """One kind's in-memory index. Documents are appended; a replaced or removed one is marked dead."""

    def __init__(self, facet_names=()):
        self.facet_names = tuple(facet_names)
        # (facet, value) → slots, so that facet counts are a few numpy sums, not a scan of the hits.
        self.facet_postings: dict[tuple[str, str], list[int]] = {}
        self._facet_arrays: dict[tuple[str, str], np.ndarray] = {}
        self.object_ids = array("q")
        self.alive = bytearray()
        self.lengths = array("f")
        self.written = bytearray()  # LANGUAGE_BITS of each slot
        self.facets: list[PackedFacets] = []
        self.titles: list[str] = []
        self.by_object: dict[int, int] = {}
        self.seen: dict[int, object] = {}
        # term → (slots, weights) as typed arrays (4 bytes an entry, not a Python object each).
        self.postings: dict[str, tuple[array, array] | None] = {}
        self._arrays: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self.watermark = None
        self.live = 0
        self.checked = 0.0
        self.checked_at = None  # wall-clock time of the last check against the database
        self._dense = None
        # The best relevance score per (query, filters) as of the last change (``best_score``).
        self._best: dict[tuple, float | None] = {}
        self._df: dict[str, int] = {}
        self._written_totals: dict[str, int] | None = None

    def _changed(self) -> None:
        self._dense = None
        self._written_totals = None
        self._best.clear()
        self._df.clear()

    def _kill(self, object_id: int) -> None:
        self._changed()
        slot = self.by_object.pop(object_id, None)
        if slot is not None and self.alive[slot]:
            self.alive[slot] = 0
            self.live -= 1

    def apply(self, row) -> None:
        """Insert, replace or remove one stored document (idempotent)."""
        if self.seen.get(row.object_id) == row.indexed_at:
            return
        self.seen[row.object_id] = row.indexed_at
        self._kill(row.object_id)
        if not row.public:
            return
        self._changed()
        slot = len(self.object_ids)
        self.object_ids.append(row.object_id)
        self.alive.append(1)
        self.live += 1
        self.lengths.append(float(sum(row.terms.values())) or 1.0)
        self.written.append(language_bits(row.facets.get("written")))
        self.facets.append(PackedFacets(row.facets))
        self.titles.append(row.title)
        self.by_object[row.object_id] = slot
        for name in self.facet_names:
            value = row.facets.get(name)
            for item in (value if isinstance(value, list) else [value]):
                if item in (None, ""):
                    continue
                key = (name, str(item).lower() if isinstance(item, bool) else str(item))
                self.facet_postings.setdefault(key, []).append(slot)
                self._facet_arrays.pop(key, None)
        for term, weight in row.terms.items():
            entry = self.postings.get(term)
            if entry is None:
                compacted = self._arrays.pop(term, None) if term in self.postings else None
                entry = (array("i"), array("f"))
                if compacted:
                    entry[0].frombytes(compacted[0].tobytes())
                    entry[1].frombytes(compacted[1].tobytes())
                self.postings[sys.intern(term)] = entry
            entry[0].append(slot)
            entry[1].append(weight)
            self._arrays.pop(term, None)

    def compact(self) -> None:
        """Move every posting list into numpy arrays; ``None`` in ``postings`` marks a term whose
        postings live in ``_arrays``."""
        for term in self.postings:
            entry = self.postings[term]
            if entry is not None:
                self._arrays[term] = (np.array(entry[0], dtype=np.int32), np.array(entry[1], dtype=np.float32))
                self.postings[term] = None

    def arrays(self, term):
        cached = self._arrays.get(term)
        if cached is None:
            entry = self.postings.get(term)
            if entry is None:  # unknown term (a compacted one is always in _arrays)
                return None
            # Copies: a numpy view would stop the typed array from growing.
            cached = self._arrays[term] = (np.array(entry[0], dtype=np.int32),
                                           np.array(entry[1], dtype=np.float32))
        return cached

    def scores(self, weighted_terms: dict[str, float], *, coverage: np.ndarray | None = None,
               parts: dict | None = None, subset: np.ndarray | None = None) -> np.ndarray:
        """BM25 scores of every slot; with ``coverage``, also add each matched term's idf-weighted
        weight there, and put in ``parts`` the idf-weighted weight of each of the query's own terms
        (``weighted_terms.own`` when it says; glossary expansions count where they match, not in the
        whole: ``reachable_weight``).

        With ``subset`` (sorted slots), the scores (and coverage) of those slots only, in that order:
        the same figures, bit for bit, without a pass over every document."""
        counted = getattr(weighted_terms, "own", None) or weighted_terms
        size = len(self.object_ids) if subset is None else len(subset)
        scores = np.zeros(size, dtype=np.float32)
        if not self.live:
            return scores
        alive, lengths, average = self.dense()
        # A term in most documents (스마트, smart) barely ranks anything; when the query has rarer
        # terms too, skipping it saves a pass over nearly every posting.
        known = [t for t in weighted_terms if self.arrays(t) is not None]
        common = ({t for t in known if len(self.arrays(t)[0]) > COMMON_TERM_SHARE * self.live}
                  if self.live >= COMMON_TERM_MIN_DOCS else set())
        if len(common) == len(known):
            common = set()
        written = self.written_totals()
        group_of = {}
        for number, group in enumerate(getattr(weighted_terms, "groups", ())):
            for term in group:
                group_of.setdefault(term, number)
        best_of_group, covered_by_group = {}, {}
        for term, weight in weighted_terms.items():
            found = self.arrays(term)
            if found is None:
                if parts is not None and term in counted:
                    parts[term] = weight * term_idf(term, 0, self.live, written)
                continue
            slots, tf = found
            if term in common:
                continue
            if subset is None:
                live = alive[slots]
                df = int(live.sum())
            else:
                df = self.document_frequency(term)
            if not df:
                continue
            idf = term_idf(term, df, self.live, written)
            if subset is not None:
                # Look the subset up in the posting (its slots ascend, as documents are appended),
                # not the posting in the subset: a long posting is not read.
                at = np.searchsorted(slots, subset)
                hit = at < len(slots)
                hit[hit] = slots[at[hit]] == subset[hit]
                tf, found_slots = tf[at[hit]], subset[hit]
                live, lengths_of, slots = alive[found_slots], lengths[found_slots], np.nonzero(hit)[0]
            else:
                lengths_of = lengths[slots]
            norm = K1 * (1 - B + B * lengths_of / average)
            part = np.bincount(slots, weights=(weight * idf * tf * (K1 + 1) / (tf + norm)) * live,
                               minlength=size).astype(np.float32)
            cover = (np.bincount(slots, weights=weight * idf * live, minlength=size).astype(np.float32)
                     if coverage is not None else None)
            number = group_of.get(term)
            if number is None:
                scores += part
                if cover is not None:
                    coverage += cover
            else:  # a glossary group counts once, by its best term in each document
                _keep_best(best_of_group, number, part)
                if cover is not None:
                    _keep_best(covered_by_group, number, cover)
            if parts is not None and term in counted:
                parts[term] = weight * idf
        for part in best_of_group.values():
            scores += part
        for cover in covered_by_group.values():
            coverage += cover
        return scores

    def document_frequency(self, term: str) -> int:
        """How many live documents hold ``term`` (kept until the index changes)."""
        df = self._df.get(term)
        if df is None:
            slots = self.arrays(term)[0]
            df = self._df[term] = int(self.dense()[0][slots].sum())
        return df

    def written_totals(self) -> dict[str, int]:
        """How many live documents are written in each language (kept until the index changes)."""
        if self._written_totals is None:
            alive, written = self.dense()[0], np.frombuffer(bytes(self.written), dtype=np.uint8)
            self._written_totals = {language: int((alive & ((written & bit) > 0)).sum())
                                    for language, bit in LANGUAGE_BITS.items()}
        return self._written_totals

    def dense(self):
        """(alive mask, lengths, average length) as numpy arrays, rebuilt only after a change."""
        if self._dense is None:
            alive = np.frombuffer(bytes(self.alive), dtype=np.uint8).astype(bool)
            lengths = np.array(self.lengths, dtype=np.float32)
            self._dense = (alive, lengths, float(lengths[alive].mean()) if alive.any() else 1.0)
        return self._dense


def _keep_best(best: dict, key, values: np.ndarray) -> None:
    if key in best:
        np.maximum(best[key], values, out=best[key])
    else:
        best[key] = values


def _frozen(value):
    if isinstance(value, str):
        return sys.intern(value)
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    return value


_POSITIONS: dict[tuple, dict[str, int]] = {}  # each distinct key order, stored once


class PackedFacets:
    """A document's facets with the key order shared and strings interned: a hundred thousand
    dictionaries with the same keys would repeat every key and every "published". Read-only,
    with the ``get`` that ``facet_ok`` uses."""

    __slots__ = ("positions", "values")

    def __init__(self, facets: dict):
        keys = tuple(facets)
        positions = _POSITIONS.get(keys)
        if positions is None:
            positions = _POSITIONS[keys] = {sys.intern(k): i for i, k in enumerate(keys)}
        self.positions = positions
        self.values = tuple(_frozen(v) for v in facets.values())

    def get(self, name: str, default=None):
        position = self.positions.get(name)
        return default if position is None else self.values[position]


class FacetView(Mapping):
    """A document's facets as ``facets_of`` answers them: a read-only mapping over the packed facets
    that gives lists, as the stored dictionary does, without copying every facet of every candidate
    (matching reads a few facets of hundreds of candidates per listing)."""

    __slots__ = ("packed",)

    def __init__(self, packed: PackedFacets):
        self.packed = packed

    def __getitem__(self, name: str):
        position = self.packed.positions[name]
        value = self.packed.values[position]
        return list(value) if isinstance(value, tuple) else value

    def get(self, name: str, default=None):
        position = self.packed.positions.get(name)
        if position is None:
            return default
        value = self.packed.values[position]
        return list(value) if isinstance(value, tuple) else value

    def __iter__(self):
        return iter(self.packed.positions)

    def __len__(self) -> int:
        return len(self.packed.positions)


_STATE: dict[str, _KindIndex] = {}
_LOCK = threading.RLock()


def _load(kind: str) -> _KindIndex:
    index = _KindIndex(FACETS[kind])
    rows = SearchDocument.objects.of_kind(kind).filter(public=True).only(
        "object_id", "public", "title", "terms", "facets", "indexed_at").order_by("indexed_at")
    newest = None
    for row in rows.iterator(chunk_size=2000):
        index.apply(row)
        newest = row.indexed_at if newest is None or row.indexed_at > newest else newest
    index.watermark = newest
    index.compact()
    return index


def _refreshed(kind: str) -> _KindIndex:
    """This process's index of ``kind``, brought up to date with the database (checked at most every
    ``SEARCH_REFRESH_INTERVAL`` seconds, well inside the one second a write may take to show)."""
    with _LOCK:
        index = _STATE.get(kind)
        if index is None:
            started = timezone.now()
            index = _STATE[kind] = _load(kind)
            index.checked, index.checked_at = time.monotonic(), started
            return index
        if time.monotonic() - index.checked < settings.SEARCH_REFRESH_INTERVAL:
            return index
        index.checked = time.monotonic()
        previous_check, index.checked_at = index.checked_at, timezone.now()
        changed = SearchDocument.objects.of_kind(kind)
        if index.watermark is not None:
            # Rows written before the previous check (less the time a commit may lag) were seen then.
            since = max(index.watermark, previous_check) if previous_check else index.watermark
            changed = changed.filter(indexed_at__gte=since - REFRESH_OVERLAP)
        # Only stamps first: rows in the overlap window that this process has already applied are
        # not read again.
        cap = max(1000, int(index.live * FULL_RELOAD_SHARE))
        stamps = list(changed.values_list("object_id", "indexed_at"))
        fresh = [pk for pk, stamp in stamps if index.seen.get(pk) != stamp]
        if len(fresh) > cap:
            started = timezone.now()
            index = _STATE[kind] = _load(kind)
            index.checked, index.checked_at = time.monotonic(), started
            return index
        if fresh:
            for row in SearchDocument.objects.of_kind(kind).filter(object_id__in=fresh).order_by("indexed_at"):
                index.apply(row)
        for _pk, stamp in stamps:
            if index.watermark is None or stamp > index.watermark:
                index.watermark = stamp
        return index


#: How many (query, filters) best scores an index keeps between two changes.
BEST_SCORES_KEPT = 20_000


def _best_score(index, kind, text, weighted_terms, filters) -> float | None:
    """The best score of any document that passes ``filters`` (what ``candidates`` makes relevance
    relative to), or None when none scores; kept on the index until its next change."""
    key = (text, repr(sorted(filters.items())))
    if key in index._best:
        return index._best[key]
    scores = index.scores(weighted_terms)
    top = None
    if len(scores):
        best = int(np.argmax(scores))
        if scores[best] > 0 and facet_ok(kind, index.facets[best], filters):
            top = float(scores[best])
        else:
            positive = np.nonzero(scores > 0)[0]
            for slot in positive[np.argsort(-scores[positive], kind="stable")].tolist():
                if facet_ok(kind, index.facets[slot], filters):
                    top = float(scores[slot])
                    break
    if len(index._best) >= BEST_SCORES_KEPT:
        index._best.clear()
    index._best[key] = top
    return top


def _full_coverage(index, weighted_terms, parts):
    """slot → the covered weight at which the slot's document counts as fully relevant (the share
    ``FULL_COVERAGE`` of what a document in its languages can hold), worked out once per languages."""
    fulls = {}

    def full(slot: int) -> float:
        bits = index.written[slot]
        if bits not in fulls:
            fulls[bits] = max(reachable_weight(parts, weighted_terms, languages_of(bits)), 1e-9) * FULL_COVERAGE
        return fulls[bits]
    return full


def _rest_ordered(positive, best, scores):
    rest = np.setdiff1d(np.arange(len(positive)), best, assume_unique=True)
    return positive[rest[np.argsort(-scores[positive][rest], kind="stable")]]


def reset_memory() -> None:
    """Forget every in-memory index (tests, and after a rebuild in this process)."""
    with _LOCK:
        _STATE.clear()


def _facet_counts(index, slots, names) -> dict[str, dict[str, int]]:
    counts = {name: {} for name in names}
    if not len(slots):
        return counts
    mask = np.zeros(len(index.object_ids), dtype=bool)
    mask[np.asarray(slots, dtype=np.int64)] = True
    for key, postings in index.facet_postings.items():
        array = index._facet_arrays.get(key)
        if array is None:
            array = index._facet_arrays[key] = np.asarray(postings, dtype=np.int64)
        n = int(mask[array].sum())
        if n and key[0] in counts:
            counts[key[0]][key[1]] = n
    return counts


def highlight(text: str, query: str, *, width: int = 70) -> str:
    """An HTML-escaped snippet of ``text`` around the first query word, with matches in <mark>."""
    words = sorted({w for w in re.split(r"\s+", query.strip()) if len(w) >= 2}, key=len, reverse=True)
    if not text or not words:
        return ""
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    found = pattern.search(text)
    if found is None:
        return ""
    start = max(found.start() - width, 0)
    snippet = text[start:found.end() + width]
    out, position = [], 0
    for match in pattern.finditer(snippet):
        out.append(html.escape(snippet[position:match.start()]))
        out.append(f"<mark>{html.escape(match.group(0))}</mark>")
        position = match.end()
    out.append(html.escape(snippet[position:]))
    return ("…" if start else "") + "".join(out) + ("…" if start + len(snippet) < len(text) else "")


_snippet = highlight  # the search method's ``highlight`` argument shadows the name


class SearchBackend(BaseSearchBackend):
    name = "embedded"

    def __init__(self, **params):
        self.params = params

    # Writes ---------------------------------------------------------------------------------------

    def index(self, documents: list[dict]) -> None:
        with transaction.atomic():
            for document in documents:
                values = {k: v for k, v in document.items() if k not in ("kind", "object_id")}
                SearchDocument.objects.update_or_create(content_type_id=registry.type_id(document["kind"]),
                                                        object_id=document["object_id"],
                                                        defaults=values)

    def remove(self, kind: str, object_ids: list[int]) -> None:
        now = timezone.now()
        with transaction.atomic():
            for object_id in object_ids:
                SearchDocument.objects.update_or_create(
                    content_type_id=registry.type_id(kind), object_id=object_id,
                    defaults={"public": False, "terms": {}, "facets": {}, "title": "", "body": "",
                              "indexed_at": now})

    def rebuild(self, kind: str, documents, *, progress=None) -> int:
        """Store fresh documents for every listing given and tombstone the rest."""
        count, keep = 0, set()
        batch = []
        for document in documents:
            batch.append(document)
            keep.add(document["object_id"])
            if len(batch) >= 500:
                self.index(batch)
                count += len(batch)
                if progress is not None:
                    progress.update(len(batch))
                batch = []
        if batch:
            self.index(batch)
            count += len(batch)
            if progress is not None:
                progress.update(len(batch))
        stale = set(SearchDocument.objects.of_kind(kind).filter(public=True).values_list("object_id", flat=True)) - keep
        self.remove(kind, sorted(stale))
        with _LOCK:
            _STATE.pop(kind, None)
        return count

    # Reads ----------------------------------------------------------------------------------------

    def indexed_ids(self, kind: str) -> set[int]:
        return set(SearchDocument.objects.of_kind(kind).filter(public=True).values_list("object_id", flat=True))

    def outdated_ids(self, kind: str) -> set[int]:
        return set(SearchDocument.objects.of_kind(kind).filter(public=True, analysis_version__lt=ANALYSIS_VERSION)
                   .values_list("object_id", flat=True))

    def stored_documents(self, kind: str) -> dict[int, object]:
        return {row.object_id: row.indexed_at for row in
                SearchDocument.objects.of_kind(kind).filter(public=True).only("object_id", "indexed_at")}

    def _matching_slots(self, index, weighted_terms, filters, kind):
        filters = filters or {}
        if weighted_terms:
            scores = index.scores(weighted_terms)
            slots = np.nonzero(scores > 0)[0]
        elif filters.get("type") and index.arrays(TYPE_TERM + filters["type"]) is not None:
            scores = None
            slots = [int(s) for s in index.arrays(TYPE_TERM + filters["type"])[0] if index.alive[s]]
        elif filters.get("type"):
            return np.zeros(0, dtype=np.int64), None
        else:
            scores = None
            slots = [slot for slot in range(len(index.object_ids)) if index.alive[slot]]
        active = {name: value for name, value in filters.items() if value not in (None, "", [])}
        if not active:
            return np.asarray(slots, dtype=np.int64), scores
        kept = [int(slot) for slot in slots if facet_ok(kind, index.facets[slot], active)]
        return np.asarray(kept, dtype=np.int64), scores

    def search(self, kind, query, *, filters=None, sort="relevance", offset=0, limit=20,
               facets=True, highlight=True) -> SearchResults:
        query = (query or "")[:MAX_QUERY_CHARS]
        weighted = query_terms(query) if query.strip() else {}
        index = _refreshed(kind)
        with _LOCK:
            slots, scores = self._matching_slots(index, weighted, filters, kind)
            total = len(slots)
            counts = _facet_counts(index, slots, FACETS[kind]) if facets else {}
            wanted = offset + limit
            if sort == "newest" or scores is None and sort == "relevance":
                ordered = sorted(slots.tolist(), key=lambda s: index.facets[s].get("published_at") or "",
                                 reverse=True)
            elif sort == "deadline":
                ordered = sorted(slots.tolist(), key=lambda s: (index.facets[s].get("deadline") is None,
                                                                index.facets[s].get("deadline") or ""))
            elif total:
                values = -scores[slots]
                if total > wanted:
                    # Only the page needs ordering: partition out the best, then sort those.
                    best = np.argpartition(values, wanted - 1)[:wanted]
                    best = best[np.lexsort((slots[best], values[best]))]
                else:
                    best = np.lexsort((slots, values))
                ordered = slots[best].tolist()
            else:
                ordered = []
            page = [(index.object_ids[s], float(scores[s]) if scores is not None else 0.0, index.titles[s])
                    for s in ordered[offset:wanted]]
        bodies = {}
        if not highlight:
            return SearchResults(hits=[Hit(pk, score) for pk, score, _title in page], total=total, facets=counts,
                                 backend=self.name)
        if query and page:
            # Bodies stay in the database (memory is for the index); only the page's are read.
            bodies = dict(SearchDocument.objects.of_kind(kind).filter(object_id__in=[p[0] for p in page])
                          .values_list("object_id", "body"))
        hits = [Hit(pk, score, (_snippet(bodies.get(pk, ""), query) or _snippet(title, query)) if query else "")
                for pk, score, title in page]
        return SearchResults(hits=hits, total=total, facets=counts, backend=self.name)

    def facets_of(self, kind: str, object_ids: list[int]) -> dict[int, dict]:
        index = _refreshed(kind)
        with _LOCK:
            return {pk: FacetView(index.facets[index.by_object[pk]]) for pk in object_ids if pk in index.by_object}

    def of_types(self, kind, codes, *, filters=None, limit=50):
        """The most recently indexed documents of each type that pass ``filters`` (from the type
        postings, newest first: no sort over every document of the type)."""
        index = _refreshed(kind)
        found = []
        with _LOCK:
            alive = index.dense()[0]
            for code in codes:
                arrays = index.arrays(TYPE_TERM + code)
                if arrays is None:
                    continue
                slots = arrays[0][alive[arrays[0]]]
                taken = 0
                for slot in slots[::-1].tolist():
                    if facet_ok(kind, index.facets[slot], filters or {}):
                        found.append(index.object_ids[slot])
                        taken += 1
                        if taken == limit:
                            break
        return found

    def relevance(self, kind, text, object_ids, *, filters=None):
        """Exactly what ``candidates`` gives these documents, from a pass over their postings only; the
        best score it is relative to is kept per query until the index changes (a solution's matching
        asks it of the same needs' words again and again)."""
        text = text[:MAX_QUERY_CHARS * 8] if text else ""
        weighted_terms = query_terms(text) if text.strip() else {}
        if not weighted_terms:
            return {pk: 0.0 for pk in object_ids}
        index = _refreshed(kind)
        with _LOCK:
            top = _best_score(index, kind, text, weighted_terms, filters or {})
            alive = index.dense()[0]
            slots = sorted({index.by_object[pk] for pk in object_ids if pk in index.by_object})
            coverage, parts = np.zeros(len(slots), dtype=np.float32), {}
            scores = index.scores(weighted_terms, coverage=coverage, parts=parts,
                                  subset=np.asarray(slots, dtype=np.int64))
            place = {slot: i for i, slot in enumerate(slots)}
            full = _full_coverage(index, weighted_terms, parts)
            found = {}
            for pk in object_ids:
                slot = index.by_object.get(pk)
                if (top is None or slot is None or not alive[slot] or scores[place[slot]] <= 0
                        or not facet_ok(kind, index.facets[slot], filters or {})):
                    found[pk] = 0.0
                    continue
                at = place[slot]
                found[pk] = round(float(scores[at]) / top * min(1.0, float(coverage[at]) / full(slot)), 4)
            return found

    def candidates(self, kind, text, *, filters=None, limit=200):
        """Relevance is the BM25 score relative to the best candidate, damped by coverage: the share
        of the query's idf-weighted terms the document contains, so that a document matching only a
        generic word or an ending (합니다) stays low even when it is the best there is."""
        weighted_terms = query_terms(text[:MAX_QUERY_CHARS * 8]) if text and text.strip() else {}
        index = _refreshed(kind)
        with _LOCK:
            if not weighted_terms:
                slots, _scores = self._matching_slots(index, weighted_terms, filters, kind)
                return [(index.object_ids[s], 0.0) for s in slots[:limit].tolist()]
            coverage, parts = np.zeros(len(index.object_ids), dtype=np.float32), {}
            scores = index.scores(weighted_terms, coverage=coverage, parts=parts)
            positive = np.nonzero(scores > 0)[0]
            head = limit * 4
            if len(positive) > head * 2:
                # Most candidates pass the filters: order the best few, and the rest only if needed.
                best = np.argpartition(-scores[positive], head)[:head]
                batches = [lambda: positive[best[np.argsort(-scores[positive][best], kind="stable")]],
                           lambda: _rest_ordered(positive, best, scores)]
            else:
                batches = [lambda: positive[np.argsort(-scores[positive], kind="stable")]]
            slots = []
            for batch in batches:
                for s in batch().tolist():
                    if facet_ok(kind, index.facets[s], filters or {}):
                        slots.append(s)
                        if len(slots) == limit:
                            break
                if len(slots) == limit:
                    break
            top = float(scores[slots[0]]) if slots else 1.0
            full = _full_coverage(index, weighted_terms, parts)
            return [(index.object_ids[s], round(float(scores[s]) / top * min(1.0, float(coverage[s]) / full(s)), 4))
                    for s in slots]

