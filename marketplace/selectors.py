"""Reads: plain functions that return querysets or objects for views, the API and commands."""

import functools

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone

from openlab.accounts.signed_in import user_rows
from openlab.rows import column, columns, fetch, instances, joined, partial

from . import panels
from .models import (
    Attachment,
    Interest,
    Invitation,
    Membership,
    Municipality,
    Need,
    Organization,
    PartnershipRequest,
    Question,
    Solution,
    SolutionField,
    SolutionType,
)
from .type_inference import solution_types, stored_inferred_types

#: the memberships read with every signed-in user (``register_user_rows`` in ``MarketplaceConfig.ready``)
MEMBERSHIPS = "memberships"


def memberships_of(user) -> list[Membership]:
    """The user's memberships with their organisations, by organisation name (read once per request).

    Every signed-in request reads them: with the user, in the query that reads the session or the
    user (``openlab.accounts.signed_in``), or else in one plain query written out from the models'
    tables and columns (``openlab.rows``), because compiling the ORM's join costs several times
    running it (docs/performance.md)."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_memberships_cache", None)
    if cached is None:
        read = user_rows(user).get(MEMBERSHIPS)
        if read is None:
            read = joined(fetch(_memberships_sql(), [user.pk], prepare=True), Membership, Organization)
        memberships = []
        for membership, organization in read:
            membership.organization, membership.user = organization, user
            memberships.append(membership)
        cached = sorted(memberships, key=lambda m: (m.organization.name, m.pk))
        user._memberships_cache = cached
    return cached


def memberships_select() -> str:
    """The columns of the memberships read with the user, and their organisations'."""
    return f'{columns(Membership, "ol_m")}, {columns(Organization, "ol_o")}'


def memberships_join(user_alias: str) -> str:
    """The user's memberships and their organisations, joined to the user table aliased ``user_alias``."""
    return (f'LEFT JOIN "{Membership._meta.db_table}" ol_m ON {column(Membership, "user", "ol_m")} = '
            f'{user_alias}."{Membership._meta.get_field("user").target_field.column}" '
            f'LEFT JOIN "{Organization._meta.db_table}" ol_o ON {column(Organization, "id", "ol_o")} = '
            f'{column(Membership, "organization", "ol_m")}')


@functools.cache
def _memberships_sql() -> str:
    return (f'SELECT {columns(Membership, "m")}, {columns(Organization, "o")} FROM "{Membership._meta.db_table}" m '
            f'JOIN "{Organization._meta.db_table}" o ON {column(Organization, "id", "o")} = '
            f'{column(Membership, "organization", "m")} WHERE {column(Membership, "user", "m")} = %s')


def active_membership_for(user, organization_id) -> Membership | None:
    memberships = memberships_of(user)
    for membership in memberships:
        if membership.organization_id == organization_id:
            return membership
    return memberships[0] if memberships else None


def membership_of(*, user, organization: Organization) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, organization=organization).first()


def organizations_visible_to(user) -> QuerySet[Organization]:
    """Verified organisations for everyone; one's own and, for coordinators, all of them."""
    qs = Organization.objects.all()
    if getattr(user, "is_coordinator", False):
        return qs
    if user.is_authenticated:
        return qs.filter(Q(status=Organization.Status.VERIFIED) | Q(memberships__user=user)).distinct()
    return qs.filter(status=Organization.Status.VERIFIED)


def verification_queue(*, status: str = Organization.Status.PENDING) -> QuerySet[Organization]:
    return (Organization.objects.filter(status=status)
            .select_related("municipality", "municipality__parent", "hq_sido", "created_by")
            .order_by("created_at"))


def organization_members(*, organization: Organization) -> QuerySet[Membership]:
    return organization.memberships.select_related("user").order_by("-role", "user__email")


def member_users(organization: Organization) -> list:
    """The organisation's active members: who hears about what concerns it."""
    return [m.user for m in organization.memberships.select_related("user").order_by("pk") if m.user.is_active]


def pending_invitations(*, organization: Organization) -> QuerySet[Invitation]:
    return organization.invitations.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )


def municipalities_search(*, sido: str | None = None, q: str | None = None, level: str | None = None):
    qs = Municipality.objects.select_related("parent")
    if sido:
        qs = qs.filter(Q(parent_id=sido) | Q(code=sido))
    if level:
        qs = qs.filter(level=level)
    if q:
        qs = qs.filter(Q(name_ko__icontains=q) | Q(name_en__icontains=q) | Q(code__startswith=q))
    return qs


