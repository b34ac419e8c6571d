import pytest
from django.core.exceptions import ValidationError

from marketplace.validators import business_number_is_valid, format_business_number, validate_business_number


@pytest.mark.parametrize("number", [
    "124-81-00998",   # a real, published number
    "220-81-62517",
    "1208147521",
    "101 81 00340",
])
def test_valid_business_numbers(number):
    assert business_number_is_valid(number)
    validate_business_number(number)


@pytest.mark.parametrize("number, code", [
    ("124-81-00999", "business_number_checksum"),  # last digit off by one
    ("1234567890", "business_number_checksum"),
    ("12345678", "business_number_format"),        # too short
    ("12345678901", "business_number_format"),     # too long
    ("12a-45-67890", "business_number_format"),    # letters
    ("", "business_number_format"),
])
def test_invalid_business_numbers(number, code):
    assert not business_number_is_valid(number)
    with pytest.raises(ValidationError) as excinfo:
        validate_business_number(number)
    assert excinfo.value.code == code


def test_format():
    assert format_business_number("1248100998") == "124-81-00998"
