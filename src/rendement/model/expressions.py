"""Formulas in a model: ``=21376 / (9 * 52)`` or ``=gezinnen - multiprobleem``.

Consultants live in Excel, so a number in a model may be written as a formula that
starts with ``=``. Formulas are parsed once into a small tree (never ``eval``-ed):
the engine evaluates that tree on NumPy arrays (one value, or a vector of Monte
Carlo draws, compiled once in :mod:`rendement.engine.plan`) and exports turn it into a
spreadsheet formula. Only arithmetic on numbers and named values is allowed:
``+ - * / **``, parentheses, ``min(...)``, ``max(...)`` and percentages such as ``25%``.

>>> render(parse_formula("=21376 / (9 * 52)"))
'21376 / (9 * 52)'
>>> sorted(names(parse_formula("=gezinnen - multiprobleem")))
['gezinnen', 'multiprobleem']
"""

from __future__ import annotations

import ast
import math
import re
from dataclasses import dataclass

from ..i18n import N_
from ..wording import Text


class FormulaError(ValueError):
    """A formula that cannot be read; the message is meant for the model's author."""


@dataclass(frozen=True)
class Const:
    """A literal number. ``text`` keeps how the author wrote it (``25%``)."""

    value: float
    text: str = ""

    def __str__(self) -> str:
        return self.text or _fmt(self.value)


@dataclass(frozen=True)
class Ref:
    """A named value: a parameter, or ``reach`` inside an intervention."""

    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class BinOp:
    op: str  # one of + - * / **
    left: Expr
    right: Expr

    def __str__(self) -> str:
        return f"({self.left} {self.op} {self.right})"


@dataclass(frozen=True)
class Neg:
    operand: Expr

    def __str__(self) -> str:
        return f"-{self.operand}"


@dataclass(frozen=True)
class Call:
    func: str  # min or max
    args: tuple[Expr, ...]

    def __str__(self) -> str:
        return f"{self.func}({', '.join(str(a) for a in self.args)})"


Expr = Const | Ref | BinOp | Neg | Call

_BINOPS: dict[type[ast.operator], str] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.Pow: "**",
}
_FUNCS = ("min", "max")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?|\.\d+)\s*%")


MAX_FORMULA_LENGTH = 5000
"""Longer formulas are refused before Python's parser sees them."""
MAX_FORMULA_DEPTH = 100
"""Deeper nesting is refused: compiling and evaluating a formula recurse once per level
(``=a + b + c`` nests two levels; no person writes a hundred: put steps in parameters)."""


def _fmt(value: float) -> str:
    """``80`` for a whole number, ``1e+308`` for a huge one (not 309 digits), else as is."""
    return repr(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(value)


def parse_formula(text: str) -> Expr:
    """Parse ``=...`` into an expression tree; raise :class:`FormulaError` in plain words."""
    body = text.strip()
    if body.startswith("="):
        body = body[1:]
    if not body.strip():
        raise FormulaError(
            Text(N_("de formule is leeg: schrijf na '=' een berekening, bijv. '=21376 / 9'"))
        )
    if re.search(r"\d,\d", body):
        raise FormulaError(
            Text(
                N_(
                    "'{text}' bevat een decimale komma; schrijf getallen in een formule met een "
                    "punt (46.80, niet 46,80)"
                ),
                text=text,
            )
        )
    if len(body) > MAX_FORMULA_LENGTH:
        raise FormulaError(
            Text(
                N_(
                    "deze formule is {len} tekens lang; een formule is hoogstens "
                    "{MAX_FORMULA_LENGTH} tekens: zet tussenstappen in parameters"
                ),
                len=len(body),
                MAX_FORMULA_LENGTH=MAX_FORMULA_LENGTH,
            )
        )
    prepared = _PERCENT.sub(r"(\1/100)", body)
    try:
        tree = ast.parse(prepared, mode="eval")
        if _depth(tree.body) > MAX_FORMULA_DEPTH:
            raise FormulaError(
                Text(
                    N_(
                        "deze formule is meer dan {MAX_FORMULA_DEPTH} niveaus diep genest; zet "
                        "tussenstappen in parameters"
                    ),
                    MAX_FORMULA_DEPTH=MAX_FORMULA_DEPTH,
                )
            )
        return _convert(tree.body, text)
    except FormulaError:
        raise
    except (SyntaxError, ValueError):
        raise FormulaError(
            Text(
                N_(
                    "'{text}' is geen geldige formule; gebruik getallen, namen, + - * / ** en "
                    "haakjes"
                ),
                text=text,
            )
        ) from None
    except (RecursionError, MemoryError):
        raise FormulaError(
            Text(N_("'{text}' is te diep genest; zet tussenstappen in parameters"), text=text)
        ) from None


def _depth(node: ast.AST) -> int:
    """How deep the syntax tree nests, counted without recursion."""
    deepest = 0
    stack = [(node, 1)]
    while stack:
        current, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in ast.iter_child_nodes(current))
    return deepest


def _convert(node: ast.AST, text: str) -> Expr:
    value = node.value if isinstance(node, ast.Constant) else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            number = float(value)
        except OverflowError:  # an integer with hundreds of digits
            number = math.inf
        if not math.isfinite(number):
            raise FormulaError(
                Text(N_("'{text}' bevat een getal dat te groot is om mee te rekenen"), text=text)
            )
        return Const(number)
    if isinstance(node, ast.Name):
        return Ref(node.id)
    if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
        return BinOp(_BINOPS[type(node.op)], _convert(node.left, text), _convert(node.right, text))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _convert(node.operand, text)
        if isinstance(inner, Const):
            return Const(-inner.value)
        return Neg(inner)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.UAdd):
        return _convert(node.operand, text)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in _FUNCS
        and not node.keywords
        and len(node.args) >= 2
    ):
        return Call(node.func.id, tuple(_convert(a, text) for a in node.args))
    raise FormulaError(
        Text(
            N_(
                "'{text}' bevat iets wat een formule niet mag bevatten ('{unparse}'); "
                "toegestaan zijn getallen, namen, + - * / **, haakjes, min(...) en max(...)"
            ),
            text=text,
            unparse=ast.unparse(node),
        )
    )


def names(expr: Expr) -> set[str]:
    """The named values a formula refers to."""
    if isinstance(expr, Ref):
        return {expr.name}
    if isinstance(expr, BinOp):
        return names(expr.left) | names(expr.right)
    if isinstance(expr, Neg):
        return names(expr.operand)
    if isinstance(expr, Call):
        out: set[str] = set()
        for a in expr.args:
            out |= names(a)
        return out
    return set()


def render(expr: Expr) -> str:
    """The formula as an author would write it, without the outer parentheses."""
    text = str(expr)
    if isinstance(expr, BinOp) and text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    return text
