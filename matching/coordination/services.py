"""The coordination loop, as plain functions: stored matches above the queue threshold become
pairings; coordinators shortlist, introduce, reject or snooze them; both sides accept or decline;
connected pairs talk and record outcomes. Every state change is a ``PairingEvent``.

Services are keyword-only, own their transactions, raise ``ValidationError`` with field messages and
``PermissionDenied`` for the wrong person."""

from datetime import date, timedelta
from pathlib import PurePath

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.attachments import inspect_upload, stored_file
from marketplace.kinds import KINDS
from marketplace.models import Attachment, Membership, Need, Solution
from marketplace.selectors import member_users
from matching import feedback
from matching.explain import sentences
from openlab.audit.services import audit
from openlab.notifications.services import notify
from openlab.text_limits import bounded

from .models import (
    INTRO_NOTE_MAX,
    MESSAGE_MAX,
    OUTCOME_NOTE_MAX,
    REASON_NOTE_MAX,
    DeclineReason,
    Pairing,
    PairingEvent,
    PairingMessage,
)

S = Pairing.State
QUEUE_STATES = (S.SUGGESTED, S.SHORTLISTED)
AWAITING_ANSWER = (S.INTRODUCED, S.ACCEPTED)
OUTCOMES = (S.MEETING_HELD, S.PILOT_AGREED, S.CONTRACT_SIGNED)
CONNECTED_OR_BETTER = (S.CONNECTED, *OUTCOMES)
FINISHED = (S.DECLINED, S.REJECTED, S.EXPIRED, S.CLOSED)
# The funnel coordinators follow, in order (a pairing counts in every stage it reached).
FUNNEL = (S.SUGGESTED, S.INTRODUCED, S.ACCEPTED, S.CONNECTED, S.MEETING_HELD, S.PILOT_AGREED, S.CONTRACT_SIGNED)
TRANSITIONS = {
    S.SUGGESTED: {S.SHORTLISTED, S.INTRODUCED, S.REJECTED},
    S.SHORTLISTED: {S.SUGGESTED, S.INTRODUCED, S.REJECTED},
    S.INTRODUCED: {S.ACCEPTED, S.DECLINED, S.CONNECTED, S.EXPIRED, S.CLOSED},
    S.ACCEPTED: {S.DECLINED, S.CONNECTED, S.EXPIRED, S.CLOSED},
    S.CONNECTED: {S.MEETING_HELD, S.PILOT_AGREED, S.CONTRACT_SIGNED, S.CLOSED},
    S.MEETING_HELD: {S.PILOT_AGREED, S.CONTRACT_SIGNED, S.CLOSED},
    S.PILOT_AGREED: {S.CONTRACT_SIGNED, S.CLOSED},
    S.CONTRACT_SIGNED: {S.CLOSED},
}


def queue_min_score() -> float:
    return settings.MATCH_QUEUE_MIN_SCORE


# Internal helpers --------------------------------------------------------------------------------

def _require_coordinator(user) -> None:
    if not getattr(user, "is_coordinator", False):
        raise PermissionDenied(_("Only partnership coordinators can do this."))


def side_of(user, pairing: Pairing) -> str:
    """Which side the user acts for ("a" or "b"); PermissionDenied for anyone else."""
    if user.is_authenticated:
        organizations = set(Membership.objects.filter(user=user).values_list("organization_id", flat=True))
        if pairing.a_org_id in organizations:
            return "a"
        if pairing.b_org_id in organizations:
            return "b"
    raise PermissionDenied(_("Only the two organisations of this pair can do this."))


def _locked(pairing: Pairing) -> Pairing:
    return Pairing.objects.select_for_update(of=("self",)).get(pk=pairing.pk)


