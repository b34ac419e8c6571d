from datetime import date

import pytest

from marketplace import rules


@pytest.mark.parametrize("low, high, errors", [
    (None, None, set()),
    (0, 0, set()),
    (100, 200, set()),
    (None, 50, set()),
    (300, 200, {"max"}),
    (-1, 10, {"min"}),
    (10, -1, {"max"}),
])
def test_range_errors(low, high, errors):
    assert set(rules.range_errors(low, high, low_field="min", high_field="max")) == errors


@pytest.mark.parametrize("a, b, overlap", [
    ((100, 200), (150, 300), True),
    ((100, 200), (201, 300), False),
    ((None, 200), (201, None), False),
    ((None, None), (5, 6), True),
    ((300, None), (None, 299), False),
    ((300, None), (None, 300), True),
])
def test_ranges_overlap(a, b, overlap):
    assert rules.ranges_overlap(*a, *b) is overlap
    assert rules.ranges_overlap(*b, *a) is overlap


@pytest.mark.parametrize("deadline, required, field_has_error", [
    (None, False, False),
    (None, True, True),
    (date(2026, 12, 1), True, True),   # today is not the future
    (date(2026, 11, 30), False, True),
    (date(2026, 12, 2), True, False),
])
def test_deadline_must_be_in_the_future(deadline, required, field_has_error):
    errors = rules.deadline_errors(deadline, today=date(2026, 12, 1), required=required)
    assert ("deadline" in errors) is field_has_error
