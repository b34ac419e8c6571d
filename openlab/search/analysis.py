"""Text analysis shared by both search backends: Korean morphemes (Kiwi), Korean sub-word pieces,
English words lower-cased and stemmed, and domain synonyms (the glossary ``openlab/search/glossary.txt`` plus the
taxonomy's Korean and English type names) expanded at query time.

A document's analysis is a ``{term: weight}`` map. Terms are morphemes or stems as they are; Korean
character bigrams carry the ``#`` prefix so that a partial match counts for less than a whole one."""

import json
import re
import threading
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import snowballstemmer
from breame.spelling import get_american_spelling
from django.conf import settings

ANALYSIS_VERSION = 18  # stored documents of an older version are reported by search_index --check
# 3: punctuation after a Latin letter is a space for Kiwi (it cut "schools." into "scho" + "ols.")
# 4: Snowball's English stop words; 5: parking, crossing and charging kept whole; 6: parked, busy,
# marketing, mobile, medication and personal kept whole (their stems met words of other meanings);
# 7: a one-syllable noun right after a number is its unit, not a term (2배 is no boat)
# 8: sub-word pieces stay inside each noun part of a compound (전기차 gives no 기차)
# 9: a Korean glossary phrase written whole adds the terms Kiwi did not read in it (빈자리를 → 빈자리)
# 10: a document says which languages its own words are written in (the ``written`` facet; idf per language)
# 11: lighting kept whole (its stem met every "lights": red lights became street lighting)
# 12: a written glossary phrase Kiwi reads as a verb or adjective stem of another form is no phrase (불러 is no 불)
# 13: 불 after a colour or a traffic light is a traffic light (초록불, 빨간불: 신호등), not a fire
# 14: 불 before 나가다 (불이 나갔다, the power went out) reads as 정전, not as a fire
# 15: a few one-syllable verb stems that name what went wrong are terms (길을 잃다: 잃; 죽, 얼, 막...)
# 16: 불 that changes (불이 바뀌다) is a traffic light; 불 that comes on (불이 켜지다) or a street lamp's
# (가로등 불) is lighting, not a fire
# 17: a British spelling reads as the American one before stemming (centre and center, optimise and
# optimize, neighbourhood and neighborhood meet); "by themselves" and "on their own" read as "alone"
# 18: a digit standing alone is no term ("away 4 work", "3 wks"); one with a unit or letters written
# onto it keeps its term (4개, 1인, 5G)
GLOSSARY_FILE = Path(__file__).resolve().parent / "glossary.txt"
SUBWORD_PREFIX = "#"
# Kiwi tags kept as index terms: nouns, roots, verb/adjective stems, foreign words, numbers, hanja.
KEEP = {"NNG", "NNP", "NR", "XR", "VV", "VA", "SL", "SN", "SH", "NNB"}
SUFFIX_TAGS = ("J", "E", "XSV", "XSA", "VCP")  # what a word's sub-word pieces stop at
MIN_BIGRAM_WORD = 3  # words of two syllables are their own bigram
_HANGUL = re.compile(r"[가-힣]")
_HANGUL_WORD = re.compile(r"[가-힣]{3,}")
_LATIN_PUNCTUATION = re.compile(r"(?<=[A-Za-z])[.,!?;:]")
_LATIN = re.compile(r"[A-Za-z]")
_CHUNK = re.compile(r"\S+")
_lock = threading.Lock()
_kiwi = None
_stemmers = threading.local()  # a Snowball stemmer keeps state while it stems: one per thread
# Snowball's English stop words (contractions as the tokeniser leaves them: don't → don, t), and the
# verbs every request is phrased with (we want, we need to, it can, it will): words that rank nothing.
ENGLISH_STOPWORDS = frozenset(
    "i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her "
    "hers herself it its itself they them their theirs themselves what which who whom this that these "
    "those am is are was were be been being have has had having do does did doing would should could "
    "ought a an the and but if or because as until while of at by for with about against between into "
    "through during before after above below to from up down in out on off over under again further then "
    "once here there when where why how all any both each few more most other some such no nor not only "
    "own same so than too very s t d ll m re ve don isn aren wasn weren hasn haven hadn doesn didn won "
    "wouldn shan shouldn can cannot couldn mustn let near also just must may might will shall want wants "
    "wanted us every".split())


