"""The directory's data services as other layers may name them (``steering``'s bottlenecks point at one), so they
need not read the exchange tables. A service is named ``<organisation code>/<service name>``, as the directory's
API addresses it (``/api/v1/directory/services/{code}/{name}``). These are the services the hub keeps a description
of; the FSC directory on the hub's node is not asked, so the list is there without a node and never waits on one."""

from dataclasses import dataclass

from thorbecke.exchange.models import DataService
from thorbecke.registry.localised import localised


@dataclass(frozen=True)
class DirectoryService:
    key: str  # "<organisation code>/<service name>"
    organisation: str  # the organisation's name
    title_nl: str
    title_en: str

    @property
    def title(self) -> str:
        return localised(self, "title")


def services() -> list[DirectoryService]:
    """Every described service, by organisation and name."""
    rows = DataService.objects.select_related("peer__organisation").order_by("peer__organisation__sort_name", "name")
    return [
        DirectoryService(f"{s.peer.organisation.code}/{s.name}", s.peer.organisation.name, s.title_nl, s.title_en)
        for s in rows
    ]


def service(key: str) -> DirectoryService | None:
    code, _, name = (key or "").partition("/")
    found = DataService.objects.select_related("peer__organisation").filter(
        peer__organisation__code=code, name=name
    ).first()
    if found is None:
        return None
    return DirectoryService(key, found.peer.organisation.name, found.title_nl, found.title_en)
