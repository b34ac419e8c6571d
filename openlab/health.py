"""``GET /healthz``: is the database, the broker and the search backend up? For load balancers."""

from django.conf import settings
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


@never_cache
@require_safe
def healthz(request):
    report = {"database": database_health(), "broker": broker_health(), "search": search_health()}
    report["status"] = "up" if report["database"]["status"] == "up" else "down"
    return JsonResponse(report, status=200 if report["status"] == "up" else 503)
