"""System checks of the marketplace's data files (``manage.py check``, and every start)."""

from django.core import checks

from .reference_data import type_codes
from .type_relations import (
    GRADED_TYPES_FILE,
    RELATED_TYPES_FILE,
    SERVING_TYPES_FILE,
    parse_relations,
    parse_serving,
)


def _reads(path, parse, *, hint: str, check_id: str) -> list[checks.CheckMessage]:
    try:
        parse(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return [checks.Error(f"{path.name}: {error}", hint=hint, id=check_id)]
    return []


def related_types_file(path=RELATED_TYPES_FILE) -> list[checks.CheckMessage]:
    """The related types file reads (the matching would fail on its first need otherwise)."""
    return _reads(path, parse_relations, hint="Fix the line, or run manage.py relate_types --write.",
                  check_id="marketplace.E001")


def serving_types_file(path=SERVING_TYPES_FILE) -> list[checks.CheckMessage]:
    """The serving types file reads (it is written by hand, so a typo is likely)."""
    return _reads(path, lambda text: parse_serving(text, known=type_codes()),
                  hint="Fix the line: 'SERVING: SERVED, SERVED, ...', each a code of the taxonomy.",
                  check_id="marketplace.E002")


def graded_types_file(path=GRADED_TYPES_FILE) -> list[checks.CheckMessage]:
    """The learned relations file reads."""
    return _reads(path, parse_relations, hint="Run manage.py learn_relations --write.",
                  check_id="marketplace.E003")


@checks.register()
def related_types_file_reads(app_configs, **kwargs) -> list[checks.CheckMessage]:
    return related_types_file() + serving_types_file() + graded_types_file()
