"""The web application: a project team builds a business case in the browser.

Django, just below the CLI in the layers: ``rendement serve`` starts it, and nothing in
the engine, the model or the reports imports it. A business case in the database is the
same YAML document the CLI reads; every save stores a new immutable version of it.

One Django app per topic: ``organisations`` (organisations, people and their roles),
``cases`` (business cases and their versions), ``audit`` (who did what, when). Every
write is a keyword-only function in a ``services.py`` that runs in one transaction and
writes its audit row; reads are in ``selectors.py``.
"""
