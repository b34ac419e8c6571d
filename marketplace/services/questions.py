"""Writes for clarification questions on needs: a verified company asks, until the need's questions
close; the need's organisation answers (published to everyone, never naming who asked), publishes a
question without an answer, or hides it as off topic. Answers and hides are audited; everyone who
follows the need (an interest in it, or a question on it) hears of each answer."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from openlab.audit.services import audit
from openlab.notifications.services import notify
from openlab.text_limits import bounded

from ..models import Interest, Need, Organization, Question
from ..models.questions import ANSWER_MAX, QUESTION_MAX, QUESTION_MIN
from ..selectors import asking_companies, may_see_listing, member_users
from .listings import require_member

#: Open questions one organisation may have waiting on one need (a flood is not a question).
OPEN_PER_ORGANIZATION = 10


def _text(value, *, low: int, high: int) -> str:
    text = bounded(value, field="text", limit=high)
    if len(text) < low:
        raise ValidationError({"text": _("Write at least %(n)d characters.") % {"n": low}})
    return text


def asking_organization(user, need: Need, organization: Organization | None = None) -> Organization:
    """The verified company the user asks for (the one named, else their first such membership)."""
    if not (user and user.is_authenticated):
        raise PermissionDenied(_("Sign in to ask a question."))
    companies = [c for c in asking_companies(user) if organization is None or c.pk == organization.pk]
    company = companies[0] if companies else None
    if company is None:
        raise PermissionDenied(_("Members of a verified company can ask questions on needs."))
    return company


@transaction.atomic
def question_ask(*, user, need: Need, text: str, organization: Organization | None = None) -> Question:
    company = asking_organization(user, need, organization)
    need = Need.objects.select_for_update().get(pk=need.pk)
    if not may_see_listing(user, need) or need.status != Need.Status.OPEN:
        raise ValidationError({"text": _("Questions can be asked only on open needs.")})
    closes = need.questions_until
    if closes is not None and timezone.localdate() > closes:
        raise ValidationError({"text": _("Questions on this need closed on %(date)s.") % {
            "date": closes.isoformat()}})
    text = _text(text, low=QUESTION_MIN, high=QUESTION_MAX)
    waiting = Question.objects.filter(need=need, organization=company, state=Question.State.OPEN).count()
    if waiting >= OPEN_PER_ORGANIZATION:
        raise ValidationError({"text": _("Your organisation has %(n)d questions waiting on this need already.") % {
            "n": waiting}})
    question = Question.objects.create(need=need, organization=company, asked_by=user, text=text)
    notify(users=member_users(need.organization), kind="question_asked", key=f"question:{question.pk}:asked",
           template="question_asked", url=reverse("marketplace:need_detail", args=[need.pk]) + "#questions",
           context={"need": need, "question": question})
    return question


def _decide(user, question: Question) -> Question:
    question = Question.objects.select_for_update().select_related("need__organization").get(pk=question.pk)
    require_member(user=user, organization=question.need.organization)
    return question


def _followers(need: Need) -> list:
    """Members of every organisation that expressed interest in the need or asked on it."""
    organizations = set(Interest.objects.filter(need=need).values_list("sender_id", flat=True))
    organizations |= set(Question.objects.filter(need=need).values_list("organization_id", flat=True))
    users = []
    for organization in Organization.objects.filter(pk__in=organizations).exclude(pk=need.organization_id):
        users += member_users(organization)
    return users


@transaction.atomic
def question_answer(*, user, question: Question, text: str) -> Question:
    question = _decide(user, question)
    if question.state == Question.State.HIDDEN:
        raise ValidationError({"text": _("This question was hidden as off topic.")})
    text = _text(text, low=1, high=ANSWER_MAX)
    question.answer, question.answered_by = text, user
    question.state, question.decided_at = Question.State.ANSWERED, timezone.now()
    question.save()
    need = question.need
    audit("question_answer", actor=user, organization=need.organization, target=str(question),
          question=question.pk, need=need.pk)
    # Keyed by the answer's time: a corrected answer is news again, a repeated request is not.
    notify(users=_followers(need), kind="question_answered",
           key=f"question:{question.pk}:answered:{question.decided_at.timestamp():.0f}",
           template="question_answered", url=reverse("marketplace:need_detail", args=[need.pk]) + "#questions",
           context={"need": need, "question": question})
    return question


@transaction.atomic
def question_publish(*, user, question: Question) -> Question:
    """Publish the question as it is (the need's page already answers it, say)."""
    question = _decide(user, question)
    if question.state != Question.State.OPEN:
        raise ValidationError({"state": _("Only a question waiting for an answer can be published as it is.")})
    question.state, question.decided_at = Question.State.PUBLISHED, timezone.now()
    question.save()
    audit("question_publish", actor=user, organization=question.need.organization, target=str(question),
          question=question.pk, need=question.need_id)
    return question


@transaction.atomic
def question_hide(*, user, question: Question) -> Question:
    question = _decide(user, question)
    question.state, question.decided_at = Question.State.HIDDEN, timezone.now()
    question.save()
    audit("question_hide", actor=user, organization=question.need.organization, target=str(question),
          question=question.pk, need=question.need_id)
    return question
