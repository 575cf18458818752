"""Kwijtschelding van gemeentelijke belastingen (art. 26 Invorderingswet 1990; art. 255 Gemeentewet).

For a natural person without a business, art. 28 of the Uitvoeringsregeling Invorderingswet 1990 (URI) applies its
hoofdstuk II afdelingen 1, 2 and 5: the part of the assessment that is left after using the vermogen (art. 12) and 80%
of twelve months' betalingscapaciteit (art. 11 and 13) is remitted. The betalingscapaciteit is the netto besteedbaar
inkomen (art. 14, less the expenses of art. 15) above the kosten van bestaan: a percentage of the Participatiewet
bijstandsnorm (art. 16 URI: 90%; the municipality may set up to 100%, art. 2 Regeling kwijtschelding belastingen
medeoverheden), with the kostendelersnorm where other adults live in the dwelling.

The entitlement attaches to the household (``huishouden``): the belastingschuldige is its ``aanvrager``; the income
and vermogen of their ``partner`` (echtgenoot, art. 3 Participatiewet) count too (art. 12 lid 1, art. 13 lid 2).
Period MONTH: the situation in the month of the request decides, and the amount remitted concerns the household's
yearly assessment (``kwijtschelding_aanslag``). ``kwijtschelding_kwijt_te_schelden`` is that whole remitted amount,
``kwijtschelding_bedrag`` the same per month (divided by twelve), so it compares with the other schemes.
"""

import numpy as np
from openfisca_core.periods import DateUnit
from openfisca_core.variables import Variable

from thorbecke.proactive.rules.entities import Huishouden, Persoon

URI = "https://wetten.overheid.nl/jci1.3:c:BWBR0004766&artikel="
IW = "https://wetten.overheid.nl/jci1.3:c:BWBR0004770&artikel="
PW = "https://wetten.overheid.nl/jci1.3:c:BWBR0015703&artikel="


# --- Inputs this scheme needs that inputs.py does not hold (to move there) ---


