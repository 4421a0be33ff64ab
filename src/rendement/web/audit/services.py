"""Writing the audit row; called inside every write action's transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from .models import AuditEntry


def record(
    *,
    actor: Any,
    action: str,
    organisation: Any = None,
    subject: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """One audit row. Must run inside the caller's transaction (the write and its row are
    committed together or not at all)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record() hoort binnen de transactie van een schrijfactie")
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        organisation=organisation,
        subject=subject[:200],
        detail=detail or {},
    )
