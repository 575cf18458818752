"""Kindgebonden budget (Wet op het kindgebonden budget, Wkb, with the Awir), uitgevoerd door Dienst Toeslagen.

Attaches to the household's ``aanvrager`` (the parent who has the kinderbijslag), as a person-level variable:
zero for everyone else in the household. The toeslagpartner is the household's ``partner``.

The law gives a yearly amount (art. 2 Wkb): a kindbedrag per child, raised for children of 12-15 and of 16-17,
plus the alleenstaande-ouderkop for a parent without a toeslagpartner; that sum is reduced by the
afbouwpercentage of the (joint) toetsingsinkomen above the drempelinkomen. It is paid per month, one twelfth
of the yearly amount for the situation of that month: a child counts from the month after its birth up to and
including the month in which it turns 18 (art. 2 lid 1 Wkb), and the age raises start the month after the month
in which the child turns 12 or 16. The drempelinkomen is the Wzt one (``zorgtoeslag.drempelinkomen``), raised
for a parent with a toeslagpartner. No right at all when the (joint) vermogen on 1 January is above the limit
(art. 7 Awir).
"""

import numpy as np
from openfisca_core.periods import DateUnit
from openfisca_core.variables import Variable

from thorbecke.proactive.rules.entities import Huishouden, Persoon

WKB = "https://wetten.overheid.nl/jci1.3:c:BWBR0022751&artikel="
AWIR = "https://wetten.overheid.nl/jci1.3:c:BWBR0018472&artikel="


def _plus_jaren(datum, jaren):
    """The date ``jaren`` years after ``datum`` (29 February becomes 28 February when the year has none)."""
    maand = datum.astype("datetime64[M]")
    dag = datum - maand.astype("datetime64[D]")
    doel = maand + 12 * jaren
    laatste = (doel + 1).astype("datetime64[D]") - np.timedelta64(1, "D")
    return np.minimum(doel.astype("datetime64[D]") + dag, laatste)


# Inputs this scheme needs that inputs.py lacks (to move there).