class ontvangt_kwijtschelding(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = "Heeft voor de aanslag gemeentelijke belastingen van dit jaar kwijtschelding gekregen"
    reference = IW + "26"


class kwijtschelding_aanslag(Variable):
    value_type = float
    entity = Huishouden
    definition_period = DateUnit.YEAR
    label = (
        "Aanslag gemeentelijke belastingen van het jaar waarvoor de gemeente kwijtschelding verleent (bijvoorbeeld "
        "afvalstoffenheffing en rioolheffing), in euro"
    )
    reference = IW + "26"


class kwijtschelding_netto_inkomen(Variable):
    value_type = float
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = (
        "Netto inkomen per maand van aanvrager en partner, gemiddeld over de twaalf maanden vanaf het verzoek, zoals "
        "art. 14 lid 1 URI het telt: met vakantiegeld, zonder kinderbijslag, kindgebonden budget, huur- en zorgtoeslag"
    )
    reference = URI + "14"


class kwijtschelding_uitgaven(Variable):
    value_type = float
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = (
        "Uitgaven per maand die art. 15 lid 1 URI aftrekt: o.a. nettowoonlasten boven de normhuur (tot de "
        "huurgrens), zorgpremie boven de normpremie, betaalde alimentatie, aflossing op belastingschulden"
    )
    reference = URI + "15"


class kwijtschelding_woon_en_zorglasten(Variable):
    value_type = float
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = (
        "Woonlasten en zorgpremie per maand zoals art. 15 lid 1 onderdelen b en c URI, zonder aftrek van huur- en "
        "zorgtoeslag: zoveel spaargeld mag er bovenop de kosten van bestaan zijn (art. 12 lid 2 onderdeel d)"
    )
    reference = URI + "12"


class vermogen_bij_verzoek(Variable):
    value_type = float
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = (
        "Vermogen op de datum van het verzoek om kwijtschelding (art. 12 lid 1 URI: het vermogen op het moment "
        "waarop op het verzoek wordt beslist); onbekend: het vermogen op 1 januari, en het bericht zegt dat"
    )
    reference = URI + "12"

    def formula(persoon, period):
        return persoon("vermogen", period.this_year)


class vermogen_bij_verzoek_bekend(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    default_value = False
    label = "Het vermogen op de datum van het verzoek is opgegeven (niet geschat met dat op 1 januari)"
    reference = URI + "12"


# --- What an estimate assumed where the government does not know (``<key>_aanname_<what>``, see schemes.py) ---


class kwijtschelding_aanname_vermogen_1_januari(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = (
        "De schatting neemt voor het vermogen van aanvrager en partner bij het verzoek dat op 1 januari: het "
        "vermogen op de datum van het verzoek is niet bekend"
    )
    reference = URI + "12"

    def formula(huishouden, period):
        partners = huishouden.members.has_role(Huishouden.AANVRAGER) + huishouden.members.has_role(Huishouden.PARTNER)
        bekend = huishouden.members("vermogen_bij_verzoek_bekend", period)
        return huishouden.any(partners & ~bekend)


# --- Helpers (not legal conditions) ---


class kwijtschelding_percentage_kosten_van_bestaan(Variable):
    value_type = float
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = "Kosten van bestaan als deel van de bijstandsnorm, volgens de keuze van de gemeente (90% tot 100%)"
    reference = URI + "16"

    def formula(huishouden, period, parameters):
        p = parameters(period).kwijtschelding.percentage_kosten_van_bestaan
        gemeente = huishouden("gemeente", period).astype(str)  # stored as bytes (|S6)
        percentage = np.full(gemeente.shape, p.standaard, dtype=float)
        for code, waarde in p.gemeenten._children.items():
            if waarde is not None:
                percentage = np.where(gemeente == code, waarde, percentage)
        return percentage


class kwijtschelding_bijstandsnorm(Variable):
    value_type = float
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = (
        "Bijstandsnorm per maand voor de aanvrager en partner samen: art. 21 Participatiewet, met de "
        "kostendelersnorm van art. 22a bij andere volwassenen in de woning; vanaf de pensioenleeftijd art. 22, met "
        "de kostendelersnorm op de gehuwdennorm van art. 22"
    )
    reference = PW + "21"

    def formula(huishouden, period, parameters):
        p = parameters(period).kwijtschelding
        norm = p.bijstandsnorm
        met_partner = huishouden.nb_persons(Huishouden.PARTNER) > 0
        partners = huishouden.members.has_role(Huishouden.AANVRAGER) + huishouden.members.has_role(Huishouden.PARTNER)
        # The pension norms apply from the AOW age, as the AOW sets it for each birth date (art. 7a AOW).
        aow_datum = huishouden.members("aow_datum_pensioengerechtigde_leeftijd", period)
        pensioen = aow_datum <= np.datetime64(str(period.start), "D")
        heeft_pensioen = huishouden.sum(partners * pensioen) > 0
        volwassen = huishouden.members("leeftijd", period) >= p.kostendeler_minimumleeftijd
        # A: the kostendelende medebewoners including the aanvrager (and partner), at least the couple itself.
        a = np.maximum(huishouden.sum(volwassen + partners * ~volwassen), np.where(met_partner, 2, 1))
        # Art. 22a lid 1: (40% + A x 30%) / A x B per echtgenoot, with B the gehuwdennorm below the pension age
        # (art. 21 onderdeel b) and from it, for the belanghebbende or their spouse, that of art. 22 onderdelen b/c.
        b = np.where(heeft_pensioen, norm.gehuwden_pensioen, norm.gehuwden)
        kostendeler = (p.kostendelersnorm_basis + a * p.kostendelersnorm_per_kostendeler) / a * b
        zonder_kostendelers = np.where(met_partner, a <= 2, a <= 1)
        alleen = np.where(
            heeft_pensioen,
            np.where(met_partner, norm.gehuwden_pensioen, norm.alleenstaande_pensioen),
            np.where(met_partner, norm.gehuwden, norm.alleenstaande),
        )
        # Art. 22a lid 2: for a couple, the sum of each spouse's norm.
        return np.where(zonder_kostendelers, alleen, np.where(met_partner, 2 * kostendeler, kostendeler))


class kwijtschelding_kosten_van_bestaan(Variable):
    value_type = float
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = "Kosten van bestaan per maand: het percentage van de gemeente maal de bijstandsnorm (art. 16 URI)"
    reference = URI + "16"

    def formula(huishouden, period):
        return huishouden("kwijtschelding_percentage_kosten_van_bestaan", period) * huishouden(
            "kwijtschelding_bijstandsnorm", period
        )


class kwijtschelding_betalingscapaciteit(Variable):
    value_type = float
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = (
        "Betalingscapaciteit over twaalf maanden: het netto besteedbaar inkomen (inkomen min uitgaven) boven de "
        "kosten van bestaan (art. 13 en 14 URI)"
    )
    reference = URI + "13"

    def formula(huishouden, period, parameters):
        maanden = parameters(period).kwijtschelding.maanden_betalingscapaciteit
        besteedbaar = huishouden("kwijtschelding_netto_inkomen", period) - huishouden("kwijtschelding_uitgaven", period)
        return maanden * np.maximum(besteedbaar - huishouden("kwijtschelding_kosten_van_bestaan", period), 0)


class kwijtschelding_vermogen(Variable):
    value_type = float
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = (
        "Vermogen van aanvrager en partner boven wat vrij blijft: één maand kosten van bestaan plus woonlasten en "
        "zorgpremie (art. 12 lid 2 onderdeel d URI)"
    )
    reference = URI + "12"

    def formula(huishouden, period):
        partners = huishouden.members.has_role(Huishouden.AANVRAGER) + huishouden.members.has_role(Huishouden.PARTNER)
        vermogen = huishouden.sum(partners * huishouden.members("vermogen_bij_verzoek", period))
        vrij = huishouden("kwijtschelding_kosten_van_bestaan", period) + huishouden(
            "kwijtschelding_woon_en_zorglasten", period
        )
        return np.maximum(vermogen - vrij, 0)


class kwijtschelding_kwijt_te_schelden(Variable):
    value_type = float
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = (
        "Kwijt te schelden deel van de jaaraanslag: wat overblijft na aanwending van het vermogen en 80% van de "
        "betalingscapaciteit (art. 11 URI)"
    )
    reference = URI + "11"

    def formula(huishouden, period, parameters):
        deel = parameters(period).kwijtschelding.aanwending_betalingscapaciteit
        aanslag = huishouden("kwijtschelding_aanslag", period.this_year)
        te_betalen = huishouden("kwijtschelding_vermogen", period) + deel * huishouden(
            "kwijtschelding_betalingscapaciteit", period
        )
        return np.clip(aanslag - te_betalen, 0, aanslag)


# --- Legal conditions: kwijtschelding_recht is their conjunction ---


class kwijtschelding__aanslag(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = "Er is een aanslag gemeentelijke belastingen waarvoor de gemeente kwijtschelding verleent"
    reference = IW + "26"

    def formula(huishouden, period):
        return huishouden("kwijtschelding_aanslag", period.this_year) > 0


class kwijtschelding__vermogen(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = "Het vermogen boven wat vrij blijft is niet genoeg om de aanslag te betalen"
    reference = URI + "12"

    def formula(huishouden, period):
        return huishouden("kwijtschelding_vermogen", period) < huishouden("kwijtschelding_aanslag", period.this_year)


class kwijtschelding__betalingscapaciteit(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = (
        "Na het vermogen en 80% van de betalingscapaciteit (inkomen boven de kosten van bestaan, twaalf maanden) "
        "blijft er van de aanslag iets over"
    )
    reference = URI + "11"

    def formula(huishouden, period):
        return huishouden("kwijtschelding_kwijt_te_schelden", period) > 0


CONDITIONS = [
    "kwijtschelding__aanslag",
    "kwijtschelding__vermogen",
    "kwijtschelding__betalingscapaciteit",
]


class kwijtschelding_recht(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = "Heeft (gedeeltelijk) recht op kwijtschelding van de aanslag gemeentelijke belastingen"
    reference = IW + "26"

    def formula(huishouden, period):
        recht = huishouden(CONDITIONS[0], period)
        for name in CONDITIONS[1:]:
            recht = recht * huishouden(name, period)
        return recht


class kwijtschelding_bedrag(Variable):
    value_type = float
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = "Kwijtgescholden gemeentelijke belastingen in euro per maand (het kwijt te schelden jaarbedrag / 12)"
    reference = URI + "11"

    def formula(huishouden, period):
        return huishouden("kwijtschelding_recht", period) * huishouden("kwijtschelding_kwijt_te_schelden", period) / 12
