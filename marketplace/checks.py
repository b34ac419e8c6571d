"""System checks of the marketplace's data files (``manage.py check``, and every start)."""

from django.core import checks

from .type_relations import RELATED_TYPES_FILE, parse_relations


def related_types_file(path=RELATED_TYPES_FILE) -> list[checks.CheckMessage]:
    """The related types file reads (the matching would fail on its first need otherwise)."""
    try:
        parse_relations(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return [checks.Error(f"{path.name}: {error}", hint="Fix the line, or run manage.py relate_types --write.",
                             id="marketplace.E001")]
    return []


@checks.register()
def related_types_file_reads(app_configs, **kwargs) -> list[checks.CheckMessage]:
    return related_types_file()
