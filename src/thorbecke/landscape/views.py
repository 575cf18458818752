"""The landscape's pages, for government staff only: a national picture of weak spots is not for everyone.

Who sees what is visibility.py's one rule: every member of staff sees the shared building blocks and the
national counts; an organisation's own entities, exercises and cryptographic inventory are seen by its own
staff and the national programme, and changed (imported) by its own editors and administrators; shared
entries are created and changed by the programme.
"""

import json

import numpy as np
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thorbecke.landscape import analysis, crypto, cyclonedx, graph
from thorbecke.landscape.algorithms import algorithms_on
from thorbecke.landscape.catalog import CatalogError, read_backstage, read_csv, read_cyclonedx
from thorbecke.landscape.forms import ExerciseForm, ImportForm
from thorbecke.landscape.importer import import_drafts
from thorbecke.landscape.models import SHARED, Entity, Exercise, Kind, Relation
from thorbecke.landscape.visibility import Scope, entities_by_ref, scope_of
from thorbecke.registry.models import Organisation
from thorbecke.registry.permissions import can_change, membership_of, require_change, require_membership

PAGE_SIZE = 50
# The source of the demo's illustrative entities (thorbecke.demo.landscape): the pages label them as demo data.
DEMO_SOURCE = "demo"
GRAPH_NEIGHBOURS = 12  # per side in the picture; the lists below it give them all


def _organisation_seen(request: HttpRequest, code: str) -> Organisation:
    """An organisation whose own landscape the reader may see (the register itself is public)."""
    require_membership(request.user)
    organisation = get_object_or_404(Organisation, code=code)
    if not scope_of(request.user).sees(organisation.code):
        raise PermissionDenied
    return organisation


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    membership = require_membership(request.user)
    scope = scope_of(request.user)
    concentration = analysis.concentration(scope)
    context = {
        "membership": membership,
        "entities": Entity.objects.count(),
        "organisations": Entity.objects.exclude(namespace="shared").values("owner").distinct().count(),
        "spofs": analysis.single_points_of_failure()[:10],
        "concentration": [
            {**row, "top": row["suppliers"][:3], "others": len(row["suppliers"]) - 3} for row in concentration[:15]
        ],
        "outside_eu": analysis.outside_eu(scope)[:15],
        "legacy": analysis.legacy(scope)[:15],
        "shared": Entity.objects.filter(namespace=SHARED).order_by("title", "name")[:100],
        "demo": Entity.objects.filter(source=DEMO_SOURCE).exists(),
    }
    return render(request, "landscape/overview.html", context)


def _organisation_context(request: HttpRequest, organisation: Organisation, form: ImportForm | None = None) -> dict:
    # Its relations as the organisation itself may see them: a relation to another's own entity (stored before
    # imports followed the rule) is not shown to it either.
    targets = Scope.of_organisation(organisation).entity_filter("target__")
    entities = (
        Entity.objects.filter(owner=organisation)
        .exclude(namespace=SHARED)
        .select_related("supplier")
        .prefetch_related(Prefetch("relations_out", Relation.objects.filter(targets).select_related("target")))
    )
    return {
        "organisation": organisation,
        "demo": entities.filter(source=DEMO_SOURCE).exists(),
        "page": Paginator(entities, PAGE_SIZE).get_page(request.GET.get("page")),
        "legacy": analysis.legacy(Scope.of_organisation(organisation), owner=organisation)[:50],
        "can_import": _may_import(request.user, organisation),
        "crypto_counts": crypto.counts(organisation),
        "crypto_priorities": crypto.priorities(Scope.of_organisation(organisation), organisation, limit=25),
        "default_migration": crypto.DEFAULT_MIGRATION_YEARS,
        "form": form or ImportForm(),
    }


@login_required
def organisation_landscape(request: HttpRequest, code: str) -> HttpResponse:
    organisation = _organisation_seen(request, code)
    return render(request, "landscape/organisation.html", _organisation_context(request, organisation))


READERS = {"backstage": read_backstage, "csv": read_csv, "cyclonedx": read_cyclonedx}


def _may_import(user: object, organisation: Organisation) -> bool:
    """Its editors and administrators import an organisation's landscape; the programme imports into its own
    organisation, which is how shared entries (the programme's alone) are created and changed."""
    membership = membership_of(user)
    programme = scope_of(user).writes_shared and membership is not None
    return can_change(user, Entity(owner=organisation)) or (programme and membership.organisation_id == organisation.pk)