def _move(pairing: Pairing, to_state: str, *, actor, action: str, note: str = "", now=None) -> None:
    """Change the state (checked against ``TRANSITIONS``) and record the event."""
    now = now or timezone.now()
    if to_state != pairing.state and to_state not in TRANSITIONS.get(pairing.state, set()):
        raise ValidationError({"state": _("A pair that is “%(from)s” cannot become “%(to)s”.") % {
            "from": S(pairing.state).label, "to": S(to_state).label}})
    PairingEvent.objects.create(pairing=pairing, at=now, actor=actor, from_state=pairing.state, to_state=to_state,
                                action=action, note=note)
    pairing.state = to_state
    pairing.state_changed_at = now


def _notify(users, **kwargs) -> None:
    notify(users=users, **kwargs)


# From matches to pairings ------------------------------------------------------------------------

def _sides(kind: str, listing, target_kind: str, target) -> tuple:
    """(side A, side B) of a pair: the need before the solution; a partnership request before its
    counterpart, the seeking one first when both are requests."""
    if {kind, target_kind} == {"need", "solution"}:
        return (listing, target) if kind == "need" else (target, listing)
    if kind == target_kind == "partnership":
        return (listing, target) if listing.direction == "seeking" else (target, listing)
    return (listing, target) if kind == "partnership" else (target, listing)


def pairings_sync(*, kind: str, listing, rows) -> int:
    """Turn a listing's freshly stored matches above the queue threshold into pairings (new ones
    as suggestions), and refresh the score of the pairings it already has. Returns how many are new."""
    threshold = queue_min_score()
    strong = [row for row in rows if row.score >= threshold and not row.excluded]
    by_kind = {}
    for row in strong:
        by_kind.setdefault(row.target_kind, []).append(row.target_id)
    targets = {}
    for target_kind, ids in by_kind.items():
        model = KINDS[target_kind].model
        for obj in model.objects.filter(pk__in=ids).select_related("organization", "organization__municipality"):
            targets[(target_kind, obj.pk)] = obj
    now = timezone.now()
    pairs = []
    for row in strong:
        target = targets.get((row.target_kind, row.target_id))
        if target is None or target.organization_id == listing.organization_id:
            continue
        a, b = _sides(kind, listing, row.target_kind, target)
        pairs.append((a, b, {"score": row.score, "breakdown": row.breakdown, "engine_version": row.engine_version,
                             "scored_at": row.computed_at}))
    existing = {}
    if pairs:
        wanted = Q()
        for a, b, _values in pairs:
            wanted |= Q(**Pairing.sides(a, b))
        existing = {(p.a_type_id, p.a_id, p.b_type_id, p.b_id): p for p in Pairing.objects.filter(wanted)}
    refreshed, created = [], 0
    for a, b, values in pairs:
        pairing = existing.get(tuple(Pairing.sides(a, b).values()))
        if pairing is not None:  # known pairs only get their new score, in one UPDATE below
            for field, value in values.items():
                setattr(pairing, field, value)
            refreshed.append(pairing)
            continue
        pairing = Pairing(
            kind=Pairing.Kind.NEED_SOLUTION if a.kind == "need" else Pairing.Kind.PARTNERSHIP,
            **Pairing.sides(a, b), a_org=a.organization, b_org=b.organization,
            title_a=a.title[:200], title_b=b.title[:200], state_changed_at=now, **values, **_context(a, b))
        try:
            with transaction.atomic():
                pairing.save()
                PairingEvent.objects.create(pairing=pairing, at=now, actor=None, from_state="",
                                            to_state=S.SUGGESTED, action="suggest")
        except IntegrityError:  # the other listing's computation created it at the same moment
            pairing = Pairing.objects.get(**Pairing.sides(a, b))
            for field, value in values.items():
                setattr(pairing, field, value)
            refreshed.append(pairing)
            continue
        created += 1
    if refreshed:
        Pairing.objects.bulk_update(refreshed, ["score", "breakdown", "engine_version", "scored_at"])
    return created


