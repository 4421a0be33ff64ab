"""An SROI impact map (the UK and Australian guides' layout) read into a model file.

One row per outcome of a stakeholder: the outcome, its indicator, the quantity, how many
years it lasts, the financial proxy with its value and source, and the impact filters:
deadweight, displacement, **attribution (the share due to others, as the guides mean it)**
and drop-off. A row whose kind is ``input`` (``investering``) is what a stakeholder puts
in. Every mistake is reported with its row and column, and a file with a mistake gives
no model.

The model is an SROI (``meta.method: sroi``): each proxy a shadow price (a value, not a
budget saving) paid to the stakeholder who receives it, so the social value, each
stakeholder's value and the SROI ratio come out; the guides' attribution becomes
``attribution_to_others``, never rendement's ``attribution``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..i18n import N_, _
from ..model.printed import PrintError, read_number
from ..tablefile import TableError, read_table


@dataclass(frozen=True)
class Column:
    key: str
    dutch: str
    english: str
    meaning: str  # in Dutch, for the template's explanation


COLUMNS = (
    Column(
        "stakeholder",
        "belanghebbende",
        "stakeholder",
        N_("wie de uitkomst ervaart"),
    ),
    Column(
        "kind",
        "soort",
        "kind",
        N_("uitkomst (standaard) of input (wat iemand inbrengt)"),
    ),
    Column(
        "outcome",
        "uitkomst",
        "outcome",
        N_("de verandering, of bij input wat er ingebracht wordt"),
    ),
    Column(
        "indicator",
        "indicator",
        "indicator",
        N_("hoe de uitkomst gemeten wordt"),
    ),
    Column(
        "quantity",
        "aantal",
        "quantity",
        N_("hoe vaak de uitkomst optreedt (aantal)"),
    ),
    Column(
        "duration",
        "duur",
        "duration",
        N_("jaren dat de uitkomst duurt (standaard 1)"),
    ),
    Column(
        "proxy",
        "financiele_proxy",
        "financial_proxy",
        N_("de financiële proxy in woorden"),
    ),
    Column(
        "value",
        "waarde",
        "value",
        N_("waarde van de proxy per eenheid (bij input: het bedrag)"),
    ),
    Column(
        "source",
        "bron",
        "source",
        N_("bron van de proxy"),
    ),
    Column(
        "deadweight",
        "deadweight",
        "deadweight",
        N_("deel dat ook zonder gebeurd was"),
    ),
    Column(
        "displacement",
        "verplaatsing",
        "displacement",
        N_("deel dat elders verdwijnt"),
    ),
    Column(
        "attribution",
        "toerekening_aan_anderen",
        "attribution",
        N_("deel dat aan anderen toe te rekenen is (de SROI-betekenis)"),
    ),
    Column(
        "drop_off",
        "afname",
        "drop_off",
        N_("afname per jaar na het eerste jaar"),
    ),
)
REQUIRED = ("stakeholder", "outcome", "value")
OUTCOME_REQUIRED = ("quantity", "proxy", "source")
INPUT_WORDS = {"input", "inputs", "investering", "inbreng"}
OUTCOME_WORDS = {"", "uitkomst", "outcome", "effect"}


@dataclass(frozen=True)
class Problem:
    row: int  # the file's row (headings are row 1); 0: the file as a whole
    column: str
    message: str

    def __str__(self) -> str:
        where = _("rij {row}").format(row=self.row) if self.row else _("het bestand")
        column = f", {self.column}" if self.column else ""
        return f"{where}{column}: {self.message}"


class ImpactMapError(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class Row:
    number: int
    stakeholder: str
    outcome: str
    is_input: bool
    value: float
    indicator: str = ""
    quantity: float = 0.0
    duration: float = 1.0
    proxy: str = ""
    source: str = ""
    filters: dict[str, float] = field(default_factory=dict)


def _key(heading: str) -> str | None:
    name = heading.strip().lower().replace(" ", "_").replace("-", "_")
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    for column in COLUMNS:
        if name in (column.dutch, column.english):
            return column.key
    return None


def _number(text: str) -> float:
    """A number as a spreadsheet or a person writes it: ``1105``, ``1105.50``, ``1.105,50``,
    ``£1,105``; a currency sign is ignored. Read as a printed figure is (one rule for both)."""
    cleaned = re.sub(r"^[£$€]|^(a\$|au\$|us\$)", "", text.strip().lower()).strip()
    try:
        return read_number(cleaned)
    except PrintError:
        raise ValueError(
            _("hier hoort een getal, maar er staat '{text}'").format(text=text)
        ) from None


def _share(text: str) -> float:
    """``25%``, ``25 %`` or ``0.25``; between 0 and 100 %."""
    value = _number(text.strip().rstrip("%")) / 100 if text.strip().endswith("%") else None
    if value is None:
        value = _number(text)
        if value > 1:
            raise ValueError(
                _("een aandeel schrijft u als 25% of 0,25; er staat '{text}'").format(text=text)
            )
    if not 0 <= value <= 1:
        raise ValueError(
            _("een aandeel ligt tussen 0% en 100%; er staat '{text}'").format(text=text)
        )
    return value


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def read_impact_map(path: str | Path) -> list[Row]:
    """The rows of an impact map file; :class:`ImpactMapError` listing every mistake."""
    try:
        headings, rows, above = read_table(Path(path))
    except TableError as error:
        raise ImpactMapError([Problem(0, "", str(error))]) from None
    positions: dict[str, int] = {}
    problems: list[Problem] = []
    for n, heading in enumerate(headings):
        key = _key(heading)
        if key is None:
            if heading:
                message = _("onbekende kolom '{heading}'; bekend: {known}").format(
                    heading=heading, known=", ".join(c.english for c in COLUMNS)
                )
                problems.append(Problem(above + 1, heading, message))
            continue
        positions[key] = n
    names = {c.key: headings[positions[c.key]] for c in COLUMNS if c.key in positions}
    for key in (*REQUIRED, *OUTCOME_REQUIRED):
        if key not in positions:
            column = next(c for c in COLUMNS if c.key == key)
            problems.append(
                Problem(
                    above + 1,
                    column.english,
                    _("de kolom ontbreekt ({meaning})").format(meaning=_(column.meaning)),
                )
            )
    if problems:
        raise ImpactMapError(problems)
    out: list[Row] = []
    for number, cells in enumerate(rows, start=above + 2):
        texts = {k: _text(cells[p] if p < len(cells) else None) for k, p in positions.items()}
        if not any(texts.values()):
            continue
        row = _row(number, texts, names, problems)
        if row is not None:
            out.append(row)
    if not out and not problems:
        problems.append(Problem(0, "", _("de impact map heeft geen enkele rij")))
    if problems:
        raise ImpactMapError(problems)
    return out


def _row(
    number: int, texts: dict[str, str], names: dict[str, str], problems: list[Problem]
) -> Row | None:
    before = len(problems)
    kind = texts.get("kind", "").lower()
    if kind not in INPUT_WORDS | OUTCOME_WORDS:
        message = _("kies uitkomst of input; er staat '{given}'").format(given=texts["kind"])
        problems.append(Problem(number, names["kind"], message))
    is_input = kind in INPUT_WORDS
    wanted = REQUIRED if is_input else (*REQUIRED, *OUTCOME_REQUIRED)
    for key in wanted:
        if not texts.get(key):
            problems.append(Problem(number, names[key], _("leeg: deze kolom is verplicht")))
    values: dict[str, float] = {}
    for key in ("value", "quantity", "duration"):
        if texts.get(key):
            try:
                values[key] = _number(texts[key])
            except ValueError as error:
                problems.append(Problem(number, names[key], str(error)))
                continue
            if values[key] < 0:
                message = _("hier hoort 0 of meer; er staat '{text}'").format(text=texts[key])
                problems.append(Problem(number, names[key], message))
    if values.get("duration", 1.0) != round(values.get("duration", 1.0)) or (
        "duration" in values and values["duration"] < 1
    ):
        message = _("de duur is een geheel aantal jaren, 1 of meer")
        problems.append(Problem(number, names["duration"], message))
    filters: dict[str, float] = {}
    for key in ("deadweight", "displacement", "attribution", "drop_off"):
        if texts.get(key):
            try:
                filters[key] = _share(texts[key])
            except ValueError as error:
                problems.append(Problem(number, names[key], str(error)))
    if len(problems) > before:
        return None
    return Row(
        number,
        texts["stakeholder"],
        texts["outcome"],
        is_input,
        values["value"],
        texts.get("indicator", ""),
        values.get("quantity", 0.0),
        values.get("duration", 1.0),
        texts.get("proxy", ""),
        texts.get("source", ""),
        filters,
    )


# ----------------------------------------------------------------------------- the model


def _ident(name: str, taken: set[str]) -> str:
    from ..model.editing import identifier

    found = identifier(name, taken)
    taken.add(found)
    return found


def model_of(
    rows: list[Row],
    *,
    title: str,
    currency: str = "EUR",
    price_year: int | None = None,
    discount_rate: str = "3.5%",
    source: str = "",
) -> dict[str, Any]:
    """The model document (as a mapping) of an impact map's rows."""
    year = price_year or dt.date.today().year
    ids: set[str] = set()
    people: dict[str, str] = {}
    for row in rows:
        if row.stakeholder not in people:
            people[row.stakeholder] = _ident(row.stakeholder, ids)
    sources: dict[str, str] = {}
    source_ids: set[str] = set()
    for row in rows:
        if not row.is_input and row.source not in sources:
            sources[row.source] = _ident(row.source, source_ids)
    prices: list[dict[str, Any]] = []
    effects: list[dict[str, Any]] = []
    investments: list[dict[str, Any]] = []
    price_ids: set[str] = set()
    line_ids: set[str] = set()
    for row in rows:
        note = _("Rij {row} van de impact map{source}.").format(
            row=row.number, source=f" ({source})" if source else ""
        )
        if row.is_input:
            investments.append(
                {
                    "id": _ident(row.outcome, line_ids),
                    "name": row.outcome,
                    "payer": people[row.stakeholder],
                    "amount": row.value,
                    "one_off": True,  # an impact map's inputs: the total put in
                    "note": note,
                }
            )
            continue
        price = _ident(row.proxy, price_ids)
        prices.append(
            {
                "id": price,
                "name": row.proxy,
                "unit": row.indicator or _("eenheid"),
                "amount": row.value,
                "price_year": year,
                "source": sources[row.source],
                "financier": people[row.stakeholder],
                "kind": "shadow_price",
            }
        )
        effect: dict[str, Any] = {
            "id": _ident(row.outcome, line_ids),
            "name": row.outcome,
            "stakeholder": people[row.stakeholder],
            **({"indicator": row.indicator} if row.indicator else {}),
            "units": row.quantity,
            "price": price,
        }
        names = {"attribution": "attribution_to_others", "drop_off": "drop_off"}
        for key, share in row.filters.items():
            effect[names.get(key, key)] = f"{round(share * 100, 6):g}%"
        if row.duration != 1:
            effect["duration_years"] = int(row.duration)
        effect["note"] = note
        effects.append(effect)
    horizon = max((int(r.duration) for r in rows if not r.is_input), default=1)
    meta: dict[str, Any] = {
        "title": title,
        "client": "",
        "version": "0.1",
        "date": dt.date.today().isoformat(),
        "currency": currency,
        "method": "sroi",
        "price_year": year,
    }
    if horizon > 1:
        meta["horizon_years"] = horizon
        meta["discount_rate"] = discount_rate
    return {
        "rendement": 1,
        "meta": meta,
        "theory_of_change": {"problem": _("(overgenomen uit een impact map; vul aan)")},
        "sources": [{"id": i, "title": t} for t, i in sources.items()],
        "financiers": [
            {"id": i, "name": name, "party": _("belanghebbende")} for name, i in people.items()
        ],
        "stakeholders": [{"id": i, "name": name} for name, i in people.items()],
        "prices": prices,
        "interventions": [
            {
                "id": "impact_map",
                "name": title,
                "reach": 1,
                "reach_unit": _("project"),
                "activity_years": 1,
                "effects": effects,
                "investments": investments,
            }
        ],
    }


def model_text(document: dict[str, Any], origin: str) -> str:
    """The model as YAML, with a note saying where it came from."""
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.width = 100
    out = io.StringIO()
    yaml.dump(document, out)
    head = _(
        "# Overgenomen uit de impact map {origin} door 'rendement import impact-map'.\n"
        "# attribution van de impact map (het deel van anderen) staat hier als\n"
        "# attribution_to_others; elke proxy is een schaduwprijs (waarde, geen besparing).\n"
    ).format(origin=origin)
    return head + out.getvalue()