def municipality_by_code(code: str) -> Municipality | None:
    """Look a municipality up by its current code or by an old code kept as an alias."""
    code = (code or "").strip()
    found = Municipality.objects.filter(code=code).first()
    if found is None:
        found = Municipality.objects.filter(aliases__code=code).first()
    return found


def taxonomy() -> QuerySet[SolutionField]:
    return SolutionField.objects.prefetch_related("types").order_by("position")


# Listings ----------------------------------------------------------------------------------------

def member_organization_ids(user) -> list[int]:
    return [m.organization_id for m in memberships_of(user)]


def owner_organization_ids(user, model) -> list[int]:
    """The user's organisations of a kind that owns ``model`` listings (whose drafts they see)."""
    return [m.organization_id for m in memberships_of(user) if m.organization.kind in model.OWNER_KINDS]


def sees_public_listings(user, model) -> bool:
    """Whether ``user`` sees exactly the ``model`` listings an anonymous visitor does: nobody's drafts
    (no membership of an organisation that owns such listings) and not everything (not a coordinator).
    What such a viewer reads may come from the anonymous visitors' page cache."""
    if not getattr(user, "is_authenticated", False):
        return True
    if getattr(user, "is_coordinator", False) or owner_organization_ids(user, model):
        return False
    # A need shows its contact details to the companies connected with it.
    return model.kind != "need" or not _contact_scope(user).revealed


def listings_visible_to(model, user) -> QuerySet:
    """Every ``model`` listing ``user`` may see: public ones of verified organisations, all of their
    own organisations' (of a kind that owns such listings) and, for coordinators, all. Pages, API,
    counts and exports all start here."""
    qs = model.objects.select_related("organization")
    if getattr(user, "is_coordinator", False):
        return qs
    public = Q(status__in=model.PUBLIC_STATUSES, organization__status=Organization.Status.VERIFIED)
    own = owner_organization_ids(user, model) if user.is_authenticated else []
    if own:
        return qs.filter(public | Q(organization_id__in=own))
    return qs.filter(public)


def may_see_listing(user, listing) -> bool:
    """``listings_visible_to`` for one listing already read (with its organisation)."""
    if getattr(user, "is_coordinator", False) or listing.is_public:
        return True
    return bool(user.is_authenticated) and listing.organization_id in owner_organization_ids(user, type(listing))


def listing_for(model, *, user, pk) -> object | None:
    """One listing if ``user`` may see it, else None (the caller answers 404)."""
    return next(iter(listings_visible_to(model, user).filter(pk=pk).order_by()[:1]), None)


def board_listings(model, user) -> QuerySet:
    """What the public boards show unless a status filter says otherwise."""
    return listings_visible_to(model, user).filter(status__in=model.LISTED_STATUSES,
                                                   organization__status=Organization.Status.VERIFIED)


def organization_listings(*, organization: Organization, user):
    return {model.kind: listings_visible_to(model, user).filter(organization=organization)
            for model in (Solution, Need, PartnershipRequest)}


def attachments_of(listing):
    return Attachment.objects.filter(content_type=ContentType.objects.get_for_model(listing),
                                     object_id=listing.pk)


def solutions_of(organization: Organization, *, published_only: bool = True):
    qs = Solution.objects.filter(organization=organization)
    return qs.filter(status=Solution.Status.PUBLISHED) if published_only else qs


#: What an organisation's listings must be to be offered in its interest forms.
CHOOSABLE = {Need: Need.Status.OPEN, Solution: Solution.Status.PUBLISHED}


def titles_to_choose(model, organization) -> list:
    """The organisation's listings its interest forms offer (open needs, published solutions), by
    title, as instances holding their id and title: one plain query, as every listing page a member
    of an organisation opens shows such a form."""
    return [partial(model, ["id", "title"], row)
            for row in fetch(_titles_sql(model), [organization.pk, CHOOSABLE[model]], prepare=True)]


@functools.cache
def _titles_sql(model) -> str:
    pk, title = column(model, "id", "t"), column(model, "title", "t")
    return (f'SELECT {pk}, {title} FROM "{model._meta.db_table}" t WHERE {column(model, "organization", "t")} = %s '
            f'AND {column(model, "status", "t")} = %s ORDER BY {title}, {pk}')


# Interests ---------------------------------------------------------------------------------------

def interests_visible_to(user) -> QuerySet:
    qs = Interest.objects.select_related("sender", "recipient", "need", "solution", "partnership",
                                         "need__organization", "solution__organization",
                                         "partnership__organization")
    scope = _interest_scope(user)
    if scope is None:
        return qs.none()
    return qs if scope is ALL else qs.filter(scope)


