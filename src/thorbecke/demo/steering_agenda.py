"""The demo's investment agenda and one meeting of the Steering Committee: ILLUSTRATIVE. The organisations are real,
the initiatives, their figures and the meeting are made up so that the agenda's pages have something to show; every
row is stored with ``illustrative=True`` and the pages say so. The amounts are of the order such work costs an
organisation of that size, not any organisation's budget.

The set is chosen to show each view: two municipalities' cloud platforms in overlapping years and two AI initiatives
of different owners in 2027 (chances to procure together), a water board's security work co-funded by another, an
executive agency's replacement of a legacy system from new funding, and expected effects on the one indicator defined
so far (algorithms in the register). The meeting has one late action."""

from datetime import date

from django.db import transaction

from thorbecke.registry.models import Organisation
from thorbecke.steering import definitions
from thorbecke.steering.models import (
    Action,
    AgendaItem,
    CoFunding,
    Cost,
    Decision,
    ExpectedEffect,
    Indicator,
    Initiative,
    Meeting,
    Phase,
)

UWV = "rijk-uitvoeringsinstituut-werknemersverzekeringen"
# (owner, title, priority, theme, status, description, costs (year, source, euros), effects (indicator, change,
# by year), phases (name, start, end), co-funders (code, share %))
INITIATIVES = [
    ("gm0344", "Zaakgericht werken in de cloud", "cloud", "cloud", "approved",
     "Het zaaksysteem en de documentopslag van de gemeente gaan naar een cloudplatform dat voldoet aan de BIO.",
     [(2027, "existing", 350_000), (2028, "existing", 200_000), (2028, "new", 150_000)], [],
     [("Aanbesteding", "2027-01", "2027-06"), ("Migratie", "2027-07", "2028-09")], [("gm0307", 20)]),
    ("gm0363", "Gemeentelijk cloudplatform op Haven", "cloud", "cloud", "running",
     "Een Kubernetes-platform volgens de Haven-standaard voor de eigen applicaties van de gemeente.",
     [(2027, "existing", 900_000), (2028, "existing", 700_000), (2029, "existing", 500_000)], [],
     [("Bouw", "2027-01", "2027-12"), ("Overzetten applicaties", "2028-01", "2029-12")], []),
    ("pv26", "Algoritmeregister vullen en bijhouden", "ai", "ai", "proposed",
     "De provincie beschrijft al haar algoritmes in het Algoritmeregister en houdt de beschrijvingen bij.",
     [(2027, "existing", 80_000), (2028, "existing", 60_000)], [("ai-algorithms-published", 25, 2028)],
     [("Inventarisatie", "2027-01", "2027-04"), ("Publicatie", "2027-05", "2028-12")], []),
    ("gm0363", "AI-ondersteuning bij Woo-verzoeken", "ai", "ai", "approved",
     "Een taalmodel stelt samenvattingen en lakvoorstellen op; een behandelaar beslist.",
     [(2027, "new", 300_000), (2028, "existing", 120_000)], [("ai-algorithms-published", 2, 2027)],
     [("Proef", "2027-02", "2027-09")], []),
    ("ws0155", "Digitale weerbaarheid: monitoring dag en nacht", "resilience", "security", "running",
     "Een gedeeld security operations center bewaakt de systemen van de waterschappen, ook de procesautomatisering.",
     [(2027, "existing", 220_000), (2028, "existing", 220_000)], [],
     [("Inrichting", "2027-01", "2027-06")], [("ws0539", 30)]),
    (UWV, "Vervanging verouderd uitkeringssysteem", "citizens", "legacy", "approved",
     "Een uitkeringssysteem van tientallen jaren oud wordt stap voor stap vervangen.",
     [(2027, "new", 4_500_000), (2028, "new", 6_000_000), (2029, "existing", 3_000_000)], [],
     [("Eerste regeling over", "2027-01", "2028-06"), ("Overige regelingen", "2028-07", "2029-12")], []),
]  # fmt: skip
PRESENT = ["rijk-ministerie-van-binnenlandse-zaken", "pv26", "gm0344", "gm0363", "ws0155", UWV]


def seed_steering_agenda() -> int:
    """Store the illustrative initiatives and meeting once; a second run finds them and adds nothing. Returns how
    many illustrative initiatives the agenda holds."""
    if Initiative.objects.filter(illustrative=True).exists():
        return Initiative.objects.filter(illustrative=True).count()
    definitions.sync()  # the indicators the effects name
    organisations = {o.code: o for o in Organisation.objects.all()}
    indicators = {i.code: i for i in Indicator.objects.all()}
    made: dict[str, Initiative] = {}
    with transaction.atomic():
        for owner, title, priority, theme, status, text, costs, effects, phases, funders in INITIATIVES:
            initiative = Initiative.objects.create(
                organisation=organisations[owner], title=title, priority=priority, theme=theme, status=status,
                description=text, language="nl", illustrative=True,
            )  # fmt: skip
            made[title] = initiative
            Cost.objects.bulk_create([Cost(initiative=initiative, year=y, source=s, amount=a) for y, s, a in costs])
            ExpectedEffect.objects.bulk_create(
                [
                    ExpectedEffect(initiative=initiative, indicator=indicators[c], change=d, by_year=y)
                    for c, d, y in effects
                ]
            )
            Phase.objects.bulk_create([Phase(initiative=initiative, name=n, start=s, end=e) for n, s, e in phases])
            CoFunding.objects.bulk_create(
                [CoFunding(initiative=initiative, organisation=organisations[c], share=s) for c, s in funders]
            )
        _meeting(organisations, made)
    return len(made)


def _meeting(organisations: dict[str, Organisation], made: dict[str, Initiative]) -> None:
    meeting = Meeting.objects.create(
        held_on=date(2026, 11, 19), title="Stuurgroep Digitale Overheid (illustratief)", illustrative=True
    )
    meeting.present.set([organisations[code] for code in PRESENT])
    items = ["Opening en vaststellen agenda", "Investeringsagenda 2027", "Vervanging verouderde systemen"]
    AgendaItem.objects.bulk_create([AgendaItem(meeting=meeting, number=i, title=t) for i, t in enumerate(items, 1)])
    agenda = Decision.objects.create(
        meeting=meeting, priority="cloud", text="De stuurgroep stelt de investeringsagenda 2027 vast.",
        reasoning="De initiatieven passen binnen de prioriteiten; twee cloudplatforms lopen in dezelfde jaren.",
    )  # fmt: skip
    Action.objects.create(
        decision=agenda, organisation=organisations["gm0344"], deadline=date(2027, 3, 1),
        text="Met Amsterdam verkennen of de cloudplatforms samen kunnen worden ingekocht.",
    )  # fmt: skip
    legacy = Decision.objects.create(
        meeting=meeting, initiative=made["Vervanging verouderd uitkeringssysteem"],
        text="De stuurgroep vraagt een planning per regeling voor de vervanging.",
        reasoning="De vervanging raakt veel mensen; de stuurgroep wil de risico's per stap zien.",
    )  # fmt: skip
    Action.objects.create(
        decision=legacy, organisation=organisations[UWV], deadline=date(2026, 11, 30),
        text="Planning per regeling aanleveren.",
    )  # fmt: skip
