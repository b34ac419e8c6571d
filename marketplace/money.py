"""Amounts of money as Korean readers write them: budgets and prices are entered in 만원 (10,000 KRW)
and shown as 억 and 만 with separators ("1억 5,000만 원"); English readers see KRW with separators."""

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

MANWON = 10_000
EOK = 100_000_000


def won_text(amount: int) -> str:
    """150_000_000 → "1억 5,000만 원" (Korean) or "KRW 150,000,000" (English)."""
    if not translation.get_language() or not translation.get_language().startswith("ko"):
        return f"KRW {amount:,}"
    eok, rest = divmod(amount, EOK)
    man, won = divmod(rest, MANWON)
    parts = [f"{eok:,}억" if eok else "", f"{man:,}만" if man else "", f"{won:,}" if won else ""]
    return (" ".join(part for part in parts if part) or "0") + " 원"


class ManwonField(forms.IntegerField):
    """An amount typed in 만원, separators allowed ("1,500" is 15,000,000 원); kept in 원."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 10**12 // MANWON)  # 1조 원
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
        kwargs.setdefault("help_text", _("In 만원 (10,000 KRW), e.g. 1,500 for 15,000,000 KRW."))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(",", "").replace(" ", "").replace("만원", "").replace("만", "")
        return super().to_python(value)

    def clean(self, value):
        amount = super().clean(value)  # validated in 만원 (the field's own bounds)
        return None if amount is None else amount * MANWON

    def prepare_value(self, value):
        if isinstance(value, int):  # 원 from the listing → 만원 as typed
            return f"{value // MANWON:,}" if value % MANWON == 0 else f"{value / MANWON:,}"
        return value
