"""The cohort page's part about its work sessions (a link, and the interval with the
agreed spreads), as a tag: the cohort's own view and template stay as they were but for
one line."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("worksessions/_cohort.html")
def worksession_interval(cohort: Any) -> dict[str, Any]:
    from ..views import cohort_interval_context

    return cohort_interval_context(cohort)