def kiwi():
    """The Kiwi analyser, loaded once per process (its model is large and slow to load)."""
    global _kiwi
    if _kiwi is None:
        with _lock:
            if _kiwi is None:
                from kiwipiepy import Kiwi

                _kiwi = Kiwi()
    return _kiwi


def _tokens(text: str):
    """Kiwi's tokens of ``text``. Punctuation right after a Latin letter reaches Kiwi as a space (it
    cuts an English word before a full stop: "schools." became "scho" and "ols."); one character for
    one, so the tokens' offsets are the text's."""
    return kiwi().tokenize(_LATIN_PUNCTUATION.sub(" ", text))


# Words kept whole: the stem would meet a word of another meaning (parking → park, as in a city park;
# parked → park, as in a city park, for a parked car; crossing → cross; charging → charge, as in a fee; busy → busi, as in business; marketing → market;
# mobile → mobil, as in mobility; medication → medic, as in medically; personal → person;
# lighting → light, as in red lights).
ENGLISH_KEPT = {"parking": "parking", "crossing": "crossing", "crossings": "crossing", "charging": "charging",
                "parked": "parking", "busy": "busy", "marketing": "marketing", "mobile": "mobile", "medication": "medication",
                "medications": "medication", "personal": "personal", "personalized": "personalized",
                "personalised": "personalized", "lighting": "lighting"}


# breame's "American spellings" that are a rare variant or another word (busses, gasses, gage, filter
# for philtre): these words are read as they are written.
SPELLINGS_KEPT = frozenset({"buses", "busing", "minibuses", "gases", "gauge", "gauged", "gauges", "gauging",
                            "philtre", "philtres", "pummelled", "pummelling", "tranquilly"})


def _english(word: str) -> str:
    # One spelling for both Englishes (breame's word list): Snowball stems centre to centr and center
    # to center, optimise to optimis and optimize to optim.
    word = word.lower()
    if word not in SPELLINGS_KEPT:
        word = get_american_spelling(word)
    if word in ENGLISH_KEPT:
        return ENGLISH_KEPT[word]
    stemmer = getattr(_stemmers, "english", None)
    if stemmer is None:
        stemmer = _stemmers.english = snowballstemmer.stemmer("english")
    return stemmer.stemWord(word)


def _bigrams(word: str) -> list[str]:
    if len(word) < MIN_BIGRAM_WORD or not _HANGUL.search(word):
        return []
    return [SUBWORD_PREFIX + word[i:i + 2] for i in range(len(word) - 1)]


# A light that a colour or a traffic light names (초록불, 빨간불, 파란 불, 신호등 불) is a traffic light,
# not the fire 불 otherwise is: its 불 reads as 신호등 (the adjectives' stems as Kiwi reads 빨간, 파란).
LIGHT_NAMERS = {"초록", "빨강", "빨갛", "파랑", "파랗", "노랑", "노랗", "주황", "신호등", "신호"}
TRAFFIC_LIGHT = "신호등"
# A lamp's 불 (가로등 불, 방범등 불) is lighting.
LAMP_NAMERS = {"가로등", "방범등", "보안등", "전등", "조명"}
LIGHTING = "조명"
# 불이 나가다 is the power going out, 불이 나다 a fire: 불 followed (its particle and an adverb between)
# by 나가, or by 나 + 어 + the auxiliary 가 as Kiwi reads 나갑니다, reads as 정전. 불 that changes
# (불이 바뀌다: only a traffic light does) reads as 신호등, 불 that comes on (불이 켜지다) as 조명.
POWER_CUT = "정전"
_BETWEEN = {"JKS", "JX", "MAG"}
# "By themselves" and "on their own" say alone in words that are all stop words: "by" before a
# reflexive pronoun, and "on" before a possessive and "own", read as "alone" (seniors living by
# themselves are seniors living alone).
ALONE = "alone"
_REFLEXIVES = frozenset("myself yourself himself herself itself oneself ourselves yourselves themselves".split())
_POSSESSIVES = frozenset("my your his her its our their".split())


