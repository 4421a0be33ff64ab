"""A fast, strict reading of a model's YAML: libyaml's C parser, ruamel's values.

The round-trip parser (ruamel, pure Python) keeps comments and the line of every node,
which the loader needs to *locate* a mistake, but it spends most of a large model's load
time (about 10 of 14 s for 500 interventions). A model that is right needs no locations.
So the loader first reads the text here, with libyaml (PyYAML's ``CParser``), into the
same Python values ruamel's round-trip reading gives — plain ``str``, ``int``, ``bool``,
``None``, dates, ruamel's ``ScalarFloat`` (whose written width and precision the ``1.800``
check needs) and ruamel's quoted/literal/folded string types — and validates that. Only
when something is wrong does it read the text again the slow way, so every message and
line is the round-trip parser's own.

Anything this reader is not sure it reads exactly as ruamel does raises :class:`Unsure`
instead of guessing: tags, anchors and aliases, merge keys, directives, duplicate keys,
hexadecimal/octal/binary numbers, underscores in numbers, exponents, ``.inf``/``.nan``,
times of day, tabs, the rarer line breaks (NEL, U+2028, U+2029, a lone carriage return).
The loader then takes the round-trip road, which knows them all.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from ruamel.yaml.resolver import implicit_resolvers
from ruamel.yaml.scalarfloat import ScalarFloat
from ruamel.yaml.scalarint import ScalarInt
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

_libyaml: Any
try:  # libyaml is in PyYAML's wheels; a build without it just loads the slow way
    from yaml import _yaml as _libyaml
    from yaml.nodes import ScalarNode, SequenceNode
except ImportError:  # pragma: no cover - depends on how PyYAML was installed
    _libyaml = None


class Unsure(Exception):
    """The text uses something only the round-trip reader is trusted to read."""


AVAILABLE = _libyaml is not None

_PLAIN = "tag:rendement:plain"  # an untagged plain scalar: typed below as YAML 1.2 does
_QUOTED = "tag:rendement:quoted"  # an untagged quoted or block scalar: always text
_MAP = "tag:rendement:map"
_SEQ = "tag:rendement:seq"

# ruamel's own YAML 1.2 implicit resolvers, in its order, indexed by first character
_RESOLVERS: dict[str, list[tuple[str, Any]]] = {}
for _versions, _tag, _regexp, _first in implicit_resolvers:
    if (1, 2) in _versions:
        for _char in _first:
            _RESOLVERS.setdefault(_char, []).append((_tag.rsplit(":", 1)[1], _regexp))

# an anchor, alias or tag where a node may start, or a directive: left to ruamel (a text
# with "R&D", "zorg & welzijn" or "=a*b" does not count; a false find only costs speed);
# and the line breaks the two parsers do not agree on (NEL, U+2028/U+2029, a lone CR: the
# fuzzer found a U+2028 that libyaml reads as a break and ruamel refuses), and tabs (the
# fuzzer again: libyaml allows one before a value, ruamel does not). Searched as
# single characters first: one pattern with all the alternatives took 0,13 s on 3 MB.
_INDICATOR = re.compile(r"[&*!][^\s,\]}]")
_BEFORE_NODE = frozenset(" \t\n\r[{,:-")


def _exotic(text: str) -> bool:
    if text.startswith("%") or "\n%" in text:
        return True
    if "\x85" in text or "\u2028" in text or "\u2029" in text:
        return True
    if "\t" in text:  # libyaml takes a tab before a value ('share: \t40'), ruamel refuses it
        return True
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        return True
    if "&" in text or "*" in text or "!" in text:
        for found in _INDICATOR.finditer(text):
            at = found.start()
            if at == 0 or text[at - 1] in _BEFORE_NODE:
                return True
    return False


_PLAIN_INT = re.compile(r"-?(?:0|[1-9][0-9]*)\Z")
_PLAIN_FLOAT = re.compile(r"-?[0-9]+\.[0-9]*\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")

if _libyaml is not None:

    class _Parser(_libyaml.CParser):  # type: ignore[misc]
        """libyaml's parser with only the resolver hooks it calls: no typing here."""

        def descend_resolver(self, parent: Any, index: Any) -> None:
            pass

        def ascend_resolver(self) -> None:
            pass

        def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
            if kind is ScalarNode:
                return _PLAIN if implicit[0] else _QUOTED
            return _SEQ if kind is SequenceNode else _MAP


def _plain(value: str) -> Any:
    """A plain scalar as ruamel's round-trip constructor makes it (YAML 1.2)."""
    tag = next((tag for tag, regexp in _RESOLVERS.get(value[:1], ()) if regexp.match(value)), "")
    if not tag:
        return value  # text
    if tag == "null":
        return None
    if tag == "bool":
        return value.lower() == "true"
    if tag == "int" and _PLAIN_INT.match(value):
        if value.lstrip("-") == "0":  # ruamel: an int written with a leading 0 keeps its width
            return ScalarInt(0, width=1, underscore=None, anchor=None)
        return int(value)
    if tag == "float" and _PLAIN_FLOAT.match(value):
        # exactly RoundTripConstructor.construct_yaml_float for a number without exponent
        lead0 = 0  # counted over the text with its sign, as ruamel does (so 0 when negative)
        for char in value:
            if char not in "0.":
                break
            lead0 += char == "0"
        return ScalarFloat(
            float(value),
            width=len(value),
            prec=value.find("."),
            m_sign="-" if value.startswith("-") else False,
            m_lead0=lead0,
            anchor=None,
        )
    if tag == "timestamp" and _DATE.match(value):
        try:
            return datetime.date(int(value[:4]), int(value[5:7]), int(value[8:10]))
        except ValueError:  # 2024-13-15: the round-trip reader reads it as text, located
            raise Unsure(value) from None
    raise Unsure(value)


def _text(node: Any) -> str:
    value = node.value
    style = node.style
    # str.__new__: what ScalarString.__new__ does without an anchor, at a quarter the cost
    if style == '"':
        return str.__new__(DoubleQuotedScalarString, value)
    if style == "'":
        return str.__new__(SingleQuotedScalarString, value)
    if style == "|":
        return str.__new__(LiteralScalarString, value)
    if style == ">":
        return str.__new__(FoldedScalarString, value)
    return value  # type: ignore[no-any-return]


def _build(node: Any) -> Any:
    tag = node.tag
    if tag == _PLAIN:
        return _plain(node.value)
    if tag == _QUOTED:
        return _text(node)
    if tag == _MAP:
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag not in (_PLAIN, _QUOTED):
                raise Unsure("a key that is not a scalar")
            key = _build(key_node)
            if key in mapping:
                raise Unsure("a duplicate key")  # ruamel names it, with its line
            mapping[key] = _build(value_node)
        return mapping
    if tag == _SEQ:
        return [_build(item) for item in node.value]
    raise Unsure(tag)  # an explicit tag


def fast_load(text: str) -> Any:
    """The YAML document in ``text`` as ruamel's round-trip reader gives its values.

    Raises :class:`Unsure` when only the round-trip reader may be trusted with the text
    (including every text libyaml itself refuses: the round-trip reader then says where).
    """
    if _libyaml is None or _exotic(text):
        raise Unsure("left to the round-trip reader")
    try:
        parser = _Parser(text)
        try:
            node = parser.get_single_node()
        finally:
            parser.dispose()
    except Exception as error:  # libyaml's own complaint: ruamel locates and words it
        raise Unsure(str(error)) from None
    if node is None:
        raise Unsure("an empty document")
    try:
        return _build(node)
    except RecursionError:
        raise Unsure("deep nesting") from None
