"""Load the gazetteer and the taxonomy from ``marketplace/data``; idempotent.

Called by a data migration (with historical models) and by ``manage.py load_reference_data``.
Population, which municipality admins edit, is never overwritten.
"""

import json
from pathlib import Path

from django.conf import settings

DATA_DIR = Path(__file__).resolve().parent / "data"


def read(name: str) -> dict:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


# The taxonomy's catch-all type (기타 / Other): a listing filed there is of no particular type, so
# two such listings are not alike, and it is neither guessed nor related to another type.
CATCH_ALL_TYPE = "ETC-10"


def type_code(field_code: str, position: int) -> str:
    """A solution type's code: its field's and its place in the field (TRF-06)."""
    return f"{field_code}-{position:02d}"


def type_codes() -> set[str]:
    """The solution types' codes as the taxonomy file numbers them (no database needed)."""
    return {type_code(entry["code"], position) for entry in read("taxonomy.json")["fields"]
            for position in range(1, len(entry["types"]) + 1)}


def load_taxonomy(SolutionField, SolutionType) -> tuple[int, int]:
    document = read("taxonomy.json")
    n_types = 0
    for f_pos, entry in enumerate(document["fields"], start=1):
        solution_field, _ = SolutionField.objects.update_or_create(
            code=entry["code"],
            defaults={"name_ko": entry["name_ko"], "name_en": entry["name_en"], "position": f_pos},
        )
        for t_pos, (name_ko, name_en) in enumerate(entry["types"], start=1):
            SolutionType.objects.update_or_create(
                code=type_code(entry["code"], t_pos),
                defaults={"field": solution_field, "name_ko": name_ko, "name_en": name_en,
                          "position": t_pos},
            )
            n_types += 1
    return len(document["fields"]), n_types


def load_gazetteer(Municipality, MunicipalityAlias) -> tuple[int, int]:
    document = read("gazetteer.json")
    rows = document["municipalities"]
    for level in ("sido", "sigungu"):  # parents first
        for row in (r for r in rows if r["level"] == level):
            Municipality.objects.update_or_create(
                code=row["code"],
                defaults={
                    "level": row["level"], "name_ko": row["name_ko"], "name_en": row["name_en"],
                    "parent_id": row["parent"], "autonomous": row["autonomous"],
                    "latitude": row["latitude"], "longitude": row["longitude"],
                },
            )
    for alias in document["aliases"]:
        MunicipalityAlias.objects.update_or_create(
            code=alias["code"],
            defaults={"municipality_id": alias["target"], "name_ko": alias["name_ko"], "note": alias["note"]},
        )
    return len(rows), len(document["aliases"])


def load_coordinators_group(Group) -> None:
    Group.objects.get_or_create(name=settings.COORDINATORS_GROUP)


def load_all(get_model) -> dict:
    """Load everything; ``get_model(app_label, model_name)`` is ``apps.get_model`` or the live one."""
    fields, types = load_taxonomy(get_model("marketplace", "SolutionField"),
                                  get_model("marketplace", "SolutionType"))
    municipalities, aliases = load_gazetteer(get_model("marketplace", "Municipality"),
                                             get_model("marketplace", "MunicipalityAlias"))
    load_coordinators_group(get_model("auth", "Group"))
    return {"fields": fields, "types": types, "municipalities": municipalities, "aliases": aliases}
