"""The scorer, feature by feature, the reciprocal combination and the exclusions (no database)."""

from datetime import date

import pytest

from matching.scoring import (
    DEFAULT_WEIGHTS,
    FIELD,
    INFERRED_FIELD,
    UNRELATED_FIELD,
    Demand,
    Offer,
    Partner,
    harmonic,
    overlap_share,
    score_need_offer,
    score_partners,
    type_agreement,
)

TODAY = date(2026, 12, 1)


def need(**kw):
    return Demand(**({"id": 1, "types": ["TRF-07"], "sido": "48", "municipality": "48220", "population": 122_000,
               "budget_min": 10_000_000, "budget_max": 50_000_000, "deadline": date(2027, 2, 1)} | kw))


def offer(**kw):
    return Offer(**({"id": 2, "types": ["TRF-07"], "nationwide": True, "price_min": 20_000_000,
                     "price_max": 40_000_000, "deployment_months": 3, "languages": ["ko"]} | kw))


def score(demand=None, offer_=None, text=0.8):
    return score_need_offer(demand or need(), offer_ or offer(), text=text, today=TODAY)


@pytest.mark.parametrize("a, b, expected", [(1, 1, 1), (1, 0, 0), (0.5, 1, 2 / 3), (0, 0, 0)])
def test_harmonic_mean(a, b, expected):
    assert harmonic(a, b) == pytest.approx(expected)


@pytest.mark.parametrize("price, budget, share", [
    ((20, 40), (10, 50), 1.0), ((40, 60), (10, 50), 0.5), ((60, 80), (10, 50), 0.0),
    ((None, None), (10, 50), None), ((20, 40), (None, None), None), ((30, 30), (10, 50), 1.0),
    ((20, 40), (None, 30), 0.5),
])
def test_budget_overlap_share(price, budget, share):
    assert overlap_share(*price, *budget) == share


@pytest.mark.parametrize("offered, wanted, fields, value", [
    (["TRF-07"], ["TRF-07"], [], 1.0), (["TRF-06", "TRF-07"], ["TRF-07"], [], 0.8),
    (["TRF-01"], ["TRF-07"], [], 0.5), (["HLT-01"], ["TRF-07"], [], 0.0), (["TRF-01"], [], ["TRF"], 0.5),
    (["TRF-01"], [], [], 0.0),
])
def test_type_agreement(offered, wanted, fields, value):
    assert type_agreement(offered, wanted, fields)[0] == value


def test_a_guessed_type_s_field_counts_only_for_its_related_types():
    """When the types were guessed, the rest of the field fills the places after them only where
    related; an officer's chosen types keep their whole field."""
    guessed = need(types=[], inferred_types=["TRF-07"], related={"TRF-11": 0.1, "SAF-04": 0.1})
    unrelated = score(guessed, offer(types=["TRF-01"]), text=0.1)
    related = score(guessed, offer(types=["TRF-11"]), text=0.1)
    assert unrelated.features["fit"]["type"] == pytest.approx(UNRELATED_FIELD * INFERRED_FIELD)
    assert related.features["fit"]["type"] == pytest.approx(FIELD * INFERRED_FIELD)
    assert related.score > unrelated.score and ("field_match", {"code": "TRF", "inferred": True}) in unrelated.reasons
    # A related type of another field now outranks the unrelated one of the guessed type's field.
    assert score(guessed, offer(types=["SAF-04"]), text=0.1).score > unrelated.score
    chosen = score(need(types=["TRF-07"], related={"TRF-11": 0.1}), offer(types=["TRF-01"]), text=0.1)
    assert chosen.features["fit"]["type"] == FIELD
    # A field the officer chose counts whole whatever was guessed.
    assert score(need(types=[], fields=["TRF"], inferred_types=["TRF-07"]), offer(types=["TRF-01"]),
                 text=0.1).features["fit"]["type"] == pytest.approx(FIELD * INFERRED_FIELD)


def test_a_good_pair_scores_high_with_reasons():
    result = score()
    assert result.score > 0.8 and not result.is_excluded
    codes = [code for code, _p in result.reasons]
    assert "type_match" in codes and "budget_overlap" in codes and "timing_fit" in codes


