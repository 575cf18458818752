"""Life events: guided pages that list, in order, what every organisation does when life changes."""

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from thorbecke.caches import process_cache
from thorbecke.registry.localised import localised
from thorbecke.registry.responsibility import Layer
from thorbecke.registry.sources import SourceError

LIFE_EVENTS_FILE = Path(__file__).parent / "content" / "life_events.yaml"
_LAYERS = set(Layer.values)


@dataclass(frozen=True)
class Question:
    key: str
    text_nl: str
    text_en: str

    @property
    def text(self) -> str:
        return localised(self, "text")


@dataclass(frozen=True)
class Step:
    uri: str
    name: str
    title_nl: str
    title_en: str
    layer: str
    agency: str
    once_only: bool
    note_nl: str
    note_en: str
    when: dict[str, bool] = field(default_factory=dict)
    # False where the person deals with a party outside government (a health insurer, a pension fund) that the
    # note names: no government organisation is the door then.
    door: bool = True

    @property
    def title(self) -> str:
        return localised(self, "title")

    @property
    def note(self) -> str:
        return localised(self, "note")


@dataclass(frozen=True)
class PlacePrompt:
    """What the place form asks on this event: the municipality that matters differs (a move: the new one)."""

    heading_nl: str
    heading_en: str
    label_nl: str
    label_en: str
    when: dict[str, bool] = field(default_factory=dict)

    @property
    def heading(self) -> str:
        return localised(self, "heading")

    @property
    def label(self) -> str:
        return localised(self, "label")


@dataclass(frozen=True)
class LifeEvent:
    slug: str
    title_nl: str
    title_en: str
    intro_nl: str
    intro_en: str
    questions: tuple[Question, ...]
    steps: tuple[Step, ...]
    sources: tuple[str, ...]
    places: tuple[PlacePrompt, ...] = ()

    @property
    def title(self) -> str:
        return localised(self, "title")

    @property
    def intro(self) -> str:
        return localised(self, "intro")

    def steps_for(self, answers: dict[str, bool]) -> list[Step]:
        """The steps that apply; a step with conditions waits until those questions are answered."""
        return [s for s in self.steps if _applies(s.when, answers)]

    def place_for(self, answers: dict[str, bool]) -> PlacePrompt | None:
        """The first place question whose conditions hold; None asks where the person lives."""
        return next((p for p in self.places if _applies(p.when, answers)), None)


def _applies(when: dict[str, bool], answers: dict[str, bool]) -> bool:
    return all(answers.get(k) == v for k, v in when.items())


def _when(entry: dict, keys: set[str], path: Path, where: str) -> dict[str, bool]:
    when = entry.get("when") or {}
    if not set(when) <= keys or not all(isinstance(v, bool) for v in when.values()):
        raise SourceError(path, where, "when", f"must map questions of this event ({keys}) to yes/no")
    return dict(when)


def _text(entry: dict, key: str, path: Path, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise SourceError(path, where, key, "must be a non-empty text")
    return " ".join(value.split())


def load_life_events(path: Path = LIFE_EVENTS_FILE) -> list[LifeEvent]:
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SourceError(path, "-", "-", f"cannot be read: {exc}") from exc
    if not isinstance(entries, list):
        raise SourceError(path, "-", "-", "expected a list of life events")
    events = []
    for number, entry in enumerate(entries, start=1):
        where = f"life event {number}"
        questions = tuple(
            Question(q["key"], _text(q, "text_nl", path, where), _text(q, "text_en", path, where))
            for q in entry.get("questions") or []
        )
        keys = {q.key for q in questions}
        steps = []
        for index, s in enumerate(entry.get("steps") or [], start=1):
            step_where = f"{where}, step {index}"
            when = _when(s, keys, path, step_where)
            if s.get("layer") not in _LAYERS:
                raise SourceError(path, step_where, "layer", f"must be one of {sorted(_LAYERS)}")
            steps.append(
                Step(
                    uri=_text(s, "uri", path, step_where),
                    name=_text(s, "name", path, step_where),
                    title_nl=_text(s, "title_nl", path, step_where),
                    title_en=_text(s, "title_en", path, step_where),
                    layer=s["layer"],
                    agency=str(s.get("agency") or ""),
                    once_only=bool(s.get("once_only")),
                    note_nl=_text(s, "note_nl", path, step_where),
                    note_en=_text(s, "note_en", path, step_where),
                    when=when,
                    door=s.get("door", True) is not False,
                )
            )
        if not steps:
            raise SourceError(path, where, "steps", "a life event needs steps")
        places = tuple(
            PlacePrompt(
                heading_nl=_text(p, "heading_nl", path, f"{where}, place {index}"),
                heading_en=_text(p, "heading_en", path, f"{where}, place {index}"),
                label_nl=_text(p, "label_nl", path, f"{where}, place {index}"),
                label_en=_text(p, "label_en", path, f"{where}, place {index}"),
                when=_when(p, keys, path, f"{where}, place {index}"),
            )
            for index, p in enumerate(entry.get("place") or [], start=1)
        )
        events.append(
            LifeEvent(
                slug=_text(entry, "slug", path, where),
                title_nl=_text(entry, "title_nl", path, where),
                title_en=_text(entry, "title_en", path, where),
                intro_nl=_text(entry, "intro_nl", path, where),
                intro_en=_text(entry, "intro_en", path, where),
                questions=questions,
                steps=tuple(steps),
                sources=tuple(entry.get("sources") or ()),
                places=places,
            )
        )
    return events


@process_cache()
def life_events() -> dict[str, LifeEvent]:
    return {event.slug: event for event in load_life_events()}
