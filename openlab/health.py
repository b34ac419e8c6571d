"""``GET /healthz``: are the database, the broker, the cache and the search backend up? For load
balancers: 503 only when the database is down (nothing works without it); "degraded" when another part
is down and the site answers without it."""

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from openlab.search.health import search_health


def database_health() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return {"status": "down", "vendor": connection.vendor}
    return {"status": "up", "vendor": connection.vendor}


def broker_health() -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"status": "up", "mode": "eager"}
    from openlab.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:
        return {"status": "down", "mode": "broker"}
    return {"status": "up", "mode": "broker"}


def cache_health() -> dict:
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    try:
        cache.set("healthz", "ok", 5)
        up = cache.get("healthz") == "ok"
    except Exception:
        up = False
    return {"status": "up" if up else "down", "backend": backend}


@never_cache
@require_safe
def healthz(request):
    report = {"database": database_health(), "broker": broker_health(), "cache": cache_health(),
              "search": search_health()}
    if report["database"]["status"] != "up":
        report["status"] = "down"
    elif any(part["status"] != "up" for part in report.values()):
        report["status"] = "degraded"
    else:
        report["status"] = "up"
    return JsonResponse(report, status=503 if report["status"] == "down" else 200)
