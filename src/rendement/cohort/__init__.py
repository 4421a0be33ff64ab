"""Client cases (*cliëntcasussen*): the situation of real clients before and during
support, valued with the price list, per case and per cohort.

A client case is not the business case (``case`` in the rest of rendement); this room
never calls it that. Case data is personal data: only pseudonymous ids enter, and what
leaves this room is aggregated (see :mod:`rendement.cohort.privacy`).
"""
