"""What moves each listing kind's cache generation on (``caching.bump``): any saved or deleted row
that a board, an API list or the facet counts of that kind show; and the cached signed-in users'
(``principal``) on any change to users, groups, memberships or organisations."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from . import caching


def _invalidator(*kinds):
    def handler(sender, **kwargs):
        if kwargs.get("raw"):  # loaddata / restore: nothing is cached for the rows being loaded
            return
        caching.bump(*kinds)
    return handler


def watch(model, *kinds) -> None:
    """Bump the kinds' caches whenever ``model`` is saved or deleted (all kinds when none are named)."""
    handler = _invalidator(*kinds)
    post_save.connect(handler, sender=model, weak=False, dispatch_uid=f"listing-cache-save-{model._meta.label}")
    post_delete.connect(handler, sender=model, weak=False, dispatch_uid=f"listing-cache-delete-{model._meta.label}")


def watch_rows(model, generations_of, *, name: str) -> None:
    """Bump the generations ``generations_of(instance, update_fields)`` names whenever a row of
    ``model`` is saved or deleted (per-row generations: a listing's interests, a match run, a user's
    unread count)."""
    def handler(sender, instance, raw=False, update_fields=None, **kwargs):
        if not raw:
            names = generations_of(instance, update_fields)
            if names:
                caching.bump(*names)

    post_save.connect(handler, sender=model, weak=False, dispatch_uid=f"{name}-save")
    post_delete.connect(handler, sender=model, weak=False, dispatch_uid=f"{name}-delete")


def watch_m2m(through, *kinds) -> None:
    m2m_changed.connect(_invalidator(*kinds), sender=through, weak=False,
                        dispatch_uid=f"listing-cache-m2m-{through._meta.label}")


def interest_generations(instance, update_fields=None) -> list[str]:
    """The interests shown on the pages of the listings an interest is about, and which listings the
    two organisations have interests about; and the need caches when it became (or ceased to be)
    mutual, which reveals the need's contact details. A proposal sent or its message edited changes
    no listing."""
    names = [caching.interests_generation(kind, getattr(instance, f"{kind}_id"))
             for kind in ("need", "solution", "partnership") if getattr(instance, f"{kind}_id") is not None]
    names += [caching.organization_interests_generation(pk) for pk in {instance.sender_id, instance.recipient_id}
              if pk is not None]
    if instance.need_id is not None:
        if update_fields is not None:
            mutual = "mutual_at" in update_fields
        else:  # created, a full save, or deleted: only a mutual one mattered
            mutual = instance.mutual_at is not None
        if mutual:
            names.append("need")
    return names


def connect() -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from .models import (
        Attachment, Deployment, Interest, Membership, Municipality, Need, Organization, PartnershipRequest, Solution,
        SolutionField, SolutionType,
    )
    from .principal import GENERATION as PRINCIPAL

    watch(Solution, "solution")
    watch(Deployment, "solution")
    watch_m2m(Solution.types.through, "solution")
    watch_m2m(Solution.service_sidos.through, "solution")
    watch(Need, "need")
    watch_m2m(Need.types.through, "need")
    watch(PartnershipRequest, "partnership")
    watch_m2m(PartnershipRequest.types.through, "partnership")
    watch_rows(Interest, interest_generations, name="listing-cache-interest")
    watch(Organization, *caching.KINDS, PRINCIPAL)  # listings show it; members' headers show it too
    watch(Attachment)  # shown on its listing's page
    for shared in (Municipality, SolutionType, SolutionField):
        watch(shared)
    # The cached signed-in user (principal.py): their account, coordinator group and memberships.
    User = get_user_model()
    for model in (User, Group, Membership):
        watch(model, PRINCIPAL)
    watch_m2m(User.groups.through, PRINCIPAL)
