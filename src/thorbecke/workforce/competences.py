"""The shared competence model, as data: the e-CF 4.0 (``data/ecf.yaml``), the European ICT role profiles
(``data/role_profiles.yaml``), the programme's archetypes for government-wide themes (``data/archetypes.yaml``) and
what is known of the KWIV (``data/kwiv.yaml``); and the profile sets the programme publishes on top of them.

A file is refused whole, with its field named (``archetypes[2].competences[0].level``), when a competence code is
unknown, a level is not one the competence is defined at, a text is missing in either language, a code repeats, or
the YAML has the wrong shape. The repository's files are the model and are not stored; only a published profile set
is, after the same checks."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thorbecke.caches import process_cache
from thorbecke.registry.localised import localised
from thorbecke.registry.models import Organisation
from thorbecke.workforce.models import ProfileSet

DATA = Path(__file__).parent / "data"
LEVELS = (1, 2, 3, 4, 5)  # e-1 ... e-5
KWIV_LEVELS = (1, 2, 3, 4, 9)  # 1-4 a competence's relative weight; 9 universal (data/kwiv.yaml)
SCALES = {"e-cf": None, "kwiv": KWIV_LEVELS}


class ModelError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclass(frozen=True)
class Texts:
    """A text in both languages; a template shows it in the active one."""

    text_nl: str
    text_en: str

    def __str__(self) -> str:
        return localised(self, "text")


@dataclass(frozen=True)
class Competence:
    code: str
    area: str
    name_en: str  # the standard's own name: no Dutch name of e-CF 4.0 is public
    levels: tuple[int, ...]

    def spans(self) -> list[tuple[int, bool]]:
        """Each of e-1 ... e-5, and whether the competence is defined at it."""
        return [(level, level in self.levels) for level in LEVELS]


@dataclass(frozen=True)
class Area:
    code: str
    name: Texts
    competences: tuple[Competence, ...]


@dataclass(frozen=True)
class Framework:
    name: str
    version: str
    standard: str
    source: str
    area_names_note: str
    esco_crosswalk: Texts
    esco_source: str
    areas: tuple[Area, ...]
    competences: dict[str, Competence]


@dataclass(frozen=True)
class RoleProfiles:
    name: str
    document: str
    source: str
    competences_note: str
    profiles: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class Need:
    competence: Competence
    level: int


@dataclass(frozen=True)
class Archetype:
    code: str
    name: Texts
    text: Texts
    why: Texts
    basis: str
    needs: tuple[Need, ...]


@dataclass(frozen=True)
class Archetypes:
    status: Texts
    archetypes: tuple[Archetype, ...]


@dataclass(frozen=True)
class Kwiv:
    name: str
    version: str
    owner: Texts
    owner_source: str
    profiles_count: int
    basis: str
    parts: tuple[Texts, ...]
    levels: tuple[tuple[int, Texts], ...]
    levels_note: Texts
    levels_source: str
    relation_to_fgr: Texts
    published: Texts
    published_url: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Profile:
    code: str
    name: Texts
    needs: tuple[Need, ...]


@dataclass(frozen=True)
class ProfileSetContent:
    version: str
    name: Texts
    source: str
    scale: str
    profiles: tuple[Profile, ...]
    content: dict


# --- checking: each helper names the field it refuses ---


def _mapping(value: object, where: str) -> dict:
    if not isinstance(value, dict):
        raise ModelError(where, _("must be a mapping of fields"))
    return value


def _string(entry: dict, key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ModelError(f"{where}.{key}" if where else key, _("is required"))
    return value.strip()


def _list(entry: dict, key: str, where: str) -> list:
    value = entry.get(key)
    if not isinstance(value, list) or not value:
        raise ModelError(f"{where}.{key}" if where else key, _("must list at least one entry"))
    return value


def _texts(entry: dict, key: str, where: str) -> Texts:
    field = f"{where}.{key}" if where else key
    value = _mapping(entry.get(key), field)
    return Texts(_string(value, "nl", field), _string(value, "en", field))


def _level(entry: dict, where: str, allowed: tuple[int, ...]) -> int:
    value = entry.get("level")
    if isinstance(value, bool) or value not in allowed:
        raise ModelError(
            f"{where}.level",
            _("'%(value)s' is not a level of this competence (%(levels)s)")
            % {"value": value, "levels": ", ".join(str(level) for level in allowed)},
        )
    return value


def _unique(codes: list[str], where: str, key: str = "code") -> None:
    seen: set[str] = set()
    for index, code in enumerate(codes):
        if code in seen:
            raise ModelError(f"{where}[{index}].{key}", _("'%(code)s' appears twice") % {"code": code})
        seen.add(code)


def _needs(entries: list, where: str, framework: Framework, scale: tuple[int, ...] | None = None) -> tuple[Need, ...]:
    """Competences with a level: e-CF levels the competence is defined at, or the levels of another ``scale``."""
    needs = []
    for index, raw in enumerate(entries):
        at = f"{where}[{index}]"
        entry = _mapping(raw, at)
        code = _string(entry, "code", at)
        competence = framework.competences.get(code)
        if competence is None:
            raise ModelError(f"{at}.code", _("'%(code)s' is not an e-CF 4.0 competence") % {"code": code})
        needs.append(Need(competence, _level(entry, at, scale or competence.levels)))
    _unique([n.competence.code for n in needs], where)
    return tuple(needs)


def _load(text: str, what: str) -> object:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ModelError(what, _("is not valid YAML (%(error)s)") % {"error": error.__class__.__name__}) from error


# --- the files ---


def parse_framework(content: object) -> Framework:
    top = _mapping(content, "ecf")
    areas_raw = _list(top, "areas", "")
    competences_raw = _list(top, "competences", "")
    competences: dict[str, Competence] = {}
    area_codes = [_string(_mapping(a, f"areas[{i}]"), "code", f"areas[{i}]") for i, a in enumerate(areas_raw)]
    _unique(area_codes, "areas")
    for index, raw in enumerate(competences_raw):
        at = f"competences[{index}]"
        entry = _mapping(raw, at)
        code, area = _string(entry, "code", at), _string(entry, "area", at)
        if area not in area_codes:
            raise ModelError(f"{at}.area", _("'%(code)s' is not an area of this framework") % {"code": area})
        levels = entry.get("levels")
        if not isinstance(levels, list) or not levels or any(lv not in LEVELS or isinstance(lv, bool) for lv in levels):
            raise ModelError(f"{at}.levels", _("must list levels from 1 to 5"))
        if code in competences:
            raise ModelError(f"{at}.code", _("'%(code)s' appears twice") % {"code": code})
        competences[code] = Competence(code, area, _string(entry, "en", at), tuple(sorted(levels)))
    areas = tuple(
        Area(
            code,
            Texts(_string(raw, "nl", f"areas[{i}]"), _string(raw, "en", f"areas[{i}]")),
            tuple(c for c in competences.values() if c.area == code),
        )
        for i, (code, raw) in enumerate(zip(area_codes, areas_raw, strict=True))
    )
    esco = _texts(top, "esco_crosswalk", "")
    esco_source = _string(top["esco_crosswalk"], "source", "esco_crosswalk")
    return Framework(
        _string(top, "framework", ""), _string(top, "version", ""), _string(top, "standard", ""),
        _string(top, "source", ""), _string(top, "area_names_nl", ""), esco, esco_source, areas, competences,
    )  # fmt: skip


def parse_role_profiles(content: object) -> RoleProfiles:
    top = _mapping(content, "role_profiles")
    profiles = []
    for index, raw in enumerate(_list(top, "profiles", "")):
        at = f"profiles[{index}]"
        entry = _mapping(raw, at)
        number = entry.get("number")
        if isinstance(number, bool) or not isinstance(number, int):
            raise ModelError(f"{at}.number", _("must be a whole number"))
        profiles.append((number, _string(entry, "en", at)))
    _unique([str(n) for n, _name in profiles], "profiles", "number")
    return RoleProfiles(
        _string(top, "name", ""), _string(top, "document", ""), _string(top, "source", ""),
        _string(top, "competences_note", ""), tuple(profiles),
    )  # fmt: skip


def parse_archetypes(content: object, framework: Framework) -> Archetypes:
    top = _mapping(content, "archetypes")
    archetypes = []
    for index, raw in enumerate(_list(top, "archetypes", "")):
        at = f"archetypes[{index}]"
        entry = _mapping(raw, at)
        nl, en = _mapping(entry.get("nl"), f"{at}.nl"), _mapping(entry.get("en"), f"{at}.en")
        texts = {
            key: Texts(_string(nl, key, f"{at}.nl"), _string(en, key, f"{at}.en")) for key in ("name", "text", "why")
        }
        archetypes.append(
            Archetype(
                _string(entry, "code", at),
                texts["name"],
                texts["text"],
                texts["why"],
                _string(entry, "basis", at),
                _needs(_list(entry, "competences", at), f"{at}.competences", framework),
            )
        )
    _unique([a.code for a in archetypes], "archetypes")
    return Archetypes(_texts(top, "status", ""), tuple(archetypes))


def parse_kwiv(content: object) -> Kwiv:
    top = _mapping(content, "kwiv")
    count = top.get("profiles_count")
    if isinstance(count, bool) or not isinstance(count, int):
        raise ModelError("profiles_count", _("must be a whole number"))
    levels = []
    for index, raw in enumerate(_list(top, "levels", "")):
        at = f"levels[{index}]"
        entry = _mapping(raw, at)
        levels.append((_level(entry, at, KWIV_LEVELS), Texts(_string(entry, "nl", at), _string(entry, "en", at))))
    parts = tuple(
        Texts(_string(_mapping(p, f"parts[{i}]"), "nl", f"parts[{i}]"), _string(p, "en", f"parts[{i}]"))
        for i, p in enumerate(_list(top, "parts", ""))
    )
    sources = _list(top, "sources", "")
    for index, source in enumerate(sources):
        if not isinstance(source, str) or not source.strip():
            raise ModelError(f"sources[{index}]", _("is required"))
    owner, levels_note, published = (_mapping(top.get(k), k) for k in ("owner", "levels_note", "published"))
    return Kwiv(
        _string(top, "name", ""), _string(top, "version", ""), _texts(top, "owner", ""),
        _string(owner, "source", "owner"), count, _string(top, "basis", ""), parts, tuple(levels),
        _texts(top, "levels_note", ""), _string(levels_note, "source", "levels_note"),
        _texts(top, "relation_to_fgr", ""), _texts(top, "published", ""), _string(published, "url", "published"),
        tuple(sources),
    )  # fmt: skip


def parse_profile_set(content: object, framework: Framework) -> ProfileSetContent:
    """An uploaded profile set (the KWIV profiles, say), checked against the e-CF as the archetypes are."""
    top = _mapping(content, "profile_set")
    scale = top.get("scale", "e-cf")
    if scale not in SCALES:
        raise ModelError("scale", _("must be one of: %(scales)s") % {"scales": ", ".join(SCALES)})
    profiles = []
    for index, raw in enumerate(_list(top, "profiles", "")):
        at = f"profiles[{index}]"
        entry = _mapping(raw, at)
        profiles.append(
            Profile(
                _string(entry, "code", at),
                _texts(entry, "name", at),
                _needs(_list(entry, "competences", at), f"{at}.competences", framework, SCALES[scale]),
            )
        )
    _unique([p.code for p in profiles], "profiles")
    return ProfileSetContent(
        _string(top, "version", ""), _texts(top, "name", ""), _string(top, "source", ""), scale, tuple(profiles), top
    )


def _file(name: str, parse: Callable[[object], object]) -> object:
    return parse(_load((DATA / name).read_text(encoding="utf-8"), name))


@process_cache()
def framework() -> Framework:
    """The e-CF 4.0 as the repository holds it."""
    return _file("ecf.yaml", parse_framework)


@process_cache()
def role_profiles() -> RoleProfiles:
    return _file("role_profiles.yaml", parse_role_profiles)


@process_cache(version=framework)
def archetypes() -> Archetypes:
    return _file("archetypes.yaml", lambda content: parse_archetypes(content, framework()))


@process_cache()
def kwiv() -> Kwiv:
    return _file("kwiv.yaml", parse_kwiv)


def load_profile_set(text: str) -> ProfileSetContent:
    return parse_profile_set(_load(text, "profile_set"), framework())


# --- published profile sets ---


def published() -> list[tuple[ProfileSet, ProfileSetContent]]:
    """Every published profile set, newest first, read as it was published."""
    rows = ProfileSet.objects.select_related("published_by").order_by("-published_at")
    return [(row, parse_profile_set(row.content, framework())) for row in rows]


class AlreadyPublished(ValueError):
    pass


@transaction.atomic
def publish(profile_set: ProfileSetContent, by: Organisation) -> ProfileSet:
    """Publish a profile set. A version is published once: changed profiles are a new version."""
    if ProfileSet.objects.filter(version=profile_set.version).exists():
        raise AlreadyPublished(profile_set.version)
    return ProfileSet.objects.create(
        version=profile_set.version, content=profile_set.content, published_at=timezone.now(), published_by=by
    )
