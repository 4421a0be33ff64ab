"""The table of Django's database cache (``CACHES`` in the settings): made by
``createcachetable``, which does nothing when it is there already."""

from typing import Any

from django.core.management import call_command
from django.db import migrations


def make(apps: Any, schema_editor: Any) -> None:
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    initial = True
    dependencies: list[tuple[str, str]] = []
    operations = [migrations.RunPython(make, migrations.RunPython.noop)]
