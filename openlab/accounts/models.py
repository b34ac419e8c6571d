"""People who use Open Lab. The e-mail address is the login; there are no usernames."""

import hashlib
from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9\- ]{6,18}[0-9]$",
    _("Enter a phone number such as 010-1234-5678 or +82 10 1234 5678."),
)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=100)
    phone = models.CharField(_("phone number"), max_length=20, blank=True, validators=[phone_validator])
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, choices=settings.LANGUAGES, default="ko"
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    DELETED_DOMAIN = "deleted.invalid"

    @property
    def is_deleted(self) -> bool:
        """The account was deleted by its owner (see accounts/privacy.py): nothing personal is left."""
        return self.email.endswith("@" + self.DELETED_DOMAIN)

    def __str__(self):
        if self.is_deleted:
            return gettext("Former member")
        return self.display_name or self.email

    def get_full_name(self):
        return self.display_name

    def get_short_name(self):
        return self.display_name

    @property
    def is_coordinator(self) -> bool:
        """Partnership coordinators are staff in the coordinators group (not superusers)."""
        if not self.is_authenticated or not self.is_active:
            return False
        cached = getattr(self, "_is_coordinator", None)
        if cached is None:
            cached = self.groups.filter(name=settings.COORDINATORS_GROUP).exists()
            self._is_coordinator = cached
        return cached


def api_token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the key is shown once, when it is made."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(_("starts with"), max_length=8)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"


class Session(AbstractBaseSession):
    """A browser session (``SESSION_ENGINE = "openlab.accounts.sessions"``), with the signed-in user
    as a column: every signed-in request reads the session and its user in one query, and a person's
    sessions are found (signed out) without decoding every session.

    No database constraint on ``user``: a session written while its user is being deleted must not
    fail; deleting a user deletes their sessions, and a session whose user is gone signs nobody in."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             db_constraint=False, related_name="sessions")

    @classmethod
    def get_session_store_class(cls):
        return import_module(settings.SESSION_ENGINE).SessionStore
