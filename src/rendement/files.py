"""Writing a result file all at once: never a half-written report, workbook or export.

>>> from pathlib import Path
>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> with replacing(folder / "r.html", ".html") as partial:
...     _ = partial.write_text("<p>klaar</p>")
>>> sorted(p.name for p in folder.iterdir())
['r.html']
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replacing(target: str | Path, suffix: str = "") -> Iterator[Path]:
    """Give a temporary name beside ``target`` to write to; on success it replaces
    ``target`` in one step, on failure it is removed and ``target`` stays as it was.

    ``suffix`` keeps the extension a writer may look at (``.deel.xlsx``)."""
    path = Path(target)
    partial = path.with_name(path.name + ".deel" + suffix)
    try:
        yield partial
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)
