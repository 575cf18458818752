"""The national routing rules, edited by the programme: each draft can be tried at a sample point,
showing where a report would go with the draft in force, before it is saved."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thorbecke.registry.permissions import can_change
from thorbecke.signals.forms import RuleForm
from thorbecke.signals.models import RoutingRule
from thorbecke.signals.routing import Route, RoutingError, route


def _require_programme(request: HttpRequest) -> None:
    if not can_change(request.user, RoutingRule()):
        raise PermissionDenied


@login_required
def rule_list(request: HttpRequest) -> HttpResponse:
    _require_programme(request)
    rules = RoutingRule.objects.select_related("category", "area", "handled_by", "changed_by")
    return render(request, "signals/rules.html", {"rules": rules})


def _try(form: RuleForm) -> Route | str:
    """Where a report at the sample point would go with the draft in place of the saved rule."""
    draft: RoutingRule = form.instance
    data = form.cleaned_data
    draft.category, draft.area, draft.handled_by = data["category"], data["area"], data["handled_by"]
    draft.active = data["active"]
    others = (
        RoutingRule.objects.filter(category=draft.category).exclude(pk=draft.pk).select_related("area", "handled_by")
    )
    try:
        return route(draft.category, data["sample_lat"], data["sample_long"], rules=[draft, *others])
    except RoutingError as exc:
        return str(exc)


@login_required
@require_http_methods(["GET", "POST"])
def rule_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_programme(request)
    rule = get_object_or_404(RoutingRule, pk=pk) if pk else RoutingRule()
    form = RuleForm(request.POST or None, instance=rule)
    context: dict[str, object] = {"form": form, "rule": rule}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if "test" in request.POST:
            if data["sample_lat"] is None or data["sample_long"] is None:
                form.add_error("sample_lat", _("Give a sample point to test the rule at."))
                return render(request, "signals/rule_edit.html", context, status=400)
            context["tried"] = _try(form)
            return render(request, "signals/rule_edit.html", context)
        with transaction.atomic():
            saved = form.save(commit=False)
            saved.changed_by = request.user
            saved.save()
        messages.success(request, _("The routing rule has been saved."))
        return redirect("signals:rules")
    return render(request, "signals/rule_edit.html", context, status=400 if request.method == "POST" else 200)
