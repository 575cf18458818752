"""The schemes the rules know, and what screening needs of each: its variables (by the naming convention
every scheme follows), the organisation that delivers it, and the conditions that decide it.

- ``<key>_recht``: entitled, this month; ``<key>_bedrag``: roughly how much, in euros a month;
- ``ontvangt_<key>``: whether the person or household receives it now (an input);
- ``<key>__<condition>``: one legal condition each; ``<key>_recht`` holds when all of them do;
- ``<key>_aanname_<what>``: true where the estimate assumed something the government does not know (an input the
  law needs that nobody supplied); the message says what was assumed.
"""

from dataclasses import dataclass

from thorbecke.proactive.rules import tax_benefit_system

UPL = "http://standaarden.overheid.nl/owms/terms/"
MUNICIPALITY = "the municipality"  # remission is the municipality's own: the household's, not one organisation


@dataclass(frozen=True)
class Scheme:
    key: str
    name_nl: str
    name_en: str
    delivered_by: str  # TOOI code in the register, or MUNICIPALITY
    upl: str  # the product in the Uniforme Productnamenlijst: where the front door tells how to apply

    @property
    def entitled(self) -> str:
        return f"{self.key}_recht"

    @property
    def amount(self) -> str:
        return f"{self.key}_bedrag"

    @property
    def receives(self) -> str:
        return f"ontvangt_{self.key}"

    @property
    def entity(self) -> str:
        return tax_benefit_system().variables[self.entitled].entity.key

    @property
    def conditions(self) -> list[str]:
        prefix = f"{self.key}__"
        return sorted(name for name in tax_benefit_system().variables if name.startswith(prefix))

    @property
    def assumptions(self) -> list[str]:
        prefix = f"{self.key}_aanname_"
        return sorted(name for name in tax_benefit_system().variables if name.startswith(prefix))


# Dienst Toeslagen pays the allowances; the register knows it as part of the Belastingdienst.
SCHEMES = [
    Scheme("zorgtoeslag", "Zorgtoeslag", "Healthcare allowance", "rijk-belastingdienst", UPL + "zorgtoeslag"),
    Scheme("huurtoeslag", "Huurtoeslag", "Rent allowance", "rijk-belastingdienst", UPL + "huurtoeslag"),
    Scheme(
        "kindgebonden_budget", "Kindgebonden budget", "Child-related budget", "rijk-belastingdienst", UPL + "kindGebBud"
    ),
    Scheme("kinderbijslag", "Kinderbijslag", "Child benefit", "rijk-sociale-verzekeringsbank", UPL + "kinderbijslag"),
    Scheme("aow", "AOW-pensioen", "State pension (AOW)", "rijk-sociale-verzekeringsbank", UPL + "aow-uitkering"),
    Scheme(
        "kwijtschelding",
        "Kwijtschelding gemeentelijke belastingen",
        "Municipal tax remission",
        MUNICIPALITY,
        UPL + "belastingkwijtschelding",
    ),
]
