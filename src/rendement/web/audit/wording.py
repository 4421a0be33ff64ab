"""The audit log in words: every action name as a Dutch phrase, its subject by name.

An owner reads "bewerker wijzigde ‘Schuldhulp De Bilt’ (versie 4)", not ``case.save``.
Every action name written anywhere in the sources must have a phrase here (a test reads
the sources for them), so a new write action cannot reach the log page as a code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ...i18n import N_, _

PHRASES: dict[str, str] = {
    "organisation.create": N_("maakte de organisatie aan"),
    "membership.set": N_("gaf een rol ({role})"),
    "membership.change": N_("wijzigde de rol of het recht op cliëntcasussen"),
    "membership.remove": N_("verwijderde als lid"),
    "membership.leave": N_("verliet de organisatie"),
    "organisation.require_second_factor": N_(
        "maakte een tweede factor bij het inloggen verplicht voor alle leden"
    ),
    "organisation.drop_second_factor": N_(
        "maakte een tweede factor bij het inloggen niet langer verplicht voor alle leden"
    ),
    "invitation.create": N_("nodigde uit als {role}"),
    "invitation.accept": N_("nam de uitnodiging aan"),
    "invitation.decline": N_("sloeg de uitnodiging af"),
    "invitation.revoke": N_("trok de uitnodiging in"),
    "case.create": N_("maakte de business case"),
    "case.save": N_("wijzigde (versie {version})"),
    "case.delete": N_("verwijderde de business case"),
    "case.restore": N_("zette versie {restored} terug (als versie {version})"),
    "case.agree": N_("stelde versie {version} vast"),
    "case.duplicate": N_("kopieerde de business case"),
    "case.archive": N_("archiveerde de business case"),
    "case.unarchive": N_("haalde de business case uit het archief"),
    "case.share": N_("deelde de business case met {to} ({access})"),
    "case.unshare": N_("trok het delen van de business case met {to} in"),
    "case.link_create": N_("maakte een openbare link naar versie {version}, geldig tot {until}"),
    "case.link_revoke": N_("trok de openbare link naar versie {version} in"),
    "cohort.import": N_("las cliëntcasussen in ({cases} casussen)"),
    "cohort.delete": N_("verwijderde de cliëntcasussen ({cases} casussen)"),
    "cohort.delete_case": N_("verwijderde één cliëntcasus"),
    "cohort.add_case": N_("voegde een cliëntcasus toe"),
    "cohort.correct": N_("corrigeerde een cliëntcasus"),
    "cohort.export": N_("haalde gegevens per cliënt op: {what} ({cases} casussen)"),
    "cohort.adopt": N_("nam gemeten effecten over in een business case ({cases} casussen)"),
    "worksession.create": N_("maakte werksessie ‘{title}’ aan ({items} posten)"),
    "worksession.participant": N_("voegde een deelnemer toe aan werksessie ‘{title}’"),
    "worksession.judgement": N_("legde een oordeel vast in werksessie ‘{title}’"),
    "worksession.agree": N_("stelde een waarde vast in werksessie ‘{title}’ ({rows} regels)"),
    "worksession.apply": N_(
        "nam werksessie ‘{title}’ over in een business case (versie {version})"
    ),
    "worksession.export": N_("haalde werksessie ‘{title}’ op als bestand ({judgements} oordelen)"),
    "instrument.add": N_("voegde instrument ‘{title}’ toe"),
    "measurement.start": N_("begon een meting van een cliëntcasus"),
    "measurement.open": N_("opende een meting van een cliëntcasus"),
    "measurement.save": N_("sloeg antwoorden van een meting op"),
    "measurement.finish": N_("rondde een meting van een cliëntcasus af"),
    "measurement.consent": N_("legde het antwoord van een cliënt op de toestemmingsvraag vast"),
    "measurement.rows": N_("maakte de regels van een cliëntcasus uit de metingen ({rows} regels)"),
    "measurement.import": N_(
        "las afgeronde metingen in ({measurements} metingen van {clients} casussen)"
    ),
    "measurement.export": N_("haalde de antwoorden van de metingen op ({measurements} metingen)"),
    "measurement.link_create": N_("maakte een link naar een vragenlijst, geldig tot {until}"),
    "measurement.link_revoke": N_("trok een link naar een vragenlijst in"),
    "backup.create": N_("maakte een back-up"),
    "backup.restore": N_("zette een back-up terug"),
    "work.pdf": N_("liet de PDF van versie {version} maken"),
    "work.docx": N_("liet het Word-document van versie {version} maken"),
    "work.montecarlo": N_("startte een Monte Carlo van versie {version} ({draws} trekkingen)"),
    "work.sensitivity": N_(
        "startte gevoeligheid en EVPPI van versie {version} ({draws} trekkingen)"
    ),
}
"""Action name → what the actor did, in the past tense; ``{name}`` takes the entry's detail."""

