"""The domain glossary (openlab/search/glossary.txt): its shape, and that a query meets the other
language through it in both directions."""

import re

from openlab.search.analysis import (
    GLOSSARY_FILE,
    _groups_in,
    _tokens,
    _written_group_numbers,
    phrase_terms,
    query_terms,
    synonym_groups,
    terms,
)

HANGUL = re.compile(r"[가-힣]")
LATIN = re.compile(r"[A-Za-z]")


def _lines():
    return [line for line in GLOSSARY_FILE.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def test_at_least_400_groups_each_of_two_or_more_distinct_phrases():
    lines = _lines()
    assert len(lines) >= 400
    for line in lines:
        phrases = [p.strip() for p in line.split(",")]
        assert len(phrases) >= 2 and all(phrases), line
        assert len({p.lower() for p in phrases}) == len(phrases), f"repeated phrase: {line}"
    assert len({line.lower() for line in lines}) == len(lines), "repeated group"


def test_most_groups_pair_korean_with_english():
    lines = _lines()
    bilingual = [line for line in lines if HANGUL.search(line) and LATIN.search(line)]
    assert len(bilingual) >= 0.9 * len(lines)


def test_the_taxonomy_names_join_the_groups(db):
    texts = {text for group in synonym_groups() for text, _terms in group}
    assert {"스마트 주차", "Smart parking", "치매 탐지", "Dementia detection", "교통", "Transport"} <= texts


def test_a_query_is_expanded_into_the_other_language_as_one_concept_per_group(db):
    english = query_terms("flooding in the underpass")
    assert "침수" in english and "지하차도" in english and "침수" not in english.own
    korean = query_terms("어르신 낙상")
    assert {"elder", "fall"} <= set(korean)
    # Each expansion belongs to the group that added it (a document scores once per group).
    assert all(group.isdisjoint(english.own) for group in english.groups)
    assert any({"침수"} <= group for group in english.groups)


def test_every_phrase_is_read_as_terms(db):
    """A phrase that analyses to nothing never expands anything: a lone word that Kiwi reads as a verb
    form out of context (섬, 아이, 짐) is read as a noun instead."""
    empty = [phrase for line in _lines() for phrase in (p.strip() for p in line.split(",")) if not phrase_terms(phrase)]
    assert empty == []
    assert "island" in query_terms("섬 주민") and "luggag" in query_terms("짐 보관")


def test_a_phrase_of_several_words_is_read_as_several(db):
    """A phrase is met when all its words are, in any order: one that analyses to a single word ("start-up",
    "looking after", 빈 곳) would expand every start, look and 곳. A single word is written as one."""
    collapsed = [phrase for line in _lines() for phrase in (p.strip() for p in line.split(","))
                 if len(re.split(r"[\s-]+", phrase)) > 1 and len(set(terms(phrase, subwords=False))) < 2]
    assert collapsed == []


def test_a_common_word_expands_only_inside_its_phrase(db):
    expanded = {"we cannot tell where the pollution starts": "스타트업", "how to cut costs": "고립",
                "peak power demand in summer": "호출", "residents look at the map": "돌봄",
                "대피할 곳이 없습니다": "빈자리", "집 앞 골목이 어둡습니다": "빈집", "물 사용량이 늘었습니다": "침수"}
    for query, unrelated in expanded.items():
        assert unrelated not in query_terms(query), query
    assert "스타트업" in query_terms("young start-ups") and "호출" in query_terms("demand responsive transport")


def test_everyday_english_words_meet_the_korean_catalogue(db):
    """Words an overseas officer writes that once met no Korean term at all."""
    expected = {"typhoon damage on the coast": {"태풍", "해안"}, "police patrols": {"경찰", "순찰"},
                "kindergarten pupils": {"유치원"}, "blocked sewers and drains": {"하수도", "배수"},
                "patients waiting at the hospital": {"환자", "병원"}, "stray dogs": {"유기", "동물"},
                "sinkholes in the road": {"싱크", "도로"}, "kids crossing the road": {"횡단보도", "도로"},
                "resident-only parking bays stand empty": {"거주자", "우선"},
                "patients queue at the local clinic": {"대기", "의원"},
                "advice at the civil service counters": {"상담", "민원"},
                "pensioners miss their check-ups": {"어르신", "노인"}}
    for query, korean in expected.items():
        assert korean <= set(query_terms(query)), query


def test_lights_are_no_street_lighting(db):
    """Red lights are traffic signals and a light way to travel weighs little: neither is 가로등, which
    street lights and street lighting are."""
    for text in ("drivers sit at red lights for nothing", "a cheap, light way to cover the last kilometre"):
        assert "가로등" not in query_terms(text), text
    for text in ("broken street lights in the park", "old street lighting"):
        assert "가로등" in query_terms(text), text


def test_a_busy_road_is_no_crowd(db):
    """Busy says how much traffic a road has; crowds of people are 인파 only when the words say crowd."""
    assert "인파" not in query_terms("children cross busy roads") and "인파" in query_terms("crowded beaches")


def test_collecting_certificates_is_no_rubbish_collection(db):
    assert "수거" not in query_terms("residents collect certificates from several offices")
    assert "수거" not in query_terms("data collection from sensors")
    assert "수거" in query_terms("rubbish collection twice a week")


def test_a_blind_spot_is_not_a_blind_person(db):
    assert "사각지대" in query_terms("CCTV blind spots") and "시각" not in query_terms("CCTV blind spots")


def test_everyday_english_words_of_two_meanings_expand_nothing(db):
    """"fine dust" is no fine for parking, "the issue is" issues no certificate and "make" is no
    factory: such words join a group only inside a phrase."""
    assert "단속" not in query_terms("fine dust near schools")
    assert "발급" not in query_terms("the issue is that residents wait")
    assert "제조" not in query_terms("make the streets safer")
    assert "노후" not in query_terms("an 80 year old resident")
    # Cleaning the streets is not eco-friendly technology, and a noise is not a scream for help.
    assert "환경" not in query_terms("clean the streets after the market") and "환경" in query_terms("green logistics")
    assert "비명" not in query_terms("공사장 소리가 시끄럽습니다") and "비명" not in query_terms("the sound of traffic")
    assert "단속" in query_terms("a traffic fine") and "발급" in query_terms("issue certificates online")
    # To charge a car is to plug it in; a charge for parking is a fee.
    assert "충전" in query_terms("residents cannot charge their electric cars")
    assert "충전" not in query_terms("the charge for parking cars is too high")


def test_older_people_alone_empty_bays_and_a_daily_check(db):
    """The tenth catalogue's words: an older person living alone, a daily check, an empty bay; and
    "nobody notices" is no notice board."""
    assert "독거" in query_terms("an older person living alone fell at home")
    assert "안부" in query_terms("a daily check on residents")
    assert "빈자리" in query_terms("drivers look for an empty bay")
    assert "게시판" not in query_terms("nobody notices the smell at night")
    assert "게시판" in query_terms("posted notices fade in the sun")


def test_a_township_office_roof_panels_an_opinion_and_the_flow_of_people(db):
    """The eleventh catalogue's words: 면사무소 is a community service centre, panels on a roof are
    solar panels, an opinion is 의견, the flow of people is the floating population, and a ravine
    is a watercourse."""
    assert "행정복지센터" in query_terms("면사무소 건물 2층이 비어 있습니다")
    assert "태양광" in query_terms("the panels on their roofs produce more than needed at noon")
    assert "의견" in query_terms("a way for residents to give their opinion")
    assert {"유동", "인구", "footfal"} <= set(query_terms("접속 기록으로 사람 흐름을 분석합니다"))
    # A ravine that floods is a watercourse: the stream gauges of 하천 are for it too.
    assert "하천" in query_terms("dry ravines fill with water in minutes")
    # A reconstruction site is a construction site (the eleventh's second round).
    assert "공사장" in query_terms("아파트 재건축 현장 옆으로 아이들이 학교에 다닙니다")


def test_the_twelfth_catalogue_s_words(db):
    """The twelfth catalogue's words: PM (개인형 이동장치) left on the pavement is a shared e-scooter,
    and a wildfire is started by hikers (입산자) or by burning off the field banks (밭두렁 소각); then
    its later rounds' (a workation, an industrial estate, trash cans, loanwords written in Hangul)."""
    assert "scooter" in query_terms("지하철 출구에 아무렇게나 세워 둔 PM 방치 민원")
    assert "scooter" in query_terms("개인형 이동장치 주차 구역")
    # PM alone is no scooter: PM2.5 is fine dust.
    assert "scooter" not in query_terms("PM2.5 levels near schools")
    assert "산불" in query_terms("봄철 입산객 실화와 논밭두렁 소각이 잦습니다")
    # Its second round: a workation is remote work, and an industrial estate an industrial complex.
    assert "remot" in query_terms("수도권 직장인 워케이션 유치")
    assert "공단" in query_terms("the road between the station and the industrial estate")
    # Its fourth round, in American English: trash cans and garbage cans are bins.
    assert "쓰레기통" in query_terms("Trash cans along the boardwalk overflow")
    # Its fifth round, in the English loanwords officers write in Hangul.
    assert "scooter" in query_terms("퍼스널 모빌리티 파킹 존 운영")
    assert "태양광" in query_terms("아파트 루프탑 솔라의 남는 전력")
    assert {"senior", "fall", "emergenc"} <= set(query_terms("시니어가 폴링 사고를 당해도 이머전시를 알릴 방법이 없습니다"))
    # Its sixth round, residents' words unspaced: no room to set a foot down is a crowd.
    assert "crowd" in query_terms("계곡에 사람이 꽉차서 발디딜틈도 없어요")


def test_the_thirteenth_catalogue_s_words(db):
    """The thirteenth catalogue's first run: to travel is to go somewhere, not to be a tourist. Snowball
    reads traveller as travel, so the tourist group no longer lists it."""
    assert "tourist" not in query_terms("lab samples travel by motorbike for hours")
    assert "tourist" in query_terms("visitors cannot find the way")
    # Its second round: a cash transfer is money paid out, not a change of buses.
    assert "환승" not in query_terms("families who never claim the cash transfers")
    assert "환승" in query_terms("passengers wait at the interchange")
    # Its seventh round, residents' texts: a grandma is an older person.
    assert "노인" in query_terms("my grandma lives alone & nobody checks on her")
    # Its eighth round, meeting minutes: 굴다리 is what residents call an underpass.
    assert "지하차도" in query_terms("하천 옆 굴다리 길이 비만 오면 잠겨 차가 갇힐 뻔함")


def test_an_old_fortress_is_heritage(db):
    """성곽 and 읍성 (an old town's walls) are heritage, which AR and VR tourism brings back to life."""
    assert "문화유산" in query_terms("허물어진 읍성 터만 남았습니다") and "heritag" in query_terms("옛 성곽")


def test_the_term_index_finds_exactly_the_groups_a_full_scan_finds(db):
    for query in ("flooding in the underpass", "홀몸 어르신 낙상", "1인 가구 고립사", "fine dust near schools",
                  "섬 주민에게 생필품 배송", "Parked cars block the fire lane"):
        whole = set(terms(query, subwords=False))
        scanned = [group for group in synonym_groups() if any(phrase <= whole for _text, phrase in group)]
        assert _groups_in(whole) == scanned and scanned, query


def test_a_phrase_written_whole_meets_its_group_whatever_kiwi_reads(db):
    """Kiwi reads a word by its context: 빈자리 alone is one noun, in 빈자리를 찾아 it is 비 + ᆫ + 자리.
    A glossary phrase written as the glossary writes it (a word and its particles, or several words
    word for word) meets its group all the same."""
    query = "저녁마다 빈자리를 찾아 주택가 골목을 몇 바퀴씩 도는 차"
    assert "빈자리" not in terms(query)
    assert {"vacant", "free"} <= set(query_terms(query))
    assert "vacant" in query_terms("역 앞에서 빈 주차면을 찾습니다")
    assert "vacant" not in query_terms("빈 상자를 주차장에 두었습니다")


def test_a_phrase_is_no_word_of_a_longer_one():
    """Only particles and endings may follow a phrase inside a written word: 주차 is written in 주차비를
    (where Kiwi reads a second noun) and 배달 in 배달원을 (one noun, a delivery worker) as parts."""
    for phrase, cases in (("주차", (("주차를 못 합니다", True), ("주차는", True), ("주차비를 냅니다", False))),
                          ("배달", (("배달이 늦습니다", True), ("배달원을 구합니다", False)))):
        groups = {n for n, group in enumerate(synonym_groups()) if any(text == phrase for text, _terms in group)}
        assert groups
        for text, meets in cases:
            assert bool(groups & _written_group_numbers(text, _tokens(text))) is meets, text


def test_flu_and_stomach_bugs_cross_the_languages(db):
    assert "flu" in query_terms("독감이 돌면") and "독감" in query_terms("a flu outbreak")
    assert "장염" in query_terms("stomach bugs in the nursery") and "norovirus" in query_terms("장염 환자")


def test_cpr_stone_walls_and_notices_cross_the_languages(db):
    assert "cpr" in query_terms("심폐소생술을 몰라") and "소생술" in query_terms("bystanders who know CPR")
    assert "retain" in query_terms("오래된 축대") and "축대" in query_terms("a retaining wall bulges")
    assert "게시판" in query_terms("paper notices in lifts")


def test_sport_and_council_services_cross_the_languages(db):
    assert "체육" in query_terms("childcare, sport and council services")
    assert "sport" in query_terms("돌봄·체육·행정 창구를 한 건물에")
    assert "행정" in query_terms("council services near home")
