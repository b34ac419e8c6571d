"""The REST API router (``/api/v1/``)."""

from rest_framework.routers import DefaultRouter

from marketplace.api.views import MunicipalityViewSet, TaxonomyViewSet

router = DefaultRouter()
router.register("municipalities", MunicipalityViewSet, basename="municipality")
router.register("taxonomy", TaxonomyViewSet, basename="taxonomy")

urlpatterns = router.urls