def _context(a, b) -> dict:
    """The queue's filter values of a pair: field, 시도, programme and the solution's type."""
    solution = b if isinstance(b, Solution) else None
    municipality = a.organization.municipality if isinstance(a, Need) else None
    sido = municipality.code[:2] if municipality else (getattr(a, "region_id", "") or "")
    field = getattr(a, "field_id", None) or (solution.primary_type.field_id if solution else None)
    if field is None:
        first_type = a.types.first()  # one query for the first type (its field), not two
        field = first_type.field_id if first_type else None
    return {"field_id": field, "sido": sido, "programme": getattr(a, "programme", "") or "",
            "solution_type_id": solution.primary_type_id if solution else None}


# Both sides asked for each other -----------------------------------------------------------------

#: States a pair leaves for "connected" when both sides' interests become mutual: they asked for each
#: other, whatever a coordinator or an earlier answer said. A closed pair stays closed.
MUTUAL_CONNECTS = (*QUEUE_STATES, S.INTRODUCED, S.ACCEPTED, S.DECLINED, S.REJECTED, S.EXPIRED)


def _mutual_sides(interest):
    if interest.need_id and interest.solution_id:
        return interest.need, interest.solution
    if interest.partnership_id and interest.solution_id:
        return interest.partnership, interest.solution
    return None  # a response that names no solution: no listing to pair the request with


def _acting_member(user, organization):
    if user is not None and user.is_active and Membership.objects.filter(user=user, organization=organization).exists():
        return user
    return default_contact(organization)


@transaction.atomic
def pairing_connect_mutual(*, interest) -> Pairing | None:
    """Both organisations want this pair (their interests became mutual): it becomes a connection
    exactly like an introduced pair both sides accepted (the message thread, the contact details, the
    outcomes) at ``/pairings/<id>/``. Returns the pairing, or None when the interest names no
    listing to pair with."""
    sides = _mutual_sides(interest)
    if sides is None or sides[0].organization_id == sides[1].organization_id:
        return None
    a, b = sides
    lookup = Pairing.sides(a, b)
    now = timezone.now()
    pairing = Pairing.objects.select_for_update(of=("self",)).filter(**lookup).first()
    if pairing is None:
        try:
            with transaction.atomic():
                pairing = Pairing.objects.create(
                    kind=Pairing.Kind.NEED_SOLUTION if a.kind == "need" else Pairing.Kind.PARTNERSHIP, **lookup,
                    a_org=a.organization, b_org=b.organization, title_a=a.title[:200], title_b=b.title[:200],
                    state=S.SUGGESTED, state_changed_at=now, **_context(a, b))
        except IntegrityError:  # a match computation created it at the same moment
            pairing = Pairing.objects.select_for_update(of=("self",)).get(**lookup)
    if pairing.state not in MUTUAL_CONNECTS:
        return pairing
    sender = {interest.sender_id: interest.created_by}  # the recipient's side: its first administrator
    pairing.a_contact = pairing.a_contact or _acting_member(sender.get(pairing.a_org_id), pairing.a_org)
    pairing.b_contact = pairing.b_contact or _acting_member(sender.get(pairing.b_org_id), pairing.b_org)
    PairingEvent.objects.create(pairing=pairing, at=now, actor=interest.created_by, from_state=pairing.state,
                                to_state=S.CONNECTED, action="mutual")
    pairing.state, pairing.state_changed_at, pairing.connected_at = S.CONNECTED, now, now
    pairing.snoozed_until = None
    pairing.save()
    return pairing


# Coordinators ------------------------------------------------------------------------------------

@transaction.atomic
def pairing_shortlist(*, coordinator, pairing: Pairing, note: str = "") -> Pairing:
    _require_coordinator(coordinator)
    note = bounded(note, field="note", limit=REASON_NOTE_MAX)
    pairing = _locked(pairing)
    _move(pairing, S.SHORTLISTED, actor=coordinator, action="shortlist", note=note)
    pairing.save()
    return pairing


