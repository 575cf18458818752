"""Every scheme follows the convention screening relies on: entitled, amount, receives now, and conditions
whose conjunction is the entitlement; the delivering organisations are in the register."""

import pytest

from thorbecke.proactive.rules import tax_benefit_system
from thorbecke.proactive.rules.schemes import MUNICIPALITY, SCHEMES
from thorbecke.registry.models import Organisation


@pytest.mark.parametrize("scheme", SCHEMES, ids=[s.key for s in SCHEMES])
def test_every_scheme_has_its_variables_and_conditions_with_their_law(scheme):
    variables = tax_benefit_system().variables
    for name in (scheme.entitled, scheme.amount, scheme.receives):
        assert name in variables, name
    assert variables[scheme.entitled].value_type is bool and variables[scheme.amount].value_type is float
    assert len(scheme.conditions) >= 2
    for name in scheme.conditions:
        condition = variables[name]
        assert condition.value_type is bool and condition.label, name
        assert condition.reference and all("wetten.overheid.nl" in r for r in condition.reference), name


@pytest.mark.parametrize("scheme", SCHEMES, ids=[s.key for s in SCHEMES])
def test_every_assumption_a_scheme_can_make_is_said_in_the_message(scheme):
    """An estimate that rests on something the government does not know says so (issue 22): every
    ``<key>_aanname_<what>`` variable is a yes/no with its law and has a sentence, in Dutch and English."""
    from thorbecke.proactive.delivery import ASSUMED

    variables = tax_benefit_system().variables
    for name in scheme.assumptions:
        assert variables[name].value_type is bool and variables[name].reference, name
        assert all(ASSUMED[name]), name
    assert set(ASSUMED) == {name for s in SCHEMES for name in s.assumptions}


@pytest.mark.django_db
def test_the_delivering_organisations_are_in_the_register(register):
    codes = {s.delivered_by for s in SCHEMES} - {MUNICIPALITY}
    assert set(Organisation.objects.filter(code__in=codes).values_list("code", flat=True)) == codes


def test_every_parameter_names_its_source_and_every_doubt_is_written_down():
    from openfisca_core.parameters import Parameter

    leaves = [p for p in tax_benefit_system().parameters.get_descendants() if isinstance(p, Parameter)]
    assert leaves and [p.name for p in leaves if not p.metadata.get("reference")] == []
    for parameter in leaves:
        for value in parameter.values_list:
            doubt = (value.metadata or {}).get("uncertain") or parameter.metadata.get("uncertain")
            assert doubt is None or len(str(doubt)) > 20, f"{parameter.name}: say why the figure is uncertain"