GROUPS: dict[str, str] = {
    "case": N_("Business cases"),
    "cohort": N_("Cliëntcasussen"),
    "cohort.export": N_("Gegevens per cliënt opgehaald"),
    "membership": N_("Leden"),
    "invitation": N_("Uitnodigingen"),
    "organisation": N_("Organisatie"),
    "worksession": N_("Werksessies"),
    "measurement": N_("Metingen"),
    "backup": N_("Back-ups"),
    "work": N_("Achtergrondwerk"),
}
"""Kinds of action an owner filters on: a prefix (``case`` = every ``case.*``) or one
action; the export of client-level data is a kind of its own, the one an owner looks for."""

WORDS = {
    "csv": N_("tabel (CSV)"),
    "kassabon": N_("kassabon"),
    "owner": N_("eigenaar"),
    "editor": N_("bewerker"),
    "viewer": N_("lezer"),
    "lezen": N_("alleen lezen"),
    "bewerken": N_("bewerken"),
}


class _Kept(dict[str, Any]):
    """Detail values for a phrase; a value the row lacks shows as "?" rather than failing."""

    def __missing__(self, key: str) -> str:
        return "?"


def phrase(action: str, detail: Mapping[str, Any] | None = None) -> str:
    """What the actor did, in Dutch, with the entry's details filled in."""
    wording = PHRASES.get(action)
    if wording is None:  # an action made after this table: said, never shown as a code
        return _("deed iets anders")
    values = _Kept()
    for key, value in (detail or {}).items():
        values[key] = _(WORDS[value]) if isinstance(value, str) and value in WORDS else value
    return _(wording).format_map(values)


def matches(action: str, kind: str) -> bool:
    """Whether ``action`` is of the filter's kind (a group prefix or the action itself)."""
    return action == kind or action.startswith(kind + ".")


@dataclass(frozen=True)
class Line:
    """One row of the log as the page and the CSV show it."""

    at: datetime
    who: str
    what: str
    subject: str
    note: str
    case_uid: str | None  # a link to the case while it exists


def person(user: Any) -> str:
    if user is None:
        return _("het systeem")
    return str(user.get_full_name() or user.get_username())


def lines(entries: Iterable[Any]) -> list[Line]:
    """The entries in words; a case or cohort by its present name, or the name it had."""
    from ..cases.models import Case
    from ..cohorts.models import Cohort

    entries = list(entries)
    uids = {kind: set() for kind in ("case", "cohort")}  # type: dict[str, set[str]]
    for e in entries:
        kind, _sep, uid = e.subject.partition(" ")
        if kind in uids and uid:
            uids[kind].add(uid)
    cases = dict(Case.objects.filter(uid__in=uids["case"]).values_list("uid", "title"))
    cohorts = dict(Cohort.objects.filter(uid__in=uids["cohort"]).values_list("uid", "name"))
    found: list[Line] = []
    for e in entries:
        detail = e.detail if isinstance(e.detail, dict) else {}
        kind, _sep, uid = e.subject.partition(" ")
        case_uid = None
        if kind == "case" and uid:
            subject = cases.get(uid) or str(detail.get("title") or _("een verwijderde case"))
            case_uid = uid if uid in cases else None
        elif kind == "cohort" and uid:
            subject = cohorts.get(uid) or str(detail.get("name") or _("verwijderde casussen"))
        else:
            subject = e.subject
        note = str(detail.get("message") or detail.get("note") or "")
        found.append(
            Line(
                at=e.at,
                who=person(e.actor),
                what=phrase(e.action, detail),
                subject=subject,
                note=note,
                case_uid=case_uid,
            )
        )
    return found
