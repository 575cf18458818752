"""Zorgtoeslag (Wet op de zorgtoeslag, Wzt; uitgevoerd volgens de Algemene wet inkomensafhankelijke regelingen, Awir).

The entitlement attaches to a person (``persoon``), per calendar month (art. 2 lid 6 Wzt):

- the household's ``aanvrager`` claims for themselves and their ``partner`` (toeslagpartner, art. 3 Awir) together:
  one claim with twice the standaardpremie and the joint toetsingsinkomen and vermogen (art. 2 lid 1 en 2 Wzt);
- the ``partner`` has no claim of their own (it is inside the aanvrager's), so their ``zorgtoeslag_recht`` is false
  and ``zorgtoeslag__eigen_aanspraak`` says why;
- every other member aged 18 or over (a ``kind`` or ``medebewoner``) has a claim of their own, as a person without a
  toeslagpartner (the household roles do not say whether a medebewoner has a partner of their own).

The amount: standaardpremie minus normpremie, the normpremie being a percentage of the drempelinkomen plus a
percentage of the toetsingsinkomen above it (art. 2 Wzt). A verzekerde living abroad (verdragsverzekerde, art. 69
Zvw) keeps the claim, with the standaardpremie multiplied by the woonlandfactor of their country (art. 3 Wzt); that
factor is an input here (``zorgtoeslag_woonlandfactor``), 1 for residents.
"""

import numpy as np
from openfisca_core.periods import DateUnit
from openfisca_core.variables import Variable

from thorbecke.proactive.rules.entities import Huishouden, Persoon

WZT = "https://wetten.overheid.nl/jci1.3:c:BWBR0018451&artikel="
AWIR = "https://wetten.overheid.nl/jci1.3:c:BWBR0018472&artikel="


def not_(values):
    return np.logical_not(values)


# --- Inputs this scheme needs that inputs.py does not hold (to move there) ---