@dataclass(frozen=True)
class _Read:
    """A token read otherwise than Kiwi read it (its form replaced)."""

    form: str
    tag: str
    start: int
    len: int

    @property
    def end(self) -> int:
        return self.start + self.len


def _what_it_does(tokens, index: int) -> str | None:
    """What the 불 at ``index`` is by the verb after it (its particle and an adverb between): a power
    cut when it goes out (나가다), a traffic light when it changes, lighting when it comes on; None
    for anything else (a fire, 불이 나다)."""
    following = tokens[index + 1:index + 6]
    while following and following[0].tag in _BETWEEN:
        following.pop(0)
    forms = [(token.form, token.tag.split("-")[0]) for token in following[:3]]
    if not forms:
        return None
    if forms[0] == ("나가", "VV") or forms[:3] == [("나", "VV"), ("어", "EC"), ("가", "VX")]:
        return POWER_CUT
    return {("바뀌", "VV"): TRAFFIC_LIGHT, ("켜", "VV"): LIGHTING, ("켜지", "VV"): LIGHTING}.get(forms[0])


def _words(tokens):
    """The tokens that can be index terms: a one-syllable noun written right after a number is its
    unit (2배, 1차, 3시, 5곳), not the boat, the car or the city those syllables also name; 불 after a
    colour or a traffic light (``LIGHT_NAMERS``, a space or the adjective's ending between) is a
    traffic light, after a lamp (``LAMP_NAMERS``) lighting, and 불 that goes out (불이 나가다) a power
    cut, that changes a traffic light, that comes on lighting (``_what_it_does``); "by themselves" and "on
    their own" read as "alone" (``_says_alone``). ``tokens``: Kiwi's list of them."""
    previous = namer = None
    for index, token in enumerate(tokens):
        does = _what_it_does(tokens, index) if token.form == "불" and token.tag == "NNG" else None
        if _says_alone(tokens, index):
            yield _Read(ALONE, "SL", token.start, token.len)
        elif token.form == "불" and token.tag == "NNG" and namer is not None and token.start - namer.end <= 1:
            yield _Read(LIGHTING if namer.form in LAMP_NAMERS else TRAFFIC_LIGHT, "NNG", token.start, token.len)
        elif does is not None:
            yield _Read(does, "NNG", token.start, token.len)
        elif _lone_digit(tokens, index):
            pass
        elif not (previous is not None and previous.tag == "SN" and token.start == previous.end
                  and len(token.form) == 1 and token.tag in ("NNG", "NNB")):
            yield token
        if token.form in LIGHT_NAMERS or token.form in LAMP_NAMERS:
            namer = token
        elif not token.tag.startswith("ETM"):
            namer = None
        previous = token


def _lone_digit(tokens, index: int) -> bool:
    """Whether the token at ``index`` is one digit standing alone: "4" in "away 4 work" or "3" in "3
    wks" says nothing a listing's 4개 언어 or 3D shares (a digit with a unit or letters written onto it
    keeps its term: 4개, 1인, 5G)."""
    token = tokens[index]
    if token.tag != "SN" or len(token.form) != 1:
        return False
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    return following is None or following.start != token.end


def _says_alone(tokens, index: int) -> bool:
    """Whether the English word at ``index`` begins "by themselves" or "on their own" (``ALONE``)."""
    word = tokens[index].form.lower() if tokens[index].tag == "SL" else ""
    if word not in ("by", "on"):
        return False
    following = [t.form.lower() for t in tokens[index + 1:index + 3] if t.tag == "SL"]
    if word == "by":
        return bool(following) and following[0] in _REFLEXIVES
    return len(following) == 2 and following[0] in _POSSESSIVES and following[1] == "own"


# Verb stems of one syllable are mostly grammar's (하, 되, 있, 보, 주); these few name what went wrong:
# lost (길을 잃다), died (물고기가 죽다), froze, blocked, soaked, rotted, melted, cut off.
SHORT_VERBS = frozenset({"잃", "죽", "얼", "막", "젖", "썩", "녹", "끊"})