def test_both_sides_must_fit_reciprocal():
    # The company's price floor is far above the budget: the need does not fit the company either.
    good, expensive = score(), score(offer_=offer(price_min=400_000_000, price_max=500_000_000))
    assert expensive.features["appeal"]["price_floor"] == 0 and expensive.sides["appeal"] < good.sides["appeal"]
    assert expensive.score < good.score
    # A strong side cannot make up for a weak one: the harmonic mean stays near the weaker.
    lopsided = score_need_offer(need(types=["HLT-01"]), offer(), text=1.0, today=TODAY)
    assert lopsided.score < (lopsided.sides["fit"] + lopsided.sides["appeal"]) / 2
    assert expensive.score == pytest.approx(harmonic(expensive.sides["fit"], expensive.sides["appeal"]), abs=1e-3)


@pytest.mark.parametrize("demand_kw, offer_kw, reason", [
    ({"requires_open_source": True}, {"open_source": False}, "requires_open_source"),
    ({"requires_data_hub": True}, {"data_hub": False}, "requires_data_hub"),
])
def test_unmet_requirements_exclude_with_reason(demand_kw, offer_kw, reason):
    result = score(need(**demand_kw), offer(**offer_kw))
    assert result.is_excluded and result.score == 0 and reason in [code for code, _p in result.excluded]


def test_overseas_city_and_a_company_not_offering_overseas_ranks_lower_but_is_kept():
    demand = need(overseas=True, sido="")
    abroad, home_only = score(demand, offer(overseas=True)), score(demand, offer(overseas=False))
    assert not home_only.is_excluded and home_only.score < abroad.score


def test_a_region_not_served_ranks_lower_with_its_reason_but_is_kept():
    """Region is a soft factor: the best company that has not worked in the province yet stays a
    candidate, below an equal one that has, and the officer reads why."""
    elsewhere = score(need(), offer(nationwide=False, sidos=["11"]))
    here = score(need(), offer(nationwide=False, sidos=["48"]))
    assert not elsewhere.is_excluded and 0 < elsewhere.score < here.score
    assert ("region_not_served", {"sido": "48"}) in elsewhere.reasons


def test_region_served_by_sido_list():
    assert not score(offer_=offer(nationwide=False, sidos=["48"])).is_excluded


def test_types_inferred_from_text_count_when_the_officer_chose_none():
    chosen = score(need(types=[], inferred_types=["TRF-07"]))
    none = score(need(types=[], inferred_types=[]))
    assert chosen.features["fit"]["type"] == pytest.approx(0.9) and none.features["fit"]["type"] == 0
    assert ("type_match", {"code": "TRF-07", "inferred": True}) in chosen.reasons


def test_population_suitability():
    inside = score(offer_=offer(min_population=50_000, max_population=300_000))
    outside = score(offer_=offer(min_population=500_000))
    assert inside.features["fit"]["population"] == 1.0 and outside.features["fit"]["population"] == 0.2


def test_deployments_in_the_same_region_and_similar_cities_are_proof():
    near = score_need_offer(need(), offer(deployments=["48250", "48310"]), text=0.5, today=TODAY,
                            population_of=lambda code: 120_000)
    far = score_need_offer(need(), offer(deployments=["11110"]), text=0.5, today=TODAY,
                           population_of=lambda code: 9_000_000)
    assert near.features["fit"]["proof"] > far.features["fit"]["proof"]
    assert ("deployments_in_region", {"sido": "48", "count": 2}) in near.reasons


def test_english_matters_for_overseas_needs():
    demand = need(overseas=True, sido="")
    english = score(demand, offer(overseas=True, languages=["ko", "en"]))
    korean = score(demand, offer(overseas=True, languages=["ko"]))
    assert english.score > korean.score and korean.features["fit"]["language"] == 0


def test_timing_against_the_deadline():
    slow = score(offer_=offer(deployment_months=36))
    assert slow.features["appeal"]["timing"] < score().features["appeal"]["timing"]


def test_contributions_add_up_to_each_side():
    result = score()
    for side in ("fit", "appeal"):
        assert sum(result.contributions[side].values()) == pytest.approx(result.sides[side], abs=1e-3)


def test_partners_reciprocal_sizes_and_directions():
    seeking = Partner(id=1, kind="partnership", types=["TRF-05"], direction="seeking", org_size="large",
                      target_sizes=["startup", "sme"], collaboration="joint_bid")
    offering_sme = Partner(id=2, kind="partnership", types=["TRF-05"], direction="offering", org_size="sme",
                           target_sizes=["large"], collaboration="joint_bid")
    offering_large = Partner(id=3, kind="partnership", types=["TRF-05"], direction="offering", org_size="large",
                             target_sizes=["large"])
    same_direction = Partner(id=4, kind="partnership", types=["TRF-05"], direction="seeking", org_size="sme")
    good = score_partners(seeking, offering_sme, text=0.7)
    assert good.score > 0.7 and not good.is_excluded
    assert score_partners(seeking, offering_large, text=0.7).is_excluded
    assert score_partners(seeking, same_direction, text=0.7).is_excluded


