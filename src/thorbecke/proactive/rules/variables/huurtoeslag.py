"""Huurtoeslag: Wet op de huurtoeslag (Wht), Besluit op de huurtoeslag, Algemene wet inkomensafhankelijke regelingen
(Awir) en de jaarlijkse regeling met de bedragen.

The household (``huishouden``) is the unit: the aanvrager is the huurder, the partner and medebewoners (and kinderen,
who are medebewoners in the sense of the Awir) count for income and assets (art. 7 Wht).

Two systems:

- 2025: the basishuur rises with the rekeninkomen (normhuur = a x Y^2 + b x Y, art. 19 old), the rent may not exceed
  the maximale huurgrens (art. 13 old), young-person limit below 23. The factors a and b for a household of two or
  more were not found for 2025: such a household gets no 2025 estimate (``huurtoeslag__normhuur_bekend``, decision
  0026).
- From 2026: a fixed basishuur, the amount is reduced by (Y - minimum-inkomensijkpunt) x afbouwpercentage / 12
  (art. 21, tweede lid); no maximum rent as a condition, the part above the maximale huurgrens is just not
  subsidised (art. 21, eerste lid, onder d); young-person limit below 21.

Each legal condition is a ``huurtoeslag__<voorwaarde>`` variable; ``huurtoeslag_recht`` is their conjunction plus a
positive amount.
"""

import numpy as np
from openfisca_core.errors import ParameterNotFoundError
from openfisca_core.periods import DateUnit
from openfisca_core.variables import Variable

from thorbecke.proactive.rules.entities import Huishouden, Persoon

WHT = "https://wetten.overheid.nl/jci1.3:c:BWBR0008659&artikel="
AWIR = "https://wetten.overheid.nl/jci1.3:c:BWBR0018472&artikel="


def _factoren_meerpersoons(p):
    """Factors (a, b) of the 2025 normhuur for a multi-person household, or None where the Regeling's figures are not
    known here (2025: not found, decision 0026)."""
    try:
        return p.normhuurfactoren.meerpersoons.a, p.normhuurfactoren.meerpersoons.b
    except ParameterNotFoundError:
        return None


# Inputs this scheme needs that inputs.py does not (yet) have.