def _token_terms(token) -> list[str]:
    tag = token.tag.split("-")[0]
    if tag not in KEEP:
        return []
    form = token.form
    if tag == "SL":
        return [_english(part) for part in re.split(r"[^A-Za-z0-9]+", form)
                if part and part.lower() not in ENGLISH_STOPWORDS]
    if tag in ("VV", "VA") and len(form) < 2 and form not in SHORT_VERBS:
        return []
    return [form.lower()]


def _stems(text: str, tokens):
    """(start, stem) of each written Hangul word of three or more syllables, without its trailing
    particles and endings (스마트주차장을 → 스마트주차장, 주차면 → 주차, 합니다 → nothing), cut where
    Kiwi's first particle, ending or verb suffix begins; the stem is taken as written, so a word Kiwi
    splits wrongly still gives its pieces."""
    cuts = sorted(token.start for token in tokens if token.tag.startswith(SUFFIX_TAGS))
    for found in _HANGUL_WORD.finditer(text):
        start, end = found.span()
        at = bisect_right(cuts, start - 1)
        stop = min(end, cuts[at]) if at < len(cuts) else end
        if stop - start >= 2:
            yield start, text[start:stop]


NOUN_PARTS = ("NN", "XPN", "XSN", "XR")  # the tags of a noun compound's parts


def _noun_joins(tokens) -> list[int]:
    """Where one noun part of a compound meets the next (전기|차, 재|배달), as text offsets; a verb or an
    ending inside a word is Kiwi misreading it, so such a word is not cut there."""
    joins, previous = [], None
    for token in tokens:
        if (previous is not None and previous.end == token.start and previous.tag.startswith(NOUN_PARTS)
                and token.tag.startswith(NOUN_PARTS)):
            joins.append(token.start)
        previous = token
    return joins


def _subword_terms(text: str, tokens) -> list[tuple[int, str]]:
    """(start, piece) of each compound's sub-words, taken inside each noun part, never across two:
    전기차 gives 전기, not 기차 (a train), and 재배달 (re-delivery) gives 배달, not 재배 (growing crops)."""
    joins = _noun_joins(tokens)
    found = []
    for start, stem in _stems(text, tokens):
        end = start + len(stem)
        cuts = [start, *(at for at in joins[bisect_right(joins, start):] if at < end), end]
        for left, right in zip(cuts, cuts[1:]):
            if right - left >= 2:
                found.extend((start, term) for term in _pieces(text[left:right]))
    return found


def _pieces(stem: str) -> list[str]:
    if len(stem) == 2:
        return [SUBWORD_PREFIX + stem]
    return _bigrams(stem)


def terms(text: str, *, subwords: bool = True) -> list[str]:
    """The index terms of ``text`` in order (with repeats): morphemes, then the Hangul bigrams of
    each compound noun as written (so 주차 is found in 스마트주차장을 and in words Kiwi does not know)."""
    if not text or not text.strip():
        return []
    return _terms_of(text[:20000], _tokens(text[:20000]), subwords=subwords)


def _terms_of(text: str, tokens, *, subwords: bool = True) -> list[str]:
    out = [term for token in _words(tokens) for term in _token_terms(token)]
    if subwords:
        out.extend(term for _start, term in _subword_terms(text, tokens))
    return out


def analyse(fields: list[tuple[str, float]]) -> dict[str, float]:
    """A document's weighted terms from (text, field weight) pairs. The fields go through Kiwi in one
    call (joined by newlines; each token is credited to the field it starts in). Sub-word pieces
    count half. A Korean glossary phrase the text writes whole adds the terms Kiwi did not read in it
    (빈자리 where it read 비 + ᆫ + 자리), as a query's does (``written_phrases``)."""
    weights: Counter = Counter()
    parts, starts = [], []
    position = 0
    for text, _weight in fields:
        text = (text or "")[:20000]
        parts.append(text)
        starts.append(position)
        position += len(text) + 1
    joined = "\n".join(parts)
    if joined.strip():
        tokens = _tokens(joined)
        for token in _words(tokens):
            field = bisect_right(starts, token.start) - 1
            for term in _token_terms(token):
                weights[term] += fields[field][1]
        for start, term in _subword_terms(joined, tokens):
            weights[term] += fields[bisect_right(starts, start) - 1][1] * 0.5
        read = set(weights)
        for start, _number, phrase in written_phrases(joined, tokens):
            for term in phrase - read:
                weights[term] += fields[bisect_right(starts, start) - 1][1]
    return {term: round(weight, 3) for term, weight in weights.items()}


