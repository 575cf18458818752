"""The EU Cloud Sovereignty Framework (v1.2.1, European Commission, October 2025), as ``cloud/data/
sovereignty_framework.yaml`` holds it: eight objectives with their weights, five SEAL levels (0 to 4).

How an offering is scored (worked examples in ``tests/cloud/test_framework.py``):

- each objective is assessed at a level, with the evidence; an objective not assessed counts as level 0, for
  nothing is shown for it;
- an offering that runs on others (its ``runs_on``, FedRAMP's "leveraged systems") is at each objective no higher
  than the weakest of them: its effective level is the minimum of its own and theirs, down the whole chain;
- the Sovereignty Score is the weighted mean of the effective levels as a share of level 4:
  ``sum(weight * level / 4)`` over the objectives, weights in percent, so 0 to 100;
- a need's minimum level per objective is a gate: an offering below it on any objective is out, whatever its score.
  The score only ranks the offerings that pass every gate.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from thorbecke.caches import process_cache
from thorbecke.cloud.texts import Texts

FILE = Path(__file__).parent / "data" / "sovereignty_framework.yaml"
TOP = 4


@dataclass(frozen=True)
class Objective(Texts):
    code: str = ""
    weight: int = 0


@dataclass(frozen=True)
class Level(Texts):
    level: int = 0


@dataclass(frozen=True)
class Framework:
    name: str
    version: str
    published: str
    source: str
    objectives: tuple[Objective, ...]
    levels: tuple[Level, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(o.code for o in self.objectives)

    def objective(self, code: str) -> Objective:
        return next(o for o in self.objectives if o.code == code)

    @property
    def cited(self) -> str:
        return f"{self.name} {self.version} ({self.published})"


@process_cache()
def framework() -> Framework:
    """The framework as the repository holds it."""
    raw = yaml.safe_load(FILE.read_text(encoding="utf-8"))
    objectives = tuple(Objective(code=o["code"], weight=o["weight"], **Texts.of(o)) for o in raw["objectives"])
    levels = tuple(Level(level=v["level"], **Texts.of(v)) for v in raw["levels"])
    if sum(o.weight for o in objectives) != 100 or [v.level for v in levels] != list(range(TOP + 1)):
        raise ValueError("sovereignty_framework.yaml: the weights must add up to 100 and the levels run 0 to 4")
    return Framework(raw["name"], str(raw["version"]), str(raw["published"]), raw["source"], objectives, levels)


def score(levels: Mapping[str, int]) -> float:
    """The Sovereignty Score, 0 to 100, of effective levels per objective (an objective left out counts as 0)."""
    return sum(o.weight * levels.get(o.code, 0) / TOP for o in framework().objectives)


def inherited(own: Mapping[str, int], beneath: Iterable[Mapping[str, int]]) -> dict[str, int]:
    """The effective levels of an offering assessed at ``own`` that runs on offerings at the effective levels
    ``beneath``: per objective the weakest of them all."""
    beneath = list(beneath)
    return {code: min([own.get(code, 0), *(b.get(code, 0) for b in beneath)]) for code in framework().codes}


class ChainError(ValueError):
    """An offering that runs, down its chain, on itself."""


def effective_levels(
    own: Mapping[int, Mapping[str, int]], runs_on: Mapping[int, Iterable[int]]
) -> dict[int, dict[str, int]]:
    """Every offering's effective levels, from every offering's own assessed levels and what it runs on.

    Offerings are ids; ``runs_on`` maps an id to the ids it is built on. A cycle raises ChainError, naming an offering
    in it; an id that runs on an offering not in ``own`` inherits level 0 from it (nothing is known of it)."""
    done: dict[int, dict[str, int]] = {}
    visiting: set[int] = set()

    def resolve(offering: int) -> dict[str, int]:
        if offering in done:
            return done[offering]
        if offering in visiting:
            raise ChainError(offering)
        visiting.add(offering)
        below = [resolve(b) if b in own else {} for b in runs_on.get(offering, ())]
        visiting.discard(offering)
        done[offering] = inherited(own.get(offering, {}), below)
        return done[offering]

    for offering in own:
        resolve(offering)
    return done
