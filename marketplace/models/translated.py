from django.utils.translation import get_language


class BilingualNameMixin:
    """Models with ``name_ko`` and ``name_en``: ``name`` follows the active language."""

    @property
    def name(self) -> str:
        if (get_language() or "ko").startswith("en") and self.name_en:
            return self.name_en
        return self.name_ko

    def __str__(self):
        return self.name