ALL = object()


def _interest_scope(user):
    """Which interests ``user`` may see: ``ALL`` (coordinators), those sent or received by their
    organisations (a ``Q``), or None when they belong to none."""
    if getattr(user, "is_coordinator", False):
        return ALL
    own = member_organization_ids(user) if user.is_authenticated else []
    return (Q(sender_id__in=own) | Q(recipient_id__in=own)) if own else None


def interest_inbox(*, organization: Organization, box: str) -> QuerySet:
    qs = Interest.objects.select_related("sender", "recipient", "need", "solution", "partnership")
    return qs.filter(recipient=organization) if box == "received" else qs.filter(sender=organization)


def interests_between(*, user, listing) -> list:
    """The interests the viewer's organisations have about ``listing`` (shown on its page), newest
    first, with both organisations and the titles of what they are about, in plain queries
    (``openlab.rows``), as every visit of a listing by a member of an organisation reads them. Most
    such visits find none: a look at the interests alone comes first (the database plans the join
    of six tables in several times the time it takes to find nothing)."""
    scope = _interest_scope(user)
    if scope is None:
        return []
    own = [] if scope is ALL else member_organization_ids(user)
    params = [listing.pk, *own, *own]
    if not fetch(_interests_about_sql(listing.kind, len(own), first_only=True), params, prepare=True):
        return []
    rows = fetch(_interests_about_sql(listing.kind, len(own)), params, prepare=True)
    interests = []
    for row, (interest, sender, recipient) in zip(rows, joined(rows, Interest, Organization, Organization)):
        interest.sender, interest.recipient = sender, recipient
        for (name, model), title in zip(_ABOUT, row[-len(_ABOUT):]):
            pk = getattr(interest, f"{name}_id")
            setattr(interest, name, partial(model, ["id", "title"], [pk, title]) if pk else None)
        interests.append(interest)
    return interests


#: What an interest is about, whose titles an interest list shows.
_ABOUT = (("need", Need), ("solution", Solution), ("partnership", PartnershipRequest))


@functools.cache
def _interests_about_sql(kind: str, own: int, first_only: bool = False) -> str:
    """Interests about a listing of ``kind`` sent or received by ``own`` organisations (all when 0),
    or (``first_only``) whether there is one."""
    table, organizations = Interest._meta.db_table, Organization._meta.db_table

    def of(name):
        return column(Interest, name, "i")

    joins = " ".join(f'LEFT JOIN "{model._meta.db_table}" a{n} ON {column(model, "id", f"a{n}")} = {of(name)}'
                     for n, (name, model) in enumerate(_ABOUT))
    titles = ", ".join(column(model, "title", f"a{n}") for n, (_name, model) in enumerate(_ABOUT))
    where = f'{of(kind)} = %s'
    if own:
        marks = ", ".join(["%s"] * own)
        where += f' AND ({of("sender")} IN ({marks}) OR {of("recipient")} IN ({marks}))'
    if first_only:
        return f'SELECT 1 FROM "{table}" i WHERE {where} LIMIT 1'
    return (f'SELECT {columns(Interest, "i")}, {columns(Organization, "s")}, {columns(Organization, "r")}, {titles} '
            f'FROM "{table}" i JOIN "{organizations}" s ON {column(Organization, "id", "s")} = {of("sender")} '
            f'JOIN "{organizations}" r ON {column(Organization, "id", "r")} = {of("recipient")} {joins} '
            f'WHERE {where} ORDER BY {of("updated_at")} DESC, {of("id")} DESC')


def award_candidates(need) -> list[Solution]:
    """The solutions proposed for or invited to ``need`` (its "mark as awarded" choice), newest
    first, with their organisations: one plain query, as every view of a need by its owner reads it."""
    solutions = []
    for solution, organization in joined(fetch(_award_candidates_sql(), [need.pk], prepare=True), Solution, Organization):
        solution.organization = organization
        solutions.append(solution)
    return solutions


@functools.cache
def _award_candidates_sql() -> str:
    return (f'SELECT {columns(Solution, "s")}, {columns(Organization, "o")} FROM "{Solution._meta.db_table}" s '
            f'JOIN "{Organization._meta.db_table}" o ON {column(Organization, "id", "o")} = '
            f'{column(Solution, "organization", "s")} '
            f'WHERE {column(Solution, "id", "s")} IN (SELECT {column(Interest, "solution", "i")} '
            f'FROM "{Interest._meta.db_table}" i WHERE {column(Interest, "need", "i")} = %s) '
            f'ORDER BY {column(Solution, "published_at", "s")} DESC, {column(Solution, "created_at", "s")} DESC, '
            f'{column(Solution, "id", "s")}')


