"""The course catalogue's pages: search (public), a course (public), learning paths per archetype (public), the
programme's upload of a course list; and AI literacy, which only an organisation's own staff and the programme see."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thorbecke.registry.permissions import can_change, is_programme, require_change, require_membership
from thorbecke.workforce import ai_literacy, competences, courses, profiles
from thorbecke.workforce.forms_courses import AiLiteracyForm, CourseUploadForm, SearchForm
from thorbecke.workforce.models import AiLiteracyRecord, Course


def _programme(request: HttpRequest) -> bool:
    return can_change(request.user, Course())


def _names() -> dict[str, competences.Archetype]:
    return {a.code: a for a in competences.archetypes().archetypes}


def catalogue(request: HttpRequest, upload: CourseUploadForm | None = None, status: int = 200) -> HttpResponse:
    form = SearchForm(request.GET or None)
    context: dict = {"form": form, "archetypes": _names(), "framework": competences.framework()}
    if form.is_bound and not form.is_valid():
        context["found"], status = [], 400
    else:
        data = form.cleaned_data if form.is_bound else {}
        all_courses = courses.catalogue()
        profile_key, lacking = data.get("profiel"), data.get("tekort")
        if profile_key:
            scheme, _colon, code = profile_key.partition(":")
            context["profile"] = profiles.find(scheme, code)
            context["matches"] = courses.courses_for_profile(context["profile"], all_courses)
        elif lacking and form.archetype():
            context["gap"] = [n for n in form.archetype().needs if n.competence.code in lacking]
            context["matches"] = courses.courses_for_needs(context["gap"], all_courses)
        else:
            context["found"] = courses.search(form.filters(), all_courses) if form.is_bound else all_courses
    context["programme"] = _programme(request)
    context["upload"] = upload or (CourseUploadForm() if context["programme"] else None)
    return render(request, "workforce/courses.html", context, status=status)


def course(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Course.objects.prefetch_related("runs"), pk=pk)
    framework = competences.framework()
    keys = [key.partition(":") for key in found.profiles]
    return render(
        request, "workforce/courses_detail.html",
        {
            "course": found,
            "taught": [(framework.competences[c["code"]], c["level"]) for c in found.competences],
            "archetypes": [_names()[code] for code in found.archetypes if code in _names()],
            "profiles": [profiles.find(scheme, code) or f"{scheme}:{code}" for scheme, _c, code in keys],
        },
    )  # fmt: skip


@login_required
@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    require_change(request.user, Course())
    form = CourseUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return catalogue(request, form, status=400)
    added, changed = courses.save(form.cleaned_data["file"])
    messages.success(request, _("The course list is saved: %(added)s added, %(changed)s replaced.") % {
        "added": added, "changed": changed})  # fmt: skip
    return redirect("workforce:courses")


def learning_paths(request: HttpRequest) -> HttpResponse:
    all_courses = courses.catalogue()
    paths = [courses.learning_path(a, all_courses) for a in competences.archetypes().archetypes]
    return render(request, "workforce/courses_paths.html", {"paths": paths})


def _ai_literacy(request: HttpRequest, form: AiLiteracyForm | None = None, status: int = 200) -> HttpResponse:
    membership = require_membership(request.user)
    organisation = membership.organisation
    may_record = can_change(request.user, AiLiteracyRecord(organisation=organisation))
    covered = ai_literacy.coverage(organisation)
    context = {
        "organisation": organisation,
        "coverage": covered,
        "records": AiLiteracyRecord.objects.filter(organisation=organisation).prefetch_related("courses", "algorithms"),
        "may_record": may_record and bool(covered),
        "form": form or (AiLiteracyForm(organisation=organisation) if may_record and covered else None),
        "programme": is_programme(request.user),
    }
    if context["programme"]:
        context["national"] = ai_literacy.ai_literacy_coverage()
        context["deploying"] = ai_literacy.deploying()
        context["states"] = ai_literacy.STATES
    return render(request, "workforce/courses_ai_literacy.html", context, status=status)


@login_required
def ai_literacy_page(request: HttpRequest) -> HttpResponse:
    return _ai_literacy(request)


@login_required
@require_POST
def ai_literacy_record(request: HttpRequest) -> HttpResponse:
    membership = require_membership(request.user)
    if not can_change(request.user, AiLiteracyRecord(organisation=membership.organisation)):
        raise PermissionDenied
    form = AiLiteracyForm(request.POST, organisation=membership.organisation)
    if form.is_valid():
        data = form.cleaned_data
        try:
            ai_literacy.record(
                membership.organisation, measured_on=data["measured_on"], staff_operating=data["staff_operating"],
                staff_trained=data["staff_trained"], measure=data["measure"], courses=list(data["courses"]),
                algorithms=list(data["algorithms"]),
            )  # fmt: skip
        except competences.ModelError as error:
            form.add_error(error.field, str(error).partition(": ")[2])
    if not form.is_valid():
        return _ai_literacy(request, form, status=400)
    messages.success(request, _("The AI literacy record is saved."))
    return redirect("workforce:ai-literacy")
