"""Shared fixtures: the real register loaded once per test session, and staff accounts."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import sync_playwright

from tests.web.browser import CHROMIUM, CHROMIUM_ARGS
from thorbecke.registry.accounts import create_account
from thorbecke.registry.importer import import_organisations
from thorbecke.registry.models import Domain, Membership, Organisation
from thorbecke.services.catalogue import import_catalogue
from thorbecke.signals.categories import import_categories

PASSWORD = "correct-horse-battery-staple"

# Playwright's sync API runs an event loop in the test thread for the whole session; the ORM calls
# the tests themselves make stay synchronous, so Django's guard against async contexts does not apply.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


# Tests that use these are slow (marked so by the hook below): Chromium, and the demo's node group of four processes.
SLOW_FIXTURES = {"browser", "data_system"}


@pytest.hookimpl(tryfirst=True)  # before `-m "not slow"` selects
def pytest_collection_modifyitems(items):
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def shared_data_dir() -> Path:
    path = Path(settings.SHARED_DATA_DIR)
    if not (path / "nl_overheidsorganisaties_tooi.csv").exists():
        pytest.fail(f"The shared data folder is missing at {path}; set THORBECKE_SHARED_DATA.")
    return path


def snapshot() -> list[tuple]:
    """Everything the register and the reports hold, to prove that a refused change changed nothing."""
    orgs = [
        tuple(getattr(o, f.attname) for f in o._meta.concrete_fields) for o in Organisation.objects.order_by("code")
    ]
    domains = list(Domain.objects.order_by("name").values_list("name", "organisation_id"))
    members = list(
        Membership.objects.order_by("pk").values_list("user_id", "organisation_id", "role", "user__is_active")
    )
    from thorbecke.signals.models import RoutingRule, ServiceRequest, StatusChange

    reports = list(
        ServiceRequest.objects.order_by("pk").values_list(
            "pk", "status", "status_notes", "organisation_id", "assigned_to_id"
        )
    )
    steps = list(StatusChange.objects.order_by("pk").values_list("request_id", "new_status", "note"))
    rules = list(
        RoutingRule.objects.order_by("pk").values_list("pk", "category_id", "area_id", "handled_by_id", "reason")
    )
    from thorbecke.landscape.models import Entity, Exercise, Relation

    entities = list(Entity.objects.order_by("pk").values_list("pk", "namespace", "name", "owner_id", "function"))
    relations = sorted(Relation.objects.values_list("source_id", "target_id", "type"))
    exercises = list(Exercise.objects.order_by("pk").values_list("pk", "organisation_id", "title"))
    from thorbecke.agreements.models import Agreement, AgreementVersion, Declaration, Gap, GapStep
    from thorbecke.soc.models import StixObject

    agreements = list(Agreement.objects.order_by("pk").values_list("slug", "status", "applies_to", "check_method"))
    agreements += list(AgreementVersion.objects.order_by("pk").values_list("agreement_id", "number"))
    agreements += list(Gap.objects.order_by("pk").values_list("pk", "state", "answer_due", "planned_for"))
    agreements += list(GapStep.objects.order_by("pk").values_list("gap_id", "action", "text"))
    agreements += list(Declaration.objects.order_by("pk").values_list("organisation_id", "agreement_id", "complies"))

    stix = list(StixObject.objects.order_by("pk").values_list("stix_id", "modified", "organisation_id", "tlp"))
    from thorbecke.ai.models import (
        Algorithm,
        AlgorithmRunsOn,
        AlgorithmVersion,
        ChecklistItem,
        Classification,
        FrameworkProfile,
        InstrumentAnswer,
    )

    ai = list(Algorithm.objects.order_by("pk").values_list("pk", "lifecycle", "document"))
    ai += list(AlgorithmVersion.objects.order_by("pk").values_list("algorithm_id", "number"))
    ai += list(Classification.objects.order_by("pk").values_list("algorithm_id", "conclusion", "classified_by_id"))
    ai += list(ChecklistItem.objects.order_by("pk").values_list("pk", "item", "state", "evidence"))
    ai += list(FrameworkProfile.objects.order_by("pk").values_list("pk", "profile"))
    ai += list(InstrumentAnswer.objects.order_by("pk").values_list("pk", "question", "answer"))
    from thorbecke.ai.models import AiApplication, PriorityArea, ReuseRequest

    ai += list(AiApplication.objects.order_by("pk").values_list("pk", "organisation_id", "name", "algorithm_id"))
    ai += list(AiApplication.areas.through.objects.order_by("pk").values_list("aiapplication_id", "priorityarea_id"))
    ai += list(ReuseRequest.objects.order_by("pk").values_list("pk", "requester_id", "state", "reason"))
    ai += list(PriorityArea.objects.order_by("pk").values_list("pk", "slug", "name_nl", "description_nl"))
    ai += list(AlgorithmRunsOn.objects.order_by("pk").values_list("algorithm_id", "ref"))
    ai += list(
        Algorithm.processing_activities.through.objects.order_by("pk").values_list(
            "algorithm_id", "processingactivity_id"
        )
    )
    from thorbecke.steering.models import Bottleneck, BottleneckStep

    steering = list(Bottleneck.objects.order_by("pk").values_list("pk", "title", "stage", "public", "decision"))
    steering += list(Bottleneck.parties.through.objects.order_by("pk").values_list("bottleneck_id", "organisation_id"))
    steering += list(BottleneckStep.objects.order_by("pk").values_list("bottleneck_id", "action", "note"))
    from thorbecke.steering.models import Commitment, Goal, Indicator

    # steering goals: the programme's targets and goals, the commitments
    steering += list(
        Indicator.objects.order_by("pk").values_list("code", "baseline", "baseline_period", "target", "target_year")
    )
    steering += list(Goal.objects.order_by("pk").values_list("pk", "priority", "title_nl", "title_en"))
    steering += list(Goal.indicators.through.objects.order_by("pk").values_list("goal_id", "indicator_id"))
    steering += list(
        Commitment.objects.order_by("pk").values_list("pk", "organisation_id", "org_type", "target", "due")
    )
    from thorbecke.steering.models import (
        Action,
        AgendaItem,
        CoFunding,
        Cost,
        Decision,
        ExpectedEffect,
        Initiative,
        InitiativeStatusChange,
        Meeting,
        Phase,
    )

    steering += list(Initiative.objects.order_by("pk").values_list("pk", "organisation_id", "title", "status"))
    steering += list(Cost.objects.order_by("pk").values_list("initiative_id", "year", "source", "amount"))
    steering += list(ExpectedEffect.objects.order_by("pk").values_list("initiative_id", "indicator_id", "change"))
    steering += list(Phase.objects.order_by("pk").values_list("initiative_id", "start", "end"))
    steering += list(CoFunding.objects.order_by("pk").values_list("initiative_id", "organisation_id", "share"))
    steering += list(InitiativeStatusChange.objects.order_by("pk").values_list("initiative_id", "status"))
    steering += list(Meeting.objects.order_by("pk").values_list("pk", "held_on", "title"))
    steering += list(AgendaItem.objects.order_by("pk").values_list("meeting_id", "title"))
    steering += list(Decision.objects.order_by("pk").values_list("meeting_id", "text", "confidential"))
    steering += list(Action.objects.order_by("pk").values_list("decision_id", "organisation_id", "done_on"))
    from thorbecke.cloud.models import TaxonomyVersion

    cloud = list(TaxonomyVersion.objects.order_by("pk").values_list("version", "digest", "published_by_id"))
    from thorbecke.cloud.models import Certification, Offering, Provider, SovereigntyAssessment

    # cloud catalogue: providers, offerings (with their Haven results), what they run on, certificates, assessments
    cloud += list(Provider.objects.order_by("pk").values_list("pk", "name", "kvk_number", "country", "ownership_chain"))
    cloud += list(Offering.objects.order_by("pk").values_list("pk", "name", "deployment", "key_holder", "haven"))
    cloud += list(Offering.runs_on.through.objects.order_by("pk").values_list("from_offering_id", "to_offering_id"))
    cloud += list(Certification.objects.order_by("pk").values_list("offering_id", "scheme", "expires_on"))
    cloud += list(SovereigntyAssessment.objects.order_by("pk").values_list("offering_id", "objective", "level"))
    from thorbecke.cloud.models import Bundle, Need

    # cloud pooling: the needs and the bundles formed of them
    steering += list(Need.objects.order_by("pk").values_list("pk", "organisation_id", "title", "volume", "unit"))
    steering += list(Bundle.objects.order_by("pk").values_list("pk", "title", "notes", "created_by_id"))
    steering += list(Bundle.needs.through.objects.order_by("pk").values_list("bundle_id", "need_id"))
    everything = [*orgs, *domains, *members, *reports, *steps, *rules, *entities, *relations, *exercises, *stix]
    from thorbecke.cloud.models import Contract

    cloud += list(Contract.objects.order_by("pk").values_list("pk", "organisation_id", "product", "annual_value_eur"))
    from thorbecke.workforce.models import (
        AiLiteracyRecord,
        Assignment,
        CoreProfile,
        Course,
        CourseRun,
        PoolMember,
        ProfileView,
        WorkforcePublication,
        WorkforceReport,
        WorkforceReportLine,
    )

    # workforce: the reports with their lines, the programme's core profiles; the open pool's profiles, assignments
    # and the log of openings; the courses and the AI literacy records
    workforce = list(
        WorkforceReport.objects.order_by("pk").values_list("pk", "organisation_id", "year", "submitted_at")
    )
    workforce += list(WorkforceReportLine.objects.order_by("pk").values_list("report_id", "scheme", "code", "level",
                                                                           "headcount", "fte"))  # fmt: skip
    workforce += list(CoreProfile.objects.order_by("pk").values_list("scheme", "code", "reason"))
    workforce += list(WorkforcePublication.objects.order_by("pk").values_list("year", "state"))
    workforce += list(PoolMember.objects.order_by("pk").values_list("pk", "user_id", "competences", "hours_per_week"))
    workforce += list(Assignment.objects.order_by("pk").values_list("pk", "organisation_id", "title", "open"))
    workforce += list(ProfileView.objects.order_by("pk").values_list("pk", "member_id", "organisation_id"))
    workforce += list(Course.objects.order_by("pk").values_list("pk", "code", "title_nl", "competences", "updated_at"))
    workforce += list(CourseRun.objects.order_by("pk").values_list("pk", "course_id", "starts_on", "ends_on"))
    workforce += list(
        AiLiteracyRecord.objects.order_by("pk").values_list("pk", "organisation_id", "staff_operating", "staff_trained")
    )
    return [*everything, *agreements, *ai, *steering, *cloud, *workforce]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    global _loaded
    with django_db_blocker.unblock():
        before = {model: model._base_manager.count() for model in _tables()}
        load_real_data()
        filled = [model for model in _tables() if model._base_manager.count() != before[model]]
        # Kept to be put back as they are; not when the import added to rows that were there before it.
        if all(before[model] == 0 and not model._meta.parents for model in filled):
            _loaded = [(model, list(model._base_manager.order_by("pk").values())) for model in filled]


def load_real_data():
    import_organisations(shared_data_dir())
    import_catalogue(shared_data_dir())
    import_categories(shared_data_dir())


# The rows the session's import made, per model: what a flushed database gets back, in a tenth of the time the
# import takes (it parses the register and the catalogue again).
_loaded: list[tuple[type, list[dict]]] | None = None


def _tables() -> list[type]:
    from django.apps import apps

    return [m for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy]


@pytest.fixture
def register(db):
    """The real register and catalogue; transactional tests flush the database, so they are put back as the
    session's import made them."""
    if not Organisation.objects.exists():
        if _loaded is None:
            load_real_data()
            return
        from django.db import transaction

        from thorbecke.signals.lookups import forget

        with transaction.atomic():  # foreign keys are checked at the commit, when every row is back
            for model, rows in _loaded:
                model._base_manager.bulk_create([model(**row) for row in rows])
        forget()


