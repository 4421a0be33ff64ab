"""The editor's groups (one fieldset per intervention, the parties, the scenarios), each
rendered once and kept by what it shows.

Why: reading a case page renders every group of the editor (De Bilt: ~220 numbers, each
with its "Onzeker?" form, and per intervention the add-forms), ~⅔ of the page's CPU; an
edit changes one number, so one group. A group's HTML is kept per process under a digest
of everything the group's template reads — the group's fields after annotation (values,
labels, help, formula results), the case's id (the forms' addresses), the language, the
reader's right to edit, the financiers, the scenarios a change can go to, the SROI filters
and the price each price field names — never the version's number or the CSRF token (the
group's forms take the version from ``#case-base`` and the token from the page's
``hx-headers``). So a kept group cannot show another version's value, another language or
another reader's rights: any of those gives another digest. A page with an error, a
typed value or a conflict (or a guided step's own forms) is rendered in full, not kept.

The digest is of ``repr`` of plain dataclasses and strings; a part whose ``repr`` holds
an object's address (a lazy string, say) would make the digest unstable, and worse, an
address may be reused: such a group is rendered and not kept.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import Any

from django.template import Context
from django.utils.safestring import SafeString, mark_safe

from ...recent import Recent
from .templatetags.rendement_prices import price_of

KEPT = Recent(512)
"""Group HTML by digest: 20 people editing their own De Bilt (~8 groups) in two
versions each, with room; a group is ~5–60 kB."""

ENABLED = True
"""Off in the tests that compare a page rendered with kept groups with one without."""

TEMPLATE = "cases/_group.html"
FORMS = "cases/_group_forms.html"
FILTERS = "cases/_filters.html"
SETTINGS = "cases/_settings.html"


def _unsafe(name: str) -> bool:
    """A context variable the group's template shows only for an error, a refused form,
    a guided step or an out-of-band answer."""
    return name.startswith("refused_") or name.endswith("_error") or name in _OWN


_OWN = frozenset({"guide_action", "oob", "errors", "typed", "conflicts"})


def _common(context: Context) -> str | None:
    """The part of the digest that is the page's, not the group's (once per page)."""
    found = getattr(context, "_group_common", "")  # the context is the page's
    if found != "":
        return found
    flat = context.flatten()
    if any(_unsafe(str(k)) for k, v in flat.items() if v):
        common = None  # an error, a refused form, a guided step: rendered in full
    else:
        from django.utils.translation import get_language

        case, settings = flat.get("case"), flat.get("settings")
        common = repr(
            (
                TEMPLATE,
                get_language(),
                str(getattr(case, "uid", "")),
                bool(flat.get("can_edit")),
                flat.get("financiers"),
                flat.get("scenario_options"),
                flat.get("budgets"),
                getattr(settings, "filters", None),
            )
        )
    context._group_common = common  # type: ignore[attr-defined]
    return common


def digest(context: Context, group: Any) -> str | None:
    """What the group's HTML is kept under, or None when it must be rendered."""
    common = _common(context)
    if common is None or group.typed or group.price_typed:
        return None
    version = context.get("version")
    document = getattr(version, "document", "")
    prices = [price_of(document, f.value) for f in group.fields if f.kind == "price"]
    whole = repr((common, group, prices))
    if " at 0x" in whole:  # an object's address: not what it shows
        return None
    return hashlib.blake2b(whole.encode(), digest_size=20).hexdigest()


def group_html(context: Context) -> SafeString:
    """The group ``group`` of the context, as ``_group.html`` renders it."""
    group = context.get("group")
    return _kept(context, TEMPLATE, digest(context, group) if ENABLED else None)


def forms_html(context: Context) -> SafeString:
    """The add- and remove-forms of group ``group`` (``_group_forms.html``), kept apart
    from its fields: they show the group's lines, variants and index, not its numbers,
    so they stay the same when a number changes. Rendered with the group's fields,
    about and names left out, so they cannot show a number by mistake."""
    whole_group: Any = context.get("group")
    group = replace(whole_group, fields=[], about=[], names=[])
    key = None
    common = _common(context) if ENABLED else None
    if common is not None and not group.typed and not group.price_typed:
        whole = repr((FORMS, common, group))
        if " at 0x" not in whole:
            key = hashlib.blake2b(whole.encode(), digest_size=20).hexdigest()
    with context.push(group=group):
        return _kept(context, FORMS, key)


def filters_html(context: Context) -> SafeString:
    """The SROI filters of group ``group``'s effect lines (``_filters.html``): ~100
    numbers for an intervention of De Bilt, which an edit of its reach leaves as they
    were. Kept under the page's part of the digest (it holds every intervention's filter
    fields) and the group's index, which picks them."""
    group: Any = context.get("group")
    key = None
    common = _common(context) if ENABLED else None
    if common is not None:
        key = hashlib.blake2b(repr((FILTERS, common, group.index)).encode(), digest_size=20)
    return _kept(context, FILTERS, key.hexdigest() if key is not None else None)


def settings_html(context: Context) -> SafeString:
    """The case's settings (``_settings.html``: perspective, method, price year, horizon,
    discount rate, the portfolio's columns), kept under everything they show."""
    key = None
    common = _common(context) if ENABLED else None
    if common is not None:
        whole = repr((SETTINGS, common, context.get("settings")))
        if " at 0x" not in whole:
            key = hashlib.blake2b(whole.encode(), digest_size=20).hexdigest()
    return _kept(context, SETTINGS, key)


def _kept(context: Context, name: str, key: str | None) -> SafeString:
    if key is not None:
        found: str | None = KEPT.find(key)
        if found is not None:
            return mark_safe(found)
    template = context.template.engine.get_template(name)  # type: ignore[union-attr]
    html = str(template.render(context))
    if key is not None and "csrfmiddlewaretoken" not in html:  # never a token kept
        KEPT[key] = html
    return mark_safe(html)
