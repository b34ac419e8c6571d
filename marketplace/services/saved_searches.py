"""Writes for saved searches: save the board's search (checked by the board's own filters), rename,
delete, unsubscribe by a signed token; and, after listings are indexed, record what each saved search
would show that was published since it was saved, telling its owner once: at once (``instant``), or
in the daily or weekly digest."""

from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from openlab.notifications.services import notify
from openlab.text_limits import bounded

from ..filters import FILTERSETS
from ..kinds import BY_PREFIX, KINDS
from ..models import SavedSearch, SavedSearchHit
from ..selectors import board_listings

PER_USER = 50
UNSUBSCRIBE_SALT = "openlab.saved-search.unsubscribe"


def _listing_kind(board: str) -> str:
    return BY_PREFIX[board].name


def normalized_query(board: str, query: str) -> str:
    """The board's query string as the board reads it (``page`` dropped, order fixed); unknown or
    invalid filters are a field error, as the board's own form would say."""
    if board not in SavedSearch.Board.values:
        raise ValidationError({"kind": _("Choose the needs, solutions or partnerships board.")})
    params = QueryDict((query or "").lstrip("?"), mutable=True)
    params.pop("page", None)
    filterset_class = FILTERSETS[_listing_kind(board)]
    unknown = sorted(set(params) - set(filterset_class.base_filters))
    if unknown:
        raise ValidationError({"query": _("Unknown filters: %(names)s.") % {"names": ", ".join(unknown)}})
    filterset = filterset_class(params, queryset=KINDS[_listing_kind(board)].model.objects.none())
    if not filterset.is_valid():
        raise ValidationError({"query": [f"{name}: {' '.join(errors)}" for name, errors in filterset.errors.items()]})
    pairs = sorted((key, value) for key, values in params.lists() for value in values if value.strip())
    normalized = urlencode(pairs)
    if len(normalized) > 500:
        raise ValidationError({"query": _("This search is too long to save.")})
    return normalized


def _default_name(board: str, query: str) -> str:
    params = QueryDict(query)
    words = [params.get("q", "").strip()] + [v for k, v in params.items() if k not in ("q", "sort") and v]
    label = str(SavedSearch.Board(board).label)
    return (f"{label}: " + " · ".join(w for w in words if w))[:100] if any(words) else label


def _name(value, board, query) -> str:
    return bounded(value, field="name", limit=100) or _default_name(board, query)


def _frequency(value) -> str:
    if value not in SavedSearch.Frequency.values:
        raise ValidationError({"frequency": _("Choose instant, daily or weekly.")})
    return value


@transaction.atomic
def saved_search_create(*, user, kind: str, query: str, frequency: str, name: str = "") -> SavedSearch:
    if not (user and user.is_authenticated):
        raise PermissionDenied(_("Sign in to save a search."))
    query = normalized_query(kind, query)
    frequency = _frequency(frequency)
    if SavedSearch.objects.filter(user=user).count() >= PER_USER:
        raise ValidationError({"kind": _("You have %(n)d saved searches already. Delete one first.") % {
            "n": PER_USER}})
    return SavedSearch.objects.create(user=user, kind=kind, query=query, frequency=frequency,
                                      name=_name(name, kind, query))


def _own(user, saved: SavedSearch) -> SavedSearch:
    saved = SavedSearch.objects.select_for_update().filter(pk=saved.pk, user=user).first()
    if saved is None:
        raise PermissionDenied(_("This is not your saved search."))
    return saved


@transaction.atomic
def saved_search_update(*, user, saved: SavedSearch, name=None, frequency=None) -> SavedSearch:
    saved = _own(user, saved)
    if name is not None:
        saved.name = _name(name, saved.kind, saved.query)
    if frequency is not None:
        saved.frequency = _frequency(frequency)
    saved.save()
    return saved


@transaction.atomic
def saved_search_delete(*, user, saved: SavedSearch) -> None:
    _own(user, saved).delete()


def _site() -> str:
    return settings.SITE_URL.rstrip("/")


