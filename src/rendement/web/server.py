"""Starting the web app: settings, a migrated database, then a production WSGI server
(waitress: threads, pure Python, also on Windows) — never Django's development server."""

from __future__ import annotations

import os
from collections.abc import Callable


def setup() -> None:
    """Django configured and the database migrated (created on first start)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rendement.web.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    threads: int = 8,
    ready: Callable[[str], None] | None = None,
) -> None:
    """Serve until interrupted; ``ready`` is called with the address once it listens."""
    from waitress import create_server

    from .wsgi import application

    server = create_server(
        application,
        host=host,
        port=port,
        threads=threads,
        ident="rendement",
        max_request_body_size=64 * 2**20,  # an upload is refused above 10 MB anyway
    )
    if ready is not None:
        shown = f"[{host}]" if ":" in host else host
        ready(f"http://{shown}:{server.effective_port}/")
    server.run()


def manage(arguments: list[str]) -> None:
    """Django's management commands (migrate, createsuperuser, …) with these settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rendement.web.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["rendement manage", *arguments])
