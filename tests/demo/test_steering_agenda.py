"""The demo's illustrative agenda and meeting: stored once, labelled illustrative, and each of the agenda's views has
something to show."""

import pytest

from thorbecke.demo.steering_agenda import INITIATIVES, seed_steering_agenda
from thorbecke.steering import agenda
from thorbecke.steering.models import ActionState, Initiative, Meeting

pytestmark = pytest.mark.django_db


def test_the_demo_agenda_is_seeded_once_labelled_illustrative_and_shows_every_view(client, register):
    assert seed_steering_agenda() == len(INITIATIVES)
    assert seed_steering_agenda() == len(INITIATIVES) and Initiative.objects.count() == len(INITIATIVES)
    assert not Initiative.objects.filter(illustrative=False).exists()
    meeting = Meeting.objects.get()
    assert meeting.illustrative and meeting.present.count() == 6
    items = list(agenda.initiatives())
    assert {g.theme for g in agenda.same_theme_groups(items)} == {"cloud", "ai"}
    assert agenda.co_funded(items) and agenda.cost_benefit(items)
    states = {
        a.state(meeting.held_on.replace(year=2027, month=2)) for d in meeting.decisions.all() for a in d.actions.all()
    }
    assert ActionState.LATE in states and ActionState.OPEN in states
    assert "ter illustratie" in client.get("/sturing/investeringsagenda/").content.decode()
