"""A real Chromium over every page, in Dutch and English, with axe-core checking each one."""

import io
import re
from collections import Counter

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.agreements.test_algorithm_register import utrecht_registration
from tests.ai.test_catalogue import reuse_request, utrecht_application
from tests.ai.test_classification_pages import classify_url
from tests.ai.test_decision_aid import HIGH_RISK_PROVIDER
from tests.ai.test_framework_checklist import utrecht_algorithm
from tests.ai.test_links import utrecht_linked_algorithm
from tests.cloud.test_exit_pages import exit_with_a_candidate
from tests.cloud.test_needs import matched_need, secret_need
from tests.cloud.test_pooling_pages import blocked_bundle, pooled_bundle
from tests.conftest import PASSWORD
from tests.registry.test_permissions import (
    CITIZEN_OWN,
    POOL_OWN,
    PUBLIC_REPORTING,
    READ_ONLY,
    RESTRICTED_PAGES,
    SESSION,
    WRITE_ENDPOINTS,
    ai_in_use,
    digid_exercise,
    dike_rule,
    national_area,
    running_scan,
    screened_population,
    tls_agreement,
    utrecht_concept_algorithm,
    utrecht_crypto,
    utrecht_entity,
    utrecht_gap,
    utrecht_report,
)
from tests.signals.test_following import follow_page
from tests.steering.test_agenda import utrecht_initiative as steering_initiative
from tests.steering.test_bottlenecks import decided_precedent, secret_bottleneck
from tests.steering.test_committee import committee_meeting as steering_meeting
from tests.steering.test_goals import committed_and_behind
from tests.steering.test_indicators import computed_indicators
from tests.web.browser import axe_violations
from thorbecke.signals.notify import FOLLOW_SALT, UNFOLLOW_SALT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def courses_loaded() -> bool:
    from thorbecke.workforce.courses import load_repository_courses

    load_repository_courses()
    return True


def a_course() -> int:
    from thorbecke.workforce.models import Course

    courses_loaded()
    return Course.objects.get(code="rijks-data-science-programma").pk