@login_required
@require_http_methods(["POST"])
def import_landscape(request: HttpRequest, code: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, code=code)
    if not _may_import(request.user, organisation):
        raise PermissionDenied
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            if form.cleaned_data["format"] == "cbom":
                stored = crypto.import_cbom(
                    organisation, crypto.read_cbom(form.cleaned_data["file"], organisation.code)
                )
            else:
                parsed = READERS[form.cleaned_data["format"]](form.cleaned_data["file"])
                drafts, skipped = parsed if isinstance(parsed, tuple) else (parsed, 0)
                result = import_drafts(
                    organisation, drafts, form.cleaned_data["format"], skipped, scope=scope_of(request.user)
                )
        except CatalogError as exc:
            form.add_error("file", _("Nothing was imported. %(error)s") % {"error": exc})
    if not form.is_valid():
        context = _organisation_context(request, organisation, form)
        return render(request, "landscape/organisation.html", context, status=400)
    if form.cleaned_data["format"] == "cbom":
        messages.success(request, _("Cryptographic inventory: %(count)d entries imported.") % {"count": stored})
        return redirect("landscape:organisation", code=organisation.code)
    messages.success(
        request,
        _("Imported: %(created)d new, %(updated)d updated, %(relations)d relations, %(skipped)d entities skipped.")
        % result.__dict__,
    )
    scope = scope_of(request.user)
    cycles = [cycle for cycle in graph.current().cycles(owner=organisation.pk) if all(map(scope.sees_ref, cycle))]
    if cycles:
        messages.warning(
            request,
            _("Dependency cycles found (they come back together in an exercise): %(cycles)s")
            % {"cycles": "; ".join(" → ".join(cycle) for cycle in cycles[:5])},
        )
    return redirect("landscape:organisation", code=organisation.code)


@login_required
def export_cyclonedx(request: HttpRequest, code: str) -> HttpResponse:
    organisation = _organisation_seen(request, code)
    response = HttpResponse(
        json.dumps(cyclonedx.export(organisation), indent=2, ensure_ascii=False),
        content_type="application/vnd.cyclonedx+json",
    )
    response["Content-Disposition"] = f'attachment; filename="{organisation.code}-landscape.cdx.json"'
    return response


