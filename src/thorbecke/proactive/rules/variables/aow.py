"""AOW, het ouderdomspensioen (Algemene Ouderdomswet), uitgevoerd door de SVB.

Attaches to the person: each partner has their own AOW.

The right starts on the day the person reaches the pensioengerechtigde leeftijd (art. 7 AOW): the age that
art. 7a sets for the calendar year in which it is reached. A month here is entitled when that day falls in or
before it; the month in which it falls is paid for the days from that day on. The full pension is built up over
the 50 years before the AOW age; it is reduced by 2% for each year not insured (art. 13 AOW): living or working
abroad, say. The amount depends on the leefvorm: single, or married or living together (each partner gets the
gehuwd amount, art. 1 and 9 AOW). Amounts are SVB's gross amounts per month, without the vakantie-uitkering.
"""

from datetime import date

import numpy as np
from openfisca_core.periods import DateUnit
from openfisca_core.variables import Variable

from thorbecke.proactive.rules.entities import Huishouden, Persoon

AOW = "https://wetten.overheid.nl/jci1.3:c:BWBR0002221&artikel="

# The years art. 7a sets an age for, in parameters/aow/pensioengerechtigde_leeftijd_maanden.yaml. Before the
# first, the first one applies (everyone concerned reached it long ago); after the last, the last one (not yet
# set by law: see the note in that file).
EERSTE_JAAR, LAATSTE_JAAR = 2019, 2031


def _plus_maanden(datum, maanden):
    """The date ``maanden`` months after ``datum``; a day past the end of the target month becomes its last day."""
    maand = datum.astype("datetime64[M]")
    dag = datum - maand.astype("datetime64[D]")
    doel = maand + maanden
    laatste = (doel + 1).astype("datetime64[D]") - np.timedelta64(1, "D")
    return np.minimum(doel.astype("datetime64[D]") + dag, laatste)


# Inputs this scheme needs that inputs.py lacks (to move there).


