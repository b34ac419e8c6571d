"""The security audit log: verification decisions, role changes, invitations, API tokens, exports,
introductions and account deletions — who, when, what, about which organisation. Append-only:
an entry can be written once and never changed or deleted."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        VERIFICATION = "verification", _("Verification decision")
        ROLE_CHANGE = "role_change", _("Role change")
        MEMBER_REMOVED = "member_removed", _("Member removed")
        INVITATION = "invitation", _("Invitation sent")
        INVITATION_ACCEPTED = "invitation_accepted", _("Invitation accepted")
        TOKEN_CREATED = "token_created", _("API token created")
        TOKEN_REVOKED = "token_revoked", _("API token revoked")
        EXPORT = "export", _("Export")
        INTRODUCTION = "introduction", _("Introduction")
        ACCOUNT_DELETED = "account_deleted", _("Account deleted")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("who"))
    action = models.CharField(_("action"), max_length=24, choices=Action.choices, db_index=True)
    organization = models.ForeignKey("marketplace.Organization", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("organisation"))
    target = models.CharField(_("about"), max_length=200, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("audit entries cannot be deleted")
