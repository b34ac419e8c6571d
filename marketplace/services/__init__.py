"""Writes: plain functions with keyword-only arguments; each owns its transaction and raises
``ValidationError`` (with a field where there is one) or ``PermissionDenied`` on a refused action.

``organizations`` (organisations, memberships, invitations, verification), ``listings`` (solutions,
needs, partnership requests, attachments), ``interests`` (two-way interest) and ``questions``
(clarification questions on needs)."""

from .interests import (
    interest_accept,
    interest_decline,
    interest_invite,
    interest_mark_opened,
    interest_propose,
    interest_respond,
    interest_withdraw,
    pair_is_mutual,
)
from .listings import (
    attachment_add,
    attachment_remove,
    listing_create,
    listing_guesses_refresh,
    listing_save,
    listing_set_status,
    listing_set_types,
    listing_update,
    require_member,
)
from .organizations import (
    ORGANIZATION_FIELDS,
    invitation_accept,
    invitation_create,
    invitation_for_token,
    invitation_revoke,
    membership_remove,
    membership_set_role,
    municipality_set_population,
    organization_create,
    organization_reject,
    organization_update,
    organization_verify,
)
from .questions import asking_organization, question_answer, question_ask, question_hide, question_publish

__all__ = [
    "asking_organization",
    "question_answer",
    "question_ask",
    "question_hide",
    "question_publish",
    "ORGANIZATION_FIELDS", "attachment_add", "attachment_remove", "interest_accept", "interest_decline",
    "interest_invite", "interest_mark_opened", "interest_propose", "interest_respond", "interest_withdraw",
    "invitation_accept", "invitation_create", "invitation_for_token", "invitation_revoke", "listing_create", "listing_guesses_refresh",
    "listing_save", "listing_set_status", "listing_set_types", "listing_update", "membership_remove", "membership_set_role",
    "municipality_set_population", "organization_create", "organization_reject", "organization_update",
    "organization_verify", "pair_is_mutual", "require_member",
]