def _picture(national: graph.Graph, node: int, needs: list[int], needed_by: list[int], hidden: int) -> dict:
    """Positions for the SVG: what the entity needs on the left, what needs it on the right."""
    left, right = needs[:GRAPH_NEIGHBOURS], needed_by[:GRAPH_NEIGHBOURS]
    rows = max(len(left), len(right), 1)
    height = rows * 36 + 24

    def column(items: list[int], x: int) -> list[dict]:
        return [
            {"x": x, "y": 24 + i * 36, "label": national.nodes[n].ref, "id": national.nodes[n].id}
            for i, n in enumerate(items)
        ]

    return {
        "height": height,
        "centre": {"x": 330, "y": height // 2 - 6, "label": national.nodes[node].ref},
        "left": column(left, 10),
        "right": column(right, 650),
        "more_left": len(needs) - len(left),
        "more_right": len(needed_by) - len(right) + hidden,
    }


@login_required
def entity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_membership(request.user)
    scope = scope_of(request.user)
    # One the reader may not see is as absent as one that does not exist.
    entity = get_object_or_404(scope.entities().select_related("owner", "supplier"), pk=pk)
    national = graph.current()
    node = national.index[entity.pk]
    visible = scope.mask(national)
    # What others have that needs it is counted, not named.
    needs = [i for i in national.needs(node) if visible[i]]
    needed_by_all = national.needed_by(node)
    needed_by = [i for i in needed_by_all if visible[i]]
    mask = national.dependents(np.array([node]))
    mask[node] = False  # what depends on it, not the entity itself
    owners = national.owners(mask)
    context = {
        "entity": entity,
        "needs": Entity.objects.filter(pk__in=[national.nodes[i].id for i in needs]).select_related("owner"),
        "needed_by": Entity.objects.filter(pk__in=[national.nodes[i].id for i in needed_by[:200]]).select_related(
            "owner"
        ),
        "needed_by_count": len(needed_by_all),
        "needed_by_unnamed": len(needed_by_all) - len(needed_by),
        "dependents": int(mask.sum()),
        "dependent_organisations": len(owners),
        "dependent_services": int((mask & national.service).sum()),
        "picture": _picture(national, node, needs, needed_by, len(needed_by_all) - len(needed_by)),
        "demo": entity.source == DEMO_SOURCE,
        "Kind": Kind,
        "algorithms": algorithms_on(entity, request.user),
    }
    return render(request, "landscape/entity.html", context)


FINDING_COUNTS = (
    "failed",
    "affected",
    "organisations_affected",
    "citizen_services_affected",
    "addresses_affected",
    "recovery_waves",
)


def _counts(findings: dict) -> dict[str, int | None]:
    """An exercise's counts, None where its findings lack one (an exercise saved before the count existed)."""
    return {key: findings.get(key) for key in FINDING_COUNTS}


@login_required
def exercise_list(request: HttpRequest) -> HttpResponse:
    membership = require_membership(request.user)
    exercises = list(scope_of(request.user).owned(Exercise.objects.select_related("organisation"))[:200])
    for exercise in exercises:
        exercise.counts = _counts(exercise.findings)
    context = {
        "exercises": exercises,
        "can_run": can_change(request.user, Exercise(organisation=membership.organisation)),
    }
    return render(request, "landscape/exercises.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def exercise_new(request: HttpRequest) -> HttpResponse:
    membership = require_membership(request.user)
    require_change(request.user, Exercise(organisation=membership.organisation))
    chosen = request.GET.get("entity", "")
    scope = scope_of(request.user)
    form = ExerciseForm(
        request.POST or None,
        organisation=membership.organisation,
        scope=scope,
        initial={"target": f"entity:{chosen}" if chosen else ""},
    )
    if request.method == "POST" and form.is_valid():
        scenario = form.scenario()
        national = graph.current()
        failed = analysis.failing(national, scope, scenario)
        if not failed.size:
            form.add_error(None, _("Nothing in the landscape matches this failure."))
        else:
            # Saved as the person who ran it may see it; each reader sees no more of it than the rule allows.
            findings = analysis.describe(national, analysis.impact(national, failed), scope)
            exercise = Exercise.objects.create(
                title=form.cleaned_data["title"],
                organisation=membership.organisation,
                scenario=scenario,
                findings=findings,
                notes=form.cleaned_data["notes"],
            )
            return redirect("landscape:exercise", pk=exercise.pk)
    status = 400 if request.method == "POST" else 200
    demo = Entity.objects.filter(source=DEMO_SOURCE).exists()
    return render(request, "landscape/exercise_new.html", {"form": form, "demo": demo}, status=status)


@login_required
def exercise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_membership(request.user)
    # Another organisation's exercise is as absent as one that does not exist.
    scope = scope_of(request.user)
    exercise = get_object_or_404(scope.owned(Exercise.objects.select_related("organisation")), pk=pk)
    findings = exercise.findings
    # Findings saved by the programme, or before they followed the rule, may name more than this reader may see.
    rows = findings.get("organisations", [])
    if not scope.all:
        named = set(scope.namespaces or ()) - {SHARED}
        named |= set(Entity.objects.filter(namespace=SHARED).values_list("owner__code", flat=True).distinct())
        rows = [row for row in rows if row["organisation"] in named]
    # Findings keep codes and references, as the API gives them; people read names.
    names = dict(
        Organisation.objects.filter(code__in=[row["organisation"] for row in rows]).values_list("code", "name")
    )
    waves = findings.get("recovery_order", [])
    refs = [*findings.get("citizen_services", []), *(ref for wave in waves for ref in wave["first"])]
    entities = entities_by_ref(scope, [*refs, exercise.scenario.get("entity", "")])

    def label(ref: str) -> str:
        entity = entities.get(ref)
        return f"{entity.title or entity.name} ({entity.owner.name})" if entity else ref

    context = {
        "exercise": exercise,
        "findings": findings,
        "counts": _counts(findings),
        "failed_entity": entities.get(exercise.scenario.get("entity", "")),
        "failed_ref": next(filter(scope.sees_ref, [exercise.scenario.get("entity", "")]), "…"),
        "demo": any(entity.source == DEMO_SOURCE for entity in entities.values()),
        "organisations": [
            {"name": names.get(row["organisation"], row["organisation"]), "entities": row["entities"]} for row in rows
        ],
        "organisations_unnamed": max((findings.get("organisations_affected") or 0) - len(rows), 0),
        "services": [label(ref) for ref in findings.get("citizen_services", []) if scope.sees_ref(ref)],
        "waves": [
            {"entities": wave["entities"], "first": [label(ref) for ref in wave["first"] if scope.sees_ref(ref)]}
            for wave in waves
        ],
        "cycles": [cycle for cycle in findings.get("cycles", []) if all(map(scope.sees_ref, cycle))],
    }
    return render(request, "landscape/exercise.html", context)


@login_required
def pqc_overview(request: HttpRequest) -> HttpResponse:
    require_membership(request.user)
    scope = scope_of(request.user)
    context = {
        "totals": crypto.counts(),
        "organisations": crypto.readiness(scope)[:200],
        "priorities": crypto.priorities(scope, limit=50),
        "quantum_year": settings.PQC_QUANTUM_YEAR,
        "long_lived": crypto.LONG_LIVED_YEARS,
        "default_migration": crypto.DEFAULT_MIGRATION_YEARS,
    }
    return render(request, "landscape/pqc.html", context)
