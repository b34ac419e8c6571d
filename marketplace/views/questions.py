"""Clarification questions on a need: a company asks (the need's page, sent back with its errors
when refused); the need's organisation answers, publishes as it is, or hides as off topic."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..listing_forms import AnswerForm, QuestionForm
from ..models import Need, Question
from .listings import listing_page


def _questions_url(need_id) -> str:
    return reverse("marketplace:need_detail", args=[need_id]) + "#questions"


@require_POST
@login_required
def question_ask(request, pk):
    need = selectors.listing_for(Need, user=request.user, pk=pk)
    if need is None:
        raise Http404
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.question_ask(user=request.user, need=need, text=form.cleaned_data["text"])
        except ValidationError as exc:
            form.add_error("text", exc.message_dict.get("text") or exc.messages)
        else:
            messages.success(request, _("Your question was sent. Its answer will be published on this page."))
            return redirect(_questions_url(need.pk))
    return listing_page(request, "need", need.pk, extra={"question_form": form}, status=400)


def _question_for_owner(request, pk) -> Question:
    """The question, for members of the need's organisation; anyone else gets a 404 (what they may not
    act on they need not learn exists)."""
    question = Question.objects.select_related("need").filter(pk=pk).first()
    if question is None or question.need.organization_id not in selectors.member_organization_ids(request.user):
        raise Http404
    return question


@require_POST
@login_required
def question_answer(request, pk):
    question = _question_for_owner(request, pk)
    form = AnswerForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["text"])
        services.question_answer(user=request.user, question=question, text=form.cleaned_data["text"])
    except ValidationError as exc:  # the page again, the answer kept beside its error
        return listing_page(request, "need", question.need_id, status=400, extra={
            "answer_error_for": question.pk, "answer_error": exc.messages,
            "answer_text": request.POST.get("text", "")})
    messages.success(request, _("Answer published. Everyone following the need is told."))
    return redirect(_questions_url(question.need_id))


@require_POST
@login_required
def question_publish(request, pk):
    question = _question_for_owner(request, pk)
    try:
        services.question_publish(user=request.user, question=question)
        messages.success(request, _("The question is published as it is."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(_questions_url(question.need_id))


@require_POST
@login_required
def question_hide(request, pk):
    question = _question_for_owner(request, pk)
    services.question_hide(user=request.user, question=question)
    messages.success(request, _("The question is hidden as off topic."))
    return redirect(_questions_url(question.need_id))
