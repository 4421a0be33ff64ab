"""From judgements to an agreed value with its spread, and from there to a distribution.

Per item the *current* judgements count (a participant who judged again after the
discussion counts with their latest judgement; every earlier one stays in the file and in
:attr:`Spread.history`). Their spread is n, minimum, maximum, mean and median. The
group's agreed value is what the file records (``agreed``), else the median: the median
is the value no more than half the group finds too high and no more than half too low,
and one outlier does not move it.

The spread becomes a PERT distribution ``[low, agreed, high]``:

- ``low`` and ``high`` are the lowest and highest value anyone found plausible — their
  judgement, or their own ``low``/``high`` when they gave one — so the distribution
  covers both the disagreement between participants and each one's own doubt;
- the agreed value is its most likely value (the mode), so a deterministic run of the
  model uses exactly the agreed value (the model's point value of a PERT is its mode);
- PERT rather than triangular: it puts less weight on the extremes, which one participant
  alone may have named, and it is what the model already writes for a judged range.

When everyone gave the same value and no wider bounds, there is no spread: the agreed
value is written as a plain number.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any

from .schema import Item, Judgement, WorkSession


@dataclass(frozen=True)
class Spread:
    """One item's judgements, their spread, the agreed value and its distribution."""

    item: Item
    judgements: tuple[Judgement, ...]  # the current one per participant, by time
    history: tuple[Judgement, ...]  # every judgement of this item, by time
    n: int
    minimum: float
    maximum: float
    mean: float
    median: float
    agreed: float
    recorded: bool  # True: the group recorded its agreed value; False: the median
    low: float  # the lowest value anyone found plausible (and the agreed value)
    high: float  # the highest

    @property
    def uncertain(self) -> bool:
        return self.low < self.high

    @property
    def pert(self) -> tuple[float, float, float] | None:
        """``(low, agreed, high)`` of the PERT distribution; None without spread."""
        return (self.low, self.agreed, self.high) if self.uncertain else None

    @property
    def distribution_mean(self) -> float:
        """The mean of the distribution: ``(low + 4 × agreed + high) / 6`` for a PERT."""
        if not self.uncertain:
            return self.agreed
        return (self.low + 4 * self.agreed + self.high) / 6

    def model_value(self, complement: bool = False) -> Any:
        """The value as the model writes it: ``{pert: [50%, 70%, 80%]}`` or ``70%``.

        ``complement``: for a model line written with ``attribution_to_others`` (the share
        due to others), the distribution of 1 − the share."""
        values = (self.low, self.agreed, self.high)
        if complement:
            values = (1 - self.high, 1 - self.agreed, 1 - self.low)
        if not self.uncertain:
            return percent(values[1])
        return {"pert": [percent(v) for v in values]}


def percent(share: float) -> str:
    """0.7 → ``70%``, without the float noise of ``0.7 × 100`` (``70.00000000000001``)."""
    text = f"{round(share * 100, 9):.9f}".rstrip("0").rstrip(".")
    return f"{text}%"


def spreads(session: WorkSession) -> list[Spread]:
    """Every judged item's spread, in the order of the file's items (an item nobody
    judged yet, in a session under way, is left out)."""
    out = []
    for item in session.items:
        history = tuple(
            sorted((j for j in session.judgements if j.item == item.id), key=lambda j: j.at)
        )
        latest: dict[str, Judgement] = {}
        for judgement in history:
            latest[judgement.participant] = judgement
        current = tuple(sorted(latest.values(), key=lambda j: j.at))
        if not current:  # not judged yet (a session under way): nothing to spread
            continue
        values = [j.value for j in current]
        median = statistics.median(values)
        agreed = item.agreed if item.agreed is not None else median
        lows = [j.low if j.low is not None else j.value for j in current]
        highs = [j.high if j.high is not None else j.value for j in current]
        out.append(
            Spread(
                item=item,
                judgements=current,
                history=history,
                n=len(values),
                minimum=min(values),
                maximum=max(values),
                mean=statistics.fmean(values),
                median=median,
                agreed=agreed,
                recorded=item.agreed is not None,
                low=min(*lows, agreed),
                high=max(*highs, agreed),
            )
        )
    return out
