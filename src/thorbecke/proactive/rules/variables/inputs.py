"""What the government already holds on a person and their household: the inputs several schemes share.
Nobody is asked for these; the population (or a source node) provides them. Inputs only one scheme uses,
such as whether someone receives it now (``ontvangt_<scheme>``), live with that scheme."""

from datetime import date

import numpy as np
from openfisca_core.periods import DateUnit
from openfisca_core.variables import Variable

from thorbecke.proactive.rules.entities import Huishouden, Persoon


class geboortedatum(Variable):
    value_type = date
    entity = Persoon
    definition_period = DateUnit.ETERNITY
    label = "Geboortedatum (BRP)"
    default_value = date(1970, 1, 1)


class leeftijd(Variable):
    value_type = int
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = "Leeftijd in jaren op de eerste dag van de maand"

    def formula(persoon, period):
        born = persoon("geboortedatum", period)
        first = period.start
        born_year = born.astype("datetime64[Y]").astype(int) + 1970
        born_month = born.astype("datetime64[M]").astype(int) % 12 + 1
        born_day = (born - born.astype("datetime64[M]")).astype(int) + 1
        not_yet = (born_month > first.month) | ((born_month == first.month) & (born_day > first.day))
        return first.year - born_year - not_yet


class toetsingsinkomen(Variable):
    value_type = float
    entity = Persoon
    definition_period = DateUnit.YEAR
    label = "Toetsingsinkomen (art. 8 Awir): verzamelinkomen, of het inkomen uit werk en woning"
    reference = "https://wetten.overheid.nl/jci1.3:c:BWBR0018472&artikel=8"


class vermogen(Variable):
    value_type = float
    entity = Persoon
    definition_period = DateUnit.YEAR
    label = "Vermogen op 1 januari (rendementsgrondslag, art. 7 Awir)"
    reference = "https://wetten.overheid.nl/jci1.3:c:BWBR0018472&artikel=7"


class verzekerd_zorgverzekering(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    default_value = True
    label = "Heeft een zorgverzekering (Zorgverzekeringswet)"


class woont_in_nederland(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    default_value = True
    label = "Woont in Nederland (BRP)"


class huur(Variable):
    value_type = float
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = "Kale huur per maand: de huurprijs zonder servicekosten (art. 5 lid 1 Wet op de huurtoeslag)"
    reference = "https://wetten.overheid.nl/jci1.3:c:BWBR0008659&artikel=5"


class servicekosten(Variable):
    value_type = float
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = (
        "Subsidiabele servicekosten per maand: de vier posten van art. 5 lid 3 Wet op de huurtoeslag (tekst 2025) "
        "samen, zoals de huurder ze opgaf"
    )
    reference = "https://wetten.overheid.nl/jci1.3:c:BWBR0008659&artikel=5"


class servicekosten_bekend(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = DateUnit.MONTH
    default_value = False
    label = "De servicekosten zijn bekend (Dienst Toeslagen kent ze van een eerdere aanvraag, of ze zijn opgegeven)"
    reference = "https://wetten.overheid.nl/jci1.3:c:BWBR0008659&artikel=5"


class zelfstandige_woning(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = DateUnit.MONTH
    default_value = True
    label = "Zelfstandige woonruimte (eigen toegangsdeur, keuken en toilet)"


class gemeente(Variable):
    value_type = str
    max_length = 6
    entity = Huishouden
    definition_period = DateUnit.ETERNITY
    label = "Gemeente van inschrijving (CBS-code, bijvoorbeeld GM0344)"
    default_value = ""


# --- The toeslagpartner (art. 3 Awir): shared by zorgtoeslag, kindgebonden budget and huurtoeslag ---
# The household's ``partner`` is the aanvrager's spouse or registered partner (art. 3 lid 1 onder a) or a partner the
# data already records. A ``medebewoner`` on the same address is the toeslagpartner too when one of the criteria of
# art. 3 lid 1 onder b holds for them; these are inputs, as the population does not hold them.

AWIR = "https://wetten.overheid.nl/jci1.3:c:BWBR0018472&artikel="


class toeslagpartner_kind_samen(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    default_value = False
    label = (
        "Uit de relatie met de aanvrager is een kind geboren, of hij erkende een kind van de aanvrager of de "
        "aanvrager het zijne (art. 3 lid 1 onder b, 3° en 4° Awir)"
    )
    reference = AWIR + "3"


class toeslagpartner_samenlevingscontract(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    default_value = False
    label = "Heeft met de aanvrager een notarieel samenlevingscontract (art. 3 lid 1 onder b, 2° Awir)"
    reference = AWIR + "3"


class toeslagpartner_eigen_woning_samen(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    default_value = False
    label = (
        "Bewoont met de aanvrager een gezamenlijke eigen woning en is (mede) aansprakelijk voor de hypotheek "
        "(art. 3 lid 1 onder b, 7° Awir)"
    )
    reference = AWIR + "3"


class toeslagpartner_pensioenpartner(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    default_value = False
    label = "Is bij een pensioenregeling aangemeld als partner van de aanvrager (art. 3 lid 1 onder b, 6° Awir)"
    reference = AWIR + "3"


class toeslagpartner(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = (
        "Is de toeslagpartner van de aanvrager (art. 3 Awir): de partner van het huishouden, of anders de eerste "
        "medebewoner voor wie een criterium van art. 3 lid 1 onder b geldt"
    )
    reference = AWIR + "3"

    def formula(persoon, period):
        huishouden = persoon.simulation.populations["huishouden"]  # the group itself, not the projector
        partner = persoon.has_role(Huishouden.PARTNER)
        criterium = (
            persoon("toeslagpartner_kind_samen", period)
            | persoon("toeslagpartner_samenlevingscontract", period)
            | persoon("toeslagpartner_eigen_woning_samen", period)
            | persoon("toeslagpartner_pensioenpartner", period)
        )
        kandidaat = persoon.has_role(Huishouden.MEDEBEWONER) & criterium
        # Art. 3 lid 1: 'degene die hierna als eerste wordt genoemd': a recorded partner first, else one medebewoner.
        positie = huishouden.members_position
        eerste = huishouden.min(np.where(kandidaat, positie, np.iinfo(np.int32).max))
        geen_partner = huishouden.nb_persons(Huishouden.PARTNER) == 0
        return partner | (kandidaat & huishouden.project(geen_partner) & (positie == huishouden.project(eerste)))


class toeslagpartner_heel_jaar(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = DateUnit.MONTH
    default_value = True
    label = (
        "De aanvrager heeft het hele berekeningsjaar dezelfde toeslagpartner: alleen dan telt het gezamenlijke "
        "vermogen tegen de grens voor partners (art. 7 lid 3 Awir; art. 1 lid 4 Wkb)"
    )
    reference = AWIR + "7"


class heeft_toeslagpartner(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = "De aanvrager heeft een toeslagpartner in het huishouden (art. 3 Awir)"
    reference = AWIR + "3"

    def formula(huishouden, period):
        return huishouden.any(huishouden.members("toeslagpartner", period))


class vermogen_toeslagpartners_samen(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = DateUnit.MONTH
    label = (
        "Het vermogen van aanvrager en toeslagpartner telt samen, tegen de grens voor partners: er is een "
        "toeslagpartner, dezelfde het hele jaar (art. 7 lid 3 Awir); anders telt het eigen vermogen tegen de grens "
        "voor een alleenstaande"
    )
    reference = AWIR + "7"

    def formula(huishouden, period):
        return huishouden("heeft_toeslagpartner", period) & huishouden("toeslagpartner_heel_jaar", period)
