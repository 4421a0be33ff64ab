"""Writes examples/cohort/sociaal-makelaar-indicatoren.csv: INVENTED measured values of two
indicators (loneliness on the De Jong Gierveld scale, 0–11, lower is better; self-reliance
as a mean score 1–5, higher is better) at the start and end of the 60 invented client
cases of sociaal-makelaar.csv — plausible, not real. Every number comes from the seeded
generator below; run it again to get the same file:

    python scripts/make-example-indicators.py

The story: loneliness falls most for the lonely, self-reliance rises most for debts and
informal care, and the psychiatric group changes little; a few client cases were not
measured at the end (they do not count in the change).
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

HERE = Path(__file__).resolve().parents[1] / "examples" / "cohort"
CASES = HERE / "sociaal-makelaar.csv"
TARGET = HERE / "sociaal-makelaar-indicatoren.csv"
LONELINESS = {"schulden": 1.0, "eenzaamheid": 2.5, "mantelzorg": 1.0, "opvoeding": 0.5}
SELF_RELIANCE = {"schulden": 0.9, "eenzaamheid": 0.4, "mantelzorg": 0.7, "opvoeding": 0.6}


def cases() -> dict[str, str]:
    """Pseudonym → type of request for help, from the cohort's table."""
    with CASES.open(encoding="utf-8") as file:
        lines = [line for line in file if not line.startswith("#")]
    return {
        row["casus"]: row["hulpvraag"]
        for row in csv.DictReader(lines, delimiter=";")
        if row["casus"] != "*"
    }


def main() -> None:
    rng = random.Random(2026)
    rows: list[list[object]] = []
    for case, request in cases().items():
        lonely = rng.randint(6, 10) if request == "eenzaamheid" else rng.randint(2, 8)
        able = round(rng.uniform(1.5, 3.2), 1)
        ended = rng.random() > 0.05  # a few were not measured at the end
        drop = LONELINESS.get(request, 0.0) + rng.uniform(-1.0, 1.0)
        rise = SELF_RELIANCE.get(request, 0.1) + rng.uniform(-0.4, 0.4)
        rows.append([case, request, "start", "eenzaamheid", lonely])
        rows.append([case, request, "start", "zelfredzaamheid", able])
        if ended:
            rows.append([case, request, "eind", "eenzaamheid", max(0, min(11, round(lonely - drop)))])
            rows.append([case, request, "eind", "zelfredzaamheid", round(min(5.0, able + rise), 1)])
    with TARGET.open("w", encoding="utf-8", newline="") as file:
        file.write(
            "# VERZONNEN voorbeeld: meetwaarden van twee indicatoren voor de 60 cliëntcasussen "
            "(scripts/make-example-indicators.py); geen echte personen of cijfers.\n"
        )
        writer = csv.writer(file, delimiter=";", lineterminator="\n")
        writer.writerow(["casus", "hulpvraag", "moment", "indicator", "waarde"])
        writer.writerows(rows)
    print(f"{TARGET} geschreven")


if __name__ == "__main__":
    main()
