"""The demo's workforce reports, ILLUSTRATIVE throughout: eighteen real organisations across the layers of government
report made-up IT staff figures for last year and this year, computed below from a size and a few rates. They are
loosely shaped on what the research found (docs/research/issue-27-workforce.md, section 3): about a third of central
government's IT staff 55 or older (32% in 2019), external hire around 15% overall and far more at Logius (48%), many ICT
vacancies open at the Rijk, shortages in security, data and development. They are not those figures, and a page
never presents them as real: the seed's lines say "illustrative", and no real organisation reported them.

Small organisations report small counts in rare profiles, so the national views show suppressed cells too."""

from decimal import Decimal

from django.utils import timezone

from thorbecke.registry.models import Organisation
from thorbecke.workforce import publication, reports
from thorbecke.workforce.models import CoreProfile
from thorbecke.workforce.publication import place

# (code, size): size scales every profile's headcount below.
ORGANISATIONS = [
    ("rijk-ministerie-van-binnenlandse-zaken", 3.0), ("rijk-ministerie-van-financien", 2.5),
    ("rijk-ministerie-van-justitie-en-veiligheid", 2.0),
    ("rijk-logius", 4.0), ("rijk-belastingdienst", 9.0), ("rijk-uitvoeringsinstituut-werknemersverzekeringen", 6.0),
    ("rijk-dienst-uitvoering-onderwijs", 3.5),
    ("gm0363", 5.0), ("gm0599", 4.0), ("gm0344", 2.5), ("gm0307", 0.8), ("gm0855", 1.2),
    ("pv26", 0.6), ("pv28", 0.9), ("pv27", 0.7), ("ws0155", 0.4), ("ws0636", 0.35), ("ws0647", 0.3),
]  # fmt: skip
# CWA role profile: (level, persons at size 1, how much more often it is hired, how much harder to fill).
PROFILES = {
    "6": (3, 10, 1.6, 1.3),  # Developer
    "12": (3, 5, 1.2, 1.8),  # Information Security Specialist
    "27": (3, 2, 1.4, 1.8),  # Data Scientist
    "8": (4, 2, 1.0, 1.2),  # Enterprise Architect
    "15": (4, 6, 1.8, 1.0),  # Project Manager
    "19": (2, 8, 0.7, 0.8),  # Systems Administrator
    "17": (2, 9, 0.6, 0.6),  # Service Support
    "26": (3, 3, 1.8, 1.5),  # Devops Expert
    "11": (4, 1, 0.5, 1.2),  # Information Security Manager
    "2": (3, 4, 1.1, 1.0),  # Business Analyst
}
# Per layer: the share in each age band (<25 ... 65+), external hire, and open vacancies per person.
AGES = {"rijk": (3, 17, 22, 26, 28, 4), "uitvoering": (3, 17, 22, 26, 28, 4)}
OTHER_AGES = (4, 20, 25, 25, 23, 3)
EXTERNAL = {"rijk": 0.15, "uitvoering": 0.2, "gemeente": 0.12, "provincie": 0.1, "waterschap": 0.08}
LOGIUS_EXTERNAL = 0.48
LAST_YEAR = 0.95  # last year's teams, a little smaller
VACANCIES = {"rijk": 0.14, "uitvoering": 0.14}
OTHER_VACANCIES = 0.08
CORE = {
    "12": "Informatiebeveiliging raakt de kern van de dienstverlening en vraagt kennis die in huis blijft "
    "(ter illustratie).",
    "8": "De architectuur bepaalt de richting van het IT-landschap; die keuze laat de overheid niet aan de markt "
    "(ter illustratie).",
}


def _spread(total: int, weights: tuple[int, ...]) -> list[int]:
    """total split by the weights, in whole persons that add up to it (largest remainder)."""
    raw = [total * w / sum(weights) for w in weights]
    found = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - found[i], reverse=True)[: total - sum(found)]:
        found[i] += 1
    return found


def _line(code: str, level: int, headcount: int, layer: str, external: float, hired: float, hard: float) -> dict:
    ages = _spread(headcount, AGES.get(layer, OTHER_AGES))
    outgoing = int((ages[4] + ages[5]) * 0.6)  # most of those 55 or older retire within five years
    outflow = _spread(outgoing, (3, 2, 2, 2, 1)) if outgoing else [0] * 5
    hired_persons = min(headcount, round(headcount * min(external * hired, 0.9)))
    vacancies = round(headcount * VACANCIES.get(layer, OTHER_VACANCIES) * hard)
    fte = Decimal(headcount * 92 // 10) / 10
    return {
        "scheme": "cwa-16458", "code": code, "level": level, "headcount": headcount, "fte": str(fte),
        **dict(zip(reports.AGES, ages, strict=True)),
        "externalHeadcount": hired_persons, "externalFte": str(min(fte, Decimal(hired_persons * 95 // 10) / 10)),
        "vacancies": vacancies, "vacanciesOver90Days": min(vacancies, round(vacancies * min(0.4 * hard, 1))),
        **dict(zip(reports.OUTFLOW, outflow, strict=True)),
    }  # fmt: skip


def _report(organisations: dict[str, Organisation], year: int, scale: float) -> tuple[int, int]:
    """Every demo organisation's report of the year; the lines and persons reported."""
    persons = lines = 0
    for code, size in ORGANISATIONS:
        organisation = organisations.get(code)
        if organisation is None:
            continue
        layer, _province = place(organisation)
        external = LOGIUS_EXTERNAL if code == "rijk-logius" else EXTERNAL.get(layer, 0.12)
        found = []
        for profile, (level, base, hired, hard) in PROFILES.items():
            headcount = round(base * size * scale)
            if headcount:
                found.append(_line(profile, level, headcount, layer, external, hired, hard))
        reports.submit(organisation, year, found)
        persons += sum(line["headcount"] for line in found)
        lines += len(found)
    return lines, persons


def seed_reports() -> list[str]:
    """Last year's reports, published by the programme, and this year's, open: the national views show last year,
    and this year's figures wait for the programme to publish them (decision 0061)."""
    year = timezone.localdate().year
    organisations = Organisation.objects.in_bulk([code for code, _size in ORGANISATIONS], field_name="code")
    said = []
    if publication.closed(year - 1) is None:
        lines, persons = _report(organisations, year - 1, LAST_YEAR)
        publication.publish(year - 1)
        said.append(f"{len(organisations)} organisations reported {year - 1} (illustrative), published by the "
                    f"programme: {lines} lines, {persons} persons.")  # fmt: skip
    if publication.closed(year) is None:
        lines, persons = _report(organisations, year, 1.0)
        said.append(f"{len(organisations)} organisations reported {year} (illustrative), not yet published: "
                    f"{lines} lines, {persons} persons.")  # fmt: skip
    for profile, reason in CORE.items():
        CoreProfile.objects.update_or_create(scheme="cwa-16458", code=profile, defaults={"reason": reason})
    return [*said, f"{len(CORE)} profiles marked core by the programme (illustrative)."]