def default_contact(organization):
    """The contact of an introduction made without choosing one: the first active administrator
    (else the first active member), or None when the organisation has nobody."""
    memberships = organization.memberships.select_related("user").filter(user__is_active=True)
    first = memberships.filter(role=Membership.Role.ADMIN).order_by("pk").first() or memberships.order_by("pk").first()
    return first.user if first else None


def _contact(user, organization, field: str):
    if user is None:
        raise ValidationError({field: _("Choose the contact person.")})
    if not Membership.objects.filter(user=user, organization=organization).exists() or not user.is_active:
        raise ValidationError({field: _("The contact must be a member of %(org)s.") % {
            "org": organization.display_name}})
    return user


@transaction.atomic
def pairing_introduce(*, coordinator, pairing: Pairing, a_contact, b_contact, note: str = "") -> Pairing:
    """Introduce the two sides: each receives the reason for the match and the other's contact. A
    pair already introduced (by another coordinator a moment ago) is refused with a clear message."""
    _require_coordinator(coordinator)
    note = bounded(note, field="note", limit=INTRO_NOTE_MAX)
    pairing = _locked(pairing)
    if pairing.state not in QUEUE_STATES:
        if pairing.introduced_at:
            raise ValidationError({"state": _(
                "%(name)s already introduced this pair at %(time)s; nothing was sent again.") % {
                "name": pairing.introduced_by.display_name if pairing.introduced_by else _("A coordinator"),
                "time": timezone.localtime(pairing.introduced_at).strftime("%Y-%m-%d %H:%M")}})
        raise ValidationError({"state": _("This pair is “%(state)s” and cannot be introduced.") % {
            "state": pairing.get_state_display()}})
    pairing.a_contact = _contact(a_contact, pairing.a_org, "a_contact")
    pairing.b_contact = _contact(b_contact, pairing.b_org, "b_contact")
    now = timezone.now()
    pairing.intro_note = note
    pairing.introduced_at, pairing.introduced_by = now, coordinator
    pairing.snoozed_until = None
    _move(pairing, S.INTRODUCED, actor=coordinator, action="introduce", note=pairing.intro_note, now=now)
    pairing.save()
    audit("introduction", actor=coordinator, organization=pairing.a_org, target=str(pairing)[:200],
          pairing=pairing.pk, contacts=[pairing.a_contact.email, pairing.b_contact.email])
    reasons = [tuple(r) for r in pairing.breakdown.get("reasons", [])]
    for side, other in (("a", "b"), ("b", "a")):
        contact = getattr(pairing, f"{side}_contact")
        # A callable: the template calls it in each recipient's language.
        _notify([contact], kind="introduction", key=f"pairing:{pairing.pk}:introduced:{side}",
                template="introduction", url=reverse("coordination:pairing_detail", args=[pairing.pk]),
                context={"pairing": pairing, "other_org": getattr(pairing, f"{other}_org"),
                         "other_contact": getattr(pairing, f"{other}_contact"),
                         "reasons": lambda: sentences(reasons)})
    return pairing


@transaction.atomic
def pairing_reject(*, coordinator, pairing: Pairing, reason: str, note: str = "") -> Pairing:
    _require_coordinator(coordinator)
    if reason not in DeclineReason.values:
        raise ValidationError({"reason": _("Choose the reason for rejecting this pair.")})
    note = bounded(note, field="note", limit=REASON_NOTE_MAX)
    pairing = _locked(pairing)
    if pairing.state not in QUEUE_STATES:
        raise ValidationError({"state": _("Only pairs in the queue can be rejected; this one is “%(state)s”.") % {
            "state": pairing.get_state_display()}})
    pairing.decline_reason, pairing.decline_note = reason, note
    _move(pairing, S.REJECTED, actor=coordinator, action="reject", note=f"{reason}: {pairing.decline_note}".strip(": "))
    pairing.save()
    # A coordinator's judgement is about the need side's fit for this kind of solution.
    feedback.record(organization=pairing.a_org, solution_type=pairing.solution_type, signal=reason,
                    source=f"pairing:{pairing.pk}:rejected")
    return pairing


