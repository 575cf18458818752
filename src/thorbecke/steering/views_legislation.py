"""Digital legislation: the laws and their obligations, public, with per obligation how many organisations of each
type it applies to and their states; and per organisation, for its own staff and the programme, what applies and
its state on each."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language

from thorbecke.registry.models import Organisation, OrganisationType
from thorbecke.registry.permissions import knows_staff_of, membership_of
from thorbecke.steering.legislation import laws
from thorbecke.steering.legislation.data_file import Obligation
from thorbecke.steering.legislation.standing import STATES, Facts, counts, for_organisation, read_facts

LIGHTS = {"met": "meets", "not-met": "fails", "explained": "explained", "unknown": "none"}


def _obligation(obligation: Obligation, facts: Facts, language: str) -> dict:
    """What a page shows of an obligation besides its own fields: its text, how its state is known, and the
    agreements that measure it (name and whether organisations declare it)."""
    types = dict(OrganisationType.choices)
    return {
        "obligation": obligation,
        "text": obligation.text(language),
        "note": obligation.note(language),
        "types": [str(types[t]) for t in obligation.applies_to],
        "agreements": [facts.agreements[slug] for slug in obligation.agreements if slug in facts.agreements],
    }


def law_list(request: HttpRequest) -> HttpResponse:
    language = get_language()
    rows = [{"law": law, "name": law.name(language)} for law in laws()]
    membership = membership_of(request.user)
    own = membership.organisation if membership else None
    return render(request, "steering/legislation_list.html", {"rows": rows, "own": own})


def law_detail(request: HttpRequest, slug: str) -> HttpResponse:
    law = next((found for found in laws() if found.slug == slug), None)
    if law is None:
        raise Http404(slug)
    language, today = get_language(), timezone.localdate()
    facts = read_facts([law])
    organisations = list(Organisation.objects.filter(end_date__isnull=True).only("pk", "org_type"))
    types = dict(OrganisationType.choices)
    obligations = []
    for obligation in law.obligations:
        shown = _obligation(obligation, facts, language)
        shown["in_force"] = obligation.in_force(today)
        shown["counts"] = [
            {"type": str(types[c.org_type]), "applies": c.applies, "states": [c.states[key] for key in STATES]}
            for c in counts(obligation, organisations, facts, today)
        ]
        obligations.append(shown)
    context = {
        "law": law,
        "law_name": law.name(language),  # not "name": web/base.html sets that to a signed-in user's name
        "status_note": law.status_note(language),
        "obligations": obligations,
        "states": [str(label) for label in STATES.values()],
    }
    return render(request, "steering/legislation_law.html", context)


@login_required
def organisation_legislation(request: HttpRequest, code: str) -> HttpResponse:
    """An organisation's own view: every obligation, whether it applies, and its state. Its staff and the programme."""
    organisation = get_object_or_404(Organisation, code=code)
    if not knows_staff_of(request.user, organisation.pk):
        raise PermissionDenied
    language, today = get_language(), timezone.localdate()
    every = laws()
    facts = read_facts(every)
    rows = {row.obligation.code: row for row in for_organisation(organisation, every, facts, today)}
    sections = []
    for law in every:
        shown = []
        for obligation in law.obligations:
            row = rows[obligation.code]
            shown.append({**_obligation(obligation, facts, language), "row": row, "light": LIGHTS.get(row.state, "")})
        sections.append({"law": law, "name": law.name(language), "rows": shown})
    applying = [row for row in rows.values() if row.applies]
    summary = {str(label): sum(row.state == key for row in applying) for key, label in STATES.items()}
    context = {"organisation": organisation, "sections": sections, "applying": len(applying), "summary": summary}
    return render(request, "steering/legislation_organisation.html", context)
