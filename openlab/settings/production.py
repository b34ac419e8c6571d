"""Production: secrets from the environment, HTTPS behind a proxy, WhiteNoise for static files.

Run with gunicorn: ``gunicorn openlab.wsgi -c openlab/gunicorn_conf.py --workers 4 --bind 0.0.0.0:8000``
(the config makes each worker load the analyser and the search index as it starts).
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import cache_config, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[f"https://{h}" for h in ALLOWED_HOSTS])

# Rate limits must be shared by every worker: require a real cache (CACHE_URL=redis://…/1).
CACHES = {"default": cache_config()}
if CACHES["default"]["BACKEND"].endswith("LocMemCache") and not env.bool("ALLOW_LOCMEM_CACHE", default=False):
    raise ImproperlyConfigured("Set CACHE_URL (e.g. redis://127.0.0.1:6379/1) so that rate limits are shared "
                               "by all workers, or ALLOW_LOCMEM_CACHE=true for a single process.")

# Keep each worker's database connection open between requests (a new PostgreSQL connection costs a
# backend process on the server); the health check in base replaces one that died.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The proxies in front that append to X-Forwarded-For: sign-in limits count per client address, not
# per proxy (0 when clients reach gunicorn directly, or they could choose their own address).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]  # noqa: F405
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
