"""The demo registers Thorbecke's own algorithms (issue 24 item 6, decision 0040): the front door's search, the
report classifier and the proactive screening, described in the publication standard (``data/own_algorithms``),
published under the organisation that operates the hub, classified by walking the real AI Act decision aid with the
answers in ``classification.yaml``, and given their framework checklist.

The measured quality is not in the data files: it is read from the benchmarks' latest results (bench/results/*.json,
written by each benchmark run) when the demo seeds, and added to the description's technical operation, the
standard's field for how the algorithm works (the standard 1.0.0 has no field of its own for quality). A new run of a
benchmark and a new seed give a new version of the description; an unchanged one gives none."""

import json
from collections.abc import Callable
from datetime import date
from importlib.metadata import version
from pathlib import Path

import yaml
from django.db import transaction

from thorbecke.ai.checklist import checklist
from thorbecke.ai.classification import current_tree, latest, store
from thorbecke.ai.decision_aid import follow
from thorbecke.ai.framework import load_framework
from thorbecke.ai.models import AiApplication, Algorithm, ChecklistItem, Lifecycle
from thorbecke.ai.own import PROACTIVE_SCREENING, REPORT_CLASSIFIER, SEARCH
from thorbecke.ai.register import move, save_description
from thorbecke.exchange.federated import HUB_ORGANISATION
from thorbecke.locations import REPO_ROOT
from thorbecke.registry.models import Organisation

FOLDER = Path(__file__).parent / "data" / "own_algorithms"
RESULTS = REPO_ROOT / "bench" / "results"
ANSWERS = FOLDER / "classification.yaml"
CATALOGUE = FOLDER / "catalogue.yaml"
# key -> (description file, benchmark whose results hold its quality)
DESCRIBED = {
    SEARCH: ("voordeur-zoeken.json", "search_quality"),
    REPORT_CLASSIFIER: ("meldingen-categorie.json", "signals_classifier"),
    PROACTIVE_SCREENING: ("proactieve-screening.json", "proactive_screening"),
}
QUALITY_HEADING = "Gemeten kwaliteit"


def percent(share: float) -> str:
    return f"{share * 100:.1f}%".replace(".", ",")


def number(value: float, decimals: int = 0) -> str:
    """Dutch notation: 1.000.000 and 12,5."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def _search(f: dict) -> str:
    every, held_out = f["hybrid"]["all"], f["hybrid"]["held-out"]
    business = f["entrepreneurs_hidden_for_business"]
    return (
        f"Van {every['answered']} vragen over een product uit de vaste vragenset staat het goede product bij "
        f"{percent(every['top3'])} bij de eerste drie en bij {percent(every['top1'])} bovenaan; van "
        f"{every['none_total']} vragen die geen overheidszaak zijn, krijgt {percent(every['none'])} terecht geen "
        f"product. Op de helft die niet voor het afstellen is gebruikt: {percent(held_out['top3'])} bij de eerste "
        f"drie. Vragen van ondernemers die pas na het afstellen zijn geschreven: {percent(business['top3'])} bij de "
        f"eerste drie. Zoeken duurt in 95% van de gevallen hoogstens {number(every['p95'], 1)} ms."
    )


def _classifier(f: dict) -> str:
    languages = "; ".join(
        f"{'Nederlands' if language == 'nl' else 'Engels' if language == 'en' else language}: "
        f"{percent(by['top1'])} als eerste, {percent(by['top3'])} bij de eerste drie ({by['n']} meldingen)"
        for language, by in sorted(f["by_language"].items())
    )
    return (
        f"Op {f['held_out']} gelabelde meldingen die nooit voor training of afstelling zijn gebruikt, is de juiste "
        f"soort bij {percent(f['top1'])} het eerste voorstel en bij {percent(f['top3'])} een van de eerste drie "
        f"({languages}). Bij {f['categories_below_80_top1']} van de {f['categories']} soorten is het eerste voorstel "
        f"minder dan 80% van de keren juist. Een voorstel duurt in 95% van de gevallen hoogstens "
        f"{number(f['suggest_p95_ms'], 1)} ms."
    )


def _screening(f: dict) -> str:
    runs = "; ".join(
        f"{number(run['persons'])} personen in {number(run['seconds'], 1)} s ({run['run']})" for run in f["runs"]
    )
    household = f["household_rescreen"]
    return (
        f"Snelheid: {runs}. Eén huishouden opnieuw screenen na een wijziging duurt in 95% van de gevallen "
        f"hoogstens {number(household['p95_ms'], 1)} ms. Een percentage juiste uitkomsten wordt niet gemeten: de "
        f"juistheid van de regels wordt getoetst met rekenvoorbeelden uit de wet en externe bronnen."
    )


SUMMARIES: dict[str, Callable[[dict], str]] = {
    "search_quality": _search,
    "signals_classifier": _classifier,
    "proactive_screening": _screening,
}


def quality(benchmark: str, results: Path = RESULTS) -> str:
    """The paragraph on measured quality, from the benchmark's latest results file; says so when there is none."""
    path = results / f"{benchmark}.json"
    if not path.exists():
        return f"{QUALITY_HEADING}: nog niet gemeten (bench/{benchmark}.py is nog niet gedraaid)."
    result = json.loads(path.read_text(encoding="utf-8"))
    cores, load = result["machine"]["cores"], result["machine"].get("load_average_1m") or 0
    # A shared machine makes every timing longer: say so, rather than let a slow figure stand unexplained.
    busy = ", die tegelijk ander werk deden: de tijden zijn langer dan op een vrije machine" if load > cores else ""
    measured = (
        f"{QUALITY_HEADING} (bench/{benchmark}.py, {result['finished'][:10]}, op een machine met {cores} "
        f"processorkernen{busy})"
    )
    return f"{measured}: {SUMMARIES[benchmark](result['figures'])}"