def test_practical_fit_orders_pairs_about_the_same_thing_but_never_outranks_the_subject():
    """A solution of the wanted type that fails every practical test (a province it has not served, a
    price floor above the budget, a slow deployment, no proof, Korean only for an overseas city) still
    ranks above one of another type of the field that passes them all with weaker words; between two
    solutions of the wanted type, the practical one ranks first."""
    home, abroad = need(), need(overseas=True, sido="")
    awkward = offer(nationwide=False, sidos=["11"], price_min=90_000_000, price_max=120_000_000,
                    deployment_months=36, languages=["ko"])
    handy = offer(types=["TRF-05"], overseas=True, languages=["ko", "en"],
                  deployments=["48220", "48250", "48310"])
    for demand in (home, abroad):
        on_subject = score_need_offer(demand, awkward, text=0.5, today=TODAY)
        off_subject = score_need_offer(demand, handy, text=0.4, today=TODAY,
                                       sido_of=lambda code: code[:2], population_of=lambda code: 120_000)
        assert on_subject.score > off_subject.score
    practical = score_need_offer(home, offer(deployments=["48220"]), text=0.5, today=TODAY)
    assert practical.score > score_need_offer(home, awkward, text=0.5, today=TODAY).score


def test_a_partnership_is_ranked_by_its_subject_before_region_and_kind_of_collaboration():
    """Two offers of the same technology: the one whose words fit the request better ranks first,
    though it is in another province and proposes another kind of collaboration; those decide
    between two that fit equally well."""
    seeking = Partner(id=1, kind="partnership", types=["TRF-05"], direction="seeking", org_size="large",
                      target_sizes=["startup", "sme"], sido="48", collaboration="joint_bid")

    def offering(pk, sido, collaboration):
        return Partner(id=pk, kind="partnership", types=["TRF-05"], direction="offering", org_size="sme",
                       target_sizes=["large"], sido=sido, collaboration=collaboration)

    far, near = offering(2, "11", "poc"), offering(3, "48", "joint_bid")
    assert score_partners(seeking, far, text=0.6).score > score_partners(seeking, near, text=0.3).score
    assert score_partners(seeking, near, text=0.6).score > score_partners(seeking, far, text=0.6).score


def test_the_settings_weigh_as_the_scorer_does_by_default(settings):
    # The tests above use the scorer's defaults; the product uses settings.MATCHING_WEIGHTS.
    assert settings.MATCHING_WEIGHTS == DEFAULT_WEIGHTS


def test_a_partnership_s_type_agreement_is_a_need_s():
    """As for a need: a solution of a type related to the request's counts (with the reason), and when
    nobody chose the request's types, a solution that only shares their field counts for less."""
    def seeking(**kw):
        return Partner(**({"id": 1, "kind": "partnership", "types": ["ETC-07"], "direction": "seeking",
                           "org_size": "large", "target_sizes": ["startup", "sme"]} | kw))

    def solution(code):
        return Partner(id=2, kind="solution", types=[code], org_size="sme")

    related = score_partners(seeking(related={"SAF-07": 0.1}), solution("SAF-07"), text=0.1)
    unrelated = score_partners(seeking(), solution("SAF-07"), text=0.1)
    assert related.features["fit"]["type"] == pytest.approx(0.4) and unrelated.features["fit"]["type"] == 0
    assert related.score > unrelated.score and ("related_type", {"code": "SAF-07", "inferred": False}) in related.reasons
    chosen = score_partners(seeking(), solution("ETC-02"), text=0.1)
    guessed = score_partners(seeking(inferred=True), solution("ETC-02"), text=0.1)
    assert chosen.features["fit"]["type"] == 0.5 and guessed.features["fit"]["type"] == pytest.approx(0.5 * INFERRED_FIELD)
    assert chosen.score > guessed.score
    # A guessed type itself counts fully, as before.
    assert score_partners(seeking(inferred=True), solution("ETC-07"), text=0.1).features["fit"]["type"] == 1.0
