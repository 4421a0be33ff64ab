"""Uncertain numbers: a distribution wherever a model has a number.

Written in YAML as a one-key mapping::

    share: {pert: [15%, 25%, 35%]}          # min, most likely, max
    units_per_case: {triangular: [30, 52, 52]}
    value: {uniform: [0.5, 1]}              # also written {range: [0.5, 1]}
    value: {normal: {mean: 10, sd: 2}}
    value: {lognormal: {mean: 10, sd: 4}}   # mean and sd of the number itself
    share: {beta: {mean: 0.3, sd: 0.1}}     # or {beta: {alpha: 2, beta: 5}}
    value: {ci90: [5, 20]}                  # a 90 % interval: lognormal if both > 0

The *point value* — what the deterministic run uses, so results without Monte Carlo do
not change — is the mode for triangular and PERT, the mean otherwise, the median for a
``ci90`` interval; ``point: 12`` sets it explicitly. Randomness is never global:
:meth:`Distribution.ppf` turns uniform numbers (from the caller's ``Generator``) into
draws, which also lets correlated inputs share a Gaussian copula.

>>> d = Distribution.parse({"triangular": [1, 2, 6]})
>>> d.point, round(d.mean, 4)
(2.0, 3.0)
>>> [round(float(x), 4) for x in d.ppf([0.0, 0.5, 1.0])]
[1.0, 2.8377, 6.0]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..i18n import N_
from ..wording import Text

if TYPE_CHECKING:  # NumPy is imported when a distribution is used, not when a model loads
    import numpy as np
    from numpy.typing import NDArray

Z90 = 1.6448536269514722  # scipy.special.ndtri(0.95): half-width of a 90 % interval in sds
KINDS = ("uniform", "range", "triangular", "pert", "normal", "lognormal", "beta", "ci90")


LARGEST = 1e15
"""The largest size of any number in a model, drawn or computed (a thousand times the Dutch
GDP in euros). Below it, float64 still holds every cent of an amount, and a product of a
few such numbers, summed over lines and years, stays far from overflow."""
SMALLEST = 1e-12
"""A number written in a model is 0 or at least this size: nearer to 0 it is a typo
(``1e-300``) whose reciprocal, in a ratio, would overflow."""
Z_EXTREME = 8.5
"""How many sds the range of a normal (or log-normal) distribution reaches: draws beyond
happen once in 10^17, so these bounds are where a formula is checked."""


class DistributionError(ValueError):
    """A distribution that cannot be: the message says what is wrong and what is expected."""


def _number(raw: Any, percent: bool) -> float:
    if isinstance(raw, bool) or raw is None:
        raise DistributionError(
            Text(N_("hier hoort een getal, maar er staat {raw}"), raw=f"{raw!r}")
        )
    if isinstance(raw, int | float):
        return _finite(raw)
    text = str(raw).strip()
    if percent and text.endswith("%"):
        try:
            return _finite(float(text[:-1].strip()) / 100)
        except ValueError:
            pass
    try:
        return _finite(float(text))
    except ValueError:
        raise DistributionError(
            Text(N_("'{text}' is geen getal"), text=text)
            + (Text(N_(" (schrijf 46.80, niet 46,80)")) if "," in text else "")
        ) from None


def _finite(raw: float) -> float:
    """The number as a float when it is finite and not larger than :data:`LARGEST`."""
    try:
        number = float(raw)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise DistributionError(
            Text(N_("hier hoort een eindig getal, maar er staat {raw}"), raw=f"{raw!r}")
        )
    if abs(number) > LARGEST:
        raise DistributionError(
            Text(
                N_(
                    "{number} is te groot; rendement rekent met getallen tot 10^15 (duizend "
                    "biljoen)"
                ),
                number=f"{number:g}",
            )
        )
    if 0 < abs(number) < SMALLEST:
        raise DistributionError(
            Text(
                N_(
                    "{number} ligt zo dicht bij 0 dat het een tikfout lijkt; schrijf 0 of een "
                    "getal van minstens 0.000000000001"
                ),
                number=f"{number:g}",
            )
        )
    return number


@dataclass(frozen=True)
class Distribution:
    """One uncertain number: its kind, parameters, and the point value the model uses."""

    kind: str
    params: tuple[float, ...]
    point: float
    raw: dict[str, Any]  # as written, for writing the model back

    # ---------------------------------------------------------------- reading
    @classmethod
    def parse(cls, raw: dict[str, Any], percent: bool = True) -> Distribution:
        keys = [k for k in raw if k != "point"]
        if len(keys) != 1 or keys[0] not in KINDS:
            raise DistributionError(
                Text(
                    N_(
                        "een verdeling schrijft u als één soort met parameters, bijv. "
                        "{{triangular: [min, meest waarschijnlijk, max]}}; soorten: "
                    )
                )
                + ", ".join(KINDS)
                + (Text(N_(" (nu: {names})"), names=", ".join(map(str, keys))) if keys else "")
            )
        kind = keys[0]
        args = raw[kind]
        if kind in ("uniform", "range", "triangular", "pert", "ci90"):
            wanted = 3 if kind in ("triangular", "pert") else 2
            if not isinstance(args, list) or len(args) != wanted:
                shape = "[min, meest waarschijnlijk, max]" if wanted == 3 else "[laag, hoog]"
                raise DistributionError(
                    Text(N_("{kind} verwacht een lijst {shape}"), kind=kind, shape=shape)
                )
            params = tuple(_number(a, percent) for a in args)
        else:
            if not isinstance(args, dict):
                raise DistributionError(
                    Text(
                        N_("{kind} verwacht velden, bijv. {{{kind}: {{mean: 10, sd: 2}}}}"),
                        kind=kind,
                    )
                )
            params = cls._named(kind, {k: _number(v, percent) for k, v in args.items()})
        kind = "uniform" if kind == "range" else kind
        dist = cls(kind, params, 0.0, dict(raw))
        dist._check()
        low, high = dist.support()
        point = _number(raw["point"], percent) if "point" in raw else dist._default_point()
        if not low <= point <= high:
            raise DistributionError(
                Text(
                    N_(
                        "het punt ({point}) ligt buiten de verdeling (van {low} tot {high}); "
                        "kies een punt binnen de grenzen"
                    ),
                    point=f"{point:g}",
                    low=f"{low:g}",
                    high=f"{high:g}",
                )
            )
        return cls(kind, dist.params, point, dict(raw))

    @staticmethod
    def _named(kind: str, args: dict[str, float]) -> tuple[float, ...]:
        if kind in ("normal", "lognormal"):
            if set(args) != {"mean", "sd"}:
                raise DistributionError(Text(N_("{kind} verwacht precies mean en sd"), kind=kind))
            return (args["mean"], args["sd"])
        if set(args) == {"alpha", "beta"}:
            return (args["alpha"], args["beta"])
        if set(args) == {"mean", "sd"}:
            mean, sd = args["mean"], args["sd"]
            if not 0 < mean < 1 or sd <= 0 or sd**2 >= mean * (1 - mean):
                raise DistributionError(
                    Text(
                        N_(
                            "beta met mean {mean} en sd {sd} bestaat niet: mean ligt tussen 0 "
                            "en 1 en sd² moet kleiner zijn dan mean × (1 − mean)"
                        ),
                        mean=f"{mean:g}",
                        sd=f"{sd:g}",
                    )
                )
            common = mean * (1 - mean) / sd**2 - 1
            if not math.isfinite(common) or common * min(mean, 1 - mean) < SMALLEST:
                raise DistributionError(
                    Text(
                        N_(
                            "beta met mean {mean} en sd {sd} is te smal of te scheef om mee te "
                            "rekenen; schrijf het getal zelf, zonder verdeling"
                        ),
                        mean=f"{mean:g}",
                        sd=f"{sd:g}",
                    )
                )
            return (mean * common, (1 - mean) * common)
        raise DistributionError(Text(N_("beta verwacht alpha en beta, of mean en sd")))

    def _check(self) -> None:
        p = self.params
        if self.kind in ("uniform", "ci90") and not p[0] < p[1]:
            raise DistributionError(
                Text(
                    N_("{kind}: de ondergrens ({p}) moet kleiner zijn dan de bovengrens ({p2})"),
                    kind=self.kind,
                    p=f"{p[0]:g}",
                    p2=f"{p[1]:g}",
                )
            )
        if self.kind in ("triangular", "pert") and not (p[0] <= p[1] <= p[2] and p[0] < p[2]):
            raise DistributionError(
                Text(
                    N_(
                        "{kind}: verwacht min ≤ meest waarschijnlijk ≤ max met min < max, maar "
                        "er staat {p}, {p2}, {p3}"
                    ),
                    kind=self.kind,
                    p=f"{p[0]:g}",
                    p2=f"{p[1]:g}",
                    p3=f"{p[2]:g}",
                )
            )
        if self.kind in ("normal", "lognormal") and p[1] <= 0:
            raise DistributionError(
                Text(N_("{kind}: de sd moet groter zijn dan 0"), kind=self.kind)
            )
        if self.kind == "lognormal" and p[0] <= 0:
            raise DistributionError(Text(N_("lognormal: het gemiddelde moet groter zijn dan 0")))
        if self.kind == "beta" and (p[0] < SMALLEST or p[1] < SMALLEST):
            raise DistributionError(Text(N_("beta: alpha en beta moeten groter zijn dan 0")))
        try:
            low, high = self.support()
        except OverflowError:
            low, high = -math.inf, math.inf
        if not (math.isfinite(low) and math.isfinite(high)) or max(-low, high) > LARGEST:
            raise DistributionError(
                Text(
                    N_(
                        "{describe} reikt tot getallen die te groot zijn om mee te rekenen "
                        "(rendement rekent tot 10^15); kies een kleinere spreiding"
                    ),
                    describe=self.describe(),
                )
            )

    def support(self) -> tuple[float, float]:
        """The smallest and largest value a draw can realistically take: :attr:`bounds`, with
        an unbounded side cut at :data:`Z_EXTREME` sds. Formulas are checked over this range.
        """
        p = self.params
        if self.kind == "normal":
            return p[0] - Z_EXTREME * p[1], p[0] + Z_EXTREME * p[1]
        if self.kind == "lognormal" or (self.kind == "ci90" and p[0] > 0):
            mu, sigma = self._log_params()
            return math.exp(mu - Z_EXTREME * sigma), math.exp(mu + Z_EXTREME * sigma)
        if self.kind == "ci90":
            half = Z_EXTREME * (p[1] - p[0]) / (2 * Z90)
            return (p[0] + p[1]) / 2 - half, (p[0] + p[1]) / 2 + half
        return self.bounds

    def _default_point(self) -> float:
        p = self.params
        if self.kind in ("triangular", "pert"):
            return p[1]
        if self.kind == "ci90":
            return math.sqrt(p[0] * p[1]) if p[0] > 0 else (p[0] + p[1]) / 2
        return self.mean

    # ---------------------------------------------------------------- facts
    @property
    def bounds(self) -> tuple[float, float]:
        """The smallest and largest value a draw can take (± inf when unbounded)."""
        p = self.params
        if self.kind in ("uniform",):
            return p[0], p[1]
        if self.kind in ("triangular", "pert"):
            return p[0], p[2]
        if self.kind == "beta":
            return 0.0, 1.0
        if self.kind == "lognormal" or (self.kind == "ci90" and p[0] > 0):
            return 0.0, math.inf
        return -math.inf, math.inf

    @property
    def mean(self) -> float:
        p = self.params
        if self.kind == "uniform":
            return (p[0] + p[1]) / 2
        if self.kind == "triangular":
            return sum(p) / 3
        if self.kind == "pert":
            return (p[0] + 4 * p[1] + p[2]) / 6
        if self.kind in ("normal", "lognormal"):
            return p[0]
        if self.kind == "beta":
            return p[0] / (p[0] + p[1])
        if p[0] <= 0:  # ci90 around zero: a normal distribution
            return (p[0] + p[1]) / 2
        mu, sigma = self._log_params()
        return math.exp(mu + sigma**2 / 2)

    @property
    def variance(self) -> float:
        p = self.params
        if self.kind == "uniform":
            return (p[1] - p[0]) ** 2 / 12
        if self.kind == "triangular":
            a, c, b = p
            return (a * a + b * b + c * c - a * b - a * c - b * c) / 18
        if self.kind in ("normal", "lognormal"):
            return p[1] ** 2
        if self.kind in ("pert", "beta"):
            alpha, beta = self._beta_shape()
            scale = (p[2] - p[0]) if self.kind == "pert" else 1.0
            return scale**2 * alpha * beta / ((alpha + beta) ** 2 * (alpha + beta + 1))
        if p[0] <= 0:  # ci90 around zero: a normal distribution
            return ((p[1] - p[0]) / (2 * Z90)) ** 2
        mu, sigma = self._log_params()
        return (math.exp(sigma**2) - 1) * math.exp(2 * mu + sigma**2)

    def _beta_shape(self) -> tuple[float, float]:
        p = self.params
        if self.kind == "pert":
            a, m, b = p
            return 1 + 4 * (m - a) / (b - a), 1 + 4 * (b - m) / (b - a)
        return p[0], p[1]

    def _log_params(self) -> tuple[float, float]:
        p = self.params
        if self.kind == "lognormal":
            mean, sd = p
            sigma2 = math.log(1 + (sd / mean) ** 2)
            return math.log(mean) - sigma2 / 2, math.sqrt(sigma2)
        low, high = p  # ci90 with both bounds > 0
        return (math.log(low) + math.log(high)) / 2, (math.log(high) - math.log(low)) / (2 * Z90)

    def interval(self, lower: float = 0.05, upper: float = 0.95) -> tuple[float, float]:
        """The low and high value used by one-way sensitivity (default P5 and P95)."""
        import numpy as np

        low, high = self.ppf(np.array([lower, upper]))
        return float(low), float(high)

    # ---------------------------------------------------------------- drawing
    def ppf(self, u: NDArray[np.float64]) -> NDArray[np.float64]:
        """Inverse distribution function: uniform numbers in [0, 1] → draws (vectorised)."""
        import numpy as np

        return np.asarray(self._ppf(np.asarray(u, dtype=np.float64)), dtype=np.float64)

    def _ppf(self, u: NDArray[np.float64]) -> Any:
        import numpy as np
        from scipy import special  # only here: loading a model does not import SciPy

        p = self.params
        if self.kind == "uniform":
            return p[0] + (p[1] - p[0]) * u
        if self.kind == "triangular":
            a, c, b = p
            cut = (c - a) / (b - a)
            left = a + np.sqrt(u * (b - a) * (c - a))
            right = b - np.sqrt((1 - u) * (b - a) * (b - c))
            return np.where(u < cut, left, right)
        if self.kind in ("pert", "beta"):
            alpha, beta = self._beta_shape()
            x = special.betaincinv(alpha, beta, u)
            return p[0] + (p[2] - p[0]) * x if self.kind == "pert" else x
        z = special.ndtri(np.clip(u, 1e-15, 1 - 1e-15))
        if self.kind == "normal":
            return p[0] + p[1] * z
        if self.kind == "lognormal" or (self.kind == "ci90" and p[0] > 0):
            mu, sigma = self._log_params()
            return np.exp(mu + sigma * z)
        return (p[0] + p[1]) / 2 + (p[1] - p[0]) / (2 * Z90) * z

    def draw(self, rng: np.random.Generator, n: int) -> NDArray[np.float64]:
        """``n`` independent draws with the generator's own fast methods."""
        p = self.params
        if self.kind == "uniform":
            return rng.uniform(p[0], p[1], n)
        if self.kind == "triangular":
            return rng.triangular(p[0], p[1], p[2], n)
        if self.kind in ("pert", "beta"):
            alpha, beta = self._beta_shape()
            x = rng.beta(alpha, beta, n)
            return p[0] + (p[2] - p[0]) * x if self.kind == "pert" else x
        if self.kind == "normal":
            return rng.normal(p[0], p[1], n)
        if self.kind == "lognormal" or (self.kind == "ci90" and p[0] > 0):
            mu, sigma = self._log_params()
            return rng.lognormal(mu, sigma, n)
        return rng.normal((p[0] + p[1]) / 2, (p[1] - p[0]) / (2 * Z90), n)

    def describe(self) -> str:
        """``triangular(30; 52; 52)``: the distribution in a few characters."""
        shown = "; ".join(f"{v:g}" for v in self.params)
        return f"{self.kind}({shown})"