LANGUAGES = ("ko", "en")


def written_languages(text: str, *, english: bool = False) -> list[str]:
    """The languages a listing's own words are written in: Korean when they hold Hangul, English when
    their Latin letters outnumber it (a Korean text naming AI or IoT stays Korean) or when the listing
    has an English title or summary beside its own (``english``)."""
    hangul, latin = len(_HANGUL.findall(text or "")), len(_LATIN.findall(text or ""))
    found = {"ko"} if hangul else set()
    if english or latin > hangul:
        found.add("en")
    return [language for language in LANGUAGES if language in found]


def term_language(term: str) -> str | None:
    """The language a term is written in (``ko``, ``en``), None for numbers and facet terms."""
    first = term[1:2] if term.startswith(SUBWORD_PREFIX) else term[:1]
    if _HANGUL.match(first):
        return "ko"
    if first.isascii() and first.isalpha():
        return "en"
    return None


@lru_cache(maxsize=1)
def synonym_groups() -> tuple[tuple[tuple[str, frozenset], ...], ...]:
    """Each group as (phrase, its analysed terms) pairs (whole morphemes only)."""
    phrases = []
    for line in GLOSSARY_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            phrases.append([p.strip() for p in line.split(",") if p.strip()])
    phrases.extend(_taxonomy_groups())
    groups = []
    for group in phrases:
        analysed = tuple((p, phrase_terms(p)) for p in group)
        analysed = tuple(a for a in analysed if a[1])
        if len(analysed) > 1:
            groups.append(analysed)
    return tuple(groups)


def phrase_terms(text: str) -> frozenset:
    """A glossary phrase's terms. A lone word can read as something else out of context (Kiwi takes
    섬, 아이 and 짐 alone for verb forms and drops them): it is then read as a noun in a phrase."""
    found = frozenset(terms(text, subwords=False))
    if found:
        return found
    return frozenset(terms(f"그 {text}의 문제", subwords=False)) - {"문제"}


def _taxonomy_groups() -> list[list[str]]:
    data = json.loads(Path(settings.SEARCH_TAXONOMY_FILE).read_text(encoding="utf-8"))
    groups = []
    for field in data["fields"]:
        groups.append([field["name_ko"], field["name_en"]])
        for name_ko, name_en in field["types"]:
            groups.append([name_ko, name_en])
    return groups


SYNONYM_WEIGHT = 0.7


class QueryTerms(dict):
    """``{term: weight}`` of a query, with ``own``: the terms written in the query itself (what a
    document's coverage of the query is measured against; a glossary term may stand in for one), and
    ``groups``: the terms each glossary group added. A group is one concept: a document scores for
    its best-matching term of the group, not for every synonym it happens to contain. ``concepts``:
    every term of each group the query meets, its own included."""

    own: frozenset = frozenset()
    groups: tuple = ()
    concepts: tuple = ()

    def reweighted(self, weights: dict) -> "QueryTerms":
        """The same query with other weights: ``own``, ``groups`` and ``concepts`` kept."""
        copy = QueryTerms(weights)
        copy.own, copy.groups, copy.concepts = self.own, self.groups, self.concepts
        return copy


def query_terms(query: str) -> QueryTerms:
    """A query's terms with weights: its own terms, and the terms of the glossary groups of what it
    contains (the other language, synonyms). Read-only: the same text gives the same object (a
    solution's matching scores each candidate need's words against it, over and over).

    A two-syllable Korean word also looks for itself inside longer words (주차 → 스마트주차장)."""
    return _query_terms(query)


