"""Bulk import of organisations and listings from JSON Lines or CSV (the old solution market's
export). Every row goes through the services' validation; rows are keyed by ``external_id`` so a
second import updates. See ``manage.py import_listings`` and the README for the formats."""

import contextlib
import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation

from .kinds import BY_PREFIX
from .models import (
    Municipality,
    Organization,
    PartnershipRequest,
    Programme,
    Solution,
    SolutionField,
    SolutionType,
)
from .selectors import municipality_by_code
from .services.listings import OWNER_KINDS, listing_save
from .services.organizations import organization_import
from .validators import normalize_business_number

COLUMNS = {
    "organizations": ["external_id", "kind", "name", "name_en", "size", "business_number", "municipality_code",
                      "hq_sido", "country", "website", "verified"],
    "solutions": ["external_id", "organization", "title", "summary", "title_en", "summary_en", "description", "type_codes", "keywords",
                  "service_regions", "price_min_krw", "price_max_krw", "pricing_model", "deployment_months",
                  "min_population", "max_population", "open_source", "license", "data_hub_ready", "languages",
                  "status", "deployments"],
    "needs": ["external_id", "organization", "title", "title_en", "summary_en", "problem", "desired_outcome", "field_code", "type_codes",
              "budget_min_krw", "budget_max_krw", "programme", "deadline", "clarification_deadline",
              "requires_open_source", "requires_data_hub", "living_lab", "status"],
    "partnerships": ["external_id", "organization", "direction", "title", "title_en", "summary_en", "description", "type_codes",
                     "collaboration", "target_sizes", "region", "deadline", "status"],
}
LIST_COLUMNS = {"type_codes", "keywords", "service_regions", "languages", "target_sizes"}


class RowError(Exception):
    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


@dataclass
class Report:
    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (line, field, message)
    failed_lines: set = field(default_factory=set)

    @property
    def failed(self) -> int:
        return len(self.failed_lines)

    def add(self, line: int, errors: dict[str, list[str]]) -> None:
        self.failed_lines.add(line)
        for name, messages in errors.items():
            for message in messages:
                self.errors.append((line, name, message))


# Reading -----------------------------------------------------------------------------------------

def read_rows(path: Path) -> Iterator[tuple[int, dict]]:
    """(line number, row) pairs from a .jsonl or .csv file; a bad line yields its error instead."""
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        with path.open(encoding="utf-8-sig") as handle:
            for line_number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                if "\x00" in line:
                    yield line_number, RowError({"line": ["holds a NUL character"]})
                    continue
                try:
                    row = json.loads(line, object_pairs_hook=_no_duplicate_keys)
                except json.JSONDecodeError as exc:
                    yield line_number, RowError({"line": [f"not valid JSON: {exc.msg}"]})
                    continue
                except RowError as exc:
                    yield line_number, exc
                    continue
                yield line_number, row if isinstance(row, dict) else RowError({"line": ["expected a JSON object"]})
    elif suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            for row in reader:
                if any("\x00" in (value or "") for value in row.values() if isinstance(value, str)):
                    yield reader.line_num, RowError({"line": ["holds a NUL character"]})
                    continue
                if None in row:
                    yield reader.line_num, RowError({"line": ["more values than columns"]})
                    continue
                yield reader.line_num, {key: (value if value is not None else "") for key, value in row.items()}
    else:
        raise ValueError(f"{path.name}: expected a .jsonl or .csv file")


def _no_duplicate_keys(pairs) -> dict:
    keys = [key for key, _value in pairs]
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:
        raise RowError({"line": [f"the key {', '.join(repeated)} is given twice"]})
    return dict(pairs)


def csv_header(path: Path) -> list[str]:
    if path.suffix.lower() != ".csv":
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle), [])


def count_rows(path: Path) -> int:
    with path.open(encoding="utf-8-sig") as handle:
        lines = sum(1 for line in handle if line.strip())
    return max(lines - (1 if path.suffix.lower() == ".csv" else 0), 0)


# Values ------------------------------------------------------------------------------------------

def _empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value) -> str:
    return "" if _empty(value) else str(value).strip()


def _list(value) -> list[str]:
    if _empty(value):
        return []
    if isinstance(value, list):
        return [str(item).strip() for item in value if str(item).strip()]
    return [item.strip() for item in str(value).split(";") if item.strip()]


