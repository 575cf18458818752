"""The job profiles reports, pools and courses name: the CWA role profiles until a profile set is published, then the
newest set's, while what was named under the CWA scheme stays readable."""

import pytest
import yaml

from tests.workforce.test_competences import PROFILE_SET
from thorbecke.registry.models import Organisation
from thorbecke.workforce import competences, profiles

pytestmark = pytest.mark.django_db


def test_the_cwa_role_profiles_until_a_set_is_published(register):
    assert profiles.current_scheme() == "cwa-16458"
    current = profiles.current()
    assert len(current) == 30 and (current[5].key, str(current[5])) == ("cwa-16458:6", "Developer")
    assert current[5].needs == ()  # the CWA's competences per profile are not public


def test_the_newest_published_set_after_and_the_cwa_profiles_still_found(register):
    ministry = Organisation.objects.get(code="rijk-ministerie-van-binnenlandse-zaken")
    competences.publish(competences.load_profile_set(yaml.safe_dump(PROFILE_SET)), ministry)
    assert profiles.current_scheme() == "2027.1"
    developer = profiles.current()[1]
    assert developer.scheme == "2027.1" and [(n.competence.code, n.level) for n in developer.needs] == [
        ("B.1", 3),
        ("B.3", 2),
    ]
    assert str(profiles.find("cwa-16458", "27")) == "Data Scientist"
    assert profiles.find("2027.1", "no-such-profile") is None and profiles.find("1999", "1") is None
