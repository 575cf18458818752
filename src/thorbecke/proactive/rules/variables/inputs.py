"""What the government already holds on a person and their household: the inputs several schemes share.
Nobody is asked for these; the population (or a source node) provides them. Inputs only one scheme uses,
such as whether someone receives it now (``ontvangt_<scheme>``), live with that scheme."""

from datetime import date

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
    label = "Rekenhuur per maand: kale huur plus de subsidiabele servicekosten (art. 5 Wet op de huurtoeslag)"
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
