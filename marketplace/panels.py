"""What the layers above the marketplace add to its pages, registered in their ``AppConfig.ready``
(as Django's admin is filled): panels on a listing's page (the matching engine's ranked matches) and on
the workspace (coordination's introductions), who may read attachments that belong to their models
(coordination's messages), and who may see a need's contact details (both sides of a connection)."""

from collections.abc import Callable

#: panel(request, listing) -> extra context for the listing's page
_listing_panels: list[Callable] = []
#: model -> can_read(user, obj): attachments of that model are served to whom it allows
attachment_readers: dict[type, Callable] = {}
#: revealer(organization_ids) -> ids of the needs whose contact details those organisations may see
_contact_revealers: list[Callable] = []
#: panel(organization) -> extra context for the organisation's workspace
_workspace_panels: list[Callable] = []
#: panel(request, interest) -> extra context for an interest's page (its connection, once mutual)
_interest_panels: list[Callable] = []


def register_listing_panel(panel: Callable) -> None:
    if panel not in _listing_panels:
        _listing_panels.append(panel)


def register_attachment_reader(model: type, can_read: Callable) -> None:
    attachment_readers[model] = can_read


def register_contact_revealer(revealer: Callable) -> None:
    if revealer not in _contact_revealers:
        _contact_revealers.append(revealer)


def register_workspace_panel(panel: Callable) -> None:
    if panel not in _workspace_panels:
        _workspace_panels.append(panel)


def register_interest_panel(panel: Callable) -> None:
    if panel not in _interest_panels:
        _interest_panels.append(panel)


def interest_context(request, interest) -> dict:
    context = {}
    for panel in _interest_panels:
        context.update(panel(request, interest))
    return context


def revealed_needs(organization_ids) -> set[int]:
    found = set()
    for revealer in _contact_revealers:
        found |= set(revealer(organization_ids))
    return found


def workspace_context(organization) -> dict:
    context = {}
    for panel in _workspace_panels:
        context.update(panel(organization))
    return context


def context_for(request, listing) -> dict:
    context = {}
    for panel in _listing_panels:
        context.update(panel(request, listing))
    return context
