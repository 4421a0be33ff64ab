"""Where the web app keeps its data and which database it uses, from the environment.

``RENDEMENT_DATA`` names the data directory (default: ``~/.local/share/rendement``, or
``%LOCALAPPDATA%\\rendement`` on Windows); it holds the SQLite database, the secret key
and the mails the app would have sent. ``DATABASE_URL`` (``postgresql://user:pw@host:port/name``)
switches to PostgreSQL. Kept free of Django imports so the CLI can read it cheaply.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit


def data_dir() -> Path:
    """The data directory, created when missing."""
    configured = os.environ.get("RENDEMENT_DATA")
    if configured:
        path = Path(configured).expanduser()
    elif sys.platform == "win32":
        path = Path(os.environ.get("LOCALAPPDATA", Path.home())) / "rendement"
    else:
        base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
        path = Path(base) / "rendement"
    path.mkdir(parents=True, exist_ok=True)
    return path


def secret_key(directory: Path) -> str:
    """``RENDEMENT_SECRET_KEY``, else a random key kept in the data directory (made once)."""
    configured = os.environ.get("RENDEMENT_SECRET_KEY")
    if configured:
        return configured
    path = directory / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def database(url: str | None, directory: Path) -> dict[str, Any]:
    """Django's database settings: PostgreSQL for a ``postgresql://`` URL, else SQLite in
    WAL mode in the data directory (readers never wait for the one writer)."""
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": directory / "rendement.sqlite3",
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise ValueError(
            f"DATABASE_URL '{parts.scheme}://…' wordt niet ondersteund; "
            "gebruik postgresql://gebruiker:wachtwoord@host:poort/database"
        )
    options = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "OPTIONS": options,
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }
