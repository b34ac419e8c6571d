from django.urls import path

from .kinds import KINDS
from .views import (
    coordinator,
    home,
    interests,
    listing_types,
    listings,
    organizations,
    questions,
    saved_searches,
    type_suggestions,
)

app_name = "marketplace"
urlpatterns = [
    path("", home.home, name="home"),
    path("orgs/new/", organizations.organization_create, name="organization_create"),
    path("orgs/switch/", organizations.organization_switch, name="organization_switch"),
    path("orgs/<id:pk>/", organizations.organization_detail, name="organization_detail"),
    path("orgs/<id:pk>/edit/", organizations.organization_edit, name="organization_edit"),
    path("orgs/<id:pk>/members/", organizations.organization_members, name="organization_members"),
    path("invitations/<str:token>/", organizations.invitation_accept, name="invitation_accept"),
    path("workspace/", interests.workspace, name="workspace"),
    path("needs/suggest-types/", type_suggestions.need_type_suggestions, name="need_type_suggestions"),
    path("interests/<id:pk>/", interests.interest_detail, name="interest_detail"),
    path("interests/<id:pk>/action/", interests.interest_action, name="interest_action"),
    path("interests/<id:pk>/opened/", interests.interest_opened, name="interest_opened"),
    path("needs/<id:pk>/questions/", questions.question_ask, name="question_ask"),
    path("questions/<id:pk>/answer/", questions.question_answer, name="question_answer"),
    path("questions/<id:pk>/publish/", questions.question_publish, name="question_publish"),
    path("questions/<id:pk>/hide/", questions.question_hide, name="question_hide"),
    path("saved-searches/", saved_searches.saved_search_list, name="saved_search_list"),
    path("saved-searches/<id:pk>/", saved_searches.saved_search_update, name="saved_search_update"),
    path("saved-searches/<id:pk>/delete/", saved_searches.saved_search_delete, name="saved_search_delete"),
    path("saved-searches/unsubscribe/<str:token>/", saved_searches.saved_search_unsubscribe,
         name="saved_search_unsubscribe"),
    path("attachments/<id:pk>/", listings.attachment_download, name="attachment_download"),
    path("attachments/<id:pk>/delete/", listings.attachment_delete, name="attachment_delete"),
    path("coordinator/organizations/", coordinator.verification_queue, name="coordinator_organizations"),
    path("coordinator/audit/", coordinator.audit_log, name="audit_log"),
    path("coordinator/organizations/<id:pk>/verify/", coordinator.organization_verify,
         name="coordinator_verify"),
    path("coordinator/organizations/<id:pk>/reject/", coordinator.organization_reject,
         name="coordinator_reject"),
]

for kind in listing_types.CORRECTABLE:  # a coordinator corrects the guessed types
    urlpatterns.append(path(f"{KINDS[kind].url_prefix}/<id:pk>/types/", listing_types.listing_types,
                            {"kind": kind}, name=f"{kind}_types"))

for kind, entry in KINDS.items():
    prefix, kw = entry.url_prefix, {"kind": kind}
    urlpatterns += [
        path(f"{prefix}/", listings.listing_list, kw, name=f"{kind}_list"),
        path(f"{prefix}/new/", listings.listing_create, kw, name=f"{kind}_create"),
        path(f"{prefix}/<id:pk>/", listings.listing_detail, kw, name=f"{kind}_detail"),
        path(f"{prefix}/<id:pk>/edit/", listings.listing_edit, kw, name=f"{kind}_edit"),
        path(f"{prefix}/<id:pk>/status/", listings.listing_status, kw, name=f"{kind}_status"),
        path(f"{prefix}/<id:pk>/attachments/", listings.attachment_upload, kw, name=f"{kind}_attach"),
        path(f"{prefix}/<id:pk>/interest/", interests.interest_send, kw, name=f"{kind}_interest"),
    ]