# (URL name, Dutch path, English path, signed-in user or None)
PAGES = [
    ("services:home", "/", "/en/", None),
    ("services:search", "/zoeken/?q=paspoort+verlopen", "/en/search/?q=passport+expired", None),
    ("services:search", "/zoeken/?q=gat+in+de+weg&postcode=3511AB", "/en/search/?q=pothole&postcode=3511AB", None),
    ("services:search", "/zoeken/?q=beste+pizza", "/en/search/?q=best+pizza", None),
    ("services:search", "/zoeken/?q=", "/en/search/?q=", None),
    ("services:search", "/zoeken/?q=paspoort&postcode=0000", "/en/search/?q=passport&postcode=0000", None),
    ("services:product", "/producten/paspoort/?postcode=1012AB", "/en/products/paspoort/?postcode=1012AB", None),
    ("services:product", "/producten/paspoort/", "/en/products/paspoort/", None),
    ("services:life-events", "/levensgebeurtenissen/", "/en/life-events/", None),
    ("services:life-event", "/levensgebeurtenissen/verhuizen/", "/en/life-events/verhuizen/", None),
    (
        "services:life-event",
        "/levensgebeurtenissen/geboorte/?postcode=3511AB",
        "/en/life-events/geboorte/?postcode=3511AB",
        None,
    ),
    ("services:my-page", "/mijn-pagina/", "/en/my-page/", None),
    ("registry:list", "/organisaties/", "/en/organisations/", None),
    ("ai:framework", "/algoritmes/kader/", "/en/algorithms/framework/", None),
    (
        "ai:framework",
        "/algoritmes/kader/?type=ai-systeem&risk_group=zeer-hoog",
        "/en/algorithms/framework/?type=ai-systeem&risk_group=zeer-hoog",
        None,
    ),
    ("ai:framework-requirement", "/algoritmes/kader/aia-27/", "/en/algorithms/framework/aia-27/", None),
    (
        "ai:framework-checklist",
        lambda: f"/algoritmes/{utrecht_algorithm().public_id}/kader/",
        lambda: f"/en/algorithms/{utrecht_algorithm().public_id}/framework/",
        "utrecht-editor",
    ),
    (
        "ai:framework-item",
        lambda: f"/algoritmes/{utrecht_algorithm().public_id}/kader/ver-aia-27/",
        lambda: f"/en/algorithms/{utrecht_algorithm().public_id}/framework/ver-aia-27/",
        "utrecht-editor",
    ),
    (
        "ai:framework-instrument",
        lambda: f"/algoritmes/{utrecht_algorithm().public_id}/kader/instrumenten/iama/",
        lambda: f"/en/algorithms/{utrecht_algorithm().public_id}/framework/instruments/iama/",
        "utrecht-editor",
    ),
    (
        "registry:list",
        "/organisaties/?type=gemeente&province=pv26",
        "/en/organisations/?type=gemeente&province=pv26",
        None,
    ),
    ("registry:list", "/organisaties/?page=2", "/en/organisations/?page=2", None),
    ("registry:list", "/organisaties/?q=bestaatniet", "/en/organisations/?q=bestaatniet", None),
    ("registry:detail", "/organisaties/gm0344/", "/en/organisations/gm0344/", None),
    ("registry:detail", "/organisaties/gm0003/", "/en/organisations/gm0003/", None),
    ("registry:detail", "/organisaties/pv26/", "/en/organisations/pv26/", None),
    ("registry:detail", "/organisaties/gm0344/", "/en/organisations/gm0344/", "utrecht-editor"),
    ("registry:edit", "/organisaties/gm0344/wijzigen/", "/en/organisations/gm0344/edit/", "utrecht-editor"),
    ("signals:list", "/meldingen/", "/en/reports/", "utrecht-viewer"),
    ("signals:list", "/meldingen/?status=open", "/en/reports/?status=open", "utrecht-editor"),
    # A report routed to Utrecht, made when the page is visited (tests/registry/test_permissions.py).
    (
        "signals:detail",
        lambda: f"/meldingen/{utrecht_report().pk}/",
        lambda: f"/en/reports/{utrecht_report().pk}/",
        "utrecht-editor",
    ),
    ("registry:edit", "/organisaties/gm0363/wijzigen/", "/en/organisations/gm0363/edit/", "utrecht-editor"),  # 403
    ("registry:members", "/organisaties/gm0344/medewerkers/", "/en/organisations/gm0344/staff/", "utrecht-admin"),
    ("registry:detail", "/organisaties/gm0344/", "/en/organisations/gm0344/", "utrecht-admin"),
    ("reporting:new", "/melding-doen/", "/en/report-a-problem/", None),
    (
        "reporting:report",
        lambda: f"/melding-doen/{utrecht_report().pk}/",
        lambda: f"/en/report-a-problem/{utrecht_report().pk}/",
        None,
    ),
    ("reporting:survey", lambda: closed_report_survey("nl"), lambda: closed_report_survey("en"), None),
    ("reporting:figures", "/melding-doen/cijfers/", "/en/report-a-problem/figures/", None),
    ("signals:rules", "/meldingen/regels/", "/en/reports/rules/", "programme"),
    ("signals:rule-new", "/meldingen/regels/nieuw/", "/en/reports/rules/new/", "programme"),
    (
        "signals:rule",
        lambda: f"/meldingen/regels/{dike_rule().pk}/",
        lambda: f"/en/reports/rules/{dike_rule().pk}/",
        "programme",
    ),
    ("landscape:overview", "/landschap/", "/en/landscape/", "utrecht-editor"),
    ("landscape:organisation", "/landschap/gm0344/", "/en/landscape/gm0344/", "utrecht-editor"),
    (
        "landscape:entity",
        lambda: f"/landschap/entiteiten/{utrecht_entity().pk}/",
        lambda: f"/en/landscape/entities/{utrecht_entity().pk}/",
        "utrecht-editor",
    ),
    ("landscape:exercises", "/landschap/oefeningen/", "/en/landscape/exercises/", "utrecht-editor"),
    ("landscape:pqc", lambda: utrecht_crypto() and "/landschap/pqc/", "/en/landscape/pqc/", "utrecht-editor"),
    ("landscape:exercise-new", "/landschap/oefeningen/nieuw/", "/en/landscape/exercises/new/", "utrecht-editor"),
    (
        "landscape:exercise",
        lambda: f"/landschap/oefeningen/{digid_exercise().pk}/",
        lambda: f"/en/landscape/exercises/{digid_exercise().pk}/",
        "utrecht-editor",
    ),
    ("soc:list", "/dreigingsinformatie/", "/en/threat-indicators/", "utrecht-editor"),
    (
        "ai:classify",
        lambda: classify_url(HIGH_RISK_PROVIDER[:4]),
        lambda: classify_url(HIGH_RISK_PROVIDER[:4], language="en"),
        "utrecht-editor",
    ),
    ("ai:classification-review", "/algoritmes/classificaties/", "/en/algorithms/classifications/", "utrecht-editor"),
    ("agreements:list", lambda: tls_agreement() and "/afspraken/", "/en/agreements/", None),
    ("agreements:detail", "/afspraken/standaard-tls/", "/en/agreements/standaard-tls/", None),
    ("agreements:scorecard", "/afspraken/scorekaart/", "/en/agreements/scorecard/", None),
    ("agreements:edit", "/afspraken/standaard-tls/wijzigen/", "/en/agreements/standaard-tls/edit/", "programme"),
    (
        "agreements:gaps",
        lambda: utrecht_gap("standaard-tls", "open") and "/afspraken/dialoog/",
        "/en/agreements/gaps/",
        None,
    ),
    (
        "agreements:gap",
        lambda: f"/afspraken/dialoog/{utrecht_gap('standaard-tls', 'open').pk}/",
        lambda: f"/en/agreements/gaps/{utrecht_gap('standaard-tls', 'open').pk}/",
        "utrecht-editor",
    ),
    (
        "agreements:gap",
        lambda: f"/afspraken/dialoog/{utrecht_gap('standaard-tls', 'explained').pk}/",
        lambda: f"/en/agreements/gaps/{utrecht_gap('standaard-tls', 'explained').pk}/",
        "programme",
    ),
    (
        "agreements:organisation",
        "/afspraken/organisaties/gm0344/",
        "/en/agreements/organisations/gm0344/",
        "utrecht-editor",
    ),
    (
        "agreements:organisation",
        lambda: utrecht_registration() and "/afspraken/organisaties/gm0344/",
        lambda: utrecht_registration() and "/en/agreements/organisations/gm0344/",
        None,
    ),
    ("agreements:scans", lambda: running_scan() and "/afspraken/metingen/", "/en/agreements/scans/", None),
    ("proactive:non-take-up", lambda: screened_population() and "/proactief/", "/en/proactive/", None),
    # The links in the mails to someone following a report (tests/signals/test_following.py).
    ("reporting:follow-confirm", lambda: follow_page(FOLLOW_SALT), lambda: follow_page(FOLLOW_SALT, True), None),
    ("reporting:unfollow", lambda: follow_page(UNFOLLOW_SALT), lambda: follow_page(UNFOLLOW_SALT, True), None),
    ("web:sign-in", "/aanmelden/", "/en/sign-in/", None),
    # Steering (issue 25): the indicators, public.
    (
        "steering:indicators",
        lambda: computed_indicators() and "/sturing/indicatoren/",
        "/en/steering/indicators/",
        None,
    ),
    (
        "steering:indicator",
        lambda: computed_indicators() and "/sturing/indicatoren/ai-algorithms-published/",
        "/en/steering/indicators/ai-algorithms-published/",
        None,
    ),
    # Steering goals (decision 0046): public goals, commitments and the committee's view; an organisation's own page;
    # the forms; the gap a commitment behind opened.
    ("steering:goals", lambda: committed_and_behind() and "/sturing/doelen/", "/en/steering/goals/", "programme"),
    ("steering:commitments", "/sturing/toezeggingen/", "/en/steering/commitments/", None),
    ("steering:committee", "/sturing/stuurgroep/voortgang/", "/en/steering/committee/progress/", None),
    ("steering:organisation", "/sturing/organisaties/gm0344/", "/en/steering/organisations/gm0344/", "utrecht-editor"),
    ("steering:goal-new", "/sturing/doelen/nieuw/", "/en/steering/goals/new/", "programme"),
    (
        "steering:indicator-target",
        "/sturing/indicatoren/ai-algorithms-published/doel/",
        "/en/steering/indicators/ai-algorithms-published/target/",
        "programme",
    ),
    ("steering:commitment-new", "/sturing/toezeggingen/nieuw/", "/en/steering/commitments/new/", "utrecht-editor"),
    ("steering:commitment-new", "/sturing/toezeggingen/nieuw/", "/en/steering/commitments/new/", "programme"),
    (
        "agreements:gap",
        lambda: f"/afspraken/dialoog/{committed_and_behind().pk}/",
        lambda: f"/en/agreements/gaps/{committed_and_behind().pk}/",
        "utrecht-editor",
    ),
    # Digital legislation (issue 25): the laws, public; an organisation's own obligations, for its staff.
    ("steering:laws", "/sturing/wetgeving/", "/en/steering/legislation/", None),
    ("steering:law", "/sturing/wetgeving/ai-act/", "/en/steering/legislation/ai-act/", None),
    (
        "steering:organisation-legislation",
        "/sturing/wetgeving/organisaties/gm0344/",
        "/en/steering/legislation/organisations/gm0344/",
        "utrecht-editor",
    ),
    # The steering dashboard (issue 25): its landing page and a priority's page, with charts.
    ("steering:dashboard", lambda: computed_indicators() and "/sturing/", "/en/steering/", None),
    ("steering:priority", lambda: computed_indicators() and "/sturing/ai/", "/en/steering/ai/", None),
    # Data bottlenecks: the public register and a decided precedent; the queue, a report with the programme's step
    # form, and the reporting form.
    (
        "steering:bottlenecks",
        lambda: decided_precedent() and "/sturing/gegevensknelpunten/",
        "/en/steering/data-bottlenecks/",
        None,
    ),
    (
        "steering:bottleneck",
        lambda: f"/sturing/gegevensknelpunten/{decided_precedent().pk}/",
        lambda: f"/en/steering/data-bottlenecks/{decided_precedent().pk}/",
        None,
    ),
    (
        "steering:bottleneck",
        lambda: f"/sturing/gegevensknelpunten/{secret_bottleneck().pk}/",
        lambda: f"/en/steering/data-bottlenecks/{secret_bottleneck().pk}/",
        "programme",
    ),
    # Cloud: out of the public cloud with a candidate, contracts with the form and with the programme's
    # opportunities (tests/cloud/test_exit_pages.py).
    (
        "cloud:public-cloud-exit",
        lambda: exit_with_a_candidate(),
        "/en/cloud/out-of-the-public-cloud/",
        "utrecht-editor",
    ),
    (
        "cloud:contracts",
        lambda: exit_with_a_candidate() and "/cloud/contracten/",
        "/en/cloud/contracts/",
        "utrecht-editor",
    ),
    ("cloud:contracts", lambda: exit_with_a_candidate() and "/cloud/contracten/", "/en/cloud/contracts/", "programme"),
    (
        "steering:bottlenecks-own",
        "/sturing/gegevensknelpunten/eigen/",
        "/en/steering/data-bottlenecks/ours/",
        "programme",
    ),
    (
        "steering:bottleneck-new",
        "/sturing/gegevensknelpunten/nieuw/",
        "/en/steering/data-bottlenecks/new/",
        "utrecht-editor",
    ),
    # Cloud: the front page; an organisation's needs, registering one, a need with its matches explained and one
    # with none (the funnel), changing and removing one (tests/cloud/test_needs.py).
    ("cloud:needs", lambda: secret_need() and "/cloud/behoeften/", "/en/cloud/needs/", "programme"),
    ("cloud:need-new", "/cloud/behoeften/nieuw/", "/en/cloud/needs/new/", "utrecht-editor"),
    (
        "cloud:need",
        lambda: f"/cloud/behoeften/{matched_need().pk}/",
        lambda: f"/en/cloud/needs/{matched_need().pk}/",
        "utrecht-editor",
    ),
    (
        "cloud:need",
        lambda: f"/cloud/behoeften/{secret_need().pk}/",
        lambda: f"/en/cloud/needs/{secret_need().pk}/",
        "programme",
    ),
    (
        "cloud:need-edit",
        lambda: f"/cloud/behoeften/{secret_need().pk}/wijzigen/",
        lambda: f"/en/cloud/needs/{secret_need().pk}/change/",
        "utrecht-editor",
    ),
    (
        "cloud:need-delete",
        lambda: f"/cloud/behoeften/{secret_need().pk}/verwijderen/",
        lambda: f"/en/cloud/needs/{secret_need().pk}/remove/",
        "utrecht-editor",
    ),
    # The cloud catalogue (tests/cloud/test_catalogue_pages.py): the list, an offering with a Haven result and an
    # expired certificate, adding a provider and an offering, and changing Utrecht's own.
    ("cloud:home", "/cloud/", "/en/cloud/", None),
    ("cloud:offerings", lambda: cloud_offering() and "/cloud/aanbod/", "/en/cloud/offerings/", None),
    (
        "cloud:offering",
        lambda: f"/cloud/aanbod/{cloud_offering().pk}/",
        lambda: f"/en/cloud/offerings/{cloud_offering().pk}/",
        None,
    ),
    ("cloud:provider-new", "/cloud/aanbieders/nieuw/", "/en/cloud/providers/new/", "utrecht-editor"),
    ("cloud:offering-new", "/cloud/aanbod/nieuw/", "/en/cloud/offerings/new/", "utrecht-editor"),
    (
        "cloud:offering-edit",
        lambda: f"/cloud/aanbod/{cloud_offering().pk}/wijzigen/",
        lambda: f"/en/cloud/offerings/{cloud_offering().pk}/edit/",
        "utrecht-editor",
    ),
    # The investment agenda and the Steering Committee (tests/steering/test_agenda.py, test_committee.py).
    (
        "steering:agenda",
        lambda: steering_meeting() and "/sturing/investeringsagenda/",
        "/en/steering/investment-agenda/",
        "utrecht-editor",
    ),
    (
        "steering:agenda-cost-benefit",
        lambda: steering_meeting() and "/sturing/investeringsagenda/kosten-en-baten/",
        "/en/steering/investment-agenda/cost-and-benefit/",
        None,
    ),
    (
        "steering:agenda-joint",
        lambda: steering_meeting() and "/sturing/investeringsagenda/samen/",
        "/en/steering/investment-agenda/together/",
        None,
    ),
    (
        "steering:initiative",
        lambda: f"/sturing/investeringsagenda/{steering_initiative().pk}/",
        lambda: f"/en/steering/investment-agenda/{steering_initiative().pk}/",
        "programme",
    ),
    (
        "steering:initiative-new",
        lambda: steering_meeting() and "/sturing/investeringsagenda/nieuw/",
        "/en/steering/investment-agenda/new/",
        "utrecht-editor",
    ),
    (
        "steering:initiative-edit",
        lambda: f"/sturing/investeringsagenda/{steering_initiative().pk}/wijzigen/",
        lambda: f"/en/steering/investment-agenda/{steering_initiative().pk}/edit/",
        "utrecht-editor",
    ),
    (
        "steering:meetings",
        lambda: steering_meeting() and "/sturing/stuurgroep/",
        "/en/steering/committee/",
        "programme",
    ),
    (
        "steering:meeting",
        lambda: steering_meeting().get_absolute_url(),
        lambda: f"/en/steering/committee/{steering_meeting().pk}/",
        "utrecht-editor",
    ),
    ("steering:meeting-new", "/sturing/stuurgroep/nieuw/", "/en/steering/committee/new/", "programme"),
    (
        "steering:decision-new",
        lambda: f"/sturing/stuurgroep/{steering_meeting().pk}/besluit/",
        lambda: f"/en/steering/committee/{steering_meeting().pk}/decision/",
        "programme",
    ),
    (
        "steering:action-new",
        lambda: f"/sturing/stuurgroep/besluiten/{steering_meeting().decisions.first().pk}/actie/",
        lambda: f"/en/steering/committee/decisions/{steering_meeting().decisions.first().pk}/action/",
        "programme",
    ),
    (
        "steering:actions",
        lambda: steering_meeting() and "/sturing/stuurgroep/acties/",
        "/en/steering/committee/actions/",
        "utrecht-editor",
    ),
    (None, "/bestaat-niet/", "/en/does-not-exist/", None),  # 404 page
    # The algorithm register (issue 24): public list, an organisation's own list, a description and its forms.
    ("ai:register", lambda: utrecht_concept_algorithm() and "/algoritmes/?q=geheim", "/en/algorithms/", None),
    (
        "ai:algorithm",
        lambda: f"/algoritmes/{utrecht_concept_algorithm().public_id}/",
        lambda: f"/en/algorithms/{utrecht_concept_algorithm().public_id}/",
        "utrecht-editor",
    ),
    ("ai:own", "/algoritmes/beheer/", "/en/algorithms/manage/", "utrecht-editor"),
    ("ai:algorithm-new", "/algoritmes/beheer/nieuw/", "/en/algorithms/manage/new/", "utrecht-editor"),
    ("ai:algorithm-import", "/algoritmes/beheer/importeren/", "/en/algorithms/manage/import/", "utrecht-editor"),
    (
        "ai:algorithm-edit",
        lambda: f"/algoritmes/{utrecht_concept_algorithm().public_id}/wijzigen/",
        lambda: f"/en/algorithms/{utrecht_concept_algorithm().public_id}/edit/",
        "utrecht-editor",
    ),
    # Reusable AI: the catalogue, an application as its operator (with a request to decide) and as another
    # organisation's editor (with the form to ask) sees it, the forms, and the programme's areas.
    (
        "ai:catalogue",
        lambda: national_area() and utrecht_application() and "/algoritmes/hergebruik/",
        lambda: national_area() and utrecht_application() and "/en/algorithms/reuse/",
        None,
    ),
    (
        "ai:application",
        lambda: reuse_request() and utrecht_application().get_absolute_url(),
        lambda: f"/en/algorithms/reuse/{utrecht_application().public_id}/",
        "utrecht-editor",
    ),
    (
        "ai:application",
        lambda: utrecht_application().get_absolute_url(),
        lambda: f"/en/algorithms/reuse/{utrecht_application().public_id}/",
        "amsterdam-editor",
    ),
    (
        "ai:application-new",
        lambda: national_area() and "/algoritmes/hergebruik/nieuw/",
        lambda: national_area() and "/en/algorithms/reuse/new/",
        "utrecht-editor",
    ),
    (
        "ai:application-edit",
        lambda: f"/algoritmes/hergebruik/{utrecht_application().public_id}/wijzigen/",
        lambda: f"/en/algorithms/reuse/{utrecht_application().public_id}/edit/",
        "utrecht-editor",
    ),
    (
        "ai:area",
        lambda: utrecht_application().areas.add(national_area()) or "/algoritmes/hergebruik/gebieden/open-overheid/",
        lambda: utrecht_application().areas.add(national_area()) or "/en/algorithms/reuse/areas/open-overheid/",
        None,
    ),
    ("ai:area-new", "/algoritmes/hergebruik/gebieden/nieuw/", "/en/algorithms/reuse/areas/new/", "programme"),
    (
        "ai:area-edit",
        lambda: f"/algoritmes/hergebruik/gebieden/{national_area().slug}/wijzigen/",
        lambda: f"/en/algorithms/reuse/areas/{national_area().slug}/edit/",
        "programme",
    ),
    # An algorithm's links (decision 0041): the owner's page, and the public page showing them.
    (
        "ai:algorithm-links",
        lambda: f"/algoritmes/{utrecht_linked_algorithm().public_id}/koppelingen/",
        lambda: f"/en/algorithms/{utrecht_linked_algorithm().public_id}/links/",
        "utrecht-editor",
    ),
    (
        "ai:algorithm",
        lambda: f"/algoritmes/{utrecht_linked_algorithm().public_id}/",
        lambda: f"/en/algorithms/{utrecht_linked_algorithm().public_id}/",
        "utrecht-editor",
    ),
    # Cloud definitions (issue 26): the public page, the programme's with its publishing forms, the framework.
    ("cloud:definitions", "/cloud/definities/", "/en/cloud/definitions/", None),
    ("cloud:definitions", "/cloud/definities/", "/en/cloud/definitions/", "programme"),
    # The competence model (issue 27): the front page, the model with the programme's upload form, the archetypes.
    ("workforce:home", "/vakmanschap/", "/en/workforce/", None),
    ("workforce:competences", "/vakmanschap/competenties/", "/en/workforce/competences/", None),
    ("workforce:competences", "/vakmanschap/competenties/", "/en/workforce/competences/", "programme"),
    ("workforce:archetypes", "/vakmanschap/thema-s/", "/en/workforce/archetypes/", None),
    # Workforce insight (issue 27): the national views open to all, with an organisation's own figures beside them
    # for its staff; its reports with the upload form; the programme's core profiles and the years it publishes.
    ("workforce:insight", lambda: workforce_national() or "/vakmanschap/inzicht/", "/en/workforce/insight/", None),
    (
        "workforce:insight",
        lambda: workforce_national() or "/vakmanschap/inzicht/?by=province",
        "/en/workforce/insight/?by=province",
        "utrecht-viewer",
    ),
    (
        "workforce:shortages",
        lambda: workforce_national() or "/vakmanschap/inzicht/tekorten/",
        "/en/workforce/insight/shortages/",
        "utrecht-editor",
    ),
    (
        "workforce:sourcing",
        lambda: workforce_national() or "/vakmanschap/inzicht/inhuur/",
        "/en/workforce/insight/sourcing/",
        "programme",
    ),
    (
        "workforce:publications",
        lambda: workforce_year_to_publish() or "/vakmanschap/inzicht/publicaties/",
        "/en/workforce/insight/publications/",
        "programme",
    ),
    ("workforce:reports", "/vakmanschap/rapportages/", "/en/workforce/reports/", "utrecht-editor"),
    (
        "workforce:report",
        lambda: f"/vakmanschap/rapportages/{workforce_report().pk}/",
        lambda: f"/en/workforce/reports/{workforce_report().pk}/",
        "utrecht-editor",
    ),
    # The open pool (decision 0058): a member's front page, profile form, view log and deletion; an editor's new
    # assignment form and an assignment with its pseudonymous candidates.
    ("workforce:pool", lambda: _pool_member() and "/vakmanschap/talentpool/", "/en/workforce/pool/", "utrecht-viewer"),
    (
        "workforce:pool-profile",
        lambda: _pool_member() and "/vakmanschap/talentpool/profiel/",
        "/en/workforce/pool/profile/",
        "utrecht-viewer",
    ),
    (
        "workforce:pool-views",
        lambda: _pool_member() and "/vakmanschap/talentpool/profiel/bekeken/",
        "/en/workforce/pool/profile/views/",
        "utrecht-viewer",
    ),
    (
        "workforce:pool-delete",
        lambda: _pool_member() and "/vakmanschap/talentpool/profiel/verwijderen/",
        "/en/workforce/pool/profile/delete/",
        "utrecht-viewer",
    ),
    (
        "workforce:pool-assignment-new",
        "/vakmanschap/talentpool/opdrachten/nieuw/",
        "/en/workforce/pool/assignments/new/",
        "utrecht-editor",
    ),
    (
        "workforce:pool-assignment",
        lambda: f"/vakmanschap/talentpool/opdrachten/{_pool_assignment().pk}/",
        lambda: f"/en/workforce/pool/assignments/{_pool_assignment().pk}/",
        "utrecht-editor",
    ),
    # Which academy teaches what: the search with a gap and with a job profile (the programme's upload form below),
    # a course, the learning paths; AI literacy for an organisation that deploys AI, and for the programme.
    (
        "workforce:courses",
        lambda: courses_loaded() and "/vakmanschap/opleidingen/?thema=ai-literacy&tekort=A.7",
        "/en/workforce/courses/?thema=ai-literacy&tekort=A.7",
        None,
    ),
    (
        "workforce:courses",
        "/vakmanschap/opleidingen/?profiel=cwa-16458:27",
        "/en/workforce/courses/?profiel=cwa-16458:27",
        "programme",
    ),
    (
        "workforce:course",
        lambda: f"/vakmanschap/opleidingen/{a_course()}/",
        lambda: f"/en/workforce/courses/{a_course()}/",
        None,
    ),
    ("workforce:learning-paths", "/vakmanschap/leerpaden/", "/en/workforce/learning-paths/", None),
    (
        "workforce:ai-literacy",
        lambda: ai_in_use() and "/vakmanschap/ai-geletterdheid/",
        "/en/workforce/ai-literacy/",
        "utrecht-editor",
    ),
    ("workforce:ai-literacy", "/vakmanschap/ai-geletterdheid/", "/en/workforce/ai-literacy/", "programme"),
    ("cloud:sovereignty", "/cloud/soevereiniteit/", "/en/cloud/sovereignty/", None),
    # Pooled cloud demand, the programme's: the aggregate with a cell's needs, forming a bundle, a bundle with offers
    # and one whose members no offering meets together.
    (
        "cloud:pooling",
        lambda: pooled_bundle() and "/cloud/vraagbundeling/?layer=gemeente",
        "/en/cloud/pooled-demand/?layer=gemeente",
        "programme",
    ),
    (
        "cloud:bundle-new",
        lambda: pooled_bundle() and "/cloud/vraagbundeling/bundels/nieuw/",
        "/en/cloud/pooled-demand/bundles/new/",
        "programme",
    ),
    (
        "cloud:bundle",
        lambda: f"/cloud/vraagbundeling/bundels/{pooled_bundle().pk}/",
        lambda: f"/en/cloud/pooled-demand/bundles/{pooled_bundle().pk}/",
        "programme",
    ),
    (
        "cloud:bundle",
        lambda: f"/cloud/vraagbundeling/bundels/{blocked_bundle().pk}/",
        lambda: f"/en/cloud/pooled-demand/bundles/{blocked_bundle().pk}/",
        "programme",
    ),
]