@lru_cache(maxsize=4096)
def _query_terms(query: str) -> QueryTerms:
    text = query[:20000]
    tokens = _tokens(text) if text.strip() else []
    own = _terms_of(text, tokens)
    weights = QueryTerms((term, 0.5 if term.startswith(SUBWORD_PREFIX) else 1.0) for term in own)
    weights.own = frozenset(weights)
    whole = {term for term in own if not term.startswith(SUBWORD_PREFIX)}
    groups, concepts = [], []
    every_group, group_terms = synonym_groups(), _group_terms()
    for number in _met_group_numbers(whole, text, tokens):
        group = every_group[number]
        added = set()
        concepts.append(group_terms[number])
        for _text, phrase in group:
            for term in phrase:
                if term not in weights:
                    weights[term] = SYNONYM_WEIGHT / max(len(phrase), 1) ** 0.5
                    added.add(term)
        groups.append(added)
    for term, weight in list(weights.items()):
        if len(term) == 2 and _HANGUL.match(term) and SUBWORD_PREFIX + term not in weights:
            weights[SUBWORD_PREFIX + term] = weight / 2
            for added in groups:
                if term in added:
                    added.add(SUBWORD_PREFIX + term)
    weights.groups = tuple(frozenset(added) for added in groups if added)
    weights.concepts = tuple(concepts)
    partnering = _partnering_terms()
    for term in weights:
        if term.removeprefix(SUBWORD_PREFIX) in partnering:
            weights[term] *= PARTNERING_WEIGHT
    return weights


# The glossary groups (by their first phrase) that say who partners and how: firms and their sizes,
# tenders, supply, pilots, investment, "technology", "solution". Every partnership request is written
# in them (기술을 가진 중소기업을 찾습니다, "we seek an SME with the technology"), so they matched a request
# to any other request; they are its form, not its subject. A query's terms of their one-word phrases
# weigh PARTNERING_WEIGHT of the rest (chosen on the tuning sets from 0, 0.2, 0.5 and 1: needs did not
# move, requests gained a little at 0.2; 0 lost a fresh-catalogue request its counterpart).
PARTNERING_GROUPS = ("기업", "대기업", "중소기업", "스타트업", "컨소시엄", "입찰", "납품", "협력사", "실증", "투자",
                     "전략적 투자자", "기술", "솔루션")
PARTNERING_WEIGHT = 0.2


@lru_cache(maxsize=1)
def _partnering_terms() -> frozenset:
    """The terms of the one-word phrases of ``PARTNERING_GROUPS`` (중소기업, SME, startup, bid, 기술...;
    not "small" or "project", which a phrase of several words brings)."""
    return frozenset(term for group in synonym_groups() if group[0][0] in PARTNERING_GROUPS
                     for _text, phrase in group if len(phrase) == 1 for term in phrase)


@lru_cache(maxsize=1)
def _group_terms() -> tuple[frozenset, ...]:
    """Every term of each glossary group (in ``synonym_groups`` order), gathered once."""
    return tuple(frozenset().union(*(phrase for _text, phrase in group)) for group in synonym_groups())


@lru_cache(maxsize=1)
def _groups_by_term() -> dict[str, tuple[int, ...]]:
    """For each term, the glossary groups that have a phrase with it (so that a query checks only
    the groups its own terms can meet, not all of them)."""
    found: dict = {}
    for number, group in enumerate(synonym_groups()):
        for _text, phrase in group:
            for term in phrase:
                found.setdefault(term, set()).add(number)
    return {term: tuple(sorted(numbers)) for term, numbers in found.items()}


def _group_numbers_in(whole: set[str]) -> list[int]:
    """The numbers of the glossary groups one of whose phrases ``whole`` contains, in order."""
    groups, by_term = synonym_groups(), _groups_by_term()
    numbers = sorted({number for term in whole for number in by_term.get(term, ())})
    return [n for n in numbers if any(phrase <= whole for _text, phrase in groups[n])]


# What may follow a glossary phrase inside a written word: particles, endings, the copula, verb and
# adjective suffixes (빈자리를, 경사로에서, 충전기입니다, 포트홀이), noun suffixes (아이들) and punctuation.
WRITTEN_REST_TAGS = ("J", "E", "VCP", "XSV", "XSA", "XSN", "SF", "SP", "SS", "SE", "SO", "SW")
VERB_TAGS = ("VV", "VA", "VX")  # verb, adjective and auxiliary stems (VV-I, VA-R: irregular ones too)