def _int(value, name):
    if _empty(value):
        return None
    try:
        number = int(str(value).replace(",", "").strip()) if not isinstance(value, int) else value
    except ValueError as exc:
        raise RowError({name: [f"not a whole number: {value!r}"]}) from exc
    if isinstance(value, bool):
        raise RowError({name: [f"not a whole number: {value!r}"]})
    return number


TRUE = {"true", "1", "yes", "y", "예", "o"}
FALSE = {"false", "0", "no", "n", "아니오", "x", ""}


def _bool(value, name) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise RowError({name: [f"not true/false: {value!r}"]})


def _date(value, name):
    if _empty(value):
        return None
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise RowError({name: [f"not an ISO date (YYYY-MM-DD): {value!r}"]}) from exc


def _normal(text: str) -> str:
    return re.sub(r"[\s·\-_]", "", str(text)).casefold()


def choice_lookup(choices) -> dict[str, str]:
    """Code, Korean label, English label and a label's part in parentheses, all → code."""
    table = {}
    for code, label in choices:
        table[_normal(code)] = code
        for language in ("ko", "en"):
            with translation.override(language):
                text = str(label)
            table[_normal(text)] = code
            inner = re.search(r"\(([^)]+)\)", text)
            if inner:
                table[_normal(inner.group(1))] = code
                table[_normal(text[:inner.start()])] = code
    return table


PROGRAMME_ALIASES = {"거점형스마트도시조성": "hub_city", "강소형스마트도시조성": "compact_city",
                     "스마트도시솔루션확산": "solution_rollout", "지자체자체사업": "own_budget", "기타": "other",
                     "kcity": "k_city"}


def _choice(value, choices, name, *, aliases=None, required=True):
    if _empty(value):
        if required:
            raise RowError({name: ["this column is required"]})
        return ""
    table = choice_lookup(choices) | (aliases or {})
    code = table.get(_normal(value))
    if code is None:
        raise RowError({name: [f"unknown value {value!r}; use one of {', '.join(c for c, _l in choices)}"]})
    return code


