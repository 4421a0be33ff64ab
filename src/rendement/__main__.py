"""``python -m rendement`` is the same as the ``rendement`` command."""

from .cli import main

main()
