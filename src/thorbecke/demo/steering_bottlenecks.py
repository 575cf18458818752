"""Demo data bottlenecks: three illustrative reports, one of them decided and so a precedent that a new report about
the same thing is matched to. Each says in its text that it is illustrative; what it is drawn from is cited here.
Idempotent: a bottleneck already there (by title) is left as it is."""

from datetime import timedelta

from django.utils import timezone

from thorbecke.registry.models import Organisation
from thorbecke.steering import bottlenecks as rules
from thorbecke.steering.models import Bottleneck, BottleneckStep

ILLUSTRATIVE = " (Illustratief voorbeeld in de demo.)"
TAX = "rijk-belastingdienst"

# Drawn from a real, published bottleneck and its resolution: municipalities could not get the names and addresses
# of parents harmed by the childcare-benefits affair from the Belastingdienst/Toeslagen, as the law allowed no
# transfer of its own accord (VNG, "Vraag en antwoorden machtigingsbesluit", February 2021); since 1 September 2021
# the data is shared when the parent consents, under article 49h of the Awir, which came from the Lodders amendment
# (answer to Kamervragen 2021Z18969, 19 November 2021). The reporting municipality, the dates and the wording here are
# the demo's.
PRECEDENT = {
    "title": "Gemeente krijgt geen gegevens van gedupeerde ouders van de toeslagenaffaire",
    "description": "De Belastingdienst/Toeslagen mag namen en adressen van gedupeerde ouders niet uit zichzelf aan de "
    "gemeente geven: de wet kent daarvoor geen grondslag. De gemeente kan ouders zo niet zelf benaderen met een "
    "hulpaanbod." + ILLUSTRATIVE,
    "effect": "Ouders krijgen later of geen hulp bij wonen, inkomen, schulden, zorg en gezin.",
    "kind": "legal",
    "da_type": "rechtmatigheid",
    "data_description": "Namen en adressen van gedupeerde ouders (Belastingdienst/Toeslagen, Uitvoeringsorganisatie "
    "Herstel Toeslagen)",
    "process": "Hulp aan gedupeerden van de hersteloperatie kinderopvangtoeslag",
    "laws": ["jci1.3:c:BWBR0018472&artikel=49h"],
}
DECISION = (
    "De Belastingdienst/Toeslagen deelt de gegevens van een gedupeerde ouder met de gemeente waar die woont, als de "
    "ouder daar bij de aanmelding toestemming voor geeft."
)
REASONING = (
    "Artikel 49h van de Algemene wet inkomensafhankelijke regelingen (uit het amendement-Lodders) geeft de grondslag. "
    "De Autoriteit Persoonsgegevens adviseerde toestemming van de ouder; zo houdt de ouder regie en kan de gemeente "
    "toch zelf contact leggen."
)
# Illustrative: the subject is real (municipalities paid the one-off energy allowance of 2022 to low-income households
# under the Participatiewet; Kamerstuk 36 057), the report is made up for the demo.
HANDLING = {
    "title": "Energietoeslag niet ambtshalve toe te kennen aan huishoudens zonder bijstand",
    "description": "De gemeente kent het inkomen van huishoudens die geen bijstand krijgen niet, en kan de "
    "energietoeslag daarom alleen op aanvraag toekennen." + ILLUSTRATIVE,
    "effect": "Huishoudens met een laag inkomen moeten zelf aanvragen; wie dat niet doet, loopt de toeslag mis.",
    "kind": "legal",
    "da_type": "behoeften-gebruikers",
    "data_description": "Inkomensgegevens van huishoudens (Belastingdienst)",
    "process": "Energietoeslag",
    "laws": ["BWBR0015703"],
}
# Illustrative, after one of the subjects of the Netwerk Publieke Dienstverleners' list of 79 bottlenecks (May 2024):
# debts. Made up for the demo; left waiting for triage past its service level, so the queue shows "late".
WAITING = {
    "title": "Signalen van betalingsachterstanden komen versnipperd binnen",
    "description": "Signalen van achterstanden bij huur, energie, water en zorgverzekering komen bij verschillende "
    "afdelingen binnen, elk in een eigen formaat en met eigen afspraken per leverancier." + ILLUSTRATIVE,
    "effect": "Mensen met beginnende schulden worden later benaderd, als de schulden al zijn opgelopen.",
    "kind": "organisational",
    "da_type": "afspraken-kosten-tijd",
    "data_description": "Signalen van betalingsachterstanden (woningcorporaties, energie- en drinkwaterbedrijven, "
    "zorgverzekeraars)",
    "process": "Vroegsignalering van schulden",
    "laws": [],
}


def seed_bottlenecks() -> int:
    """Report the demo's bottlenecks that are not there yet; returns how many were added."""
    added = 0
    tax = Organisation.objects.filter(code=TAX).first()
    parties = [tax] if tax else []
    for code, fields in (("gm0599", PRECEDENT), ("gm0344", HANDLING), ("gm0363", WAITING)):
        organisation = Organisation.objects.filter(code=code).first()
        if organisation is None or Bottleneck.objects.filter(title=fields["title"]).exists():
            continue
        bottleneck = rules.report(organisation, None, parties if fields is not WAITING else [], **fields)
        if fields is PRECEDENT:
            rules.move(bottleneck, "triaged", None)
            rules.move(bottleneck, "escalated", None, note="Vraagt een wettelijke grondslag." + ILLUSTRATIVE)
            rules.move(bottleneck, "decided", None, decision=DECISION, reasoning=REASONING)
        elif fields is HANDLING:
            rules.move(bottleneck, "triaged", None)
        else:
            twenty_days_ago = timezone.now() - timedelta(days=20)
            Bottleneck.objects.filter(pk=bottleneck.pk).update(stage_since=twenty_days_ago, reported_at=twenty_days_ago)
            BottleneckStep.objects.filter(bottleneck=bottleneck).update(at=twenty_days_ago)
        added += 1
    return added