def _types(codes) -> list:
    found = {t.code: t for t in SolutionType.objects.filter(code__in=codes)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise RowError({"type_codes": [f"unknown solution type codes: {', '.join(unknown)}"]})
    return [found[code] for code in dict.fromkeys(codes)]


def _sido(code, name):
    found = municipality_by_code(code)
    if found is None or found.level != Municipality.Level.SIDO:
        raise RowError({name: [f"unknown 시도 code: {code!r}"]})
    return found


def resolve_organization(reference) -> Organization:
    """A business number (companies), a 2- or 5-digit municipality code, or an external id."""
    text = _text(reference)
    if not text:
        raise RowError({"organization": ["this column is required"]})
    digits = normalize_business_number(text)
    if digits and len(digits) == 10 and digits.isdigit():
        found = Organization.objects.filter(business_number=digits).first()
        if found:
            return found
    if text.isdigit() and len(text) in (2, 5):
        municipality = municipality_by_code(text)
        found = Organization.objects.filter(municipality=municipality).first() if municipality else None
        if found:
            return found
    found = Organization.objects.filter(external_id=text).first()
    if found is None:
        raise RowError({"organization": [f"no organisation with business number, municipality code or "
                                         f"external id {text!r}"]})
    return found


# Rows → objects ----------------------------------------------------------------------------------

def _check_columns(row: dict, kind: str) -> None:
    unknown = sorted(set(row) - set(COLUMNS[kind]))
    if unknown:
        raise RowError({"columns": [f"unknown columns: {', '.join(unknown)}"]})
    if _empty(row.get("external_id")):
        raise RowError({"external_id": ["this column is required (rows are keyed by it)"]})


def import_organization(row: dict, *, verified_by=None) -> bool:
    code = _text(row.get("municipality_code"))
    municipality = municipality_by_code(code) if code else None
    if code and municipality is None:
        raise RowError({"municipality_code": [f"unknown municipality code: {code!r}"]})
    data = {
        "kind": _choice(row.get("kind"), Organization.Kind.choices, "kind"),
        "name": _text(row.get("name")), "name_en": _text(row.get("name_en")),
        "size": _choice(row.get("size"), Organization.Size.choices, "size", required=False),
        "business_number": normalize_business_number(_text(row.get("business_number"))) or None,
        "municipality": municipality,
        "hq_sido": _sido(_text(row["hq_sido"]), "hq_sido") if _text(row.get("hq_sido")) else None,
        "country": _text(row.get("country")).upper(), "website": _text(row.get("website")),
    }
    _organization, created = organization_import(
        external_id=_text(row["external_id"]), data=data, verified=_bool(row.get("verified", ""), "verified"),
        verified_by=verified_by)
    return created


def _deployments(value) -> list[dict]:
    if _empty(value):
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            raise RowError({"deployments": [f"not valid JSON: {exc.msg}"]}) from exc
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise RowError({"deployments": ["expected a list of objects"]})
    rows = []
    for index, item in enumerate(value, start=1):
        unknown = set(item) - {"municipality_code", "city", "country", "year", "programme", "outcome"}
        if unknown:
            raise RowError({"deployments": [f"reference {index}: unknown keys {', '.join(sorted(unknown))}"]})
        code = _text(item.get("municipality_code"))
        municipality = municipality_by_code(code) if code else None
        if code and municipality is None:
            raise RowError({"deployments": [f"reference {index}: unknown municipality code {code!r}"]})
        rows.append({"municipality": municipality, "city": _text(item.get("city")),
                     "country": _text(item.get("country")).upper(), "year": _int(item.get("year"), "deployments"),
                     "programme": _choice(item.get("programme"), Programme.choices, "deployments",
                                          aliases=PROGRAMME_ALIASES, required=False),
                     "outcome": _text(item.get("outcome"))})
    return rows


def _solution_data(row):
    regions = _list(row.get("service_regions"))
    nationwide = any(_normal(r) in ("nationwide", "전국") for r in regions)
    overseas = any(_normal(r) in ("overseas", "해외") for r in regions)
    sidos = [_sido(r, "service_regions") for r in regions if _normal(r) not in ("nationwide", "전국", "overseas", "해외")]
    return {
        "title": _text(row.get("title")), "summary": _text(row.get("summary")),
        "title_en": _text(row.get("title_en")), "summary_en": _text(row.get("summary_en")),
        "description": _text(row.get("description")),
        "types": _types(_list(row.get("type_codes"))),
        "keywords": _list(row.get("keywords")),
        "nationwide": nationwide, "overseas": overseas, "service_sidos": sidos,
        "price_min_krw": _int(row.get("price_min_krw"), "price_min_krw"),
        "price_max_krw": _int(row.get("price_max_krw"), "price_max_krw"),
        "pricing_model": _choice(row.get("pricing_model"), Solution.PricingModel.choices, "pricing_model",
                                 required=False) or Solution.PricingModel.NEGOTIABLE,
        "deployment_months": _int(row.get("deployment_months"), "deployment_months"),
        "min_population": _int(row.get("min_population"), "min_population"),
        "max_population": _int(row.get("max_population"), "max_population"),
        "open_source": _bool(row.get("open_source", ""), "open_source"), "license": _text(row.get("license")),
        "data_hub_ready": _bool(row.get("data_hub_ready", ""), "data_hub_ready"),
        "languages": [lang.lower() for lang in _list(row.get("languages"))] or ["ko"],
        "deployments": _deployments(row.get("deployments")),
    }


def _need_data(row):
    field_code = _text(row.get("field_code"))
    field_obj = SolutionField.objects.filter(code=field_code).first() if field_code else None
    if field_code and field_obj is None:
        raise RowError({"field_code": [f"unknown field code: {field_code!r}"]})
    return {
        "title": _text(row.get("title")), "problem": _text(row.get("problem")),
        "title_en": _text(row.get("title_en")), "summary_en": _text(row.get("summary_en")),
        "desired_outcome": _text(row.get("desired_outcome")), "field": field_obj,
        "types": _types(_list(row.get("type_codes"))),
        "budget_min_krw": _int(row.get("budget_min_krw"), "budget_min_krw"),
        "budget_max_krw": _int(row.get("budget_max_krw"), "budget_max_krw"),
        "programme": _choice(row.get("programme"), Programme.choices, "programme", aliases=PROGRAMME_ALIASES,
                             required=False) or Programme.OWN_BUDGET,
        "deadline": _date(row.get("deadline"), "deadline"),
        "clarification_deadline": _date(row.get("clarification_deadline"), "clarification_deadline"),
        "requires_open_source": _bool(row.get("requires_open_source", ""), "requires_open_source"),
        "requires_data_hub": _bool(row.get("requires_data_hub", ""), "requires_data_hub"),
        "living_lab": _bool(row.get("living_lab", ""), "living_lab"),
        # Imported needs name the organisation as contact until an officer edits it.
        "contact_name": "",
    }


def _partnership_data(row):
    region = _text(row.get("region"))
    return {
        "title": _text(row.get("title")), "description": _text(row.get("description")),
        "title_en": _text(row.get("title_en")), "summary_en": _text(row.get("summary_en")),
        "direction": _choice(row.get("direction"), PartnershipRequest.Direction.choices, "direction",
                             aliases={"seeking": "seeking", "offering": "offering"}),
        "types": _types(_list(row.get("type_codes"))),
        "collaboration": _choice(row.get("collaboration"), PartnershipRequest.Collaboration.choices,
                                 "collaboration"),
        "target_sizes": [_choice(size, Organization.Size.choices, "target_sizes")
                         for size in _list(row.get("target_sizes"))],
        "region": _sido(region, "region") if region and _normal(region) not in ("nationwide", "전국") else None,
        "deadline": _date(row.get("deadline"), "deadline"),
    }


DATA = {"solutions": _solution_data, "needs": _need_data, "partnerships": _partnership_data}


def import_listing(kind: str, row: dict) -> bool:
    model = BY_PREFIX[kind].model
    organization = resolve_organization(row.get("organization"))
    if organization.kind not in OWNER_KINDS[model]:
        raise RowError({"organization": [f"a {organization.get_kind_display()} cannot own {kind}"]})
    external_id = _text(row["external_id"])
    listing = model.objects.filter(external_id=external_id).first()
    created = listing is None
    if created:
        listing = model(organization=organization)
    elif listing.organization_id != organization.pk:
        raise RowError({"organization": ["this external_id belongs to another organisation's listing"]})
    data = DATA[kind](row) | {"external_id": external_id}
    if kind == "needs" and not listing.contact_name:
        data["contact_name"] = organization.name
    elif kind == "needs":
        data.pop("contact_name")
    status = _choice(row.get("status"), model.Status.choices, "status", required=False) or model.Status.DRAFT
    listing_save(listing=listing, data=data, status=status)
    return created


def _errors_of(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {("row" if name == "__all__" else name): messages for name, messages in exc.message_dict.items()}
    return {"row": exc.messages}


def import_file(path: Path, *, kind: str, partial: bool = False, dry_run: bool = False,
                progress=None, verified_by=None) -> Report:
    """Import every row of ``path``. Without ``partial`` nothing is kept unless every row is good;
    ``dry_run`` validates everything and keeps nothing."""
    report = Report()
    header = csv_header(path)
    unknown = sorted(set(header) - set(COLUMNS[kind]))
    if unknown:
        report.add(1, {"columns": [f"unknown columns: {', '.join(unknown)}"]})
        return report
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        report.add(1, {"columns": [f"columns given twice: {', '.join(repeated)}"]})
        return report
    seen: dict[str, int] = {}
    # The whole file is one transaction, except with --partial, where each row commits on its own (a
    # long import then holds no lock for long, and a crash keeps the rows before it).
    with transaction.atomic() if dry_run or not partial else contextlib.nullcontext():
        for line, row in read_rows(path):
            report.rows += 1
            if progress is not None:
                progress.update(1)
            if isinstance(row, RowError):
                report.add(line, row.errors)
                continue
            key = _text(row.get("external_id"))
            if key and key in seen:
                report.add(line, {"external_id": [f"{key!r} is also on line {seen[key]} of this file"]})
                continue
            if key:
                seen[key] = line
            try:
                with transaction.atomic():
                    _check_columns(row, kind)
                    created = import_organization(row, verified_by=verified_by) if kind == "organizations" else import_listing(
                        kind, row)
            except RowError as exc:
                report.add(line, exc.errors)
            except ValidationError as exc:
                report.add(line, _errors_of(exc))
            except PermissionDenied as exc:
                report.add(line, {"row": [str(exc)]})
            else:
                if created:
                    report.created += 1
                else:
                    report.updated += 1
        if dry_run or (report.failed and not partial):
            transaction.set_rollback(True)
    return report

