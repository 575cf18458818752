"""Loading the register of government organisations into the database.

Idempotent (a second run with the same files changes nothing), transactional (any error
rolls everything back) and historical: an organisation that is no longer in the sources is
ended, with a link to its successor where the TOOI registers name one; it is never deleted.
"""

import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from thorbecke.registry import sources
from thorbecke.registry.models import Domain, ImportRun, Organisation

_FIELDS = ("org_type", "name", "short_name", "sort_name", "tooi_uri", "register_code", "owms_id", "end_date", "source")


def read_sources(data_dir: Path, known: dict[str, sources.OrganisationRecord] | None = None) -> sources.Sources:
    """Read and check every source file; raises SourceError before anything is written.

    ``known`` are organisations already in the register but absent from the files: their
    domains still match them, so ending an organisation keeps its websites on record.
    """
    result = sources.Sources()
    organisations = sources.read_organisation_list(data_dir / sources.ORGANISATIONS_FILE)
    for name in sources.TOOI_REGISTER_FILES:
        ended, successors = sources.read_tooi_register(data_dir / name)
        for code, record in ended.items():
            organisations.setdefault(code, record)
        result.successors.update(successors)
    organisations.update(sources.read_agencies(data_dir / sources.DOMAINS_FILE))
    agencies, agency_domains = sources.read_executive_agencies(
        sources.EXECUTIVE_AGENCIES_FILE, data_dir / sources.DOMAINS_FILE
    )
    organisations.update(agencies)
    result.organisations = organisations
    aliases = {**sources.read_domain_aliases(sources.DOMAIN_ALIASES_FILE), **agency_domains}
    pool = {**(known or {}), **organisations}
    result.domains, result.unmatched_domains = sources.match_domains(data_dir / sources.DOMAINS_FILE, pool, aliases)
    for name in (sources.ORGANISATIONS_FILE, *sources.TOOI_REGISTER_FILES, sources.DOMAINS_FILE):
        result.checksums[name] = hashlib.sha256((data_dir / name).read_bytes()).hexdigest()
    return result


def import_organisations(
    data_dir: Path, today: dt.date | None = None, progress: Callable[[str], None] | None = None
) -> ImportRun:
    report = progress or (lambda message: None)
    report(f"Reading sources in {data_dir}")
    today = today or timezone.localdate()
    known = {
        org.code: sources.OrganisationRecord(
            code=org.code,
            org_type=org.org_type,
            name=org.name,
            short_name=org.short_name,
            sort_name=org.sort_name,
            end_date=org.end_date or today,
        )
        for org in Organisation.objects.all()
    }
    read = read_sources(data_dir, known)
    with transaction.atomic():
        run = ImportRun(source_checksums=read.checksums, domains_unmatched=read.unmatched_domains)
        existing = {org.code: org for org in Organisation.objects.select_for_update()}

        report(f"Writing {len(read.organisations)} organisations")
        created: set[str] = set()
        for code, record in read.organisations.items():
            if code not in existing:
                existing[code] = Organisation.objects.create(
                    code=code, **{name: getattr(record, name) for name in _FIELDS}
                )
                created.add(code)
        run.created = len(created)
        ids = {code: org.pk for code, org in existing.items()}

        for code, org in existing.items():
            record = read.organisations.get(code)
            if record is None:
                # Gone from every source: end it (keeping what is known), never delete it.
                wanted = {"end_date": org.end_date or today}
            else:
                wanted = {name: getattr(record, name) for name in _FIELDS}
                wanted["province_id"] = ids.get(record.province_code)
                wanted["parent_id"] = ids.get(record.parent_code)
            if code in read.successors:
                wanted["successor_id"] = ids[read.successors[code]]
            changed = [name for name, value in wanted.items() if getattr(org, name) != value]
            if not changed:
                run.unchanged += code not in created
                continue
            for name in changed:
                setattr(org, name, wanted[name])
            org.save()
            if code in created:
                continue
            if record is None and "end_date" in changed:
                run.ended += 1
            else:
                run.updated += 1

        report(f"Linking {len(read.domains)} domains")
        current = {d.name: d for d in Domain.objects.all()}
        for name, code in read.domains.items():
            domain = current.pop(name, None)
            org = existing[code]
            if domain is None:
                Domain.objects.create(name=name, organisation=org, source=sources.DOMAINS_FILE)
            elif domain.organisation_id != org.pk:
                domain.organisation = org
                domain.save(update_fields=["organisation"])
        Domain.objects.filter(name__in=list(current)).delete()
        run.domains_linked = len(read.domains)
        run.save()
    return run
