"""The REST API router (``/api/v1/``)."""

from rest_framework.routers import DefaultRouter

from marketplace.api.listing_views import (
    InterestViewSet, NeedViewSet, OrganizationViewSet, PartnershipViewSet, SolutionViewSet,
)
from marketplace.api.views import MunicipalityViewSet, TaxonomyViewSet
from matching.api import MatchViewSet, NotificationViewSet, StatsViewSet

router = DefaultRouter()
router.register("municipalities", MunicipalityViewSet, basename="municipality")
router.register("taxonomy", TaxonomyViewSet, basename="taxonomy")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("solutions", SolutionViewSet, basename="solution")
router.register("needs", NeedViewSet, basename="need")
router.register("partnerships", PartnershipViewSet, basename="partnership")
router.register("interests", InterestViewSet, basename="interest")
router.register("matches", MatchViewSet, basename="match")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("stats", StatsViewSet, basename="stats")

urlpatterns = router.urls
