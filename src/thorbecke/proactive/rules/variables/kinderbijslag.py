"""Kinderbijslag (Algemene Kinderbijslagwet, AKW), uitgevoerd door de SVB.

Attaches to the household's ``aanvrager`` (the parent the SVB pays), as a person-level variable: zero for
everyone else in the household.

Kinderbijslag is a right per calendar quarter, judged on the first day of the quarter (the peildatum, art. 7
AKW): a child counts for the whole quarter when it is born on or before that day and is not yet 18 on it, and
its age on that day picks the amount (0-5, 6-11, 12-17; art. 12 AKW). The SVB pays after the quarter ends.
Every month here carries the monthly equivalent, the quarter amount divided by three, judged on the first day
of the month's quarter: so the amount is the same each month of a quarter, adds up to the quarter amount, and
compares with the other schemes' monthly amounts.
"""

import numpy as np
from openfisca_core.periods import DateUnit
from openfisca_core.periods import period as make_period
from openfisca_core.variables import Variable

from thorbecke.proactive.rules.entities import Huishouden, Persoon

AKW = "https://wetten.overheid.nl/jci1.3:c:BWBR0002368&artikel="


def kwartaal_maand(period):
    """The first month of the calendar quarter that holds the month ``period``: the peildatum's month."""
    start = period.start
    return make_period(f"{start.year}-{(start.month - 1) // 3 * 3 + 1:02d}")


# Inputs this scheme needs that inputs.py lacks (to move there).


class ontvangt_kinderbijslag(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = "Ontvangt nu kinderbijslag van de SVB"


class kinderbijslag_kind_in_gezin(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    default_value = True
    label = "Kind behoort tot het huishouden van de ouder, of wordt in belangrijke mate door de ouder onderhouden"
    reference = AKW + "7"


# Per child.


class kinderbijslag_telt_kind(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = (
        "Telt als kind voor de kinderbijslag in het kwartaal van deze maand (peildatum: eerste dag van het kwartaal)"
    )
    reference = AKW + "7"

    def formula(persoon, period, parameters):
        peil = kwartaal_maand(period)
        peildatum = np.datetime64(str(peil.start), "D")
        geboren = persoon("geboortedatum", period) <= peildatum
        jonger = persoon("leeftijd", peil) < parameters(peil.start).kinderbijslag.maximum_leeftijd
        in_gezin = persoon("kinderbijslag_kind_in_gezin", peil)
        return persoon.has_role(Huishouden.KIND) * geboren * jonger * in_gezin


class kinderbijslag_kwartaalbedrag_kind(Variable):
    value_type = float
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = (
        "Kinderbijslag voor dit kind over het kwartaal van deze maand, naar leeftijd op de eerste dag van het kwartaal"
    )
    reference = AKW + "12"

    def formula(persoon, period, parameters):
        peil = kwartaal_maand(period)
        p = parameters(peil.start).kinderbijslag
        leeftijd = persoon("leeftijd", peil)
        bedrag = np.select(
            [leeftijd < p.leeftijd_midden, leeftijd < p.leeftijd_hoog],
            [p.kwartaalbedrag.leeftijd_0_tot_6, p.kwartaalbedrag.leeftijd_6_tot_12],
            p.kwartaalbedrag.leeftijd_12_tot_18,
        )
        return persoon("kinderbijslag_telt_kind", period) * bedrag


class kinderbijslag_aantal_kinderen(Variable):
    value_type = int
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = "Aantal kinderen in het huishouden waarvoor in dit kwartaal kinderbijslag bestaat"
    reference = AKW + "7"

    def formula(huishouden, period):
        return huishouden.sum(huishouden.members("kinderbijslag_telt_kind", period))


class kinderbijslag_aantal_kinderen_jonger_dan_18(Variable):
    value_type = int
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = "Aantal kinderen in het huishouden dat op de eerste dag van het kwartaal geboren en jonger dan 18 is"
    reference = AKW + "7"

    def formula(huishouden, period, parameters):
        peil = kwartaal_maand(period)
        peildatum = np.datetime64(str(peil.start), "D")
        geboren = huishouden.members("geboortedatum", period) <= peildatum
        jonger = huishouden.members("leeftijd", peil) < parameters(peil.start).kinderbijslag.maximum_leeftijd
        kind = huishouden.members.has_role(Huishouden.KIND)
        return huishouden.sum(kind * geboren * jonger)


class kinderbijslag_kwartaalbedrag(Variable):
    value_type = float
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = "Kinderbijslag van het huishouden over het kwartaal van deze maand"
    reference = AKW + "12"

    def formula(huishouden, period):
        return huishouden.sum(huishouden.members("kinderbijslag_kwartaalbedrag_kind", period))


# The conditions, each its own variable; kinderbijslag_recht is their conjunction.


class kinderbijslag__aanvrager(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = "Is de ouder aan wie de kinderbijslag voor het huishouden wordt betaald (de aanvrager)"
    reference = AKW + "18"

    def formula(persoon, period):
        return persoon.has_role(Huishouden.AANVRAGER)


class kinderbijslag__ouder_verzekerd(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = "Ouder is verzekerd voor de AKW: woont in Nederland op de eerste dag van het kwartaal"
    reference = AKW + "6"

    def formula(persoon, period):
        return persoon("woont_in_nederland", kwartaal_maand(period))


class kinderbijslag__kind_jonger_dan_18(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = "Er is een kind dat op de eerste dag van het kwartaal geboren is en nog geen 18 jaar is"
    reference = AKW + "7"

    def formula(persoon, period):
        return persoon.huishouden("kinderbijslag_aantal_kinderen_jonger_dan_18", period) > 0


class kinderbijslag__kind_in_gezin(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = "Zo'n kind behoort tot het huishouden van de ouder of wordt door de ouder onderhouden"
    reference = AKW + "7"

    def formula(persoon, period):
        return persoon.huishouden("kinderbijslag_aantal_kinderen", period) > 0


class kinderbijslag_recht(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = "Heeft recht op kinderbijslag in het kwartaal van deze maand"
    reference = AKW + "7"

    def formula(persoon, period):
        return (
            persoon("kinderbijslag__aanvrager", period)
            * persoon("kinderbijslag__ouder_verzekerd", period)
            * persoon("kinderbijslag__kind_jonger_dan_18", period)
            * persoon("kinderbijslag__kind_in_gezin", period)
        )


class kinderbijslag_bedrag(Variable):
    value_type = float
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = "Kinderbijslag per maand (het kwartaalbedrag gedeeld door drie)"
    reference = AKW + "12"

    def formula(persoon, period):
        kwartaal = persoon.huishouden("kinderbijslag_kwartaalbedrag", period)
        return persoon("kinderbijslag_recht", period) * kwartaal / 3
