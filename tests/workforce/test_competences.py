"""The competence model as data: the repository's files load, and a wrong file is refused whole with its field
named."""

import copy

import pytest
import yaml

from thorbecke.workforce import competences

FRAMEWORK = yaml.safe_load((competences.DATA / "ecf.yaml").read_text(encoding="utf-8"))
ARCHETYPES = yaml.safe_load((competences.DATA / "archetypes.yaml").read_text(encoding="utf-8"))
ROLES = yaml.safe_load((competences.DATA / "role_profiles.yaml").read_text(encoding="utf-8"))
KWIV = yaml.safe_load((competences.DATA / "kwiv.yaml").read_text(encoding="utf-8"))
PROFILE_SET = {
    "version": "2027.1",
    "name": {"nl": "KWIV-profielen", "en": "KWIV profiles"},
    "source": "KWIV workbook, part II",
    "profiles": [
        {"code": "1.1", "name": {"nl": "Architect", "en": "Architect"}, "competences": [{"code": "A.5", "level": 4}]},
        {"code": "2.1", "name": {"nl": "Ontwikkelaar", "en": "Developer"},
         "competences": [{"code": "B.1", "level": 3}, {"code": "B.3", "level": 2}]},
    ],
}  # fmt: skip


def test_the_repositorys_files_load():
    framework = competences.framework()
    assert (framework.version, framework.standard) == ("4.0", "EN 16234-1:2019 (CEN/TC 428)")
    assert "third-party copy" in framework.source
    assert len(framework.competences) == 41
    assert {a.code: len(a.competences) for a in framework.areas} == {"A": 10, "B": 6, "C": 5, "D": 11, "E": 9}
    assert framework.competences["D.7"].name_en == "Data Science and Analytics"
    assert framework.competences["D.7"].levels == (2, 3, 4, 5)
    assert framework.competences["A.1"].spans() == [(1, False), (2, False), (3, False), (4, True), (5, True)]
    assert "our own" in framework.area_names_note
    assert framework.esco_crosswalk.text_en.startswith("No public crosswalk") and "escopedia" in framework.esco_source
    roles = competences.role_profiles()
    assert len(roles.profiles) == 30 and roles.profiles[-1] == (30, "Product Owner")
    assert "CWA 16458-1:2018" in roles.document and "not found" in roles.competences_note
    kwiv = competences.kwiv()
    assert kwiv.profiles_count == 61 and [level for level, _ in kwiv.levels] == [1, 2, 3, 4, 9]
    assert "functiegebouwrijksoverheid.nl" in kwiv.published_url


def test_the_archetypes_start_with_ai_literacy_and_need_only_levels_their_competences_have():
    found = competences.archetypes()
    codes = [a.code for a in found.archetypes]
    assert codes[0] == "ai-literacy"
    assert {"ai-literacy", "digital-leadership", "data", "information-security"} <= set(codes)
    assert "2024/1689" in found.archetypes[0].basis and "2 February 2025" in found.archetypes[0].basis
    assert "proposal" in found.status.text_en
    for archetype in found.archetypes:
        assert archetype.needs and all(n.level in n.competence.levels for n in archetype.needs)


def refused(parse, content, field: str) -> None:
    with pytest.raises(competences.ModelError) as caught:
        parse(content)
    assert caught.value.field == field, str(caught.value)


def archetypes_with(change) -> dict:
    content = copy.deepcopy(ARCHETYPES)
    change(content)
    return content


def parse_archetypes(content: object) -> competences.Archetypes:
    return competences.parse_archetypes(content, competences.framework())


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda c: c["archetypes"][2]["competences"][0].update(code="Z.9"), "archetypes[2].competences[0].code"),
        # D.1 is defined at e-4 and e-5 only.
        (lambda c: c["archetypes"][3]["competences"][0].update(level=2), "archetypes[3].competences[0].level"),
        (lambda c: c["archetypes"][2]["competences"][0].update(level="3"), "archetypes[2].competences[0].level"),
        (lambda c: c["archetypes"][1]["nl"].pop("why"), "archetypes[1].nl.why"),
        (lambda c: c["archetypes"][0]["en"].update(name=" "), "archetypes[0].en.name"),
        (lambda c: c["archetypes"][1].update(code="ai-literacy"), "archetypes[1].code"),
        (lambda c: c["archetypes"][0]["competences"].append({"code": "A.7", "level": 4}),
         "archetypes[0].competences[3].code"),
        (lambda c: c["archetypes"][0].update(competences={"A.7": 3}), "archetypes[0].competences"),
        (lambda c: c["archetypes"].__setitem__(1, "digital leadership"), "archetypes[1]"),
        (lambda c: c.pop("status"), "status"),
    ],
)  # fmt: skip
def test_a_wrong_archetype_is_refused_with_its_field_named(change, field):
    refused(parse_archetypes, archetypes_with(change), field)