@pytest.fixture
def accounts(register):
    """One account per role, at a few organisations."""
    made = {}
    for username, code, role in [
        ("utrecht-editor", "gm0344", "editor"),
        ("utrecht-viewer", "gm0344", "viewer"),
        ("utrecht-admin", "gm0344", "admin"),
        ("amsterdam-editor", "gm0363", "editor"),
        ("amsterdam-admin", "gm0363", "admin"),
        ("programme", "rijk-ministerie-van-binnenlandse-zaken", "programme"),
    ]:
        made[username] = create_account(username, code, role, PASSWORD).user
    return made


@pytest.fixture(scope="session", autouse=True)
def _ports_of_this_worker():
    """Under pytest-xdist each worker takes the loopback ports whose number modulo the worker count is its own, and
    so does every process it starts (the demo): free_port never hands out a port twice in one process, but two
    processes could pick one before either binds it."""
    count = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    if count > 1:
        from thorbecke.node.launcher import PORT_SHARE

        own = int(os.environ["PYTEST_XDIST_WORKER"].removeprefix("gw"))
        os.environ[PORT_SHARE] = f"{own}/{count}"


@pytest.fixture(autouse=True)
def _fresh_signals_lookups():
    """Each test's database starts over (and a flushed register gets new keys): so must the in-memory copy."""
    from thorbecke.signals.lookups import forget

    forget()


