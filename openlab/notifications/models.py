"""In-app notifications (the notification centre) and each user's choice, per kind, of e-mail now,
a daily digest, or nothing."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    INTEREST_RECEIVED = "interest_received", _("Interest received")
    INTEREST_ANSWERED = "interest_answered", _("Interest accepted or declined")
    MUTUAL_INTEREST = "mutual_interest", _("Mutual interest")
    INTRODUCTION = "introduction", _("Introduction")
    REMINDER = "reminder", _("Reminder")
    MESSAGE = "message", _("New message")
    STRONG_MATCHES = "strong_matches", _("New strong matches for my listings")
    WEEKLY_DIGEST = "weekly_digest", _("Weekly digest of new matches")
    QUESTION_ASKED = "question_asked", _("A company asked about my need")
    MEETING = "meeting", _("Meetings: proposed, confirmed, reminders")
    SAVED_SEARCH = "saved_search", _("New listings for a saved search")
    QUESTION_ANSWERED = "question_answered", _("A question on a need I follow was answered")


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("E-mail immediately")
    DAILY = "daily", _("Daily digest")
    OFF = "off", _("Off (in the site only)")


class Notification(models.Model):
    class Email(models.TextChoices):
        PENDING = "pending", _("Waiting for the daily digest")
        QUEUED = "queued", _("Queued")
        NONE = "none", _("Not e-mailed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(max_length=300, blank=True)
    #: One notification per event and user, however often the code that sends it runs again.
    key = models.CharField(max_length=120)
    email = models.CharField(max_length=8, choices=Email.choices, default=Email.NONE)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_notification_per_event")]
        indexes = [models.Index(fields=["user", "read_at"]), models.Index(fields=["email", "user"])]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return self.subject


class Preference(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]