def unsubscribe_token(saved: SavedSearch) -> str:
    """Signed, and the same every time (a link in last month's e-mail still works)."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object({"s": saved.pk, "u": saved.user_id})


def unsubscribe_url(saved: SavedSearch) -> str:
    return reverse("marketplace:saved_search_unsubscribe", args=[unsubscribe_token(saved)])


def saved_search_for_token(token: str) -> SavedSearch | None:
    try:
        data = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError):
        return None
    return SavedSearch.objects.filter(pk=data.get("s"), user_id=data.get("u")).first()


@transaction.atomic
def saved_search_unsubscribe(*, token: str) -> bool:
    """Delete the saved search the signed token names (no sign-in); False when it is not valid or
    the search is gone already."""
    saved = saved_search_for_token(token)
    if saved is None:
        return False
    saved.delete()
    return True


# Alerts ------------------------------------------------------------------------------------------

def matching_ids(saved: SavedSearch, ids) -> set[int]:
    """Which of these listings the saved search's board would show its owner now."""
    kind = _listing_kind(saved.kind)
    base = board_listings(KINDS[kind].model, saved.user).filter(pk__in=list(ids))
    filterset = FILTERSETS[kind](QueryDict(saved.query), queryset=base)
    return set(filterset.qs.values_list("pk", flat=True)) if filterset.is_valid() else set()


def _unsubscribe_headers(saved: SavedSearch) -> dict:
    """RFC 8058: mail clients show their own one-click "unsubscribe", which POSTs to the link."""
    return {"List-Unsubscribe": f"<{_site()}{unsubscribe_url(saved)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def _notify_hit(saved: SavedSearch, hit: SavedSearchHit) -> None:
    kind = _listing_kind(saved.kind)
    notify(users=[saved.user], kind="saved_search", key=f"saved-search:{saved.pk}:{hit.listing_id}",
           template="saved_search_hit", url=reverse(f"marketplace:{kind}_detail", args=[hit.listing_id]),
           context={"saved": saved, "hits": [hit], "unsubscribe_url": unsubscribe_url(saved), "site_url": _site()},
           email_headers=_unsubscribe_headers(saved))


def saved_searches_check(*, kind: str, ids) -> int:
    """After listings of ``kind`` were indexed: record, for every saved search of that board, the
    listings it would show that were published after it was saved; tell ``instant`` owners at once.
    A listing is recorded once per saved search, so an edit never tells anyone again."""
    model = KINDS[kind].model
    published = {listing.pk: listing for listing in model.objects.filter(
        pk__in=list(ids), published_at__isnull=False).only("pk", "title", "published_at")}
    if not published:
        return 0
    board = KINDS[kind].url_prefix
    found = 0
    latest = max(listing.published_at for listing in published.values())
    # Every edit reindexes its listing: what a search recorded already is not searched for again.
    recorded = set(SavedSearchHit.objects.filter(saved_search__kind=board, listing_id__in=list(published))
                   .values_list("saved_search_id", "listing_id"))
    for saved in SavedSearch.objects.filter(kind=board, created_at__lte=latest).select_related("user"):
        fresh = [pk for pk, listing in published.items()
                 if listing.published_at >= saved.created_at and (saved.pk, pk) not in recorded]
        if not fresh or not saved.user.is_active:
            continue
        for pk in sorted(matching_ids(saved, fresh)):
            try:
                with transaction.atomic():
                    hit = SavedSearchHit.objects.create(saved_search=saved, listing_id=pk,
                                                        title=published[pk].title[:200])
            except IntegrityError:  # recorded already: never told twice
                continue
            found += 1
            if saved.frequency == SavedSearch.Frequency.INSTANT:
                _notify_hit(saved, hit)
                SavedSearchHit.objects.filter(pk=hit.pk).update(sent_at=timezone.now())
    return found


@transaction.atomic
def saved_search_digest(*, saved: SavedSearch) -> int:
    """One notification listing the saved search's hits not told yet (daily and weekly searches)."""
    hits = list(SavedSearchHit.objects.select_for_update().filter(saved_search=saved, sent_at__isnull=True))
    if not hits:
        return 0
    now = timezone.now()
    notify(users=[saved.user], kind="saved_search", key=f"saved-search:{saved.pk}:digest:{hits[-1].pk}",
           template="saved_search_digest", url=reverse("marketplace:saved_search_list"),
           context={"saved": saved, "hits": hits, "kind": _listing_kind(saved.kind),
                    "unsubscribe_url": unsubscribe_url(saved), "site_url": _site()},
           email_headers=_unsubscribe_headers(saved))
    SavedSearchHit.objects.filter(pk__in=[hit.pk for hit in hits]).update(sent_at=now)
    return len(hits)


def saved_search_digests(*, frequency: str) -> int:
    """Celery beat, daily and weekly: the digests of that frequency."""
    searches = SavedSearch.objects.filter(frequency=frequency, hits__sent_at__isnull=True).distinct()
    return sum(1 for saved in searches.select_related("user") if saved_search_digest(saved=saved))
