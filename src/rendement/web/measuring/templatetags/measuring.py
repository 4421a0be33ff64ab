"""What the cohort pages show of measuring without their views knowing of it: whether a
client case's rows come from its measurements (and when)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag
def measured_rows(client: Any) -> Any:
    """The :class:`~..models.MeasuredRows` of a client case (object or id), or None."""
    from ..models import MeasuredRows

    pk = getattr(client, "pk", client)
    return MeasuredRows.objects.filter(client_id=pk).select_related("instrument").first()
