"""Reference data: the municipality gazetteer and the smart-city solution taxonomy.

Both are loaded by data migrations from ``marketplace/data/`` (see ``reference_data.py``).
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .translated import BilingualNameMixin


class Municipality(BilingualNameMixin, models.Model):
    """A local government: a 광역 시도 (2-digit code) or a 기초 시군구 (5-digit code)."""

    class Level(models.TextChoices):
        SIDO = "sido", _("Metropolitan/provincial government (시도)")
        SIGUNGU = "sigungu", _("Local government (시군구)")

    code = models.CharField(_("code"), max_length=5, primary_key=True)
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    name_ko = models.CharField(_("Korean name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("시도"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children", limit_choices_to={"level": Level.SIDO},
    )
    autonomous = models.BooleanField(
        _("self-governing"), default=True,
        help_text=_("False for administrative cities without their own council (제주시, 서귀포시)."),
    )
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5)
    population = models.PositiveIntegerField(
        _("population"), null=True, blank=True, validators=[MinValueValidator(1)]
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        indexes = [models.Index(fields=["level", "parent"])]

    @property
    def sido_code(self) -> str:
        return self.code[:2]

    @property
    def full_name_ko(self) -> str:
        if self.parent_id:
            return f"{self.parent.name_ko} {self.name_ko}"
        return self.name_ko

    @property
    def full_name(self) -> str:
        if self.parent_id:
            return f"{self.parent.name} {self.name}"
        return self.name


class MunicipalityAlias(models.Model):
    """An old code that still identifies a municipality (e.g. 42110 for 51110 춘천시)."""

    code = models.CharField(_("old code"), max_length=5, primary_key=True)
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="aliases")
    name_ko = models.CharField(_("old Korean name"), max_length=50)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("municipality code alias")
        verbose_name_plural = _("municipality code aliases")

    def __str__(self):
        return f"{self.code} → {self.municipality_id}"


class SolutionField(BilingualNameMixin, models.Model):
    """One of the nine fields of the plan's solution table (교통, 환경·에너지 …)."""

    code = models.CharField(_("code"), max_length=3, primary_key=True)
    name_ko = models.CharField(_("Korean name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=80)
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        ordering = ["position"]
        verbose_name = _("solution field")
        verbose_name_plural = _("solution fields")


class SolutionType(BilingualNameMixin, models.Model):
    """A solution type from the plan's table: field code plus position (TRF-07 스마트 주차)."""

    code = models.CharField(_("code"), max_length=6, primary_key=True)
    field = models.ForeignKey(SolutionField, on_delete=models.PROTECT, related_name="types")
    name_ko = models.CharField(_("Korean name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=80)
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        ordering = ["field__position", "position"]
        verbose_name = _("solution type")
        verbose_name_plural = _("solution types")