def workforce_national() -> None:
    from tests.workforce.test_reports import national

    national()


def workforce_year_to_publish() -> None:
    """A published year and one open, with the programme's button to publish it."""
    from tests.workforce.test_reports import YEAR, line, national, org
    from thorbecke.workforce import reports

    national()
    reports.submit(org("gm0344"), YEAR - 1, [line("6", 3, 4)])


def workforce_report():
    from thorbecke.workforce.models import WorkforceReport

    workforce_national()
    return WorkforceReport.objects.get(organisation__code="gm0344", year=2026)


def _pool_member():
    from tests.workforce.test_pools import utrecht_viewer_in_the_pool

    return utrecht_viewer_in_the_pool()


def _pool_assignment():
    from tests.workforce.test_pools import utrecht_pool_assignment

    return utrecht_pool_assignment()


def closed_report_survey(language: str) -> str:
    from thorbecke.signals.notify import survey_code

    report = utrecht_report()
    report.status = "closed"
    report.save()
    path = "melding-doen/{}/tevredenheid/{}/" if language == "nl" else "en/report-a-problem/{}/satisfaction/{}/"
    return "/" + path.format(report.pk, survey_code(report))


def cloud_offering():
    """Utrecht's Kubernetes offering on a base it runs on, with a Haven result and an expired certificate."""
    from datetime import timedelta

    from django.utils import timezone

    from tests.cloud.builders import offering, provider
    from tests.cloud.test_haven import output
    from thorbecke.cloud.haven import parse
    from thorbecke.cloud.models import Offering

    found = Offering.objects.filter(name="Utrechtse Kubernetes").first()
    if found:
        return found
    polder = provider("Polder Cloud BV", "NL", kvk_number="12345678", added_by="gm0344")
    base = offering("Polder Basis", [2] * 8, by=polder)
    expired = {"BSI C5": timezone.localdate() - timedelta(days=1)}
    return offering("Utrechtse Kubernetes", by=polder, service_model="caas", runs_on=[base], haven=parse(output()),
                    certificates=expired, price_eur=12.5, price_unit="vCPU")  # fmt: skip


