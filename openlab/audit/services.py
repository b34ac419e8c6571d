from .models import AuditEntry


def audit(action: str, *, actor=None, organization=None, target: str = "", **details) -> AuditEntry:
    """Append one entry (inside the caller's transaction: a rolled-back action leaves none)."""
    return AuditEntry.objects.create(action=action, actor=actor if getattr(actor, "pk", None) else None,
                                     organization=organization, target=str(target)[:200], details=details)
