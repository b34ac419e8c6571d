"""Types inferred from a need's words: the profiles cover the taxonomy, and rare words decide."""

import pytest

from marketplace.models import SolutionType
from marketplace.type_inference import TYPE_TERMS_FILE, _profile_lines, infer_types


def test_profiles_name_every_type_of_the_taxonomy_and_nothing_else(db):
    assert set(_profile_lines()) == set(SolutionType.objects.values_list("code", flat=True))
    assert TYPE_TERMS_FILE.name == "type_terms.txt"


@pytest.mark.parametrize("text, first", [
    ("공동주택에 전기차 충전기가 부족합니다", "ENV-09"),
    ("집중호우 때마다 저지대가 침수되고 지진 대비 안전 점검도 필요합니다", "SAF-01"),
    ("Tourists crowd the same streets; visitors need tourist information", "CUL-02"),
])
def test_the_rarest_matching_words_decide(db, text, first):
    inferred = infer_types(text)
    assert inferred[0][0] == first
    assert all(0 < confidence < 1 for _code, confidence in inferred)


def test_words_many_types_share_infer_nothing(db):
    # 스마트, 서비스 and 관리 are in many type names; alone they point at no type.
    assert infer_types("스마트 서비스 관리 방안을 논의합니다") == []
    assert infer_types("") == []
