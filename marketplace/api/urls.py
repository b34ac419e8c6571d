"""``/api/v1/``: the marketplace's endpoints (the router's root lists them)."""

from rest_framework.routers import DefaultRouter

from .listing_views import (
    InterestViewSet,
    NeedViewSet,
    OrganizationViewSet,
    PartnershipViewSet,
    SolutionViewSet,
)
from .saved_searches import SavedSearchViewSet
from .views import MunicipalityViewSet, TaxonomyViewSet

router = DefaultRouter()
router.register("municipalities", MunicipalityViewSet, basename="municipality")
router.register("taxonomy", TaxonomyViewSet, basename="taxonomy")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("solutions", SolutionViewSet, basename="solution")
router.register("needs", NeedViewSet, basename="need")
router.register("partnerships", PartnershipViewSet, basename="partnership")
router.register("interests", InterestViewSet, basename="interest")
router.register("saved-searches", SavedSearchViewSet, basename="saved-search")

urlpatterns = router.urls
