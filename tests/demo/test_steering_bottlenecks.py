"""The demo's data bottlenecks: seeded once, one decided as a precedent that a new report in other words finds."""

import pytest

from thorbecke.demo.steering_bottlenecks import PRECEDENT, seed_bottlenecks
from thorbecke.steering import bottlenecks as rules
from thorbecke.steering.bottleneck_matching import similar
from thorbecke.steering.models import Bottleneck

pytestmark = pytest.mark.django_db


def test_the_demo_bottlenecks_are_seeded_once_with_a_precedent_a_new_report_finds(register):
    assert seed_bottlenecks() == 3
    assert seed_bottlenecks() == 0, "a second start adds nothing"
    precedent = Bottleneck.objects.get(precedent=True)
    assert precedent.title == PRECEDENT["title"] and precedent.stage == "decided" and precedent.public
    waiting = Bottleneck.objects.get(stage="reported")
    assert rules.is_late(waiting) and not waiting.public
    assert all("Illustratief" in b.description for b in Bottleneck.objects.all())
    # A report as the form gives it: title, what goes wrong, effect on people.
    found = similar(
        "Geen gegevens van gedupeerden toeslagenaffaire\nUHT levert de gemeente de adressen van gedupeerde ouders "
        "niet, waardoor wij hen niet actief hulp kunnen aanbieden.\nGezinnen wachten langer op hulp."
    )
    assert [m.bottleneck for m in found] == [precedent]
