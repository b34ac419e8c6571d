"""What moves each listing kind's cache generation on (``caching.bump``): any saved or deleted row
that a board, an API list or the facet counts of that kind show."""

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


def watch_m2m(through, *kinds) -> None:
    m2m_changed.connect(_invalidator(*kinds), sender=through, weak=False,
                        dispatch_uid=f"listing-cache-m2m-{through._meta.label}")


def connect() -> None:
    from .models import (
        Deployment, Interest, Municipality, Need, Organization, PartnershipRequest, Solution, SolutionField,
        SolutionType,
    )

    watch(Solution, "solution")
    watch(Deployment, "solution")
    watch_m2m(Solution.types.through, "solution")
    watch_m2m(Solution.service_sidos.through, "solution")
    watch(Need, "need")
    watch_m2m(Need.types.through, "need")
    watch(PartnershipRequest, "partnership")
    watch_m2m(PartnershipRequest.types.through, "partnership")
    watch(Interest, "need")  # a mutual interest shows a need's contact details to the company
    for shared in (Organization, Municipality, SolutionType, SolutionField):
        watch(shared)
