"""``rendement werksessie …``: the work session on attribution, checked and applied."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from ..i18n import _
from .cohort import PricesOption
from .common import LanguageOption, err, out, show_problems, usage, writable, writing

if TYPE_CHECKING:
    from ..worksession import LoadedSession, Spread

app = typer.Typer(
    help="Werksessie: oordelen over toerekening en kans controleren en toepassen.",
    no_args_is_help=True,
)


TableOption = Annotated[
    Path | None,
    typer.Option(
        "--oordelen",
        help="Een tabel (.csv, .xlsx) met meer oordelen: deelnemer, onderdeel, waarde, "
        "laag, hoog, tijdstip, toelichting.",
        show_default=False,
    ),
]


def _loaded(file: Path, table: Path | None = None) -> LoadedSession:
    """The session, or its problems listed on stderr and exit code 1."""
    from ..worksession import WorkSessionError, load_session

    try:
        return load_session(file, table)
    except WorkSessionError as error:
        show_problems(error)


def _shown(share: float) -> str:
    """A share as a person reads it: ``66.7%`` (rounded only here, when shown)."""
    return f"{share * 100:.1f}".rstrip("0").rstrip(".") + "%"


def _table(spreads: list[Spread]) -> Table:
    percent = _shown
    table = Table(title=_("Spreiding per onderdeel"))
    for heading in (
        _("Onderdeel"),
        _("Oordelen"),
        _("Laagste"),
        _("Hoogste"),
        _("Gemiddeld"),
        _("Mediaan"),
        _("Afgesproken"),
        _("Verdeling"),
    ):
        table.add_column(heading)
    for spread in spreads:
        pert = spread.pert
        table.add_row(
            escape(spread.item.name),
            str(spread.n),
            percent(spread.minimum),
            percent(spread.maximum),
            percent(spread.mean),
            percent(spread.median),
            percent(spread.agreed) + ("" if spread.recorded else " " + _("(mediaan)")),
            "PERT " + " – ".join(percent(v) for v in pert) if pert else _("geen spreiding"),
        )
    return table


@app.command()
def check(
    file: Annotated[Path, typer.Argument(help="De werksessie (YAML).", show_default=False)],
    judgements: TableOption = None,
    lang: LanguageOption = None,
) -> None:
    """Controleer een werksessie en toon per onderdeel de spreiding van de oordelen."""
    from ..worksession import spreads

    loaded = _loaded(file, judgements)
    session = loaded.session
    found = spreads(session)
    out.print(_table(found))
    out.print(
        escape(
            _(
                "{path}: in orde — {participants} deelnemers, {items} onderdelen, "
                "{judgements} oordelen"
            ).format(
                path=file,
                participants=len(session.participants),
                items=len(session.items),
                judgements=len(session.judgements),
            )
        )
    )


@app.command()
def apply(
    file: Annotated[Path, typer.Argument(help="De werksessie (YAML).", show_default=False)],
    model: Annotated[Path, typer.Argument(help="Het modelbestand (YAML).", show_default=False)],
    output: Annotated[
        Path,
        typer.Option("-o", "--output", help="Het nieuwe modelbestand (.yaml).", show_default=False),
    ],
    judgements: TableOption = None,
    lang: LanguageOption = None,
) -> None:
    """Schrijf de afgesproken waarden met hun spreiding als verdeling in een model."""
    from ruamel.yaml.error import YAMLError

    from ..files import replacing
    from ..model import ModelError, loads
    from ..model.guards import TooMuch
    from ..wording import worded
    from ..worksession import ApplyError, apply_to_model, spreads

    if output.suffix.lower() not in (".yaml", ".yml"):
        usage(_("schrijf het model als .yaml"), output)
    writable(output)
    loaded = _loaded(file, judgements)
    try:
        text = model.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        usage(_("kan het model '{path}' niet lezen").format(path=model), model)
    try:
        written = apply_to_model(loaded.session, spreads(loaded.session), text)
    except ApplyError as error:
        usage(worded(error.args[0]), model)
    except (ValueError, TooMuch, YAMLError) as error:  # not YAML: the model's check says where
        usage(_("het model '{path}' is niet te lezen: {error}").format(path=model, error=error))
    try:
        loads(written, str(output), base=model.resolve().parent)
    except ModelError as error:
        err.print(f"[bold red]{escape(error.header)}:[/]")
        for problem in error.problems:
            err.print(f"  {escape(str(problem))}", soft_wrap=True)
        raise typer.Exit(1) from None
    with writing(output), replacing(output, output.suffix) as partial:
        Path(partial).write_text(written, encoding="utf-8")
    err.print(
        _("{count} waarden uit de werksessie geschreven naar {path}").format(
            count=len(loaded.session.items), path=output
        )
    )


@app.command()
def casussen(
    file: Annotated[Path, typer.Argument(help="De werksessie (YAML).", show_default=False)],
    table: Annotated[Path, typer.Argument(help="De tabel: .csv, .xlsx of .parquet.")],
    prices: PricesOption,
    seed: Annotated[int, typer.Option(help="Startwaarde van de bootstrap.")] = 2019,
    judgements: TableOption = None,
    lang: LanguageOption = None,
) -> None:
    """Reken cliëntcasussen door met de afgesproken waarden en hun spreiding."""
    from ..cohort.reading import CohortError, read_cases
    from ..cohort.valuation import value_cases
    from ..money import euro
    from ..wording import worded
    from ..worksession import ApplyError, apply_to_cases, spreads, summarise_with_spread
    from .cohort import _price_book, _refused

    loaded = _loaded(file, judgements)
    found = spreads(loaded.session)
    book = _price_book(prices)
    try:
        cases = apply_to_cases(loaded.session, found, read_cases(table))
        valued = value_cases(cases, book)
    except CohortError as error:
        _refused(table, error)
    except ApplyError as error:
        usage(worded(error.args[0]), table)
    result = summarise_with_spread(loaded.session, found, valued, seed=seed)
    out.print(_table(found))
    out.print(
        escape(
            _(
                "{count} casussen; netto per casus {net}: 95%-interval {low} – {high} over de "
                "casussen, {dlow} – {dhigh} met de spreiding van de werksessie"
            ).format(
                count=result.count,
                net=euro(result.net_mean),
                low=euro(result.interval_point.low),
                high=euro(result.interval_point.high),
                dlow=euro(result.interval.low),
                dhigh=euro(result.interval.high),
            )
        )
    )
