"""The owner's page for an algorithm's links: the processing activities it serves and what it runs on (decision 0041).
Its supplier stays in the description (the standard's field); this page shows which landscape supplier that is."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thorbecke.ai.forms_links import LinksForm
from thorbecke.ai.links import landscape, save_links, supplier_name
from thorbecke.ai.models import Algorithm
from thorbecke.registry.permissions import require_change


@login_required
@require_http_methods(["GET", "POST"])
def algorithm_links(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    algorithm = get_object_or_404(Algorithm.objects.select_related("organisation"), public_id=public_id)
    require_change(request.user, algorithm)
    form = LinksForm(request.POST or None, algorithm=algorithm)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        save_links(algorithm, data["activities"], data["runs_on"], request.user, data["note"])
        messages.success(request, _("The links have been saved."))
        return redirect("ai:algorithm-links", public_id=algorithm.public_id)
    supplier, known = supplier_name(algorithm), landscape()
    context = {
        "algorithm": algorithm,
        "form": form,
        "supplier": supplier,
        "supplier_found": known.supplier(request.user, supplier) if known and supplier else None,
        "landscape_available": known is not None,
    }
    return render(request, "ai/algorithm_links.html", context, status=400 if form.errors else 200)
