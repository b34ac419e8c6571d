"""Ids as the database stores them (positive 64-bit integers), one definition for URLs, the API and
filters: a number beyond that is "not found" or a field error, never an overflow in the database."""

from django import forms

MAX_ID = 2**63 - 1
ID_REGEX = "[0-9]{1,18}"  # every 18-digit number fits; longer ones are no id of ours


class IdConverter:
    """``<id:pk>`` in URL patterns: like ``<int:pk>``, but only numbers an id can be (else 404)."""

    regex = ID_REGEX

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


class IdField(forms.IntegerField):
    """A form field for an id: a whole number from 1 to the largest id, with a clear error."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)