@lru_cache(maxsize=1)
def _written_phrases() -> dict[str, tuple[tuple[tuple[str, ...], int, frozenset], ...]]:
    """The glossary's Korean phrases as written, by their first word: (their words, group number,
    their terms)."""
    found: dict = {}
    for number, group in enumerate(synonym_groups()):
        for text, phrase in group:
            words = tuple(text.split())
            if words and _HANGUL.search(text) and not _LATIN.search(text):
                found.setdefault(words[0], []).append((words, number, phrase))
    return {first: tuple(entries) for first, entries in found.items()}


def _rest_only(tokens, at: int, end: int) -> bool:
    """True when a written word goes on from ``at`` to ``end`` with only particles, endings or
    punctuation: no token crosses ``at`` (주차 is no word of 주차장) and every one after is a rest."""
    return all(not (token.start < at < token.start + token.len)
               and (token.start < at or token.tag.startswith(WRITTEN_REST_TAGS)) for token in tokens)


def _another_verb(tokens, written: str) -> bool:
    """True when Kiwi read a written phrase's letters as one verb or adjective stem of another form:
    불러 (it bulges: 부르) is no 불 (fire). The glossary's own verb stems (나르는: 나르) still count, and
    a noun Kiwi misread splits into several morphemes (빈자리를 찾아: 비 + ᆫ + 자리) and still counts."""
    return len(tokens) == 1 and tokens[0].tag.startswith(VERB_TAGS) and tokens[0].form != written


def _written_group_numbers(text: str, tokens) -> set[int]:
    """The glossary groups one of whose Korean phrases ``text`` writes whole (``written_phrases``)."""
    return {number for _start, number, _terms in written_phrases(text, tokens)}


def written_phrases(text: str, tokens) -> list[tuple[int, int, frozenset]]:
    """(where, group number, terms) of each Korean glossary phrase ``text`` writes whole: a word, or a
    word and its particles and endings (빈자리를); a phrase of several words word for word, its last
    word likewise. Kiwi reads a word by its context (빈자리 alone is one noun, 빈자리를 찾아 is 비 + ᆫ +
    자리), so a phrase written as the glossary writes it counts whatever the morphemes."""
    phrases = _written_phrases()
    chunks = [(m.start(), m.end(), m.group()) for m in _CHUNK.finditer(text)]
    starts = [token.start for token in tokens]

    def inside(start, end):
        return tokens[bisect_left(starts, start):bisect_left(starts, end)]

    read_otherwise = {token.start for token in _words(tokens) if isinstance(token, _Read)}  # 파란 불: a light
    found = []
    for index, (start, end, chunk) in enumerate(chunks):
        if not _HANGUL.match(chunk):
            continue
        for size in range(1, len(chunk) + 1):
            for words, number, phrase in phrases.get(chunk[:size], ()):
                if len(words) == 1:
                    whole = _rest_only(inside(start, end), start + size, end)
                    if (whole and start not in read_otherwise
                            and not _another_verb(inside(start, start + size), chunk[:size])):
                        found.append((start, number, phrase))
                    continue
                following = chunks[index + 1:index + len(words)]
                if (size < len(chunk) or len(following) < len(words) - 1
                        or any(c[2] != w for c, w in zip(following[:-1], words[1:-1]))):
                    continue
                last_start, last_end, last = following[-1]
                if last.startswith(words[-1]) and _rest_only(
                        inside(last_start, last_end), last_start + len(words[-1]), last_end):
                    found.append((start, number, phrase))
    return found


def _met_group_numbers(whole: set[str], text: str, tokens) -> list[int]:
    """The glossary groups a text meets, in order: by its terms, or by a phrase it writes whole."""
    return sorted(set(_group_numbers_in(whole)) | _written_group_numbers(text, tokens))


def _groups_in(whole: set[str]):
    groups = synonym_groups()
    return [groups[n] for n in _group_numbers_in(whole)]


def expanded_phrases(query: str) -> list[str]:
    """The synonym phrases a query implies, as text (for engines that analyse text themselves)."""
    text = query[:20000]
    tokens = _tokens(text) if text.strip() else []
    whole = set(_terms_of(text, tokens, subwords=False))
    own = set(whole)
    phrases = []
    groups = synonym_groups()
    for number in _met_group_numbers(whole, text, tokens):
        for written, phrase in groups[number]:
            if not phrase <= own and written not in phrases:
                phrases.append(written)
    return phrases[:30]