def test_wrong_framework_and_role_profile_files_are_refused_with_their_field_named():
    def framework_with(change) -> dict:
        content = copy.deepcopy(FRAMEWORK)
        change(content)
        return content

    parse = competences.parse_framework
    refused(parse, framework_with(lambda c: c["competences"][40].update(code="A.1")), "competences[40].code")
    refused(parse, framework_with(lambda c: c["competences"][3].update(levels=[0, 1])), "competences[3].levels")
    refused(parse, framework_with(lambda c: c["competences"][3].update(area="F")), "competences[3].area")
    refused(parse, framework_with(lambda c: c["areas"][4].update(code="A")), "areas[4].code")
    refused(parse, framework_with(lambda c: c["areas"][2].pop("nl")), "areas[2].nl")
    refused(parse, framework_with(lambda c: c.pop("version")), "version")
    refused(parse, framework_with(lambda c: c["esco_crosswalk"].pop("nl")), "esco_crosswalk.nl")
    refused(parse, ["not", "a", "mapping"], "ecf")
    roles = copy.deepcopy(ROLES)
    roles["profiles"][29]["number"] = 1
    refused(competences.parse_role_profiles, roles, "profiles[29].number")
    kwiv = copy.deepcopy(KWIV)
    kwiv["levels"][0]["level"] = 5
    refused(competences.parse_kwiv, kwiv, "levels[0].level")
    kwiv = copy.deepcopy(KWIV)
    del kwiv["relation_to_fgr"]["en"]
    refused(competences.parse_kwiv, kwiv, "relation_to_fgr.en")


def test_a_profile_set_is_checked_against_the_ecf():
    parse = competences.load_profile_set
    found = parse(yaml.safe_dump(PROFILE_SET))
    assert (found.version, found.scale, [p.code for p in found.profiles]) == ("2027.1", "e-cf", ["1.1", "2.1"])
    assert found.profiles[1].needs[1].competence.name_en == "Testing"
    wrong = copy.deepcopy(PROFILE_SET)
    wrong["profiles"][1]["competences"][0]["code"] = "B.99"
    refused(parse, yaml.safe_dump(wrong), "profiles[1].competences[0].code")
    wrong = copy.deepcopy(PROFILE_SET)
    wrong["profiles"][0]["competences"][0]["level"] = 1  # A.5 is defined at e-3 to e-5
    refused(parse, yaml.safe_dump(wrong), "profiles[0].competences[0].level")
    wrong = copy.deepcopy(PROFILE_SET)
    wrong["profiles"][1]["code"] = "1.1"
    refused(parse, yaml.safe_dump(wrong), "profiles[1].code")
    wrong = copy.deepcopy(PROFILE_SET)
    del wrong["profiles"][0]["name"]["nl"]
    refused(parse, yaml.safe_dump(wrong), "profiles[0].name.nl")
    refused(parse, "version: [", "profile_set")
    refused(parse, "- just\n- a list\n", "profile_set")


def test_a_kwiv_profile_set_uses_the_kwiv_scale():
    kwiv = copy.deepcopy(PROFILE_SET) | {"scale": "kwiv"}
    kwiv["profiles"][0]["competences"][0]["level"] = 9  # universal: for every information function
    assert competences.load_profile_set(yaml.safe_dump(kwiv)).profiles[0].needs[0].level == 9
    kwiv["profiles"][0]["competences"][0]["level"] = 5
    refused(competences.load_profile_set, yaml.safe_dump(kwiv), "profiles[0].competences[0].level")
    refused(competences.load_profile_set, yaml.safe_dump(PROFILE_SET | {"scale": "sfia"}), "scale")
