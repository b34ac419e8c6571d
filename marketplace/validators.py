"""Pure validation rules with no database access."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Weights of the official check-digit rule for 사업자등록번호 (National Tax Service).
_BRN_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def normalize_business_number(value: str) -> str:
    """Strip the usual separators: '123-45-67890' → '1234567890'."""
    return re.sub(r"[\s\-]", "", str(value or ""))


def business_number_is_valid(value: str) -> bool:
    """True when ``value`` is 10 digits whose last digit is the official check digit."""
    digits = normalize_business_number(value)
    if not re.fullmatch(r"\d{10}", digits):
        return False
    numbers = [int(c) for c in digits]
    total = sum(n * w for n, w in zip(numbers[:9], _BRN_WEIGHTS))
    total += (numbers[8] * 5) // 10
    return (10 - total % 10) % 10 == numbers[9]


def validate_business_number(value: str) -> None:
    digits = normalize_business_number(value)
    if not re.fullmatch(r"\d{10}", digits):
        raise ValidationError(
            _("A business registration number has 10 digits, written like 123-45-67890."),
            code="business_number_format",
        )
    if not business_number_is_valid(digits):
        raise ValidationError(
            _("This business registration number is not valid: its check digit does not match."),
            code="business_number_checksum",
        )


def format_business_number(value: str) -> str:
    digits = normalize_business_number(value)
    if len(digits) != 10:
        return digits
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"
