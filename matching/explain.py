"""Match reasons as short translated sentences (유형 일치: 스마트 주차 · 예산 범위 80% 겹침 …)."""

from functools import lru_cache

from django.utils.translation import gettext as _

from marketplace.models import Municipality, Organization, PartnershipRequest, SolutionField, SolutionType


@lru_cache(maxsize=512)
def _reference(kind: str, code: str):
    """Reference rows are fixed data: each is read once per process (names follow the language)."""
    model = {"type": SolutionType, "field": SolutionField, "place": Municipality}[kind]
    return model.objects.filter(code=code).first()


def _type_name(code: str) -> str:
    found = _reference("type" if "-" in code else "field", code)
    return found.name if found else code


def _place(code: str) -> str:
    found = _reference("place", code)
    return found.name if found else code


def _signed(delta: float) -> str:
    return f"{'+' if delta > 0 else '−'}{abs(delta):.2f}"


def _feature(name: str) -> str:
    return {"budget": _("budget"), "timing": _("timing"), "region": _("region")}.get(name, name)


def sentence(code: str, params: dict) -> str:
    if code == "type_match":
        text = _("Type match: %(name)s") % {"name": _type_name(params["code"])}
        return text + (" " + _("(inferred from the description)") if params.get("inferred") else "")
    if code == "field_match":
        return _("Same field: %(name)s") % {"name": _type_name(params["code"])}
    if code == "related_type":
        return _("Related type: %(name)s") % {"name": _type_name(params["code"])}
    if code == "budget_overlap":
        return _("Budget range %(percent)d%% overlapping") % params
    if code == "population_fit":
        return _("Suited to a population of %(population)s") % {"population": f"{params['population']:,}"}
    if code == "deployments_in_region":
        return _("%(count)d deployment(s) in %(place)s") % {"count": params["count"], "place": _place(params["sido"])}
    if code == "deployments":
        return _("%(count)d deployment(s) as references") % params
    if code == "english":
        return _("Offered in English")
    if code == "data_hub":
        return _("Smart City Data Hub integration")
    if code == "open_source":
        return _("Open source")
    if code == "price_above_budget":
        return _("Lowest price is above the budget")
    if code == "timing_fit":
        return _("Deploys in %(months)d months") % params
    if code == "size_fit":
        return _("Company size wanted: %(size)s") % {"size": dict(Organization.Size.choices).get(params["size"], "")}
    if code == "collaboration_match":
        return _("Same kind of collaboration: %(kind)s") % {
            "kind": dict(PartnershipRequest.Collaboration.choices).get(params["collaboration"], "")}
    if code == "feedback_penalty":
        return _("Earlier declines of similar pairs %(delta)s") % {"delta": _signed(params["delta"])}
    if code == "feedback_bonus":
        return _("Earlier successes of similar pairs %(delta)s") % {"delta": _signed(params["delta"])}
    if code == "feedback_feature":
        return _("Earlier declines for %(reason)s taken into account") % {"reason": _feature(params["feature"])}
    if code == "requires_open_source":
        return _("Excluded: the need requires open source")
    if code == "requires_data_hub":
        return _("Excluded: the need requires Data Hub integration")
    if code == "region_not_served":
        return _("No service in %(sido)s yet") % {"sido": _sido_name(params.get("sido", ""))}
    if code == "overseas_not_served":
        return _("No overseas service listed yet")
    if code == "same_direction":
        return _("Excluded: both sides seek (or both offer)")
    if code == "size_not_wanted":
        return _("Excluded: the company size is not one the request aims at")
    return code


def _sido_name(code: str) -> str:
    """A 시도's name in the reader's language."""
    found = _reference("place", code) if code else None
    return found.name if found else _("this region")


def sentences(reasons) -> list[str]:
    return [sentence(code, params) for code, params in reasons]
