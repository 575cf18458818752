"""The demo's open pool: a few illustrative members (accounts that cannot sign in, named as demo data) and two
assignments, of Utrecht and of Rotterdam, so that the journey can be walked: a demo account (gelderland-viewer, say)
joins, utrecht-editor sees the ranked candidates of Utrecht's assignment and opens one, the member sees the opening
and deletes the profile. Idempotent: a second start finds its work done."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from thorbecke.registry.models import Organisation
from thorbecke.workforce import pools

# name, job profile (CWA number), competences, hours, province, languages: illustrative, not real people
MEMBERS = [
    ("Demo-deelnemer Anouk (illustratief)", "22", {"E.8": 4, "A.5": 4, "B.1": 3, "D.1": 4}, 24, "pv26", ["nl", "en"]),
    ("Demo-deelnemer Bas (illustratief)", "6", {"B.1": 3, "A.6": 3, "E.8": 3}, 16, "pv26", ["nl"]),
    ("Demo-deelnemer Chaima (illustratief)", "14", {"E.8": 3, "A.5": 3, "D.1": 4}, 32, "pv26", ["nl", "ar", "en"]),
    ("Demo-deelnemer Daan (illustratief)", "9", {"B.1": 2, "B.2": 3, "C.4": 2}, 36, "pv28", ["nl", "en"]),
    ("Demo-deelnemer Eva (illustratief)", "26", {"A.1": 4, "E.8": 4, "E.9": 4}, 8, "pv27", ["nl", "de"]),
    ("Demo-deelnemer Fedde (illustratief)", "6", {"B.1": 3, "B.2": 3, "A.6": 2}, 24, "pv21", ["nl", "fy"]),
]


def _assignments(today: date) -> list[tuple[str, dict]]:
    return [
        ("gm0344", {
            "title": "Informatiebeveiliging in het nieuwe zaaksysteem (illustratief)",
            "description": "Demo-opdracht: een half jaar meedenken over de beveiliging en de architectuur van het "
                           "nieuwe zaaksysteem van de gemeente.",
            "competences": [{"code": "E.8", "level": 3, "must": True}, {"code": "A.5", "level": 4, "must": False},
                            {"code": "B.1", "level": 2, "must": False}],
            "hours_per_week": 16, "starts_on": today + timedelta(days=30), "ends_on": today + timedelta(days=210),
            "region": "pv26", "remote": False, "languages": ["nl"],
        }),
        ("gm0599", {
            "title": "Ontwikkelaar voor de havenapp (illustratief)",
            "description": "Demo-opdracht: drie maanden bouwen aan een app voor bewoners; werken op afstand kan.",
            "competences": [{"code": "B.1", "level": 3, "must": True}, {"code": "B.2", "level": 3, "must": False}],
            "hours_per_week": 24, "starts_on": today + timedelta(days=14), "ends_on": today + timedelta(days=104),
            "region": "pv28", "remote": True, "languages": ["nl", "en"],
        }),
    ]  # fmt: skip


@transaction.atomic
def seed_pools() -> list[str]:
    from thorbecke.workforce.models import Assignment, PoolMember

    today = date.today()
    user_model = get_user_model()
    joined = 0
    for index, (name, profile, held, hours, province, spoken) in enumerate(MEMBERS, 1):
        user, _created = user_model.objects.get_or_create(
            username=f"demo-pool-{index}", defaults={"first_name": name, "email": f"demo-pool-{index}@example.invalid"}
        )
        if PoolMember.objects.filter(user=user).exists():
            continue
        user.set_unusable_password()  # illustrative: nobody signs in as them
        user.save()
        pools.save_profile(user, pools.ProfileInput("cwa-16458", profile, held, hours, today, None, province, spoken,
                                                    "Illustratief profiel voor de demo."))  # fmt: skip
        joined += 1
    posted = 0
    for code, fields in _assignments(today):
        organisation = Organisation.objects.get(code=code)
        if not Assignment.objects.filter(organisation=organisation, title=fields["title"]).exists():
            Assignment.objects.create(
                organisation=organisation, **pools.check_assignment(pools.AssignmentInput(**fields))
            )
            posted += 1
    return [
        f"{joined} illustrative pool members joined ({PoolMember.objects.count()} in the pool); {posted} illustrative "
        "assignments posted by Utrecht and Rotterdam. Walk it: sign in as gelderland-viewer and join; as "
        "utrecht-editor, open a candidate of Utrecht's assignment."
    ]
