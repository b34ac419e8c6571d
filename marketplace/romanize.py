"""English (Revised Romanisation) names for Korean place names.

korean-romanizer transliterates syllable by syllable; place names also need the sound changes
across syllables that the official names follow (종로 → Jongno, 강릉 → Gangneung, 울릉 → Ulleung).
We apply those to the jamo first, then romanise.
"""

from korean_romanizer.romanizer import Romanizer

_BASE, _CHO, _JUNG = 0xAC00, 588, 28
# Final consonant indices (jongseong) that matter here.
_J_G, _J_N, _J_L, _J_M, _J_B, _J_NG = 1, 4, 8, 16, 17, 21
# Initial consonant indices (choseong).
_C_N, _C_R = 2, 5

SUFFIXES = {"특별시": "", "광역시": "", "특별자치시": "", "특별자치도": "", "도": "-do",
            "시": "-si", "군": "-gun", "구": "-gu"}

# Official English names where the rules above are not enough.
OVERRIDES = {
    "서울특별시": "Seoul", "부산광역시": "Busan", "대구광역시": "Daegu", "인천광역시": "Incheon",
    "광주광역시": "Gwangju", "대전광역시": "Daejeon", "울산광역시": "Ulsan",
    "세종특별자치시": "Sejong", "경기도": "Gyeonggi-do", "강원특별자치도": "Gangwon State",
    "충청북도": "Chungcheongbuk-do", "충청남도": "Chungcheongnam-do",
    "전북특별자치도": "Jeonbuk State", "전라남도": "Jeollanam-do", "경상북도": "Gyeongsangbuk-do",
    "경상남도": "Gyeongsangnam-do", "제주특별자치도": "Jeju",
}


def _decompose(ch):
    code = ord(ch) - _BASE
    if not 0 <= code < 11172:
        return None
    return [code // _CHO, (code % _CHO) // _JUNG, code % _JUNG]


def _compose(parts):
    cho, jung, jong = parts
    return chr(_BASE + cho * _CHO + jung * _JUNG + jong)


def apply_sound_changes(word: str) -> str:
    """Liquid and nasal assimilation across syllables, as in the official place names."""
    syllables = [_decompose(c) for c in word]
    for i in range(len(syllables) - 1):
        this, nxt = syllables[i], syllables[i + 1]
        if this is None or nxt is None or nxt[0] != _C_R:
            continue
        if this[2] in (_J_N, _J_L):  # 신라 → 실라; ㄹㄹ is written "ll" below
            this[2] = _J_L
        elif this[2] in (_J_NG, _J_M):  # 종로 → 종노, 담량 → 담냥
            nxt[0] = _C_N
        elif this[2] == _J_G:  # 백령 → 뱅녕
            this[2], nxt[0] = _J_NG, _C_N
        elif this[2] == _J_B:  # 십리 → 심니
            this[2], nxt[0] = _J_M, _C_N
    return "".join(_compose(s) if s else c for s, c in zip(syllables, word))


def romanize_stem(stem: str) -> str:
    text = Romanizer(apply_sound_changes(stem)).romanize()
    # ㄹ before ㄹ is written "ll" (Ulleung, Silla), never "lr".
    return text.replace("lr", "ll")


def english_name(name_ko: str) -> str:
    """'통영시' → 'Tongyeong-si', '종로구' → 'Jongno-gu', '경기도' → 'Gyeonggi-do'."""
    if name_ko in OVERRIDES:
        return OVERRIDES[name_ko]
    for suffix in sorted(SUFFIXES, key=len, reverse=True):
        if name_ko.endswith(suffix) and len(name_ko) > len(suffix):
            stem = name_ko[: -len(suffix)]
            return romanize_stem(stem).capitalize() + SUFFIXES[suffix]
    return romanize_stem(name_ko).capitalize()
