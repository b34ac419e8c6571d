from django.conf import settings
from django.contrib import admin
from django.urls import include, path, register_converter
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .health import healthz
from .ids import IdConverter

register_converter(IdConverter, "id")

admin.site.site_header = "Smart City Open Lab"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("accounts/", include("openlab.accounts.urls")),
    path("admin/", admin.site.urls),
    # The API, one URL namespace per app (as the pages have), under one version prefix.
    path("api/v1/", include(("marketplace.api.urls", "marketplace-api"))),
    path("api/v1/", include(("matching.api", "matching-api"))),
    path("api/v1/", include(("matching.coordination.api", "coordination-api"))),
    path("api/v1/", include(("openlab.notifications.api", "notifications-api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"),
    path("notifications/", include("openlab.notifications.urls")),
    path("", include("matching.coordination.urls")),
    path("", include("marketplace.urls")),
]

if settings.DEBUG:
    urlpatterns.append(path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}))

handler500 = "openlab.errors.server_error"
handler404 = "openlab.errors.page_not_found"