@transaction.atomic
def pairing_snooze(*, coordinator, pairing: Pairing, until: date, note: str = "") -> Pairing:
    _require_coordinator(coordinator)
    if until is None or until <= timezone.localdate():
        raise ValidationError({"until": _("Snooze until a date after today.")})
    note = bounded(note, field="note", limit=REASON_NOTE_MAX)
    pairing = _locked(pairing)
    if pairing.state not in QUEUE_STATES:
        raise ValidationError({"state": _("Only pairs in the queue can be snoozed.")})
    pairing.snoozed_until = until
    _move(pairing, pairing.state, actor=coordinator, action="snooze", note=f"{until.isoformat()} {note}".strip())
    pairing.save()
    return pairing


# Both sides --------------------------------------------------------------------------------------

@transaction.atomic
def pairing_answer(*, user, pairing: Pairing, accept: bool, reason: str = "", note: str = "") -> Pairing:
    """One side accepts or declines an introduction; both accepting connects the pair."""
    side = side_of(user, pairing)
    note = bounded(note, field="note", limit=REASON_NOTE_MAX)
    pairing = _locked(pairing)
    if pairing.state not in AWAITING_ANSWER:
        raise ValidationError({"state": _("This pair is “%(state)s”: there is no introduction to answer.") % {
            "state": pairing.get_state_display()}})
    if getattr(pairing, f"{side}_answer"):
        raise ValidationError({"state": _("Your organisation has already answered.")})
    now = timezone.now()
    other = "b" if side == "a" else "a"
    if accept:
        setattr(pairing, f"{side}_answer", Pairing.Answer.ACCEPTED)
        setattr(pairing, f"{side}_answered_at", now)
        if getattr(pairing, f"{other}_answer") == Pairing.Answer.ACCEPTED:
            pairing.connected_at = now
            _move(pairing, S.CONNECTED, actor=user, action="accept", now=now)
            for organization in (pairing.a_org, pairing.b_org):
                feedback.record(organization=organization, solution_type=pairing.solution_type, signal="success",
                                source=f"pairing:{pairing.pk}:connected:{organization.pk}")
        else:
            _move(pairing, S.ACCEPTED, actor=user, action="accept", now=now)
    else:
        if reason not in DeclineReason.values:
            raise ValidationError({"reason": _("Choose the reason for declining.")})
        setattr(pairing, f"{side}_answer", Pairing.Answer.DECLINED)
        setattr(pairing, f"{side}_answered_at", now)
        pairing.decline_reason, pairing.decline_note = reason, note
        _move(pairing, S.DECLINED, actor=user, action="decline", now=now,
              note=f"{reason}: {pairing.decline_note}".strip(": "))
        feedback.record(organization=getattr(pairing, f"{side}_org"), solution_type=pairing.solution_type,
                        signal=reason, source=f"pairing:{pairing.pk}:declined")
    pairing.save()
    return pairing


@transaction.atomic
def pairing_outcome(*, user, pairing: Pairing, outcome: str, note: str = "") -> Pairing:
    """Either side records what came of a connection (meeting held, pilot agreed, contract signed),
    or closes it."""
    side_of(user, pairing)
    if outcome not in (*OUTCOMES, S.CLOSED):
        raise ValidationError({"outcome": _("Choose an outcome.")})
    note = bounded(note, field="note", limit=OUTCOME_NOTE_MAX)
    pairing = _locked(pairing)
    if pairing.state not in CONNECTED_OR_BETTER:
        raise ValidationError({"outcome": _("Outcomes are recorded once both sides have accepted.")})
    now = timezone.now()
    _move(pairing, outcome, actor=user, action="outcome", note=note, now=now)
    stamp = {S.MEETING_HELD: "meeting_at", S.PILOT_AGREED: "pilot_at", S.CONTRACT_SIGNED: "contract_at",
             S.CLOSED: "closed_at"}[outcome]
    setattr(pairing, stamp, now)
    pairing.save()
    return pairing


