"""The Algoritmekader loader: counts as in the data, which requirements a profile meets, the law of each."""

import json
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from thorbecke.ai.framework import LAWS, FrameworkError, law_of, load_framework

DATA = Path(settings.SHARED_DATA_DIR)
REGISTRY = DATA / "ai" / "task-registry"
AI_ACT_ONLY = {"aia"}


@pytest.fixture(scope="module")
def framework():
    return load_framework()


def codes(requirements) -> set[str]:
    return {r.code for r in requirements}


def test_counts_match_the_data(framework):
    assert len(framework.requirements) == len(list((REGISTRY / "requirements").glob("*.yaml"))) == 63
    assert len(framework.measures) == len(list((REGISTRY / "measures").glob("*.yaml"))) == 105
    assert framework.phases[0].slug == "organisatieverantwoordelijkheden" and len(framework.phases) == 9
    assert set(framework.instruments) == {
        "aiia",
        "iama",
        "conformity_assessment_eu_ai_act",
        "technical_docs_for_high_risk_ai",
    }
    iama = yaml.safe_load((REGISTRY / "instruments" / "iama.yaml").read_text(encoding="utf-8"))
    assert len(framework.instruments["iama"].questions) == len(iama["tasks"])


def test_filters_are_the_algoritmekaders_own(framework):
    pages = json.loads((DATA / "algoritmekader_vereisten_maatregelen_hulpmiddelen.json").read_text(encoding="utf-8"))
    aia20 = next(p for p in pages if p["id"] == "urn:nl:ak:ver:aia-20")
    assert framework.requirements["urn:nl:ak:ver:aia-20"].filters["rol-ai-act"] == tuple(aia20["rol-ai-act"])


def test_a_high_risk_ai_system_deployer_gets_the_deployers_requirements(framework):
    profile = framework.profile(
        {"type": "AI-systeem", "risk_group": "hoog-risico AI", "role": "gebruiksverantwoordelijke"}
    )
    applicable = codes(framework.applicable(profile))
    # Article 26 (deployers' duties) and 27 (fundamental rights impact assessment) are aia-20..27 in the data.
    assert {"aia-20", "aia-21", "aia-22", "aia-23", "aia-25", "aia-27"} <= applicable
    # The provider's duties (risk management, technical documentation, CE marking) are not a deployer's.
    assert not {"aia-03", "aia-06", "aia-16"} & applicable
    assert {"avg-01", "awb-01", "grw-02"} <= applicable  # laws that hold for every algorithm


def test_a_profile_may_use_the_algoritmekaders_filter_names(framework):
    given = {"soort-toepassing": ["ai-systeem"], "risicogroep": "hoog-risico-ai-systeem", "rol-ai-act": ["aanbieder"]}
    assert framework.profile(given) == framework.profile(
        {"type": "AI-systeem", "risk_group": "hoog-risico AI", "role": "aanbieder"}
    )


def test_a_provider_gets_the_providers_requirements_and_not_the_deployers(framework):
    profile = framework.profile({"type": "ai-systeem", "risk_group": "hoog-risico-ai-systeem", "role": "aanbieder"})
    applicable = codes(framework.applicable(profile))
    assert {"aia-03", "aia-06", "aia-16"} <= applicable and not {"aia-20", "aia-27"} & applicable


def test_a_non_ai_impactful_algorithm_gets_no_ai_act_requirement(framework):
    applicable = framework.applicable(framework.profile({"type": "impactvol-algoritme"}))
    assert applicable and not {r.law.code for r in applicable} & AI_ACT_ONLY
    assert codes(applicable) == {r.code for r in framework.requirements.values() if r.always_applicable}


def test_the_open_source_exemption_is_read_from_the_data(framework):
    exempt = {
        "type": "AI-systeem",
        "risk_group": "geen hoog-risico AI",
        "open_source": "open-source",
        "transparency_obligations": "geen transparantieverplichting",
        "role": "aanbieder",
    }
    assert "aia-01" not in codes(framework.applicable(framework.profile(exempt)))
    assert "aia-01" in codes(framework.applicable(framework.profile(exempt | {"open_source": "geen open-source"})))


def test_every_requirement_names_its_law(framework):
    for requirement in framework.requirements.values():
        assert requirement.law.code == requirement.code.split("-")[0], requirement.id
        assert requirement.law.url.startswith("https://")
    assert {law.code for law in framework.laws()} == set(LAWS)
    assert framework.requirements["urn:nl:ak:ver:avg-13"].law.name == "AVG"
    assert framework.requirements["urn:nl:ak:ver:grw-02"].law.name == "Grondwet"


def test_the_law_comes_from_the_id_or_the_page_address_and_an_unknown_one_is_refused():
    url = "https://minbzk.github.io/Algoritmekader/voldoen-aan-wetten-en-regels/vereisten/awb-02-motiveringsbeginsel/"
    assert law_of("", url).name == "Awb"
    assert law_of("urn:nl:ak:ver:woo-01").name == "Woo"
    with pytest.raises(FrameworkError, match="xyz"):
        law_of("urn:nl:ak:ver:xyz-01")


def test_measures_per_phase_for_the_applicable_requirements(framework):
    requirement = framework.requirements["urn:nl:ak:ver:aia-27"]
    phases = framework.measures_by_phase([requirement])
    assert phases and all(measures for _phase, measures in phases)
    for phase, measures in phases:
        assert all(phase.slug in m.phases and requirement.id in m.requirement_ids for m in measures)