class ontvangt_kindgebonden_budget(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = "Ontvangt nu kindgebonden budget van Dienst Toeslagen"


# Per child, and per household.


class kindgebonden_budget_telt_kind(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = "Telt deze maand als kind voor het kindgebonden budget (na de geboortemaand, t/m de maand van 18 worden)"
    reference = WKB + "2"

    def formula(persoon, period, parameters):
        p = parameters(period).kindgebonden_budget
        begin = np.datetime64(str(period.start), "D")
        geboortedatum = persoon("geboortedatum", period)
        geboren_voor_deze_maand = geboortedatum < begin
        achttien = _plus_jaren(geboortedatum, int(p.maximum_leeftijd))
        nog_niet_de_maand_na_18 = achttien >= begin
        in_gezin = persoon("kinderbijslag_kind_in_gezin", period)
        return persoon.has_role(Huishouden.KIND) * geboren_voor_deze_maand * nog_niet_de_maand_na_18 * in_gezin


class kindgebonden_budget_jaarbedrag_kind(Variable):
    value_type = float
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = (
        "Kindbedrag per jaar voor dit kind, met de verhoging voor 12-15 of 16-17 jaar vanaf de maand na de maand "
        "waarin het kind 12 of 16 werd"
    )
    reference = WKB + "2"

    def formula(persoon, period, parameters):
        p = parameters(period).kindgebonden_budget
        # Art. 2 Wkb: de verhoging geldt vanaf de eerste dag van de maand volgend op die waarin het kind 12 (16)
        # werd, dus ook voor een kind dat op de 1e jarig is pas de maand erna.
        geboren = persoon("geboortedatum", period).astype("datetime64[M]").astype(int)
        maanden_na_geboortemaand = period.start.year * 12 + period.start.month - 1 - 1970 * 12 - geboren
        verhoging = np.select(
            [
                maanden_na_geboortemaand > 12 * p.leeftijd_verhoging_16,
                maanden_na_geboortemaand > 12 * p.leeftijd_verhoging_12,
            ],
            [p.verhoging_16_en_17, p.verhoging_12_tot_16],
            0,
        )
        return persoon("kindgebonden_budget_telt_kind", period) * (p.bedrag_per_kind + verhoging)


class kindgebonden_budget_aantal_kinderen(Variable):
    value_type = int
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = "Aantal kinderen waarvoor in deze maand kindgebonden budget bestaat"
    reference = WKB + "2"

    def formula(huishouden, period):
        return huishouden.sum(huishouden.members("kindgebonden_budget_telt_kind", period))


class kindgebonden_budget_alleenstaande_ouder(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = "Ouder zonder toeslagpartner (art. 3 Awir)"
    reference = AWIR + "3"

    def formula(huishouden, period):
        return ~huishouden("heeft_toeslagpartner", period)


class kindgebonden_budget_toetsingsinkomen(Variable):
    value_type = float
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = "Toetsingsinkomen van de aanvrager en de toeslagpartner samen, over het kalenderjaar (art. 8 Awir)"
    reference = AWIR + "8"

    def formula(huishouden, period):
        inkomen = huishouden.members("toetsingsinkomen", period.this_year)
        partner = huishouden.members("toeslagpartner", period)
        return huishouden.sum(inkomen, role=Huishouden.AANVRAGER) + huishouden.sum(inkomen * partner)


class kindgebonden_budget_vermogen(Variable):
    value_type = float
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = "Vermogen van de aanvrager en de toeslagpartner samen op 1 januari (art. 7 Awir)"
    reference = AWIR + "7"

    def formula(huishouden, period):
        vermogen = huishouden.members("vermogen", period.this_year)
        # Art. 1 lid 4 Wkb: the partner's vermogen counts only when the same partner was there all year.
        partner = huishouden.members("toeslagpartner", period) * huishouden.project(
            huishouden("vermogen_toeslagpartners_samen", period)
        )
        return huishouden.sum(vermogen, role=Huishouden.AANVRAGER) + huishouden.sum(vermogen * partner)


class kindgebonden_budget_maximaal_jaarbedrag(Variable):
    value_type = float
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = "Kindgebonden budget per jaar vóór afbouw: de kindbedragen plus de alleenstaande-ouderkop"
    reference = WKB + "2"

    def formula(huishouden, period, parameters):
        p = parameters(period).kindgebonden_budget
        kinderen = huishouden.sum(huishouden.members("kindgebonden_budget_jaarbedrag_kind", period))
        kop = huishouden("kindgebonden_budget_alleenstaande_ouder", period) * p.alleenstaande_ouderkop
        return kinderen + (kinderen > 0) * kop


class kindgebonden_budget_afbouw(Variable):
    value_type = float
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = "Vermindering per jaar: het afbouwpercentage van het toetsingsinkomen boven het drempelinkomen"
    reference = WKB + "2"

    def formula(huishouden, period, parameters):
        alle = parameters(period)
        p = alle.kindgebonden_budget
        alleen = huishouden("kindgebonden_budget_alleenstaande_ouder", period)
        # Hetzelfde drempelinkomen als de zorgtoeslag (art. 1 Wzt); met partner een vast bedrag hoger (art. 2 Wkb).
        drempel = alle.zorgtoeslag.drempelinkomen + np.where(alleen, 0, p.verhoging_drempelinkomen_partner)
        boven = np.maximum(0, huishouden("kindgebonden_budget_toetsingsinkomen", period) - drempel)
        return p.afbouwpercentage * boven


class kindgebonden_budget_jaarbedrag(Variable):
    value_type = float
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = "Kindgebonden budget per jaar na afbouw, voor de situatie van deze maand"
    reference = WKB + "2"

    def formula(huishouden, period):
        maximaal = huishouden("kindgebonden_budget_maximaal_jaarbedrag", period)
        return np.maximum(0, maximaal - huishouden("kindgebonden_budget_afbouw", period))


# The conditions, each its own variable; kindgebonden_budget_recht is their conjunction.


class kindgebonden_budget__aanvrager(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = "Is de ouder die de toeslag aanvraagt (de aanvrager van het huishouden)"
    reference = WKB + "2"

    def formula(persoon, period):
        return persoon.has_role(Huishouden.AANVRAGER)


class kindgebonden_budget__kind_jonger_dan_18(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = (
        "Er is een kind dat deze maand meetelt: geboren vóór deze maand en niet ouder dan 18 geworden vóór deze maand"
    )
    reference = WKB + "2"

    def formula(persoon, period):
        return persoon.huishouden("kindgebonden_budget_aantal_kinderen", period) > 0


class kindgebonden_budget__kinderbijslag(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = "Ouder heeft recht op kinderbijslag voor het kind: is verzekerd voor de AKW"
    reference = WKB + "2"

    def formula(persoon, period):
        return persoon("kinderbijslag__ouder_verzekerd", period)


class kindgebonden_budget__vermogen_niet_te_hoog(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = "Vermogen (samen met de toeslagpartner) op 1 januari is niet hoger dan de vermogensgrens"
    reference = AWIR + "7"

    def formula(persoon, period, parameters):
        p = parameters(period).kindgebonden_budget.vermogensgrens
        samen = persoon.huishouden("vermogen_toeslagpartners_samen", period)
        grens = np.where(samen, p.met_partner, p.zonder_partner)
        return persoon.huishouden("kindgebonden_budget_vermogen", period) <= grens


class kindgebonden_budget__inkomen_niet_te_hoog(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = "Inkomen is niet zo hoog dat de afbouw het hele kindgebonden budget wegneemt"
    reference = WKB + "2"

    def formula(persoon, period):
        return persoon.huishouden("kindgebonden_budget_jaarbedrag", period) > 0


class kindgebonden_budget_recht(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = "Heeft recht op kindgebonden budget in deze maand"
    reference = WKB + "2"

    def formula(persoon, period):
        return (
            persoon("kindgebonden_budget__aanvrager", period)
            * persoon("kindgebonden_budget__kind_jonger_dan_18", period)
            * persoon("kindgebonden_budget__kinderbijslag", period)
            * persoon("kindgebonden_budget__vermogen_niet_te_hoog", period)
            * persoon("kindgebonden_budget__inkomen_niet_te_hoog", period)
        )


class kindgebonden_budget_bedrag(Variable):
    value_type = float
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = "Kindgebonden budget per maand (een twaalfde van het jaarbedrag na afbouw)"
    reference = WKB + "2"

    def formula(persoon, period):
        return (
            persoon("kindgebonden_budget_recht", period)
            * persoon.huishouden("kindgebonden_budget_jaarbedrag", period)
            / 12
        )
