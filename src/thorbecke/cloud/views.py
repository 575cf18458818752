"""Cloud's front page: what each part is for, and where it is; a staff member's and the programme's own links."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from thorbecke.cloud import taxonomy
from thorbecke.cloud.framework import framework
from thorbecke.cloud.models import Need, Offering
from thorbecke.registry.permissions import is_programme, membership_of


def home(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request.user)
    current = taxonomy.current()
    context = {
        "taxonomy": current,
        "published": taxonomy.is_published(current),
        "framework": framework(),
        "offerings": Offering.objects.count(),
        "staff": membership is not None,
        "programme": is_programme(request.user),
        "own_needs": Need.objects.filter(organisation_id=membership.organisation_id).count() if membership else 0,
    }
    return render(request, "cloud/home.html", context)
