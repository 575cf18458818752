"""Benchmark: the national IT landscape at full size (issue 8).

A synthetic landscape of 1,000 organisations with 300 entities each, shared building blocks and
suppliers with a skewed market (a few suppliers hold most municipalities, as in practice): about
300,000 entities and 1.5 million relations. Targets: import under 60 s, "what depends on this"
p95 under 100 ms, a full exercise (a supplier fails: everything that goes down, the organisations,
the citizen services, the addresses, the recovery order) under 2 s, hub memory under 2 GB.

Runs in-process on a fresh SQLite database in a temporary folder, or on the PostgreSQL database
named by THORBECKE_DATABASE_URL (which it migrates and fills; use an empty one).

    .venv/bin/python bench/landscape_graph.py [--organisations 1000] [--entities 300]
"""

import argparse
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import date

FUNCTIONS = [
    "zaaksysteem", "burgerzaken", "belastingen", "sociaal-domein", "financien", "hrm", "documentbeheer",
    "gis", "vergunningen", "klantcontact", "website", "e-mail", "kantoorautomatisering", "archief",
    "parkeren", "afval", "jeugdzorg", "wmo", "schuldhulp", "inkoop", "planning", "crm", "bi", "werkplek",
    "telefonie", "identity", "backup", "netwerk", "beveiliging", "ai",
]  # fmt: skip
COUNTRIES = ["NL"] * 14 + ["DE", "BE", "FR", "IE", "US", "US", "US", "GB", "CH", "IN"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--organisations", type=int, default=1000)
    parser.add_argument("--entities", type=int, default=300)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="thorbecke-landscape-bench-")
    os.environ.setdefault("THORBECKE_DATA_DIR", tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thorbecke.hub.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", "--no-input", "--verbosity", "0")
    call_command("import_organisations", "--verbosity", "0")
    import numpy as np
    from django.conf import settings

    from thorbecke.landscape import analysis, graph
    from thorbecke.landscape.catalog import Draft
    from thorbecke.landscape.importer import import_drafts
    from thorbecke.landscape.models import Entity, Supplier
    from thorbecke.landscape.visibility import Scope
    from thorbecke.registry.models import Organisation
    from thorbecke.services.catalogue import read_upl

    print(f"database: {connection.vendor}")
    rng = random.Random(2026)
    organisations = list(Organisation.objects.filter(end_date__isnull=True).order_by("org_type", "code"))
    missing = args.organisations - len(organisations)
    if missing > 0:
        Organisation.objects.bulk_create(
            [
                Organisation(
                    code=f"bench-{i:04d}",
                    org_type="rijksorganisatie",
                    name=f"Benchmarkorganisatie {i}",
                    short_name=f"Benchmarkorganisatie {i}",
                    sort_name=f"benchmarkorganisatie {i:04d}",
                    source="bench/landscape_graph.py",
                )
                for i in range(missing)
            ]
        )
        organisations = list(Organisation.objects.filter(end_date__isnull=True).order_by("org_type", "code"))
    organisations = organisations[: args.organisations]
    programme = Organisation.objects.get(code="rijk-ministerie-van-binnenlandse-zaken")
    products = sorted(read_upl(settings.SHARED_DATA_DIR / "upl_uniforme_productnamenlijst_2023-07.csv"))

    # Suppliers with a Zipf-like market: supplier k holds a share proportional to 1/k.
    suppliers = [(f"Leverancier {k:03d}", rng.choice(COUNTRIES)) for k in range(1, 121)]
    weights = [1 / k for k in range(1, len(suppliers) + 1)]
    shared = []
    for number in range(300):  # SaaS products used by many: one node each, not one per customer
        supplier, country = rng.choices(suppliers, weights)[0]
        function = FUNCTIONS[number % len(FUNCTIONS)]
        shared.append(
            Draft(
                "Component", f"saas-{function}-{number:03d}", "shared", f"saas {number}", type="service",
                function=function, supplier=supplier, supplier_country=country, hosting="cloud",
                hosting_provider=rng.choice(["Azure", "AWS", "Google Cloud", "Cyso", "Previder"]),
                hosting_region=rng.choice(["westeurope", "eu-central-1", "europe-west4", "nl-ams"]),
                jurisdiction=rng.choice(["NL", "US", "DE"]), availability=rng.choice([2, 3]),
            )
        )  # fmt: skip
    for block in ("digid", "brp", "eherkenning", "mijnoverheid", "pkioverheid", "digikoppeling", "bsnk"):
        shared.append(Draft("Component", block, "shared", f"building block {block}", type="service", availability=3))
    start = time.perf_counter()
    import_drafts(programme, shared, "bench")
    shared_refs = [d.ref("shared") for d in shared]
    saas_by_function: dict[str, list[str]] = {}
    for draft in shared[:300]:
        saas_by_function.setdefault(draft.function, []).append(draft.ref("shared"))

    n_services, n_apis, n_resources = 20, args.entities // 8, args.entities // 5
    n_apps = args.entities - n_services - n_apis - n_resources
    for number, organisation in enumerate(organisations, start=1):
        drafts = []
        resources = [f"resource:r{i}" for i in range(n_resources)]
        for i in range(n_resources):
            kind = rng.choice(["database", "server", "storage"])
            hosted_on = [("dependsOn", f"resource:r{i // 10}")]
            drafts.append(Draft("Resource", f"r{i}", "", "", type=kind, relations=hosted_on))
        apps = []
        for i in range(n_apps):
            function = rng.choice(FUNCTIONS)
            app = Draft(
                "Component", f"app{i}", "", "", type="service", function=function,
                supplier=rng.choices(suppliers, weights)[0][0], availability=rng.choice([1, 2, 3]),
                end_of_support=None if rng.random() < 0.8 else date(2024 + rng.randrange(6), 6, 30),
            )  # fmt: skip
            app.relations += [("dependsOn", rng.choice(resources)) for _ in range(3 + (rng.random() < 0.7))]
            if rng.random() < 0.6:
                app.relations.append(("dependsOn", rng.choice(saas_by_function[function])))
            apps.append(app)
        for i in range(n_apis):
            runs_on = [("dependsOn", rng.choice(resources))]
            drafts.append(Draft("API", f"api{i}", "", "", type="openapi", relations=runs_on))
            apps[i % n_apps].relations.append(("providesApi", f"api{i}"))
        for app in apps:  # chains between applications make the graph deep, as real landscapes are
            app.relations += [("consumesApi", f"api{rng.randrange(n_apis)}") for _ in range(2)]
            if rng.random() < 0.5:
                app.relations.append(("dependsOn", f"component:app{rng.randrange(n_apps)}"))
        for i in range(n_services):
            service = Draft("Component", f"dienst{i}", "", "", type="website", product_uri=rng.choice(products))
            service.relations += [("dependsOn", f"component:app{rng.randrange(n_apps)}") for _ in range(5)]
            service.relations.append(("dependsOn", rng.choice(shared_refs[300:])))
            drafts.append(service)
        drafts += apps
        import_drafts(organisation, drafts, "bench")
        if number % 100 == 0:
            print(f"  imported {number} organisations ({time.perf_counter() - start:.0f} s)", flush=True)
    imported = time.perf_counter() - start
    entities = Entity.objects.count()
    from thorbecke.landscape.models import Relation

    relations = Relation.objects.count()
    print(f"import: {entities:,} entities and {relations:,} relations in {imported:.1f} s (target < 60 s)")

    start = time.perf_counter()
    national = graph.current()
    print(f"graph built from the database in {time.perf_counter() - start:.1f} s ({national.edges:,} edges)")

    timings, sizes = [], []
    # Random entities, plus the shared ones with the most dependents: 20 SaaS products and the building blocks.
    nodes = rng.sample(range(len(national.nodes)), args.queries - 27)
    nodes += [national.by_ref[r] for r in shared_refs[:20] + shared_refs[-7:]]
    for node in nodes:
        begin = time.perf_counter()
        current = graph.current()  # as a request does: check the revision, then walk
        mask = current.dependents(np.array([node]))
        owners = current.owners(mask)
        timings.append((time.perf_counter() - begin) * 1000)
        sizes.append((int(mask.sum()), len(owners)))
    timings.sort()
    print(
        f"what depends on this ({len(timings)} nodes, incl. the shared building blocks): "
        f"p50 {statistics.median(timings):.1f} ms, p95 {timings[int(0.95 * len(timings))]:.1f} ms, "
        f"max {timings[-1]:.1f} ms (target p95 < 100 ms); largest: {max(sizes)[0]:,} entities, "
        f"{max(sizes)[1]:,} organisations"
    )

    for label, failed in (
        ("the largest supplier fails", national.failing(supplier=Supplier.objects.get(name=suppliers[0][0]).pk)),
        ("DigiD fails", national.failing(entity="component:shared/digid")),
        ("a cloud provider fails (Azure)", national.failing(provider="Azure")),
    ):
        begin = time.perf_counter()
        result = analysis.impact(national, failed)
        described = analysis.describe(national, result, Scope.everything())
        took = time.perf_counter() - begin
        print(
            f"exercise, {label}: {took:.2f} s (target < 2 s): {result.failed:,} fail, {result.affected:,} go down, "
            f"{described['organisations_affected']:,} organisations, {described['citizen_services_affected']:,} "
            f"citizen services, {result.addresses:,} addresses, {len(result.waves)} recovery waves, "
            f"{len(result.cycles)} cycles"
        )
    # The same questions through the hub's API, as another organisation's tool asks them (Django's test client:
    # middleware, authentication, the view and JSON, without the network).
    from django.test import Client

    from thorbecke.registry.accounts import create_account

    user = create_account("bench-staff", "gm0344", "viewer", "bench-password-not-secret").user
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    api_timings = []
    for node in nodes[:200]:
        ref = national.nodes[node].ref
        if not (ref.startswith("component:shared/") or "/gm0344/" in ref):
            ref = rng.choice(shared_refs)
        begin = time.perf_counter()
        response = client.get("/api/v1/landscape/dependents", {"ref": ref})
        api_timings.append((time.perf_counter() - begin) * 1000)
        assert response.status_code == 200, response.content
    api_timings.sort()
    print(
        f"what depends on this, GET /api/v1/landscape/dependents ({len(api_timings)} requests): "
        f"p50 {statistics.median(api_timings):.1f} ms, p95 {api_timings[int(0.95 * len(api_timings))]:.1f} ms"
    )
    # The whole of a supplier is the national programme's to see (others see what of it is theirs or shared).
    programme = create_account("bench-programme", "rijk-ministerie-van-binnenlandse-zaken", "programme", "x-not-secret")
    client.force_login(programme.user)
    begin = time.perf_counter()
    response = client.get("/api/v1/landscape/impact", {"supplier": suppliers[0][0]})
    assert response.status_code == 200
    print(f"exercise over the API (largest supplier): {time.perf_counter() - begin:.2f} s")
    for label, compute in (
        ("single points of failure", analysis.single_points_of_failure),
        ("supplier concentration", lambda: analysis.concentration(Scope.everything())),
        ("outside the EU", lambda: analysis.outside_eu(Scope.everything())),
    ):
        begin = time.perf_counter()
        rows = compute()
        print(f"{label}: {len(rows)} rows in {time.perf_counter() - begin:.2f} s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process (hub code, graph and caches): {peak:.0f} MB (target < 2,048 MB)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
