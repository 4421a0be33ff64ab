"""``rendement serve`` and ``rendement manage``: the web app, from the command line."""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path
from typing import Annotated

import typer

from ..i18n import _
from .common import LanguageOption, out

LOOPBACK = ("127.0.0.1", "localhost", "::1")
"""Addresses only this computer reaches: where the demo may go without a second factor."""


def serve(
    host: Annotated[str, typer.Option(help="Adres om op te luisteren.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Poort (0: een vrije poort).")] = 8000,
    demo: Annotated[
        bool,
        typer.Option(help="Met een demo-organisatie, de voorbeelden en een demogebruiker."),
    ] = False,
    data: Annotated[
        Path | None,
        typer.Option(help="Map voor de database en instellingen (anders RENDEMENT_DATA)."),
    ] = None,
    threads: Annotated[int, typer.Option(help="Gelijktijdige verzoeken per proces.")] = 8,
    workers: Annotated[
        int, typer.Option(help="Processen (POSIX): één per processorkern benut ze alle.")
    ] = 1,
    background: Annotated[
        bool,
        typer.Option(
            help="Met een eigen proces voor achtergrondwerk (PDF, Word, grote Monte Carlo)."
        ),
    ] = True,
    lang: LanguageOption = None,
) -> None:
    """De webapp: business cases bouwen in de browser (Django, met een productieserver)."""
    if data is not None:
        os.environ["RENDEMENT_DATA"] = str(data)
    from ..web.server import serve as run_server
    from ..web.server import setup

    # The demo user may see the demo's invented client cases; in production that right
    # always needs a second factor, which would send the demo's visitor to set up an
    # authenticator app first. A demo on this machine only, and only unless the
    # environment says otherwise, goes without (and says so).
    demo_without_second_factor = (
        demo and host in LOOPBACK and "RENDEMENT_REQUIRE_2FA_FOR_CLIENT_DATA" not in os.environ
    )
    if demo_without_second_factor:
        os.environ["RENDEMENT_REQUIRE_2FA_FOR_CLIENT_DATA"] = "0"
    setup()
    login = None
    if demo:
        from ..web.demo import ensure_demo

        login = ensure_demo()

    def ready(address: str) -> None:
        out.print(_("rendement luistert op {address}").format(address=address))
        if login is not None:
            out.print(_("gebruiker: {name}").format(name=login.username))
            out.print(_("wachtwoord: {password}").format(password=login.password))
        if demo_without_second_factor:
            out.print(
                _(
                    "Demo: wie cliëntcasussen mag inzien, logt hier zonder tweede factor in "
                    "(alleen op deze computer; in productie is die altijd nodig)."
                )
            )
        out.print(_("Stoppen: Ctrl+C"))
        out.file.flush()

    with suppress(KeyboardInterrupt):  # Ctrl+C ends the server quietly
        run_server(
            host=host,
            port=port,
            threads=threads,
            ready=ready,
            workers=workers,
            background=background,
        )


def manage(
    context: typer.Context,
) -> None:
    """Django-beheeropdrachten van de webapp (migrate, createsuperuser, …)."""
    from ..web.server import manage as run_manage

    run_manage(list(context.args))
