"""The demo's goals and commitments. The goals are the Netherlands' Digitalisation Strategy's (NDS, June 2025), one
per priority, summarised in our words from its published priorities; each is measured by the indicators of its
priority that the platform computes. The commitments are illustrative (labelled so on every page): one
municipality that publishes in the algorithm register, and the programme for all water boards. Idempotent: a
second run changes nothing."""

from django.utils import timezone

from thorbecke.registry.models import Organisation, OrganisationType
from thorbecke.steering import accountability, definitions, periods
from thorbecke.steering.compute import compute
from thorbecke.steering.models import Commitment, Goal, Indicator, Priority

SOURCE = "https://www.nldigitalgovernment.nl/netherlands-digitalisation-strategy-nds/6-priorities-for-1-government"

# (priority, Dutch, English): the strategy's goal per priority, in short.
GOALS = [
    (Priority.CLOUD, "We zetten cloudtechnologie gezamenlijk in",
     "We deploy cloud technology together",
     "Een overheidsbrede soevereine clouddienst verkennen en essentiële gegevens en diensten niet in de publieke "
     "cloud plaatsen.",
     "Explore a government-wide sovereign cloud service, and keep essential data and services out of the public "
     "cloud."),
    (Priority.DATA, "We delen en benutten data verantwoord over bestuurslagen heen",
     "We share and use data responsibly across the layers of government",
     "Via het federatief datastelsel, met bindende afspraken en standaarden, en een overheidsbreed stelsel om "
     "knelpunten in datagebruik te vinden, op te lossen en te voorkomen.",
     "Through the federated data system with binding agreements and standards, and a government-wide system to "
     "find, resolve and prevent bottlenecks in the use of data."),
    (Priority.AI, "We benutten de kansen van AI verantwoord",
     "We use the opportunities of AI responsibly",
     "Geslaagde toepassingen bruikbaar maken voor de hele overheid, en open zijn over de algoritmes die de overheid "
     "inzet.",
     "Make successful applications usable for the whole of government, and be open about the algorithms government "
     "uses."),
    (Priority.CITIZENS, "We stellen burgers en ondernemers centraal",
     "We put citizens and entrepreneurs first",
     "Dienstverlening die begrijpelijk en toegankelijk is, samen met de publieke dienstverleners.",
     "Services that are understandable and accessible, together with the public service providers."),
    (Priority.RESILIENCE, "We versterken onze digitale weerbaarheid en autonomie",
     "We strengthen our digital resilience and autonomy",
     "Minder afhankelijk worden van een klein aantal technologieaanbieders, en bestand zijn tegen aanvallen en "
     "storingen.",
     "Depend less on a small number of technology providers, and withstand attacks and outages."),
    (Priority.PROFICIENCY, "We investeren in digitaal vakmanschap",
     "We invest in digital proficiency",
     "Genoeg digitale professionals bij de overheid, en bestuurders die digitalisering kunnen sturen.",
     "Enough digital professionals in government, and leaders who can steer digitalisation."),
]  # fmt: skip

ALGORITHMS = "ai-algorithms-published"


def seed_goals() -> int:
    """The strategy's goals, each measured by the indicators of its priority; returns how many goals there are."""
    definitions.sync()
    for priority, title_nl, title_en, text_nl, text_en in GOALS:
        goal, _made = Goal.objects.update_or_create(
            priority=priority, title_en=title_en,
            defaults={"title_nl": title_nl, "text_nl": text_nl, "text_en": text_en, "source": SOURCE},
        )  # fmt: skip
        goal.indicators.set(Indicator.objects.filter(priority=priority))
    return Goal.objects.count()


def seed_commitments() -> int:
    """Two illustrative commitments on the algorithms in the register, starting from this month's figure: Amsterdam
    (which publishes its own) and the programme for all water boards. Returns how many illustrative ones exist."""
    indicator = Indicator.objects.filter(code=ALGORITHMS).first()
    if indicator is None or Commitment.objects.filter(illustrative=True).exists():
        return Commitment.objects.filter(illustrative=True).count()
    this_month = periods.of(timezone.localdate())
    compute([this_month], codes=[ALGORITHMS])  # the starting point; steering_compute computes the rest after
    due = periods.shift(this_month, 12)
    amsterdam = Organisation.objects.filter(code="gm0363").first()
    made = []
    if amsterdam is not None:
        made.append(Commitment(indicator=indicator, organisation=amsterdam, target=0, due=due,
                               responsible_name="(illustratief)", responsible_position="CIO"))  # fmt: skip
    made.append(Commitment(indicator=indicator, org_type=OrganisationType.WATERSCHAP, target=21, due=due,
                           responsible_name="(illustratief)", responsible_position="Programma NDS"))  # fmt: skip
    for commitment in made:
        commitment.illustrative = True
        accountability.starting_point(commitment)
        if commitment.organisation_id:
            commitment.target = (commitment.start_value or 0) + 5  # five more descriptions in a year
        commitment.save()
    return len(made)