# Messages ----------------------------------------------------------------------------------------

def can_read(user, pairing: Pairing) -> bool:
    """The two organisations (once introduced) and coordinators."""
    if getattr(user, "is_coordinator", False):
        return True
    if pairing.state in QUEUE_STATES or pairing.state == S.REJECTED or not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, organization_id__in=(pairing.a_org_id, pairing.b_org_id)).exists()


@transaction.atomic
def message_post(*, user, pairing: Pairing, body: str, upload=None) -> PairingMessage:
    side = side_of(user, pairing)
    pairing = _locked(pairing)
    if pairing.state not in CONNECTED_OR_BETTER:
        raise ValidationError({"body": _("Messages open once both sides have accepted the introduction.")})
    body = bounded(body, field="body", limit=MESSAGE_MAX)
    if not body:
        raise ValidationError({"body": _("Write a message.")})
    organization = getattr(pairing, f"{side}_org")
    message = PairingMessage.objects.create(pairing=pairing, organization=organization, author=user, body=body)
    if upload is not None:
        _attach(user, message, upload)
    other = pairing.b_org if side == "a" else pairing.a_org

    _notify(member_users(other), kind="message", key=f"message:{message.pk}", template="message",
            url=reverse("coordination:pairing_detail", args=[pairing.pk]), context={"message": message})
    return message


def _attach(user, message: PairingMessage, upload) -> None:


    try:
        kind, mime_type = inspect_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    stored = stored_file(upload, kind)
    Attachment.objects.create(content_type=ContentType.objects.get_for_model(PairingMessage), object_id=message.pk,
                              kind=kind, file=stored, original_name=PurePath(upload.name or "file").name[-200:],
                              mime_type=mime_type, size=stored.size, uploaded_by=user)


# Reminders and expiry (Celery beat) --------------------------------------------------------------

REMIND_AFTER_DAYS = (3, 7)
EXPIRE_AFTER_DAYS = 14


def remind_and_expire(*, now=None) -> dict[str, int]:
    """Remind the side that has not answered an introduction after 3 and 7 days; expire it after 14."""
    now = now or timezone.now()
    done = {"reminded": 0, "expired": 0}
    waiting = Pairing.objects.filter(state__in=AWAITING_ANSWER, introduced_at__isnull=False)
    for pairing_id in waiting.values_list("pk", flat=True):
        with transaction.atomic():
            pairing = Pairing.objects.select_for_update(of=("self",)).select_related(
                "a_org", "b_org", "a_contact", "b_contact").filter(pk=pairing_id, state__in=AWAITING_ANSWER).first()
            if pairing is None:
                continue
            age = now - pairing.introduced_at
            if age >= timedelta(days=EXPIRE_AFTER_DAYS):
                _move(pairing, S.EXPIRED, actor=None, action="expire", now=now)
                pairing.save()
                done["expired"] += 1
                continue
            due = sum(1 for days in REMIND_AFTER_DAYS if age >= timedelta(days=days))
            if due <= pairing.reminders_sent:
                continue
            for side, other in (("a", "b"), ("b", "a")):
                if getattr(pairing, f"{side}_answer"):
                    continue
                _notify([getattr(pairing, f"{side}_contact")], kind="reminder",
                        key=f"pairing:{pairing.pk}:reminder:{due}:{side}", template="reminder",
                        url=reverse("coordination:pairing_detail", args=[pairing.pk]),
                        context={"pairing": pairing, "other_org": getattr(pairing, f"{other}_org"),
                                 "days_left": max(1, EXPIRE_AFTER_DAYS - age.days)})
            PairingEvent.objects.create(pairing=pairing, at=now, actor=None, from_state=pairing.state,
                                        to_state=pairing.state, action="remind", note=str(due))
            pairing.reminders_sent = due
            pairing.save(update_fields=["reminders_sent"])
            done["reminded"] += 1
    return done