class ontvangt_zorgtoeslag(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = "Ontvangt deze maand (een voorschot op) zorgtoeslag"
    reference = WZT + "2"


class zorgtoeslag_woonlandfactor(Variable):
    value_type = float
    entity = Persoon
    definition_period = DateUnit.YEAR
    default_value = 1.0
    label = (
        "Woonlandfactor voor wie buiten Nederland woont en in Nederland verzekerd is (verdragsverzekerde): de "
        "standaardpremie wordt ermee vermenigvuldigd (art. 3 Wzt, Regeling woonlandfactoren); 1 voor wie in "
        "Nederland woont"
    )
    reference = WZT + "3"


# --- Helpers (not legal conditions) ---


class zorgtoeslag_is_verzekerde(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = (
        "Verzekerde in de zin van de Wzt: Zvw-verzekerd, vanaf de eerste dag van de maand na de maand waarin hij 18 "
        "wordt (art. 1 lid 1 onderdeel c Wzt)"
    )
    reference = WZT + "1"

    def formula(persoon, period, parameters):
        return persoon("zorgtoeslag__verzekerd", period) * persoon("zorgtoeslag__leeftijd", period)


class zorgtoeslag_heeft_toeslagpartner(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = "Is de aanvrager en heeft een toeslagpartner in het huishouden (art. 3 Awir)"
    reference = AWIR + "3"

    def formula(persoon, period):
        return persoon.has_role(Huishouden.AANVRAGER) * persoon.huishouden("heeft_toeslagpartner", period)


class zorgtoeslag_partner_is_verzekerde(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = "De toeslagpartner van de aanvrager is verzekerde in de zin van de Wzt"
    reference = WZT + "2"

    def formula(persoon, period):
        huishouden = persoon.huishouden
        partner_verzekerde = huishouden.sum(
            huishouden.members("zorgtoeslag_is_verzekerde", period) * huishouden.members("toeslagpartner", period)
        )
        return persoon("zorgtoeslag_heeft_toeslagpartner", period) * (partner_verzekerde > 0)


class zorgtoeslag_toetsingsinkomen(Variable):
    value_type = float
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = "Toetsingsinkomen van het jaar, met dat van de toeslagpartner erbij (art. 2 lid 2 Wzt, art. 8 Awir)"
    reference = WZT + "2"

    def formula(persoon, period):
        jaar = period.this_year
        huishouden = persoon.huishouden
        eigen = persoon("toetsingsinkomen", jaar)
        partner = huishouden.sum(
            huishouden.members("toetsingsinkomen", jaar) * huishouden.members("toeslagpartner", period)
        )
        return eigen + persoon("zorgtoeslag_heeft_toeslagpartner", period) * partner


class zorgtoeslag_vermogen(Variable):
    value_type = float
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = (
        "Vermogen op 1 januari, met dat van de toeslagpartner erbij als die het hele jaar dezelfde was (art. 7 lid 3 "
        "Awir)"
    )
    reference = AWIR + "7"

    def formula(persoon, period):
        jaar = period.this_year
        huishouden = persoon.huishouden
        eigen = persoon("vermogen", jaar)
        partner = huishouden.sum(huishouden.members("vermogen", jaar) * huishouden.members("toeslagpartner", period))
        return eigen + persoon("zorgtoeslag_vermogen_samen", period) * partner


class zorgtoeslag_vermogen_samen(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = "Is de aanvrager en het vermogen van de toeslagpartner telt mee: dezelfde partner het hele jaar"
    reference = AWIR + "7"

    def formula(persoon, period):
        return persoon.has_role(Huishouden.AANVRAGER) * persoon.huishouden("vermogen_toeslagpartners_samen", period)


class zorgtoeslag_standaardpremie(Variable):
    value_type = float
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = (
        "Standaardpremie per jaar voor de aanspraak: tweemaal bij een toeslagpartner (art. 2 lid 1 Wzt), maal de "
        "woonlandfactor voor wie buiten Nederland woont (art. 3 Wzt)"
    )
    reference = WZT + "2"

    def formula(persoon, period, parameters):
        jaar = period.this_year
        premie = parameters(period).zorgtoeslag.standaardpremie
        huishouden = persoon.huishouden

        def factor(woont_in_nl, woonlandfactor):
            return np.where(woont_in_nl, 1.0, woonlandfactor)

        eigen = factor(persoon("woont_in_nederland", period), persoon("zorgtoeslag_woonlandfactor", jaar))
        partner_factor = factor(
            huishouden.members("woont_in_nederland", period), huishouden.members("zorgtoeslag_woonlandfactor", jaar)
        )
        partner = huishouden.sum(partner_factor * huishouden.members("toeslagpartner", period))
        return premie * (eigen + persoon("zorgtoeslag_heeft_toeslagpartner", period) * partner)


class zorgtoeslag_normpremie(Variable):
    value_type = float
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = (
        "Normpremie per jaar: een percentage van het drempelinkomen plus een percentage van het toetsingsinkomen "
        "boven het drempelinkomen (art. 2 lid 2 en 3 Wzt)"
    )
    reference = WZT + "2"

    def formula(persoon, period, parameters):
        p = parameters(period).zorgtoeslag
        met_partner = persoon("zorgtoeslag_heeft_toeslagpartner", period)
        inkomen = persoon("zorgtoeslag_toetsingsinkomen", period)
        pct_drempel = np.where(met_partner, p.normpercentage_drempel_partner, p.normpercentage_drempel_alleenstaand)
        return pct_drempel * p.drempelinkomen + p.normpercentage_boven_drempel * np.maximum(
            inkomen - p.drempelinkomen, 0
        )


class zorgtoeslag_jaarbedrag(Variable):
    value_type = float
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = (
        "Berekende zorgtoeslag op jaarbasis: standaardpremie min normpremie (art. 2 lid 1 Wzt), de helft als de "
        "toeslagpartner geen verzekerde is (art. 2 lid 4 Wzt)"
    )
    reference = WZT + "2"

    def formula(persoon, period):
        verschil = np.maximum(
            persoon("zorgtoeslag_standaardpremie", period) - persoon("zorgtoeslag_normpremie", period), 0
        )
        half = persoon("zorgtoeslag_heeft_toeslagpartner", period) * not_(
            persoon("zorgtoeslag_partner_is_verzekerde", period)
        )
        return np.where(half, 0.5 * verschil, verschil)


# --- Legal conditions: zorgtoeslag_recht is their conjunction ---


class zorgtoeslag__leeftijd(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = "Is 18 jaar geworden vóór deze maand (recht vanaf de maand na de 18e verjaardag)"
    reference = WZT + "1"

    def formula(persoon, period, parameters):
        minimum = parameters(period).zorgtoeslag.minimumleeftijd
        geboren = persoon("geboortedatum", period)
        maand_geboren = geboren.astype("datetime64[M]").astype(int)  # months since 1970-01
        maand_nu = (period.start.year - 1970) * 12 + period.start.month - 1
        return maand_nu > maand_geboren + 12 * minimum


class zorgtoeslag__verzekerd(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = "Heeft een Nederlandse zorgverzekering (Zorgverzekeringswet)"
    reference = WZT + "1"

    def formula(persoon, period):
        return persoon("verzekerd_zorgverzekering", period)


class zorgtoeslag__eigen_aanspraak(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = "Is niet de toeslagpartner van de aanvrager (partners hebben samen één aanspraak, via de aanvrager)"
    reference = WZT + "2"

    def formula(persoon, period):
        return not_(persoon("toeslagpartner", period))


class zorgtoeslag__partner_verzekerd(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = "Een toeslagpartner die in Nederland woont (en dus verzekeringsplichtig is) heeft een zorgverzekering"
    reference = WZT + "2"

    def formula(persoon, period):
        huishouden = persoon.huishouden
        onverzekerd_in_nl = huishouden.members("woont_in_nederland", period) * not_(
            huishouden.members("verzekerd_zorgverzekering", period)
        )
        partner_onverzekerd = huishouden.sum(onverzekerd_in_nl * huishouden.members("toeslagpartner", period)) > 0
        return not_(persoon("zorgtoeslag_heeft_toeslagpartner", period) * partner_onverzekerd)


class zorgtoeslag__inkomen(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = "Het (gezamenlijke) inkomen is laag genoeg: de normpremie is lager dan de standaardpremie"
    reference = WZT + "2"

    def formula(persoon, period):
        return persoon("zorgtoeslag_normpremie", period) < persoon("zorgtoeslag_standaardpremie", period)


class zorgtoeslag__minimumbedrag(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = (
        "De berekende toeslag is, rekenkundig afgerond op hele euro's, minstens € 24 per jaar (lagere bedragen worden "
        "niet toegekend)"
    )
    reference = AWIR + "14"

    def formula(persoon, period, parameters):
        minimum = parameters(period).zorgtoeslag.minimum_jaarbedrag
        # Art. 14 lid 3 en 4 Awir: het bedrag wordt op hele euro's afgerond (een halve euro naar boven) en niet
        # toegekend als het minder dan € 24 zou bedragen. Zo komen de door Dienst Toeslagen gepubliceerde
        # inkomensgrenzen (2025: 39.719 / 50.206; 2026: 40.857 / 51.142) precies uit.
        return np.floor(persoon("zorgtoeslag_jaarbedrag", period) + 0.5) >= minimum


class zorgtoeslag__vermogen(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = "Het (gezamenlijke) vermogen op 1 januari is niet hoger dan de vermogensgrens"
    reference = AWIR + "7"

    def formula(persoon, period, parameters):
        p = parameters(period).zorgtoeslag
        grens = np.where(
            persoon("zorgtoeslag_vermogen_samen", period), p.vermogensgrens_partner, p.vermogensgrens_alleenstaand
        )
        return persoon("zorgtoeslag_vermogen", period) <= grens


CONDITIONS = [
    "zorgtoeslag__leeftijd",
    "zorgtoeslag__verzekerd",
    "zorgtoeslag__eigen_aanspraak",
    "zorgtoeslag__partner_verzekerd",
    "zorgtoeslag__inkomen",
    "zorgtoeslag__minimumbedrag",
    "zorgtoeslag__vermogen",
]


class zorgtoeslag_recht(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = "Heeft deze maand recht op zorgtoeslag (voor zichzelf en een eventuele toeslagpartner)"
    reference = WZT + "2"

    def formula(persoon, period):
        recht = persoon(CONDITIONS[0], period)
        for name in CONDITIONS[1:]:
            recht = recht * persoon(name, period)
        return recht


class zorgtoeslag_bedrag(Variable):
    value_type = float
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = "Zorgtoeslag in euro per maand (het jaarbedrag gedeeld door twaalf, art. 2 lid 6 Wzt)"
    reference = WZT + "2"

    def formula(persoon, period):
        return persoon("zorgtoeslag_recht", period) * persoon("zorgtoeslag_jaarbedrag", period) / 12