@pytest.fixture
def page(browser, live_server, accounts):
    from thorbecke.services.finder import get_index

    get_index()  # built once per process; a page load must not wait the half minute that takes
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page: Page, username: str, english: bool = False) -> None:
    page.goto("/en/sign-in/" if english else "/aanmelden/")
    page.get_by_label("Username" if english else "Gebruikersnaam").fill(username)
    page.get_by_label("Password" if english else "Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Sign in" if english else "Aanmelden").click()
    expect(page.get_by_role("button", name=re.compile(r"(Afmelden|Sign out)"))).to_be_visible()


def test_every_page_is_in_the_accessibility_run():
    pages = {name for name, *_ in PAGES if name}
    # POST-only buttons, and pages that need a signed-in citizen (checked in the citizen test).
    posts_only = {"web:sign-out", "registry:member", "services:message", "signals:status", "signals:forward"}
    posts_only |= {"signals:assign", "reporting:follow"}
    posts_only |= {"signals:photo", "reporting:outline", "reporting:place"}  # an image, GeoJSON and JSON: no pages
    posts_only |= {"landscape:import", "landscape:export"}  # an upload, and a CycloneDX JSON document
    posts_only |= {"soc:share", "agreements:scorecard-csv", "agreements:scorecard-json"}  # exports
    posts_only |= {"agreements:scans-json"}  # the progress the scans page reads
    posts_only |= {
        "ai:framework-profile",
        "ai:framework-item-save",
        "ai:framework-instrument-save",
    }  # forms on their pages
    posts_only |= {"ai:register-json", "ai:register-csv", "ai:algorithm-json", "ai:algorithm-csv"}  # exports
    posts_only |= {"ai:algorithm-move"}  # the lifecycle buttons on the edit page
    posts_only |= {"ai:reuse-ask", "ai:reuse-decide"}  # forms on an application's page
    posts_only |= {"steering:initiative-status", "steering:action-done"}  # forms on their pages
    posts_only |= {"agreements:gap-answer", "agreements:gap-decide", "agreements:declare"}  # forms on their pages
    posts_only |= {"oidc_logout", "oidc_authentication_init", "oidc_authentication_callback"}  # redirects only
    posts_only |= {"eherkenning_authentication_init", "eherkenning_authentication_callback"}
    posts_only |= {"steering:bottleneck-step"}  # the programme's form on a bottleneck's page
    posts_only |= {"cloud:contract-new"}  # the form on the contracts page
    posts_only |= {"workforce:reports-upload", "workforce:sourcing-core", "workforce:publish"}  # forms on their pages
    posts_only |= {"workforce:reports-template"}  # a CSV file
    posts_only |= {"workforce:ai-literacy-record"}  # the form on the AI literacy page
    every = READ_ONLY | set(WRITE_ENDPOINTS) | set(RESTRICTED_PAGES) | SESSION | CITIZEN_OWN | PUBLIC_REPORTING
    posts_only |= {"workforce:pool-assignment-close"}  # the button on an assignment's page
    # A pool member's own pages; not the export (a JSON download) nor opening a candidate (a POST, logged).
    every |= POOL_OWN - {"workforce:pool-export", "workforce:pool-candidate"}
    assert pages == every - posts_only


