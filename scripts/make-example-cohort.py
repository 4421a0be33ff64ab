"""Writes examples/cohort/sociaal-makelaar.csv: 60 INVENTED client cases of a social
broker (sociaal makelaar), in the spirit of Haarlemmermeer's approach — plausible, not
real. Every number comes from the seeded generator below; run it again to get the same
file:

    python scripts/make-example-cohort.py

The story the numbers tell (so the example shows what a segment comparison is for): the
approach pays off for debts (an eviction avoided with some chance, a debt-counselling
trajectory not needed) and for informal care (less home support), less for loneliness
(fewer GP contacts, but lasting loneliness changes slowly), and a group of clients with
deep psychiatric problems gains little at a high investment — as Haarlemmermeer found.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

TARGET = Path(__file__).resolve().parents[1] / "examples" / "cohort" / "sociaal-makelaar.csv"
HEADINGS = [
    "casus",
    "hulpvraag",
    "leeftijdsklasse",
    "wijk",
    "post",
    "soort",
    "voor",
    "na",
    "toerekening",
    "kans",
]
REQUESTS = {  # type of request for help → number of cases
    "schulden": 16,
    "eenzaamheid": 14,
    "mantelzorg": 12,
    "opvoeding": 10,
    "psychisch": 8,
}
AGES = ["18-26", "27-44", "45-64", "65+"]
AREAS = ["Centrum", "Noord", "Zuid", "West"]


def rows(rng: random.Random) -> list[list[object]]:
    out: list[list[object]] = [
        ["*", "", "", "", "huisarts_contact", "", "", "", "40%", ""],
        ["*", "", "", "", "begeleiding_uur", "", "", "", "60%", ""],
        ["*", "", "", "", "uithuiszetting", "", "", "", "80%", "30%"],
    ]
    n = 0
    for request, size in REQUESTS.items():
        for _ in range(size):
            n += 1
            case = f"SM-{n:03}"
            age = "65+" if request == "eenzaamheid" and rng.random() < 0.6 else rng.choice(AGES)
            head = [case, request, age, rng.choice(AREAS)]

            def add(
                item: str,
                kind: str,
                before: object,
                after: object,
                share: str = "",
                head: list[object] = head,
            ) -> None:
                out.append([*head, item, kind, before, after, share, ""])

            gp_before = rng.randint(6, 14)
            if request == "schulden":
                add("huisarts_contact", "effect", gp_before, gp_before - rng.randint(1, 4))
                add("schuldhulptraject", "effect", 1, 0 if rng.random() < 0.7 else 1, "70%")
                add("uithuiszetting", "effect", 1, 0)  # the risk, with the default chance
                hours = rng.randint(18, 40)
            elif request == "eenzaamheid":
                after = gp_before - rng.randint(0, 3)
                add("huisarts_contact", "effect", gp_before, after)
                add("vrijwilligersuur", "schaduwwaarde", 0, rng.choice([0, 0, 52, 104, 208]))
                hours = rng.randint(10, 30)
            elif request == "mantelzorg":
                before = rng.randint(80, 200)
                add("begeleiding_uur", "effect", before, before - rng.randint(20, 80))
                add("dagbesteding_dagdeel", "effect", rng.randint(0, 40), 0, "50%")
                hours = rng.randint(12, 30)
            elif request == "opvoeding":
                before = rng.randint(4, 12)
                add("cjg_contact", "effect", before, before - rng.randint(1, 4), "60%")
                add("jeugdhulp_uur", "effect", rng.randint(10, 60), rng.randint(0, 20), "50%")
                hours = rng.randint(15, 35)
            else:  # deep psychiatric limitation: little changes, much time is spent
                add("huisarts_contact", "effect", gp_before, gp_before - rng.randint(-1, 1))
                add("begeleiding_uur", "effect", rng.randint(100, 200), "onbekend")
                hours = rng.randint(40, 80)
            add("uur_sociaal_makelaar", "investering", "", hours)
    return out


def main() -> None:
    rng = random.Random(2024)
    with TARGET.open("w", encoding="utf-8", newline="") as file:
        file.write(
            "# VERZONNEN voorbeeld: 60 cliëntcasussen van een sociaal makelaar "
            "(scripts/make-example-cohort.py); geen echte personen of cijfers.\n"
        )
        writer = csv.writer(file, delimiter=";", lineterminator="\n")
        writer.writerow(HEADINGS)
        writer.writerows(rows(rng))
    print(f"{TARGET} geschreven")


if __name__ == "__main__":
    main()
