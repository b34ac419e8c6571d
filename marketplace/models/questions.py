"""Clarification questions on a need (공개 질의응답): a company asks what a need means; the need's
organisation answers once, and the answer is published to everyone, never naming who asked, so that
no company gets a private hint. Rules in ``services/questions.py``."""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .listings import Need
from .organizations import Organization

QUESTION_MIN, QUESTION_MAX = 10, 2000
ANSWER_MAX = 3000


class Question(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("Waiting for an answer")
        ANSWERED = "answered", _("Answered")
        PUBLISHED = "published", _("Published without an answer")
        HIDDEN = "hidden", _("Hidden as off topic")

    PUBLIC_STATES = (State.ANSWERED, State.PUBLISHED)

    need = models.ForeignKey(Need, verbose_name=_("need"), on_delete=models.CASCADE, related_name="questions")
    organization = models.ForeignKey(Organization, verbose_name=_("asked by (organisation)"),
                                     on_delete=models.CASCADE, related_name="+")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("question"), max_length=QUESTION_MAX,
                            validators=[MinLengthValidator(QUESTION_MIN), MaxLengthValidator(QUESTION_MAX)])
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    answer = models.TextField(_("answer"), blank=True, max_length=ANSWER_MAX, validators=[MaxLengthValidator(ANSWER_MAX)])
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("answered, published or hidden at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["need", "state"])]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return f"{self.need_id}: {self.text[:40]}"

    @property
    def is_public(self) -> bool:
        return self.state in self.PUBLIC_STATES