def description(key: str, results: Path = RESULTS) -> dict:
    """The description as it is published: the data file, with the latest measured quality added to its technical
    operation."""
    file, benchmark = DESCRIBED[key]
    document = json.loads((FOLDER / file).read_text(encoding="utf-8"))
    document["technical_operation"] += "\n\n" + quality(benchmark, results)
    return document


def answers() -> dict[str, dict[str, str]]:
    """Per algorithm: question id -> answer text, as classification.yaml gives them."""
    given = yaml.safe_load(ANSWERS.read_text(encoding="utf-8"))
    return {key: {question: item["answer"] for question, item in chosen.items()} for key, chosen in given.items()}


def classify(algorithm: Algorithm, chosen: dict[str, str]) -> bool:
    """Walk the decision aid with these answers and keep the result; not again when the newest classification has
    the same answers on the same tree. Refused (ValueError, naming the question) when the answers do not reach a
    conclusion."""
    tree = current_tree()
    walk = follow(tree, chosen)
    if walk.conclusion is None:
        stuck = walk.refused or walk.question
        raise ValueError(f"{algorithm.source_id}: the decision aid's question {stuck} has no fitting answer")
    asked = [(step.question, step.answer) for step in walk.steps]
    unasked = set(chosen) - {question for question, _answer in asked}
    if unasked:
        raise ValueError(f"{algorithm.source_id}: the decision aid did not ask {', '.join(sorted(unasked))}")
    newest = latest(algorithm)
    if newest and newest.tree_digest == tree.digest and [(a["question"], a["answer"]) for a in newest.answers] == asked:
        return False
    store(algorithm, tree, walk, None)
    return True


def create_checklist(algorithm: Algorithm) -> int:
    """The framework's requirements and measures for the algorithm's AI Act profile, each as work to do; work already
    recorded is kept. Returns how many were added."""
    framework = load_framework()
    lines = checklist(algorithm, framework.profile(algorithm.ai_act_profile), framework)
    wanted = [line for _requirement, line in lines.requirements] + [line for _p, ls in lines.phases for line in ls]
    added = [
        ChecklistItem(algorithm=algorithm, organisation_id=algorithm.organisation_id, item=line.id, title=line.title)
        for line in {line.id: line for line in wanted}.values()
        if line.work is None
    ]
    ChecklistItem.objects.bulk_create(added)
    return len(added)


@transaction.atomic
def seed_own_algorithms(results: Path = RESULTS) -> int:
    """Idempotent; returns how many descriptions were added or changed (0 when the hub's operator is not in the
    register)."""
    owner = Organisation.objects.filter(code=HUB_ORGANISATION).first()
    if owner is None:
        return 0
    chosen, changed = answers(), 0
    for key in DESCRIBED:
        document = description(key, results)
        if document["organization"] != owner.name:
            raise ValueError(f"{key}: described for {document['organization']!r}, registered by {owner.name!r}")
        algorithm = Algorithm.objects.filter(organisation=owner, source_id=key).order_by("pk").first()
        if algorithm is None:
            algorithm = save_description(document, organisation=owner, note="Demo: Thorbecke's own algorithm")
            changed += 1
        elif algorithm.document != document:
            save_description(document, algorithm=algorithm, note="Demo: the benchmark's latest figures")
            changed += 1
        if algorithm.lifecycle != Lifecycle.PUBLISHED:
            move(algorithm, "publish", None, "Demo")
        classify(algorithm, chosen[key])
        create_checklist(algorithm)
        offer_for_reuse(algorithm, results)
    return changed


def _top3(benchmark: str, figures: dict) -> float:
    return figures["hybrid"]["all"]["top3"] if benchmark == "search_quality" else figures["top3"]


def offer_for_reuse(algorithm: Algorithm, results: Path = RESULTS) -> AiApplication | None:
    """The search and the classifier in the catalogue of reusable AI, linked to their register entry, with the
    quality of the benchmark's latest results (none shown when it has not run)."""
    offered = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8")).get(algorithm.source_id)
    if offered is None:
        return None
    path = results / f"{offered['benchmark']}.json"
    result = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
    fields = {
        "purpose": offered["purpose"],
        "open_source": True,
        "licence": offered["licence"],
        "model_name": offered["model_name"],
        "model_version": f"{offered['model_package']} {version(offered['model_package'])}",
        "model_origin": offered["model_origin"],
        "model_licence": offered["model_licence"],
        "data_provenance": offered["data_provenance"],
        "algorithm": algorithm,
        "quality_metric": offered["metric"] if result else "",
        "quality_value": percent(_top3(offered["benchmark"], result["figures"])) if result else "",
        "quality_method": result["command"] if result else "",
        "quality_measured_on": date.fromisoformat(result["finished"][:10]) if result else None,
    }
    application, _created = AiApplication.objects.update_or_create(
        organisation_id=algorithm.organisation_id, name=offered["name"], defaults=fields
    )
    return application