def listings_with_interests_of(organization_ids) -> frozenset[tuple[str, int]]:
    """``(kind, pk)`` of every listing the organisations have sent or received an interest about."""

    rows = Interest.objects.filter(Q(sender_id__in=organization_ids) | Q(recipient_id__in=organization_ids))
    found = set()
    for need_id, solution_id, partnership_id in rows.values_list("need_id", "solution_id", "partnership_id"):
        found.update((kind, pk) for kind, pk in (("need", need_id), ("solution", solution_id),
                                                 ("partnership", partnership_id)) if pk is not None)
    return frozenset(found)


def can_see_need_contact(user, need) -> bool:
    """A need's contact e-mail and phone are personal data (PIPA): the municipality itself and
    coordinators see them, and another organisation only once it is introduced to this need or the
    two sides' interest in each other is mutual."""
    if getattr(user, "is_coordinator", False):
        return True
    if getattr(user, "is_authenticated", False) and need.organization_id in member_organization_ids(user):
        return True  # the municipality's own page: no need to read its introductions
    return _contact_scope(user).allows(need)


class _ContactScope:
    def __init__(self, user):
        self.everything = bool(getattr(user, "is_coordinator", False))
        self.own, self.revealed = set(), set()
        if self.everything or not getattr(user, "is_authenticated", False):
            return
        self.own = set(member_organization_ids(user))
        if not self.own:
            return
        self.revealed = set(Interest.objects.filter(mutual_at__isnull=False, need__isnull=False).filter(
            Q(sender_id__in=self.own) | Q(recipient_id__in=self.own)).values_list("need_id", flat=True))
        self.revealed |= panels.revealed_needs(self.own)

    def allows(self, need) -> bool:
        return self.everything or need.organization_id in self.own or need.pk in self.revealed


def _contact_scope(user) -> _ContactScope:
    """Read once per request (the request's user object carries it), not once per listed need."""
    if user is None:
        return _ContactScope(None)
    scope = getattr(user, "_need_contact_scope", None)
    if scope is None:
        scope = _ContactScope(user)
        try:
            user._need_contact_scope = scope
        except AttributeError:  # AnonymousUser may refuse attributes
            pass
    return scope


def questions_visible_to(user, need) -> list:
    """A need's questions as the viewer may see them, oldest first: answered and published ones for
    everyone; the need's organisation and coordinators see all; an asking organisation also sees its
    own. One plain query (``openlab.rows``): every view of a need reads them."""
    mine = member_organization_ids(user) if user.is_authenticated else []
    if getattr(user, "is_coordinator", False) or need.organization_id in mine:
        return instances(Question, fetch(_questions_sql(None), [need.pk], prepare=True))
    return instances(Question, fetch(_questions_sql(len(mine)), [need.pk, *Question.PUBLIC_STATES, *mine], prepare=True))


@functools.cache
def _questions_sql(own: int | None) -> str:
    """A need's questions: all (``own`` None), or the public ones and those of ``own`` organisations."""
    def of(name):
        return column(Question, name, "q")

    where = f'{of("need")} = %s'
    if own is not None:
        public = ", ".join(["%s"] * len(Question.PUBLIC_STATES))
        mine = f' OR {of("organization")} IN ({", ".join(["%s"] * own)})' if own else ""
        where += f' AND ({of("state")} IN ({public}){mine})'
    return f'SELECT {columns(Question, "q")} FROM "{Question._meta.db_table}" q WHERE {where} ORDER BY {of("created_at")}, {of("id")}'


def asking_companies(user) -> list[Organization]:
    """The verified companies the user may ask questions for, oldest first (from the memberships the
    request has read already: no query of its own)."""
    return sorted((m.organization for m in memberships_of(user)
                   if m.organization.kind == Organization.Kind.COMPANY and m.organization.is_verified),
                  key=lambda organization: organization.pk)


def names_types(listing) -> bool:
    """Whether the listing's author chose types (from the types read with the listing, when they were)."""
    return bool(listing.types.all())


def inferred_types_for(listing) -> list[tuple[SolutionType, int]]:
    """The types guessed for a need or partnership request that names none, with their confidence in
    percent, as its search document stores them (what the matching uses)."""
    if listing.kind == "solution" or names_types(listing):
        return []
    guessed = stored_inferred_types(listing, or_now=False)
    found = solution_types()
    return [(found[code], round(100 * c)) for code, c in guessed if code in found]