class ontvangt_aow(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = "Ontvangt nu AOW van de SVB"


class aow_jaren_niet_verzekerd(Variable):
    value_type = float
    entity = Persoon
    definition_period = DateUnit.ETERNITY
    default_value = 0
    label = (
        "Jaren tussen de aanvangsleeftijd en de AOW-leeftijd niet verzekerd voor de AOW"
        " (in het buitenland gewoond en niet in Nederland gewerkt)"
    )
    reference = AOW + "13"


# The AOW age and the date it is reached.


class aow_pensioengerechtigde_leeftijd_maanden(Variable):
    value_type = int
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = "Persoonlijke AOW-leeftijd in maanden: de leeftijd die art. 7a geldt in het jaar waarin hij wordt bereikt"
    reference = AOW + "7a"

    def formula(persoon, period, parameters):
        leeftijd_per_jaar = {
            jaar: int(parameters(f"{jaar}-01-01").aow.pensioengerechtigde_leeftijd_maanden)
            for jaar in range(EERSTE_JAAR, LAATSTE_JAAR + 1)
        }
        tabel = np.array([leeftijd_per_jaar[j] for j in range(EERSTE_JAAR, LAATSTE_JAAR + 1)])
        geboortedatum = persoon("geboortedatum", period)
        # The ages never go down, so the first candidate age that the year of reaching it sets (or exceeds) is it.
        resultaat = np.full(geboortedatum.shape, tabel[-1])
        gevonden = np.zeros(geboortedatum.shape, dtype=bool)
        for leeftijd in sorted(set(leeftijd_per_jaar.values())):
            bereikt = _plus_maanden(geboortedatum, leeftijd)
            jaar = bereikt.astype("datetime64[Y]").astype(int) + 1970
            geldend = tabel[np.clip(jaar, EERSTE_JAAR, LAATSTE_JAAR) - EERSTE_JAAR]
            raak = ~gevonden & (geldend <= leeftijd)
            resultaat = np.where(raak, leeftijd, resultaat)
            gevonden |= raak
        return resultaat


class aow_datum_pensioengerechtigde_leeftijd(Variable):
    value_type = date
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = "Dag waarop de persoon de AOW-leeftijd bereikt"
    reference = AOW + "7a"

    def formula(persoon, period):
        geboortedatum = persoon("geboortedatum", period)
        return _plus_maanden(geboortedatum, persoon("aow_pensioengerechtigde_leeftijd_maanden", period))


class aow_opbouwpercentage(Variable):
    value_type = float
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = "Opgebouwd deel van het volledige AOW-pensioen: 2% minder per jaar niet verzekerd"
    reference = AOW + "13"

    def formula(persoon, period, parameters):
        p = parameters(period).aow
        niet_verzekerd = np.clip(persoon("aow_jaren_niet_verzekerd", period), 0, p.verzekeringsjaren_volledig)
        return np.maximum(0, 1 - p.opbouw_per_jaar * niet_verzekerd)


class aow_gehuwd(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = "Gehuwd of samenwonend (gezamenlijke huishouding) met een partner in het huishouden"
    reference = AOW + "1"

    def formula(persoon, period):
        heeft_partner = persoon.huishouden.nb_persons(Huishouden.PARTNER) > 0
        rol = persoon.has_role(Huishouden.AANVRAGER) + persoon.has_role(Huishouden.PARTNER)
        return heeft_partner * rol


class aow_deel_van_maand(Variable):
    value_type = float
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = "Deel van de maand vanaf de dag waarop de AOW-leeftijd wordt bereikt (1 voor de maanden erna)"
    reference = AOW + "7"

    def formula(persoon, period):
        begin = np.datetime64(str(period.start), "D")
        einde = np.datetime64(str(period.stop), "D")
        dagen = (einde - begin).astype(int) + 1
        datum = persoon("aow_datum_pensioengerechtigde_leeftijd", period)
        resterend = (einde - datum).astype(int) + 1
        return np.clip(resterend / dagen, 0, 1)


# The conditions, each its own variable; aow_recht is their conjunction.


class aow__pensioengerechtigde_leeftijd_bereikt(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = "Heeft uiterlijk in deze maand de AOW-leeftijd bereikt"
    reference = AOW + "7"

    def formula(persoon, period):
        einde = np.datetime64(str(period.stop), "D")
        return persoon("aow_datum_pensioengerechtigde_leeftijd", period) <= einde


class aow__verzekerd_geweest(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = "Is tussen de aanvangsleeftijd en de AOW-leeftijd verzekerd geweest (heeft AOW opgebouwd)"
    reference = AOW + "7"

    def formula(persoon, period):
        return persoon("aow_opbouwpercentage", period) > 0


class aow_recht(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = "Heeft recht op AOW in deze maand"
    reference = AOW + "7"

    def formula(persoon, period):
        return persoon("aow__pensioengerechtigde_leeftijd_bereikt", period) * persoon("aow__verzekerd_geweest", period)


class aow_volledig_bruto_per_maand(Variable):
    value_type = float
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = "Volledig bruto AOW per maand voor de leefvorm, zonder vakantie-uitkering (SVB)"
    reference = AOW + "9"

    def formula(persoon, period, parameters):
        p = parameters(period).aow.bruto_per_maand
        return np.where(persoon("aow_gehuwd", period), p.gehuwd, p.alleenstaande)


class aow_bedrag(Variable):
    value_type = float
    entity = Persoon
    definition_period = DateUnit.MONTH
    label = "Bruto AOW in deze maand, naar opbouw en (in de eerste maand) naar het deel van de maand"
    reference = AOW + "13"

    def formula(persoon, period):
        return (
            persoon("aow_recht", period)
            * persoon("aow_volledig_bruto_per_maand", period)
            * persoon("aow_opbouwpercentage", period)
            * persoon("aow_deel_van_maand", period)
        )