def every_page_passes_axe(page, language):
    failures = {}
    for _name, dutch, english, user in PAGES:
        if user:
            sign_in(page, user)
        url = dutch if language == "nl" else english
        response = page.goto(url() if callable(url) else url)
        assert response is not None and response.status in (200, 403, 404), (dutch, response and response.status)
        assert page.locator("html").get_attribute("lang") == language
        if violations := axe_violations(page):
            failures[page.url] = violations
        if user:
            page.context.clear_cookies()
    assert not failures, failures


# One class per language: pytest-xdist's loadscope hands a class to a worker of its own, so the two runs of some
# 250 pages each (minutes apiece) go in parallel instead of one after the other on the worker of this module.
class TestEveryPageInDutch:
    def test_every_page_passes_axe(self, page):
        every_page_passes_axe(page, "nl")


class TestEveryPageInEnglish:
    def test_every_page_passes_axe(self, page):
        every_page_passes_axe(page, "en")


def test_form_errors_pass_axe(page):
    sign_in(page, "utrecht-editor")
    page.goto("/organisaties/gm0344/wijzigen/")
    page.get_by_label("E-mailadres voor contact").fill("geen-adres")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("e-mailadres")
    assert axe_violations(page) == []
    page.context.clear_cookies()
    page.goto("/en/sign-in/")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert axe_violations(page) == []


