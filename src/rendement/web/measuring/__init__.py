"""Measuring with the people it is about: an instrument (questionnaire or interview
guide) per organisation, a measurement of a client case at a moment (start, eind,
follow-up) filled in by a professional or by the client through a one-time link, the
client's consent per instrument, and the work session in which a team judges
attribution. The meaning of the answers is the instrument room's
(:mod:`rendement.instrument`); this app stores them and shows the forms."""
