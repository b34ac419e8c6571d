"""Saved searches (관심 검색 알림): a board's search and filters kept under a name, and the listings it
would show that were published since, each told to its owner once (at once, or in a daily or weekly
digest). Rules in ``services/saved_searches.py``."""

from urllib.parse import unquote_plus

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class SavedSearch(models.Model):
    class Board(models.TextChoices):
        NEEDS = "needs", _("Needs board")
        SOLUTIONS = "solutions", _("Solution catalogue")
        PARTNERSHIPS = "partnerships", _("Partnership board")

    class Frequency(models.TextChoices):
        INSTANT = "instant", _("At once")
        DAILY = "daily", _("Daily digest")
        WEEKLY = "weekly", _("Weekly digest")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    kind = models.CharField(_("board"), max_length=12, choices=Board.choices)
    query = models.CharField(_("search and filters"), max_length=500, blank=True)
    name = models.CharField(_("name"), max_length=100)
    frequency = models.CharField(_("alerts"), max_length=8, choices=Frequency.choices, default=Frequency.DAILY)
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")

    def __str__(self):
        return self.name

    def readable_query(self) -> str:
        """The query as people read it (주차, not %EC%A3%BC%EC%B0%A8)."""
        return unquote_plus(self.query)

    def board_url(self) -> str:
        url = reverse(f"marketplace:{self.kind[:-1]}_list")
        return f"{url}?{self.query}" if self.query else url


class SavedSearchHit(models.Model):
    """A listing a saved search found once it was published: told to the owner once."""

    saved_search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="hits")
    listing_id = models.BigIntegerField()
    title = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["saved_search", "listing_id"], name="one_hit_per_listing")]
        indexes = [models.Index(fields=["sent_at", "saved_search"])]
