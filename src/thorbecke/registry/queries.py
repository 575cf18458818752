"""Queries on the register shared by its API and its pages."""

from django.db.models import Q, QuerySet

from thorbecke.registry.models import Organisation


def filter_organisations(
    org_type: str | None = None, province: str | None = None, q: str | None = None, active: bool = True
) -> QuerySet[Organisation]:
    """The one filter behind both the API and the organisations page."""
    queryset = Organisation.objects.select_related("province").filter(end_date__isnull=active)
    if org_type:
        queryset = queryset.filter(org_type=org_type)
    if province:
        queryset = queryset.filter(province__code=province)
    if q:
        queryset = queryset.filter(
            Q(name__icontains=q) | Q(code__iexact=q) | Q(register_code__iexact=q) | Q(domains__name__iexact=q)
        ).distinct()
    return queryset
