"""The job profiles that workforce reports, pool members and courses refer to.

Until the programme publishes a profile set (the KWIV's 61 profiles, once it has the workbook's list), they are the
30 European ICT role profiles of CWA 16458-1:2018, under the scheme ``cwa-16458``; after it, the newest published
set's profiles, under the scheme of its version. What was reported under a scheme stays readable under it, so a
profile is always named by scheme and code together."""

from dataclasses import dataclass

from thorbecke.workforce import competences
from thorbecke.workforce.competences import Need, Texts

CWA = "cwa-16458"


@dataclass(frozen=True)
class JobProfile:
    scheme: str
    code: str
    name: Texts
    needs: tuple[Need, ...]  # empty where the source gives no competences (the CWA profiles' are not public)

    @property
    def key(self) -> str:
        return f"{self.scheme}:{self.code}"

    def __str__(self) -> str:
        return str(self.name)


def _cwa() -> list[JobProfile]:
    return [
        JobProfile(CWA, str(number), Texts(name, name), ())  # the CWA names are English titles in Dutch use too
        for number, name in competences.role_profiles().profiles
    ]


def schemes() -> dict[str, list[JobProfile]]:
    """Every scheme with its profiles: the CWA role profiles and each published profile set, newest first."""
    found = {row.version: [JobProfile(row.version, p.code, p.name, p.needs) for p in content.profiles]
             for row, content in competences.published()}  # fmt: skip
    found[CWA] = _cwa()
    return found


def current_scheme() -> str:
    published = competences.published()
    return published[0][0].version if published else CWA


def current() -> list[JobProfile]:
    """The profiles new reports, pool profiles and courses use."""
    return schemes()[current_scheme()]


def find(scheme: str, code: str) -> JobProfile | None:
    return next((p for p in schemes().get(scheme, []) if p.code == code), None)
