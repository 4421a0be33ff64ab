"""``{% sharing_note case %}`` in a case's head: for its organisation's members a link to
the share page (with how many it is shared with); for a recipient of a share who shared it
and how ("gedeeld door Gemeente De Bilt, alleen lezen")."""

from __future__ import annotations

from typing import Any

from django import template

from ...organisations.rules import is_member
from ..selectors import access_to

register = template.Library()


@register.inclusion_tag("sharing/_head_note.html", takes_context=True)
def sharing_note(context: Any, case: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    member = bool(is_member(user, case.organisation))
    if member and "shares_count" not in case.__dict__:
        case.shares_count = case.shares.count()
    return {
        "case": case,
        "member": member,
        # counted with the case when it was read for this request (selectors.case_for)
        "count": case.__dict__.get("shares_count", None) if member else 0,
        "access": None if member else access_to(user, case),
    }
