import functools

from django import template
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext

from ..money import won_text

register = template.Library()

_WIDGET_CLASS = {"select": "krds-form-select", "selectmultiple": "krds-form-select", "nullbooleanselect": "krds-form-select", "boolean": "krds-form-select", "yesnoall": "krds-form-select",
                 "checkbox": "", "radioselect": "", "checkboxselectmultiple": "",
                 "clearablefile": "krds-input", "file": "krds-input"}


@register.simple_tag(takes_context=True)
def nav_menu(context):
    """The main menu: the same for everyone of a role acting for the same organisation, so rendered
    once per process for each (language, role, organisation)."""
    membership = context.get("active_membership")
    return _nav_menu(translation.get_language(), context.get("nav_role", "anonymous"),
                     membership.organization_id if membership else None)


@functools.lru_cache(maxsize=1024)
def _nav_menu(language: str, role: str, organization_id) -> str:
    return render_to_string("includes/nav_menu.html", {
        "nav_role": role, "active_membership": organization_id is not None, "organization_id": organization_id})


@register.simple_tag
def krds_widget(field):
    """Render a bound field's widget with KRDS classes and ARIA links to its hint and errors."""
    attrs = {}
    css = _WIDGET_CLASS.get(field.widget_type, "krds-input")
    if css:
        attrs["class"] = css
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if field.errors:
        described.append(f"{field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.simple_tag
def krw_range(low, high):
    """"1,500만 원–3,000만 원" (Korean), "KRW 15,000,000–30,000,000" (English), "up to …", "from …" or
    "not stated"."""
    if low is None and high is None:
        return gettext("Not stated")
    if low is not None and high is not None:
        return f"{won_text(low)}–{won_text(high)}"
    if high is not None:
        return gettext("up to %(high)s") % {"high": won_text(high)}
    return gettext("from %(low)s") % {"low": won_text(low)}


@register.filter
def dictkey(mapping, key):
    """``mapping[key]`` in a template (an empty list when absent)."""
    return mapping.get(key, []) if mapping else []


@register.filter
def person(user):
    """How a person is named on a page: their name, else their e-mail; "Former member" once they
    deleted their account."""
    if user is None:
        return ""
    return str(user) if user.is_deleted else (user.display_name or user.email)


@register.filter(is_safe=True)
def one_line(value) -> str:
    """Text on one line, its runs of white space one space each (a page's title, say)."""
    return " ".join(str(value).split())


@register.simple_tag
def score(value):
    """A match score, the one way pages show it: a whole number out of 100 (0.876 → "88/100")."""
    if value is None:
        return "–"
    points = round(float(value) * 100)
    return format_html('<span class="ol-score" title="{}">{}<span class="ol-score-of">/100</span></span>',
                       gettext("Match score, out of 100"), points)


@register.simple_tag
def type_groups(field):
    """The solution types of a type picker, grouped by field in the taxonomy's order, each option
    with its input id and whether it is ticked (the field's current value)."""
    chosen = {str(getattr(value, "pk", value)) for value in (field.value() or [])}
    groups, by_field = [], {}
    for solution_type in field.field.queryset.select_related("field").order_by("field__position", "code"):
        group = by_field.get(solution_type.field_id)
        if group is None:
            group = by_field[solution_type.field_id] = {"field": solution_type.field, "options": []}
            groups.append(group)
        group["options"].append({"value": solution_type.pk, "label": solution_type.name,
                                 "id": f"{field.auto_id}_{solution_type.pk}", "checked": str(solution_type.pk) in chosen})
    for group in groups:
        group["open"] = any(option["checked"] for option in group["options"])
    return groups
