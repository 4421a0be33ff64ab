"""The editor's groups, each rendered once per what it shows (see ``cases.fragments``)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from .. import fragments

register = template.Library()


@register.simple_tag(takes_context=True)
def group_html(context: template.Context) -> SafeString:
    """The group ``group`` of the context, kept or rendered."""
    return fragments.group_html(context)


@register.simple_tag(takes_context=True)
def group_forms_html(context: template.Context) -> SafeString:
    """The add- and remove-forms of group ``group`` of the context, kept or rendered."""
    return fragments.forms_html(context)


@register.simple_tag(takes_context=True)
def group_filters_html(context: template.Context) -> SafeString:
    """The SROI filters of group ``group`` of the context, kept or rendered."""
    return fragments.filters_html(context)


@register.simple_tag(takes_context=True)
def settings_html(context: template.Context) -> SafeString:
    """The case's settings, kept or rendered."""
    return fragments.settings_html(context)
