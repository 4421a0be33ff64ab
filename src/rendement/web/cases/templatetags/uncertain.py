"""The "Onzeker?" form under each number of the editor, written in Python.

Why: De Bilt's workspace has ~220 numbers, and the template this replaces (an include
per number with two ``{% url %}`` and seven ``{% translate %}``) took ~80 ms of the page's
~180 ms of CPU — most of what reading a case costs the server. The output is the same,
byte for byte: the same text, the same escaping (``conditional_escape``, as Django's
autoescape), the same ``default:''`` (a value that is false is left out).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()


def _or_empty(value: Any) -> str:
    return "" if not value else str(conditional_escape(value))


@register.simple_tag(takes_context=True)
def uncertain_form(context: template.Context) -> SafeString:
    """The form for field ``f`` of the context (a number, for someone who may edit, not
    in an out-of-band answer), then a line break — as the include did."""
    f: Any = context.get("f")
    case: Any = context.get("case")
    if not (f is not None and f.numeric and context.get("can_edit") and not context.get("oob")):
        return mark_safe("\n")
    e = conditional_escape
    key, ranged = e(f.key), f.range
    post = e(reverse("cases:uncertain", args=[case.uid]))
    glossary = e(reverse("cases:glossary"))
    summary = _("Onzeker: laag / waarschijnlijk / hoog") if ranged else _("Onzeker?")
    likely = e(ranged[1]) if ranged else e(f.value)
    help_text = _(
        "Opgeslagen als pert(laag; waarschijnlijk; hoog); de resultaten tonen dan Monte "
        "Carlo, de tornado en het break-evenpunt. Laag en hoog leeg: weer één getal."
    )
    return mark_safe(  # every value in it is escaped
        f'<details class="uncertain" id="u-{key}"{" open" if ranged else ""}>\n'
        f"  <summary>{e(summary)}</summary>\n"
        f'  <form hx-post="{post}" hx-target="#workspace" hx-swap="outerHTML">\n'
        f'    <input type="hidden" name="loc" value="{e(f.loc)}">\n'
        f'    <label for="u-{key}-low">{e(_("Laag"))}</label><input id="u-{key}-low" '
        f'name="low" value="{_or_empty(ranged[0] if ranged else None)}">\n'
        f'    <label for="u-{key}-likely">{e(_("Meest waarschijnlijk"))}</label>'
        f'<input id="u-{key}-likely" name="likely" value="{likely}">\n'
        f'    <label for="u-{key}-high">{e(_("Hoog"))}</label><input id="u-{key}-high" '
        f'name="high" value="{_or_empty(ranged[2] if ranged else None)}">\n'
        f'    <p class="help">{e(help_text)} <a class="term" href="{glossary}#onzeker">'
        f"{e(_('uitleg'))}</a></p>\n"
        f'    <button type="submit" class="small">{e(_("Bandbreedte opslaan"))}</button>\n'
        f"  </form>\n"
        f"</details>\n"
    )


@register.simple_tag(takes_context=True)
def field_help(context: template.Context) -> SafeString:
    """A formula's computed value and the field's help with its glossary link, for field
    ``f`` of the context, then a line break — as ``_field_help.html`` did (an include per
    field of the editor: ~225 for De Bilt)."""
    f: Any = context.get("f")
    e = conditional_escape
    out = ""
    if f.result:
        out += f'<output class="formula-result" for="f-{e(f.key)}" id="r-{e(f.key)}">'
        out += f"{e(f.result)}</output>"
    if f.help:
        out += f'<p class="help" id="h-{e(f.key)}">{e(f.help)}'
        if f.term:
            out += f' <a class="term" href="{e(reverse("cases:glossary"))}#{e(f.term)}">'
            out += f"{e(_('uitleg'))}</a>"
        out += "</p>"
    return mark_safe(out + "\n")  # every value in it is escaped


@register.simple_tag(takes_context=True)
def optional_field(context: template.Context) -> SafeString:
    """The form of an optional number (a setting, an SROI filter: empty is not used) for
    field ``f`` of the context, then a line break — as ``_optional.html`` did."""
    f: Any = context.get("f")
    case: Any = context.get("case")
    e = conditional_escape
    key = e(f.key)
    post = e(reverse("cases:optional", args=[case.uid]))
    unused = _("niet gebruikt")
    placeholder = f'placeholder="{e(unused)}"' if f.loc != "meta.price_year" else ""
    readonly = "" if context.get("can_edit") else "readonly"
    invalid = f' aria-invalid="true" aria-describedby="e-{key}"' if f.error else ""
    error = f'<p class="error" id="e-{key}">{e(f.error)}</p>' if f.error else ""
    return mark_safe(  # every value in it is escaped
        f'<form id="form-{key}" class="field{" invalid" if f.error else ""}" hx-post="{post}" '
        f'hx-trigger="change" hx-target="#workspace" hx-swap="outerHTML">\n'
        f'        <input type="hidden" name="loc" value="{e(f.loc)}">\n'
        f'        <label for="f-{key}">{e(f.label)}</label>\n'
        f'        <input id="f-{key}" name="value" value="{e(f.value)}" {placeholder} '
        f"{readonly}{invalid}>\n"
        f"        {error}\n"
        f"        {field_help(context)}\n"
        f"      </form>\n"
    )


@register.simple_tag(takes_context=True)
def plain_field(context: template.Context) -> SafeString:
    """The form of field ``f`` of the context without an error or a conflict (the
    editor's ~150 fields of De Bilt but the one just refused): the HTML of
    ``_field.html``, which still writes a field with an error or a conflict."""
    f: Any = context.get("f")
    case: Any = context.get("case")
    e = conditional_escape
    key = e(f.key)
    oob = ' hx-swap-oob="true"' if context.get("oob") else ""
    post = e(reverse("cases:edit", args=[case.uid]))
    readonly = "" if context.get("can_edit") else "readonly"
    if f.multiline:
        rows = "4" if f.kind == "lines" else "2" if f.loc[:12] == "stakeholders" else "5"
        value = (
            f'<input type="hidden" name="kind" value="{e(f.kind)}">\n'
            f'        <textarea id="f-{key}" name="value" rows="{rows}" {readonly}>'
            f"{e(f.value)}</textarea>\n        "
        )
    else:
        value = f'<input id="f-{key}" name="value" value="{e(f.value)}" {readonly}>'
    return mark_safe(  # every value in it is escaped
        f'<form id="form-{key}"{oob} class="field" hx-post="{post}" hx-trigger="change" '
        f'hx-target="#results" hx-swap="outerHTML">\n'
        f'        <input type="hidden" name="loc" value="{e(f.loc)}">\n'
        f'        <label for="f-{key}">{e(f.label)}</label>\n'
        f"        {value}\n"
        f"        \n"
        f"        \n"
        f"        {field_help(context)}\n"
        f"      </form>{uncertain_form(context)}\n"
    )