@pytest.fixture(autouse=True)
def _hub_language():
    """Each test starts in the hub's own language: a request under /en/ leaves English active in its thread after it."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashing costs ~0.2 s a login; the tests are about permissions, not about PBKDF2.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def data_system(register, tmp_path, settings):
    """The real demo nodes (hub, RvIG, Utrecht, tax office) with their contracts, and the hub connected; the sources
    serve a copy of the small population (settings.THORBECKE_POPULATION), which a test may change."""
    from tests.populations import copy_of
    from thorbecke.demo import data_system as demo

    settings.THORBECKE_POPULATION = str(copy_of(tmp_path / "population"))
    group = demo.start(tmp_path / "demo-group", Path(settings.THORBECKE_POPULATION))
    settings.HUB_NODE = str(group.nodes["hub"].config)
    yield group
    group.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: the setup installs Debian's chromium package.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def identity_server(live_server):
    """The demo's DigiD and eHerkenning stand-ins in their own server, as `thorbecke demo` runs them."""
    from thorbecke.demo import identity_server as server
    from thorbecke.node.launcher import free_port

    url = f"http://127.0.0.1:{free_port()}"
    process = server.start(
        url, {"THORBECKE_PUBLIC_URL": live_server.url, "THORBECKE_OIDC_CLIENT_SECRET": "test-secret"}
    )
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def demo_idp(identity_server, live_server, settings):
    """The hub trusts the stand-ins, as `thorbecke demo` configures it."""
    settings.DEMO_IDP = settings.CITIZEN_SIGN_IN = settings.COMPANY_SIGN_IN = True
    settings.DEMO_IDP_URL = identity_server
    settings.PUBLIC_URL = live_server.url  # the address the stand-ins send codes to
    for prefix, provider in (("", "digid"), ("EHERKENNING_", "eherkenning")):
        issuer = f"{identity_server}/{provider}"
        setattr(settings, f"{prefix}OIDC_RP_CLIENT_SECRET", "test-secret")
        for name, path in (("AUTHORIZATION", "authorize"), ("TOKEN", "token"), ("USER", "userinfo"), ("JWKS", "jwks")):
            setattr(settings, f"{prefix}OIDC_OP_{name}_ENDPOINT", f"{issuer}/{path}")
