"""Business rules for listings as pure functions: each returns a dict of field → message, empty when
the rule holds. Services call them before saving; tests call them directly."""

from datetime import date

from django.utils.translation import gettext as _

from .models import Organization

LANGUAGES = ("ko", "en")


def range_errors(low, high, *, low_field: str, high_field: str) -> dict[str, str]:
    """A range whose ends are optional, non-negative and in order."""
    errors = {}
    for name, value in ((low_field, low), (high_field, high)):
        if value is not None and value < 0:
            errors[name] = _("Enter a value of zero or more.")
    if not errors and low is not None and high is not None and low > high:
        errors[high_field] = _("The upper bound must not be below the lower bound.")
    return errors


def ranges_overlap(a_low, a_high, b_low, b_high) -> bool:
    """Whether two ranges with optional (open) ends overlap."""
    if a_high is not None and b_low is not None and a_high < b_low:
        return False
    if b_high is not None and a_low is not None and b_high < a_low:
        return False
    return True


def deadline_errors(deadline: date | None, *, today: date, required: bool, field: str = "deadline"):
    if deadline is None:
        return {field: _("Give a deadline before publishing.")} if required else {}
    if deadline <= today:
        return {field: _("The deadline must be in the future.")}
    return {}


def solution_errors(solution, *, type_codes: list[str], sido_codes: list[str], publishing: bool) -> dict:
    errors = {}
    errors |= range_errors(solution.price_min_krw, solution.price_max_krw,
                           low_field="price_min_krw", high_field="price_max_krw")
    errors |= range_errors(solution.min_population, solution.max_population,
                           low_field="min_population", high_field="max_population")
    if not type_codes:
        errors["types"] = _("Choose at least one solution type.")
    if solution.open_source and not (solution.license or "").strip():
        errors["license"] = _("Name the open-source licence.")
    unknown = [code for code in solution.languages if code not in LANGUAGES]
    if unknown:
        errors["languages"] = _("Languages are ko and/or en.")
    if publishing and not (solution.nationwide or sido_codes or solution.overseas):
        errors["service_sidos"] = _("Say where the solution is offered: nationwide, some 시도 or overseas.")
    return errors


def need_errors(need, *, today: date, publishing: bool) -> dict:
    errors = range_errors(need.budget_min_krw, need.budget_max_krw,
                          low_field="budget_min_krw", high_field="budget_max_krw")
    if publishing:
        errors |= deadline_errors(need.deadline, today=today, required=True)
        if not (need.contact_name or "").strip():
            errors["contact_name"] = _("Name a contact person before publishing.")
    if need.clarification_deadline and need.deadline and need.clarification_deadline > need.deadline:
        errors["clarification_deadline"] = _("Questions must close on or before the proposal deadline.")
    return errors


def partnership_errors(request, *, today: date, publishing: bool) -> dict:
    errors = {}
    sizes = request.target_size_list
    if any(size not in Organization.Size.values for size in sizes):
        errors["target_sizes"] = _("Company sizes are startup, sme and large.")
    if publishing:
        errors |= deadline_errors(request.deadline, today=today, required=False)
    return errors