def test_an_organisation_answers_a_gap_in_the_browser(page):
    gap = utrecht_gap("standaard-tls", "open")
    sign_in(page, "utrecht-editor")
    page.goto(f"/en/agreements/gaps/{gap.pk}/")
    page.get_by_label("We will comply, by this date").check()
    page.get_by_label("Plan or explanation").fill("New load balancer with TLS 1.3 only.")
    page.get_by_role("button", name="Send the answer").click()
    expect(page.get_by_role("alert")).to_contain_text("A plan needs the date by which you will comply.")
    assert axe_violations(page) == []
    page.get_by_label("Complies by").fill("2028-01-31")
    page.get_by_role("button", name="Send the answer").click()
    expect(page.get_by_text("Your answer is recorded.")).to_be_visible()
    expect(page.get_by_text("answered with a plan (gemeente Utrecht: utrecht-editor), 31 January 2028")).to_be_visible()
    assert axe_violations(page) == []


def test_a_citizen_signs_in_with_the_demo_idp_and_reads_a_message_in_both_languages(page, demo_idp):
    from thorbecke.services.citizens import send_message

    send_message("999990032", None, ("Welkom bij Thorbecke", "Welcome to Thorbecke"), ("Hallo Jan.", "Hello Jan."))

    page.goto("/mijn-pagina/")
    page.get_by_role("link", name="Inloggen met DigiD").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen met DigiD (demo)")
    assert axe_violations(page) == []
    page.get_by_label("Jan Jansen (999990032)").check()
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Jan Jansen")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Welkom bij Thorbecke").click()
    expect(page.get_by_text("Hallo Jan.")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome to Thorbecke")
    expect(page.get_by_text("Hello Jan.")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Mark as unread").click()
    expect(page.get_by_role("cell", name="unread")).to_be_visible()
    assert axe_violations(page) == []


def test_a_citizen_sees_who_used_their_data_and_what_a_move_entitles_her_to(page, demo_idp, settings, tmp_path):
    from tests.populations import copy_of
    from thorbecke.demo import data_system as demo
    from thorbecke.exchange.federated import HubNode
    from thorbecke.population import source
    from thorbecke.proactive import life_events

    population = copy_of(tmp_path / "population")
    settings.THORBECKE_POPULATION = str(population)
    group = demo.start(tmp_path / "demo-group", population)
    settings.HUB_NODE = str(group.nodes["hub"].config)
    try:
        # Sanne moves to Zwolle; RvIG tells the hub, which re-screens her household and tells her.
        life_events.publish(group.nodes["rvig"], [source.move_household(population, 999990019, "GM0193")])
        hub = HubNode(group.nodes["hub"].config)
        for _ in range(100):
            if life_events.consume(hub).handled:
                break
            page.wait_for_timeout(100)

        page.goto("/mijn-pagina/")
        page.get_by_role("link", name="Inloggen met DigiD").click()
        page.get_by_label("Sanne de Vries (999990019)").check()
        page.get_by_role("button", name="Aanmelden").click()
        expect(page.get_by_role("heading", name="Wie uw gegevens gebruikte")).to_be_visible()
        expect(page.get_by_role("cell", name="Kwijtschelding gemeentelijke belastingen")).to_be_visible()
        expect(page.get_by_role("row").filter(has_text="Proactieve dienstverlening")).to_contain_text("Logius")
        # Her record as the registry has it now: registered in Zwolle, her Utrecht address no longer hers.
        expect(page.get_by_text("Zwolle", exact=True)).to_be_visible()
        expect(page.get_by_text("niet bekend bij deze bron")).to_be_visible()
        expect(page.get_by_text("Oudegracht")).to_have_count(0)
        assert axe_violations(page) == []
        page.get_by_role("link", name="U heeft misschien recht op zorgtoeslag").click()
        expect(page.get_by_text("Wat kunt u doen:")).to_be_visible()
        assert axe_violations(page) == []
        page.get_by_role("link", name="English").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("You may be entitled to healthcare allowance")
        expect(page.get_by_text("What to do:")).to_be_visible()
        assert axe_violations(page) == []
        page.goto("/en/my-page/")
        expect(page.get_by_role("cell", name="Municipal tax remission")).to_be_visible()
        expect(page.get_by_role("cell", name="Proactive services")).to_be_visible()
        assert axe_violations(page) == []
    finally:
        group.stop()


def test_the_front_door_finds_a_product_and_the_municipality(page):
    page.goto("/")
    page.get_by_label("Uw vraag").fill("mijn paspoort is verlopen")
    page.get_by_label("Postcode (niet verplicht)").fill("3511 AB")
    page.get_by_role("button", name="Zoeken").click()
    results = page.locator(".thorbecke-results > li")
    expect(results.first).to_contain_text("gemeente Utrecht")
    expect(page.get_by_role("status").first).to_contain_text("passen het best bij uw vraag")


def test_skip_link_is_the_first_stop_and_moves_to_the_content(page):
    page.goto("/organisaties/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Direct naar de inhoud")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_an_editor_changes_a_value_and_reads_it_back_in_both_languages(page):
    sign_in(page, "utrecht-editor")
    page.goto("/organisaties/gm0344/")
    page.get_by_role("link", name="Gegevens van uw organisatie wijzigen").click()
    page.get_by_label("E-mailadres voor contact").fill("stelsel@utrecht.nl")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Uw wijzigingen zijn opgeslagen.")
    expect(page.locator("dd", has_text="stelsel@utrecht.nl")).to_be_visible()

    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/organisations/gm0344/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("gemeente Utrecht")
    expect(page.locator("dt", has_text="Contact")).to_be_visible()
    expect(page.locator("dd", has_text="stelsel@utrecht.nl")).to_be_visible()
    page.get_by_role("link", name="Edit the details of your organisation").click()
    expect(page.get_by_label("Contact e-mail address")).to_have_value("stelsel@utrecht.nl")


def test_the_organisations_page_searches_and_filters(page):
    page.goto("/en/organisations/")
    page.get_by_label("Type").select_option("waterschap")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_have_text("21 organisations found")
    page.get_by_label("Search").fill("Delfland")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_have_text("1 organisation found")
    expect(page.get_by_role("link", name="waterschap Hoogheemraadschap van Delfland")).to_be_visible()


PDOK_TILES = "https://service.pdok.nl/brt/achtergrondkaart/**"


def blank_tile() -> bytes:
    """A tile as a tile server that answers would send one."""
    out = io.BytesIO()
    Image.new("RGB", (256, 256), "white").save(out, "PNG")
    return out.getvalue()


def test_a_person_reports_with_the_map_and_the_suggested_category(page):
    from thorbecke.signals.models import ServiceRequest

    # As on a machine without internet: the base map's tiles fail, and the boundaries are drawn instead.
    page.route(PDOK_TILES, lambda route: route.abort())
    page.goto("/en/report-a-problem/")
    page.get_by_label("What is wrong?").fill("The streetlight in front of my house is not working")
    suggestion = page.locator("#category-suggestions button").first
    # The first suggestion also loads the classifier in the server: on a busy machine that takes a while.
    expect(suggestion).to_be_visible(timeout=30_000)
    # Right under the description, most likely first, without the classifier's percentages.
    under = page.locator("#id_description").locator("xpath=ancestor::div[contains(@class,'utrecht-form-field')]")
    expect(under.locator("xpath=following-sibling::*[1]")).to_have_id("category-suggestions")
    expect(page.locator("#category-suggestions")).not_to_contain_text("%")
    suggestion.focus()
    page.keyboard.press("Enter")
    expect(suggestion).to_have_attribute("aria-pressed", "true")
    chosen = page.get_by_label("Kind of problem").input_value()
    assert chosen == "straatverlichting-openbare-klok"
    expect(page.get_by_label("Kind of problem").locator("option:checked")).to_have_text("Streetlight or public clock")
    # Only the chosen kind's questions are asked.
    expect(page.locator(f'fieldset[data-category="{chosen}"]')).to_be_visible()
    expect(page.locator('fieldset[data-category="dijk-waterkering"]')).to_be_hidden()
    page.get_by_label("The number on the lamp post").fill("12-34")
    expect(page.locator("#report-map")).to_have_attribute("data-background", "boundaries")
    expect(page.locator(".thorbecke-map__label--provincie", has_text="Utrecht")).to_be_visible()
    page.locator("#report-map").click()  # the middle of the Netherlands
    expect(page.locator("#picked-place")).to_contain_text("Chosen place: In the municipality of ")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_role("status")).to_contain_text("Thank you")
    item = ServiceRequest.objects.get()
    assert item.category_id == chosen and item.lat is not None and item.organisation.org_type == "gemeente"
    assert item.attributes == {"lichtpuntnummer": "12-34"}
    expect(page.locator("#report-place")).to_contain_text("In the municipality of ")
    assert axe_violations(page) == []


def test_the_offline_map_names_municipalities_when_zoomed_in_and_is_never_grey(page):
    page.route(PDOK_TILES, lambda route: route.abort())
    page.goto("/melding-doen/")
    map_ = page.locator("#report-map")
    expect(map_).to_have_attribute("data-ready", "1", timeout=20_000)
    expect(page.locator(".thorbecke-map__label--gemeente").first).to_be_hidden()
    page.evaluate("() => window.scrollTo(0, document.getElementById('report-map').offsetTop)")
    for _ in range(4):
        map_.locator(".leaflet-control-zoom-in").click()
        page.wait_for_timeout(300)
    expect(page.locator(".thorbecke-map__label--gemeente").first).to_be_visible()
    # Zoomed in over land, the map is mostly a municipality's light fill, nowhere Leaflet's grey.
    shot = Image.open(io.BytesIO(map_.screenshot())).convert("RGB")
    area = shot.width * shot.height
    colours = Counter({colour: n for n, colour in shot.getcolors(maxcolors=area)})
    assert colours[(246, 244, 238)] > 0.5 * area and colours[(221, 221, 221)] < 0.05 * area  # grey: the controls


def test_the_map_shows_the_base_maps_tiles_when_they_can_be_had(page):
    asked = []

    def tile(route):
        asked.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=blank_tile())

    page.route(PDOK_TILES, tile)
    page.goto("/melding-doen/")
    expect(page.locator("#report-map")).to_have_attribute("data-background", "tiles")
    assert "/standaard/EPSG:3857/" in asked[0]
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("Kadaster")
    expect(page.locator(".thorbecke-map__label")).to_have_count(0)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_report_form_and_public_page_pass_axe_with_suggestions_and_errors(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.route(PDOK_TILES, lambda route: route.abort())
    report = utrecht_report()
    for start, words in (
        ("/melding-doen/", "De lantaarnpaal is kapot"),
        ("/en/report-a-problem/", "The streetlight is broken"),
    ):
        page.goto(start)
        page.get_by_role("textbox").first.fill(words)
        expect(page.locator("#category-suggestions button").first).to_be_visible(timeout=30_000)
        page.locator("#report-map").click()
        expect(page.locator("#picked-place")).not_to_be_empty()
        assert axe_violations(page) == [], (start, "suggestions")
        page.get_by_role("textbox").first.fill("<script>alert(1)</script>")
        page.locator("button[type=submit]").click()
        expect(page.get_by_role("alert")).to_be_visible()
        expect(page.get_by_role("textbox").first).to_have_value("<script>alert(1)</script>")
        assert axe_violations(page) == [], (start, "errors")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        page.goto(f"{start}{report.pk}/")
        expect(page.locator("#report-map")).to_have_attribute("data-ready", "1", timeout=20_000)
        assert axe_violations(page) == [], (start, "public page")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width


def test_an_entrepreneur_searches_at_390_pixels(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    page.get_by_label("Uw vraag").fill("ik wil stoelen en tafels buiten zetten bij mijn café")
    page.get_by_label("Dit is voor mijn bedrijf").check()
    page.get_by_label("Postcode (niet verplicht)").fill("3511 AB")
    page.get_by_role("button", name="Zoeken").click()
    first = page.locator(".thorbecke-results > li").first
    expect(first).to_contain_text("Terras")
    expect(first).to_contain_text("Utrecht")
    expect(page.get_by_label("Dit is voor mijn bedrijf")).to_be_checked()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
    page.get_by_label("Uw vraag").fill("<script>alert(1)</script>")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("alert")).to_contain_text("code")
    expect(page.get_by_label("Uw vraag")).to_have_value("<script>alert(1)</script>")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
    page.goto("/en/search/?q=best+running+shoes&postcode=12345&audience=business")
    expect(page.get_by_role("alert")).to_contain_text("not a Dutch postcode")
    expect(page.get_by_role("link", name="All life events")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []


def test_every_page_and_map_works_under_the_content_security_policy(page, demo_idp):
    """Every page of the axe walk, its maps drawn (with the base map's tiles and without), and a DigiD sign-in:
    each has the policy, and the browser refuses nothing on any of them."""
    refused = []
    page.on("console", lambda m: "Content Security Policy" in m.text and refused.append((page.url, m.text)))
    page.context.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'Content Security Policy: ' + e.violatedDirective + ' ' + e.blockedURI))"
    )
    page.route(PDOK_TILES, lambda route: route.fulfill(status=200, content_type="image/png", body=blank_tile()))
    without_policy = []
    for _name, dutch, _english, user in PAGES:
        if user:
            sign_in(page, user)
        response = page.goto(dutch() if callable(dutch) else dutch)
        if "content-security-policy" not in response.headers:
            without_policy.append(page.url)
        for map_ in page.locator("[data-outline]").all():
            expect(map_).to_have_attribute("data-ready", "1", timeout=20_000)
        if user:
            page.context.clear_cookies()
    assert without_policy == []
    page.route(PDOK_TILES, lambda route: route.abort())  # offline: the boundaries are fetched and drawn instead
    page.goto("/en/report-a-problem/")
    expect(page.locator("#report-map")).to_have_attribute("data-background", "boundaries", timeout=20_000)
    page.locator("#report-map").click()  # the place is looked up and named
    expect(page.locator("#picked-place")).to_contain_text("Chosen place: In the municipality of ")
    page.get_by_label("What is wrong?").fill("The streetlight in front of my house is not working")
    expect(page.locator("#category-suggestions button").first).to_be_visible(timeout=30_000)
    axe_violations(page)
    page.goto("/mijn-pagina/")
    page.get_by_role("link", name="Inloggen met DigiD").click()
    page.get_by_label("Jan Jansen (999990032)").check()
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Jan Jansen")
    assert refused == []


def test_a_refused_cloud_definitions_file_names_its_field_and_passes_axe(page, tmp_path):
    broken = tmp_path / "taxonomy.yaml"
    broken.write_text('version: "2026.9"\nservice_models: []\n', encoding="utf-8")
    sign_in(page, "programme")
    page.goto("/cloud/definities/")
    page.get_by_label("Bestand met definities (YAML)").set_input_files(broken)
    page.get_by_role("button", name="Dit bestand controleren en publiceren").click()
    expect(page.get_by_role("alert")).to_contain_text("service_models: moet minstens één definitie bevatten")
    assert axe_violations(page) == []
