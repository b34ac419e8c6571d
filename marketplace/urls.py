from django.urls import path

from .views import coordinator, home, organizations

urlpatterns = [
    path("", home.home, name="home"),
    path("orgs/new/", organizations.organization_create, name="organization_create"),
    path("orgs/switch/", organizations.organization_switch, name="organization_switch"),
    path("orgs/<int:pk>/", organizations.organization_detail, name="organization_detail"),
    path("orgs/<int:pk>/edit/", organizations.organization_edit, name="organization_edit"),
    path("orgs/<int:pk>/members/", organizations.organization_members, name="organization_members"),
    path("invitations/<str:token>/", organizations.invitation_accept, name="invitation_accept"),
    path("coordinator/", coordinator.verification_queue, name="coordinator_home"),
    path("coordinator/organizations/<int:pk>/verify/", coordinator.organization_verify,
         name="coordinator_verify"),
    path("coordinator/organizations/<int:pk>/reject/", coordinator.organization_reject,
         name="coordinator_reject"),
]