class ontvangt_huurtoeslag(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = DateUnit.MONTH
    default_value = False
    label = "Het huishouden ontvangt nu huurtoeslag (Dienst Toeslagen)"


class huurtoeslag_eerder_toegekend_voor_woning(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = (
        "De huurder kreeg eerder huurtoeslag voor deze woning (art. 13 lid 2 onder c Wht 2025); zonder opgave: "
        "wie nu huurtoeslag ontvangt, kreeg die voor de woning waar hij staat ingeschreven"
    )
    reference = WHT + "13"

    def formula(huishouden, period):
        return huishouden("ontvangt_huurtoeslag", period)


class huurtoeslag_woning_aangepast_voor_handicap(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = DateUnit.MONTH
    default_value = False
    label = (
        "De huur is boven de grens door voorzieningen in en rond de woning die nodig zijn voor een handicap van "
        "huurder, partner of medebewoner (art. 13 lid 2 onder a Wht 2025)"
    )
    reference = WHT + "13"


class huurtoeslag_woning_voor_acht_personen(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = DateUnit.MONTH
    default_value = False
    label = "De woning is geschikt en bestemd voor een huishouden van ten minste acht personen (art. 13 lid 2 onder b)"
    reference = WHT + "13"


class heeft_handicap(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    default_value = False
    label = "Heeft een handicap (voor de jongerengrens van de huurtoeslag, art. 13 Wet op de huurtoeslag)"
    reference = WHT + "13"


# The rent that counts.


class huurtoeslag_rekenhuur(Variable):
    value_type = float
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = (
        "Rekenhuur per maand: de kale huur plus de subsidiabele servicekosten tot hun maximum (art. 5 Wht 2025); "
        "vanaf 2026 alleen de kale huur. Onbekende servicekosten tellen als nul (en het bericht zegt dat)"
    )
    reference = WHT + "5"

    def formula(huishouden, period, parameters):
        maximum = parameters(period).huurtoeslag.servicekosten_maximum
        servicekosten = np.where(huishouden("servicekosten_bekend", period), huishouden("servicekosten", period), 0)
        return huishouden("huur", period) + np.clip(servicekosten, 0, maximum)


class huurtoeslag_aanname_geen_servicekosten(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = "De schatting gaat uit van een huur zonder servicekosten: ze tellen mee (2025) maar zijn niet bekend"
    reference = WHT + "5"

    def formula(huishouden, period, parameters):
        tellen_mee = parameters(period).huurtoeslag.servicekosten_maximum > 0
        return tellen_mee & ~huishouden("servicekosten_bekend", period)


# Household composition.


class huurtoeslag_aantal_personen(Variable):
    value_type = int
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = "Aantal personen in het huishouden van de huurder (huurder, partner, kinderen en medebewoners)"
    reference = WHT + "20"

    def formula(huishouden, period):
        return huishouden.nb_persons()


class huurtoeslag_meerpersoonshuishouden(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = "Meerpersoonshuishouden: de huurder woont samen met een partner of een of meer medebewoners"
    reference = WHT + "2"

    def formula(huishouden, period):
        return huishouden("huurtoeslag_aantal_personen", period) > 1


# Income and assets.


class huurtoeslag_rekeninkomen(Variable):
    value_type = float
    entity = Huishouden
    definition_period = DateUnit.YEAR
    label = (
        "Rekeninkomen: de toetsingsinkomens van huurder, partner en medebewoners samen; van inwonende kinderen "
        "onder de leeftijdsgrens telt alleen het deel boven de vrijstelling"
    )
    reference = [WHT + "1", WHT + "7", AWIR + "8"]

    def formula(huishouden, period, parameters):
        p = parameters(period).huurtoeslag.inkomen_kind
        persoon = huishouden.members
        inkomen = persoon("toetsingsinkomen", period)
        leeftijd = persoon("leeftijd", period.first_month)
        jong_kind = persoon.has_role(Huishouden.KIND) & (leeftijd < p.leeftijdsgrens)
        telt = np.where(jong_kind, np.maximum(0, inkomen - p.vrijstelling), inkomen)
        return huishouden.sum(telt)


class huurtoeslag__meerderjarig(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = "De huurder (aanvrager) is meerderjarig"
    reference = WHT + "8"

    def formula(huishouden, period, parameters):
        minimum = parameters(period).huurtoeslag.minimumleeftijd
        leeftijd = huishouden.members("leeftijd", period)
        return huishouden.any(leeftijd >= minimum, role=Huishouden.AANVRAGER)


class huurtoeslag__ingeschreven_op_adres(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = (
        "De huurder, de partner en de medebewoners wonen in Nederland en staan op het adres van de woning ingeschreven"
    )
    reference = WHT + "9"

    def formula(huishouden, period):
        return huishouden.all(huishouden.members("woont_in_nederland", period))


class huurtoeslag__zelfstandige_woonruimte(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = "De woning is een zelfstandige woonruimte (eigen toegangsdeur, keuken en toilet)"
    reference = WHT + "11"

    def formula(huishouden, period):
        return huishouden("zelfstandige_woning", period)


class huurtoeslag__huurt_woning(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = "Het huishouden huurt de woning (er is een huurprijs)"
    reference = WHT + "1"

    def formula(huishouden, period):
        return huishouden("huur", period) > 0


class huurtoeslag__vermogen_onder_grens(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = (
        "Het vermogen is niet te hoog: huurder en partner (met de minderjarige kinderen) samen niet boven de grens "
        "(twee keer de grens met partner), iedere andere medebewoner niet boven de grens"
    )
    reference = [WHT + "7", AWIR + "7"]

    def formula(huishouden, period, parameters):
        grens = parameters(period).huurtoeslag.vermogensgrens
        persoon = huishouden.members
        jaar = period.this_year
        vermogen = persoon("vermogen", jaar)
        leeftijd = persoon("leeftijd", period)
        minderjarig_kind = persoon.has_role(Huishouden.KIND) & (leeftijd < 18)
        # Art. 7 lid 3 Awir: the toeslagpartner's vermogen counts with the aanvrager's, against twice the limit, when
        # it was the same partner all year; otherwise the partner is tested on their own, like a medebewoner.
        samen = huishouden("vermogen_toeslagpartners_samen", period)
        partner = persoon("toeslagpartner", period) & huishouden.project(samen)
        kern = persoon.has_role(Huishouden.AANVRAGER) | partner | minderjarig_kind
        kern_ok = huishouden.sum(np.where(kern, vermogen, 0)) <= grens * np.where(samen, 2, 1)
        overig_ok = huishouden.all(kern | (vermogen <= grens))
        return kern_ok & overig_ok


# Rent limits.


class huurtoeslag_hoge_huurgrens_van_toepassing(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = (
        "De hoge maximale huurgrens geldt: iemand in het huishouden heeft de leeftijdsgrens bereikt (2025: 23, "
        "2026: 21), er woont een kind of pleegkind, of een jongere bewoner heeft een handicap"
    )
    reference = WHT + "13"

    def formula(huishouden, period, parameters):
        grens = parameters(period).huurtoeslag.leeftijdsgrens_jongeren
        leeftijd = huishouden.members("leeftijd", period)
        oud_genoeg = huishouden.max(leeftijd) >= grens
        met_kind = huishouden.nb_persons(role=Huishouden.KIND) > 0
        handicap = huishouden.any(huishouden.members("heeft_handicap", period))
        return oud_genoeg | met_kind | handicap


class huurtoeslag_maximale_huurgrens(Variable):
    value_type = float
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = "Maximale huurgrens die voor dit huishouden geldt, per maand"
    reference = WHT + "13"

    def formula(huishouden, period, parameters):
        p = parameters(period).huurtoeslag.maximale_huurgrens
        hoog = huishouden("huurtoeslag_hoge_huurgrens_van_toepassing", period)
        return np.where(hoog, p.hoog, p.laag)


class huurtoeslag__huur_niet_boven_maximale_huurgrens(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = (
        "De huur is niet hoger dan de maximale huurgrens (voorwaarde tot en met 2025; vanaf 2026 altijd voldaan, "
        "de huur boven de grens telt dan alleen niet mee)"
    )
    reference = WHT + "13"

    def formula(huishouden, period, parameters):
        is_voorwaarde = parameters(period).huurtoeslag.maximale_huurgrens_is_voorwaarde
        binnen = huishouden("huurtoeslag_rekenhuur", period) <= huishouden("huurtoeslag_maximale_huurgrens", period)
        return binnen | huishouden("huurtoeslag_uitzondering_maximale_huurgrens", period) | (not is_voorwaarde)


class huurtoeslag_uitzondering_maximale_huurgrens(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = (
        "De maximale huurgrens geldt niet (art. 13 lid 2 Wht 2025): een woning aangepast voor een handicap, een "
        "woning voor en een huishouden van ten minste acht personen, of eerder huurtoeslag voor deze woning; de "
        "huur boven de grens telt dan niet mee (lid 3)"
    )
    reference = WHT + "13"

    def formula(huishouden, period):
        acht = huishouden("huurtoeslag_woning_voor_acht_personen", period) & (
            huishouden("huurtoeslag_aantal_personen", period) >= 8
        )
        return (
            huishouden("huurtoeslag_woning_aangepast_voor_handicap", period)
            | acht
            | huishouden("huurtoeslag_eerder_toegekend_voor_woning", period)
        )


class huurtoeslag__normhuur_bekend(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = (
        "De normhuur van dit huishouden is te berekenen: de factoren van de regeling voor dat jaar zijn bekend "
        "(2025, meerpersoonshuishouden: niet gevonden, dus geen schatting en geen bericht)"
    )
    reference = WHT + "19"

    def formula(huishouden, period, parameters):
        p = parameters(period).huurtoeslag
        if p.lineaire_afbouw or _factoren_meerpersoons(p) is not None:
            return huishouden.filled_array(True)
        return ~huishouden("huurtoeslag_meerpersoonshuishouden", period)


# Amount.


class huurtoeslag_basishuur(Variable):
    value_type = float
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = "Basishuur: het deel van de rekenhuur dat minimaal voor rekening van de huurder blijft, per maand"
    reference = [WHT + "16", WHT + "17", WHT + "19", "https://wetten.overheid.nl/jci1.3:c:BWBR0049106&artikel=1"]
    # Art. 16 adds EUR 12 to the normhuur; nil since 1 January 2023 (parameter verhoging_basishuur).

    def formula(huishouden, period, parameters):
        p = parameters(period).huurtoeslag
        meer = huishouden("huurtoeslag_meerpersoonshuishouden", period)
        verlaging = np.where(meer, p.verlaging_normhuur.meerpersoons, p.verlaging_normhuur.eenpersoons)
        normhuur = p.normhuur_bij_minimum_inkomensijkpunt - verlaging
        if not p.lineaire_afbouw:
            # Tot en met 2025: normhuur = a x Y^2 + b x Y boven het minimum-inkomensijkpunt (art. 19 oud).
            f = p.normhuurfactoren
            y = huishouden("huurtoeslag_rekeninkomen", period.this_year)
            # Unknown factors (see huurtoeslag__normhuur_bekend) leave the minimum; that household is not told.
            a_meer, b_meer = _factoren_meerpersoons(p) or (0.0, 0.0)
            a = np.where(meer, a_meer, f.eenpersoons.a)
            b = np.where(meer, b_meer, f.eenpersoons.b)
            normhuur = np.maximum(normhuur, a * y**2 + b * y)
        # Art. 16: basishuur = normhuur + verhoging (EUR 12, nil since 2023), less the verlaging of the Wet verlaging
        # eigen bijdrage huurtoeslag.
        return normhuur + p.verhoging_basishuur - p.verlaging_eigen_bijdrage


class huurtoeslag_bedrag_voor_inkomensafbouw(Variable):
    value_type = float
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = "Huurtoeslag per maand volgens de huurschijven (100%, 65%, 40%), vóór de inkomensafhankelijke verlaging"
    reference = [WHT + "21", "https://wetten.overheid.nl/jci1.3:c:BWBR0008763&artikel=7"]

    def formula(huishouden, period, parameters):
        p = parameters(period).huurtoeslag
        pct = p.vergoedingspercentage
        huur = np.minimum(
            huishouden("huurtoeslag_rekenhuur", period), huishouden("huurtoeslag_maximale_huurgrens", period)
        )
        basishuur = huishouden("huurtoeslag_basishuur", period)
        kkg = p.kwaliteitskortingsgrens
        drie_of_meer = huishouden("huurtoeslag_aantal_personen", period) >= 3
        aftop = np.where(drie_of_meer, p.aftoppingsgrens.drie_of_meer_personen, p.aftoppingsgrens.een_of_twee_personen)
        deel_a = np.maximum(0, np.minimum(huur, kkg) - basishuur)
        deel_b = np.maximum(0, np.minimum(huur, aftop) - np.maximum(kkg, basishuur))
        deel_c = np.maximum(0, huur - np.maximum(aftop, basishuur))
        return (
            pct.tot_kwaliteitskortingsgrens * deel_a
            + pct.tot_aftoppingsgrens * deel_b
            + pct.boven_aftoppingsgrens * deel_c
        )


class huurtoeslag_inkomensafbouw(Variable):
    value_type = float
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = "Verlaging per maand voor het rekeninkomen boven het minimum-inkomensijkpunt (vanaf 2026)"
    reference = WHT + "21"

    def formula(huishouden, period, parameters):
        p = parameters(period).huurtoeslag
        if not p.lineaire_afbouw:
            # Tot en met 2025 zit het inkomen in de basishuur.
            return huishouden.empty_array()
        meer = huishouden("huurtoeslag_meerpersoonshuishouden", period)
        ijkpunt = np.where(meer, p.minimum_inkomensijkpunt.meerpersoons, p.minimum_inkomensijkpunt.eenpersoons)
        percentage = np.where(meer, p.afbouwpercentage.meerpersoons, p.afbouwpercentage.eenpersoons)
        y = huishouden("huurtoeslag_rekeninkomen", period.this_year)
        return np.maximum(0, y - ijkpunt) * percentage / 12


class huurtoeslag_bedrag(Variable):
    value_type = float
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = "Huurtoeslag per maand (euro), 0 als het huishouden geen recht heeft"
    reference = WHT + "21"

    def formula(huishouden, period):
        voorwaarden = huishouden("huurtoeslag_voorwaarden", period)
        bedrag = huishouden("huurtoeslag_bedrag_voor_inkomensafbouw", period) - huishouden(
            "huurtoeslag_inkomensafbouw", period
        )
        return np.where(voorwaarden, np.maximum(0, bedrag), 0)


class huurtoeslag_voorwaarden(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = "Aan alle voorwaarden voor huurtoeslag is voldaan (los van de hoogte van het bedrag)"
    reference = [WHT + "8", WHT + "9", WHT + "11", WHT + "13", AWIR + "7"]

    def formula(huishouden, period):
        return (
            huishouden("huurtoeslag__meerderjarig", period)
            & huishouden("huurtoeslag__ingeschreven_op_adres", period)
            & huishouden("huurtoeslag__zelfstandige_woonruimte", period)
            & huishouden("huurtoeslag__huurt_woning", period)
            & huishouden("huurtoeslag__vermogen_onder_grens", period)
            & huishouden("huurtoeslag__huur_niet_boven_maximale_huurgrens", period)
            & huishouden("huurtoeslag__normhuur_bekend", period)
        )


class huurtoeslag_recht(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = "Recht op huurtoeslag: aan alle voorwaarden voldaan en het bedrag is hoger dan 0"
    reference = WHT + "21"

    def formula(huishouden, period):
        return huishouden("huurtoeslag_voorwaarden", period) & (huishouden("huurtoeslag_bedrag", period) > 0)
