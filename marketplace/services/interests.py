"""Writes for two-way interest: propose, invite, respond, open, accept, decline, withdraw, and the
mutual state coordinators build on. One interest per pair and direction: repeating updates it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from openlab.notifications.services import notify
from openlab.text_limits import bounded
from openlab.transactions import atomic_with_retry

from ..models import Interest, Need, Organization, PartnershipRequest, Solution
from ..selectors import member_users
from ..signals import interest_declined, pair_became_mutual
from .listings import require_member

MESSAGE_MAX = 3000
DECLINE_NOTE_MAX = 500


def pair_is_mutual(interests) -> bool:
    """Both sides want the pair: a live proposal and a live invitation, or any accepted interest."""
    states = {(i.kind, i.state) for i in interests}
    if any(state == Interest.State.ACCEPTED for _kind, state in states):
        return True
    live = {kind for kind, state in states if state == Interest.State.SENT}
    return {Interest.Kind.PROPOSAL, Interest.Kind.INVITATION} <= live


def _refresh_mutual(*, need=None, solution=None, partnership=None, sender=None) -> bool:
    """Mark the pair mutual, or no longer, as its interests now say; returns whether a row changed."""
    if partnership is not None:
        pair = Interest.objects.filter(kind=Interest.Kind.RESPONSE, partnership=partnership, sender=sender)
    else:
        pair = Interest.objects.filter(kind__in=[Interest.Kind.PROPOSAL, Interest.Kind.INVITATION],
                                       need=need, solution=solution)
    pair = list(pair.select_for_update())
    mutual = pair_is_mutual(pair)
    now = timezone.now()
    became = changed = False
    for interest in pair:
        if mutual and interest.mutual_at is None:
            interest.mutual_at = now
            interest.save(update_fields=["mutual_at"])
            became = changed = True
        elif not mutual and interest.mutual_at is not None:
            interest.mutual_at = None
            interest.save(update_fields=["mutual_at"])
            changed = True
    if became:
        _notify_mutual(pair[0])
        pair_became_mutual.send(sender=Interest, interest=pair[0])
    return changed


def _notify(organization, **kwargs) -> None:
    notify(users=member_users(organization), **kwargs)


def _notify_mutual(interest: Interest) -> None:
    need = interest.need
    solution = interest.solution
    subject = interest.partnership or need
    key = f"mutual:{interest.kind}:{interest.need_id or interest.partnership_id}:{interest.solution_id or interest.sender_id}"
    for organization, other in ((interest.sender, interest.recipient), (interest.recipient, interest.sender)):
        _notify(organization, kind="mutual_interest", key=f"{key}:{organization.pk}", template="mutual_interest",
                url=reverse("marketplace:interest_detail", args=[interest.pk]),
                context={"other": other, "need": subject, "solution": solution or interest.sender})


def _clean_message(message: str) -> str:
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": _("Write a short message.")})
    if len(message) > MESSAGE_MAX:
        raise ValidationError({"message": _("The message is too long: at most %(n)d characters.")
                               % {"n": MESSAGE_MAX}})
    return message


def _require_open_need(need: Need) -> None:
    if need.status != Need.Status.OPEN or not need.organization.is_verified:
        raise ValidationError(_("This need is not open for proposals."), code="need_not_open")
    if need.deadline and need.deadline < timezone.localdate():
        raise ValidationError(_("The proposal deadline of this need has passed."), code="deadline_passed")


def _require_published_solution(solution: Solution) -> None:
    if solution.status != Solution.Status.PUBLISHED or not solution.organization.is_verified:
        raise ValidationError({"solution": _("Only published solutions can be proposed or invited.")})


def _holds(interest: Interest, name: str, value) -> bool:
    """Whether the interest already has this value (a related row compared by its id: no query)."""
    field = Interest._meta.get_field(name)
    if field.is_relation:
        return getattr(interest, field.attname) == (value.pk if value is not None else None)
    return getattr(interest, name) == value


def _upsert(*, lookup: dict, defaults: dict, user) -> tuple[Interest, bool]:
    """Create the interest of this pair and direction, or update the one there is; returns it and
    whether anything was written."""
    interest = Interest.objects.select_for_update().filter(**lookup).first()
    if interest is None:
        try:
            with transaction.atomic():
                return Interest.objects.create(**lookup, **defaults, created_by=user), True
        except IntegrityError:
            # A concurrent request created it first: update that one.
            interest = Interest.objects.select_for_update().get(**lookup)
    if interest.state == Interest.State.DECLINED:
        raise ValidationError(_("The other side has declined this. It cannot be sent again."),
                              code="declined")
    if interest.state != Interest.State.WITHDRAWN and all(
            _holds(interest, name, value) for name, value in defaults.items()):
        return interest, False  # sent again as it stands: nothing to write (nor for caches to forget)
    for name, value in defaults.items():
        setattr(interest, name, value)
    if interest.state == Interest.State.WITHDRAWN:
        interest.state = Interest.State.SENT
        interest.opened_at = None
    interest.save()
    return interest, True


def _need_solution_interest(*, kind, user, need: Need, solution: Solution, message: str) -> Interest:
    """A proposal (the company's side) or an invitation (the municipality's side) for one pair."""
    sender, recipient = ((solution.organization, need.organization) if kind == Interest.Kind.PROPOSAL
                         else (need.organization, solution.organization))
    require_member(user=user, organization=sender)
    _require_open_need(need)
    _require_published_solution(solution)
    _lock_pair(need_id=need.pk)
    interest, written = _upsert(lookup={"kind": kind, "need": need, "solution": solution},
                                defaults={"sender": sender, "recipient": recipient,
                                          "message": _clean_message(message)}, user=user)
    return _sent(interest, written, need=need, solution=solution)


def _sent(interest: Interest, written: bool, **pair) -> Interest:
    """After an interest is written: the pair's mutual state, and the recipient told. One sent again
    as it stands changes neither: they are as the first sending left them."""
    if written:
        if _refresh_mutual(**pair):
            interest.refresh_from_db()  # its mutual_at changed on another copy of the row
        _notify_received(interest)
    return interest


def _notify_received(interest: Interest) -> None:
    _notify(interest.recipient, kind="interest_received", key=f"interest:{interest.pk}:sent",
            template="interest_received", url=reverse("marketplace:interest_detail", args=[interest.pk]),
            context={"interest": interest})


@atomic_with_retry
def interest_propose(*, user, need: Need, solution: Solution, message: str) -> Interest:
    """A company proposes one of its published solutions for an open need."""
    return _need_solution_interest(kind=Interest.Kind.PROPOSAL, user=user, need=need, solution=solution,
                                   message=message)


@atomic_with_retry
def interest_invite(*, user, need: Need, solution: Solution, message: str) -> Interest:
    """A municipality invites a published solution to its open need."""
    return _need_solution_interest(kind=Interest.Kind.INVITATION, user=user, need=need, solution=solution,
                                   message=message)


@atomic_with_retry
def interest_respond(*, user, organization: Organization, partnership: PartnershipRequest, message: str,
                     solution: Solution | None = None) -> Interest:
    """A company answers a partnership request, optionally pointing at one of its solutions."""
    require_member(user=user, organization=organization)
    if organization.kind != Organization.Kind.COMPANY or not organization.is_verified:
        raise PermissionDenied(_("Only verified companies can respond to partnership requests."))
    if partnership.organization_id == organization.pk:
        raise ValidationError(_("You cannot respond to your own request."), code="own")
    if partnership.status != PartnershipRequest.Status.OPEN or not partnership.organization.is_verified:
        raise ValidationError(_("This partnership request is not open."), code="not_open")
    if solution is not None:
        if solution.organization_id != organization.pk:
            raise ValidationError({"solution": _("Choose one of your own solutions.")})
        _require_published_solution(solution)
    _lock_pair(partnership_id=partnership.pk)
    interest, written = _upsert(
        lookup={"kind": Interest.Kind.RESPONSE, "partnership": partnership, "sender": organization},
        defaults={"recipient": partnership.organization, "solution": solution,
                  "message": _clean_message(message)}, user=user)
    return _sent(interest, written, partnership=partnership, sender=organization)


def _lock_pair(*, need_id=None, partnership_id=None) -> None:
    """Every write to a pair's interests first locks the pair's need (or partnership request) row: the
    two sides, writing at once, then wait for each other in one order instead of deadlocking."""
    model, pk = (Need, need_id) if need_id is not None else (PartnershipRequest, partnership_id)
    list(model.objects.select_for_update().filter(pk=pk).values_list("pk", flat=True))


def _lock(interest: Interest) -> Interest:
    _lock_pair(need_id=interest.need_id, partnership_id=interest.partnership_id)
    return Interest.objects.select_for_update(of=("self",)).select_related(
        "sender", "recipient", "need", "solution", "partnership").get(pk=interest.pk)


def interest_mark_opened(*, user, interest: Interest) -> None:
    """The recipient has looked at it; the sender sees when."""
    if interest.opened_at is None and interest.recipient.memberships.filter(user=user).exists():
        Interest.objects.filter(pk=interest.pk, opened_at__isnull=True).update(opened_at=timezone.now())


def _answer(interest: Interest, *, user, state: str) -> Interest:
    """Record the recipient's answer (answering counts as opening) and update the pair's state."""
    now = timezone.now()
    interest.state = state
    interest.decided_at = now
    interest.decided_by = user
    interest.opened_at = interest.opened_at or now
    interest.save()
    _refresh_pair_of(interest)
    interest.refresh_from_db()
    _notify(interest.sender, kind="interest_answered", key=f"interest:{interest.pk}:{state}",
            template="interest_answered", url=reverse("marketplace:interest_detail", args=[interest.pk]),
            context={"interest": interest})
    return interest


@atomic_with_retry
def interest_accept(*, user, interest: Interest) -> Interest:
    interest = _lock(interest)
    require_member(user=user, organization=interest.recipient)
    if interest.state != Interest.State.SENT:
        raise ValidationError(_("Only an interest that is waiting for an answer can be accepted."),
                              code="state")
    return _answer(interest, user=user, state=Interest.State.ACCEPTED)


@atomic_with_retry
def interest_decline(*, user, interest: Interest, reason: str, note: str = "") -> Interest:
    interest = _lock(interest)
    require_member(user=user, organization=interest.recipient)
    if interest.state not in (Interest.State.SENT, Interest.State.ACCEPTED):
        raise ValidationError(_("This interest cannot be declined any more."), code="state")
    if reason not in Interest.DeclineReason.values:
        raise ValidationError({"reason": _("Choose a reason.")})
    note = bounded(note, field="note", limit=DECLINE_NOTE_MAX)
    if reason == Interest.DeclineReason.OTHER and not note:
        raise ValidationError({"note": _("Say briefly why.")})
    interest.decline_reason = reason
    interest.decline_note = note
    interest_declined.send(sender=Interest, interest=interest, reason=reason)
    return _answer(interest, user=user, state=Interest.State.DECLINED)


@atomic_with_retry
def interest_withdraw(*, user, interest: Interest) -> Interest:
    interest = _lock(interest)
    require_member(user=user, organization=interest.sender)
    if interest.state != Interest.State.SENT:
        raise ValidationError(_("Only an interest still waiting for an answer can be withdrawn."),
                              code="state")
    interest.state = Interest.State.WITHDRAWN
    interest.save()
    _refresh_pair_of(interest)
    interest.refresh_from_db()
    return interest


def _refresh_pair_of(interest: Interest) -> None:
    if interest.kind == Interest.Kind.RESPONSE:
        _refresh_mutual(partnership=interest.partnership, sender=interest.sender)
    else:
        _refresh_mutual(need=interest.need, solution=interest.solution)
