"""Cloud's front page: what each part is for, and where it is."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from thorbecke.cloud import taxonomy
from thorbecke.cloud.framework import framework


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "cloud/home.html", {"taxonomy": taxonomy.current(), "framework": framework()})
