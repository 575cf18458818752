"""Benchmark: quality and speed of the front door's search, hybrid against BM25 alone.

Targets (issue 4): top-3 accuracy at least 90% on the evaluation set, search p95 under 50 ms,
index build under 60 s, hub memory with the model loaded under 1 GB. The evaluation set is
bench/data/search_questions.csv (questions in Dutch and English, typos included, and questions
whose right answer is "not a government matter").

Issue 17 adds entrepreneurs' questions, bench/data/entrepreneur_questions.csv, with a target of
top-3 at least 90% on its hidden rows when the person says the question is for their business.
Its `set` column splits it: texts, synonyms and weights are tuned on the 'tuning' rows only, and the
'hidden' rows were written before any tuning. For the same reason --show-misses shows the misses of
the tuning rows of both sets, never of the hidden ones.

    .venv/bin/python bench/search_quality.py [--show-misses] [--cache DIR]

Each run writes its figures to bench/results/search_quality.json (bench/record.py).
"""

import argparse
import csv
import datetime as dt
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from thorbecke.services.search import SearchIndex

HERE = Path(__file__).parent
QUESTIONS = HERE / "data" / "search_questions.csv"
ENTREPRENEURS = HERE / "data" / "entrepreneur_questions.csv"


def load_questions(path: Path = QUESTIONS) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def subset_of(questions: list[dict[str, str]], subset: str) -> list[dict[str, str]]:
    """The thresholds of "not a government matter" were tuned on the odd rows only; even rows are held out."""
    if subset == "all":
        return questions
    if subset in ("tuning", "held-out"):
        return questions[subset == "tuning" :: 2]
    return [q for q in questions if q["language"] == subset]


def split(questions: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    """Both sets as tuning and hidden rows: the citizens' by row parity, the entrepreneurs' by their column."""
    if "set" in questions[0]:
        return {name: [q for q in questions if q["set"] == name] for name in ("tuning", "hidden")}
    return {"tuning": subset_of(questions, "tuning"), "hidden": subset_of(questions, "held-out")}


def evaluate(
    index: "SearchIndex",
    uri_of: dict[int, str],
    questions: list[dict[str, str]],
    mode: str,
    audience: str | None = None,
) -> dict:
    """Top-1/top-3 over product questions; a 'none' question is right when nothing is offered."""
    top1 = top3 = rejected_right = answered = 0
    misses, timings = [], []
    for q in questions:
        start = time.perf_counter()
        result = index.search(q["question"], 3, mode, audience)
        timings.append((time.perf_counter() - start) * 1000)
        found = [uri_of[h.key] for h in result.hits] if result.government_matter else []
        if q["kind"] == "none":
            rejected_right += not found
            continue
        answered += 1
        expected = set(q["expected_uris"].split("|"))
        top1 += bool(found[:1] and found[0] in expected)
        hit3 = bool(expected & set(found[:3]))
        top3 += hit3
        if not hit3:
            misses.append((q["question"], q["expected_uris"], found[:3]))
    none_total = sum(q["kind"] == "none" for q in questions)
    return {
        "top1": top1 / answered,
        "top3": top3 / answered,
        "none": rejected_right / max(1, none_total),
        "answered": answered,
        "none_total": none_total,
        "misses": misses,
        "p50": statistics.median(timings),
        "p95": sorted(timings)[int(0.95 * (len(timings) - 1))],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show-misses", action="store_true", help="misses of the tuning rows (never the hidden)")
    parser.add_argument(
        "--cache", type=Path, help="keep the passage vectors here between runs (the build time is then not cold)"
    )
    args = parser.parse_args()
    started = dt.datetime.now(dt.UTC)
    tmp = tempfile.mkdtemp(prefix="thorbecke-search-")
    os.environ.setdefault("THORBECKE_DATA_DIR", tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thorbecke.hub.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from thorbecke.services.embeddings import default_embedder
    from thorbecke.services.finder import build_index
    from thorbecke.services.models import Product

    call_command("migrate", "--no-input", "--verbosity", "0")
    call_command("import_organisations", "--verbosity", "0")
    call_command("import_products", "--verbosity", "0")
    products = list(Product.objects.filter(withdrawn=False))
    uri_of = {p.pk: p.uri for p in products}
    default_embedder()  # loading the model is not building the index
    start = time.perf_counter()
    index = build_index(products, cache_dir=args.cache)
    build = time.perf_counter() - start
    questions = load_questions()
    languages = sorted({q["language"] for q in questions})
    print(
        f"{len(products)} products ({sum(p.has_text for p in products)} with texts), {len(questions)} questions, "
        f"index built in {build:.1f} s {'with a cache' if args.cache else 'without cache'} (target < 60 s)"
    )
    print(f"{'mode':8} {'subset':10} {'top-1':>7} {'top-3':>7} {'none ok':>8} {'p50 ms':>7} {'p95 ms':>7}")
    results = {}
    for mode in ("lexical", "dense", "hybrid"):
        for subset in ["all", *languages, "tuning", "held-out"]:
            chosen = subset_of(questions, subset)
            r = evaluate(index, uri_of, chosen, mode)
            results[(mode, subset)] = r
            print(
                f"{mode:8} {subset:10} {r['top1']:7.1%} {r['top3']:7.1%} {r['none']:8.1%} {r['p50']:7.1f} "
                f"{r['p95']:7.1f}"
            )
    typos = [q for q in questions if q["kind"] == "typo"]
    for mode in ("lexical", "hybrid"):
        r = evaluate(index, uri_of, typos, mode)
        print(f"{mode:8} {'typos':10} {r['top1']:7.1%} {r['top3']:7.1%} {'':>8} {r['p50']:7.1f} {r['p95']:7.1f}")
    memory = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process (Django, catalogue, model, index): {memory:.0f} MB (target < 1,024 MB)")
    hybrid = results[("hybrid", "all")]
    print(
        f"target top-3 >= 90%: {'met' if hybrid['top3'] >= 0.9 else 'NOT MET'}; "
        f"target p95 < 50 ms: {'met' if hybrid['p95'] < 50 else 'NOT MET'}"
    )
    tuning_misses, audiences = by_audience(index, uri_of, questions, load_questions(ENTREPRENEURS))
    import record

    def figures(r: dict) -> dict:
        return {key: round(r[key], 4) for key in ("top1", "top3", "none", "p50", "p95")} | {
            "answered": r["answered"],
            "none_total": r["none_total"],
        }

    record.write(
        "search_quality",
        {
            "products": len(products),
            "questions": len(questions),
            "index_build_seconds": round(build, 1),
            "index_cache": bool(args.cache),
            "peak_memory_mb": round(memory),
            "hybrid": {subset: figures(results[("hybrid", subset)]) for subset in ["all", *languages, "held-out"]},
            "lexical": {"all": figures(results[("lexical", "all")])},
            "entrepreneurs_hidden_for_business": figures(audiences[("entrepreneurs", "hidden", "business")]),
            "targets": {"top3": 0.9, "p95_ms": 50, "index_build_seconds": 60, "peak_memory_mb": 1024},
        },
        started=started,
    )
    if args.show_misses:
        for question, expected, found in tuning_misses:
            print(f"MISS {question!r}: expected {expected}, got {found}")
    sys.stdout.flush()


def by_audience(
    index: "SearchIndex", uri_of: dict[int, str], citizens: list[dict[str, str]], entrepreneurs: list[dict[str, str]]
) -> tuple[list[tuple[str, str, list[str]]], dict[tuple, dict]]:
    """Hybrid search for both sets, tuning and hidden apart, without and with the person's audience.

    Returns the misses of the tuning rows as each set's people ask, and the figures by (people, rows, audience)."""
    print(
        f"{'people':14} {'rows':7} {'audience':9} {'asked':>5} {'top-1':>7} {'top-3':>7} {'none ok':>8} "
        f"{'p50 ms':>7} {'p95 ms':>7}"
    )
    results, misses = {}, []
    for people, questions, audience in (
        ("citizens", citizens, "citizen"),
        ("entrepreneurs", entrepreneurs, "business"),
    ):
        for rows, chosen in split(questions).items():
            for said in (None, audience):
                r = evaluate(index, uri_of, chosen, "hybrid", said)
                results[(people, rows, said)] = r
                # The citizens' door asks nobody who they are; entrepreneurs say "for my business".
                shown = said == (audience if people == "entrepreneurs" else None)
                misses += r["misses"] if rows == "tuning" and shown else []
                print(
                    f"{people:14} {rows:7} {said or 'not said':9} {r['answered']:5} {r['top1']:7.1%} {r['top3']:7.1%} "
                    f"{r['none']:8.1%} {r['p50']:7.1f} {r['p95']:7.1f}"
                )
    hidden = results[("entrepreneurs", "hidden", "business")]["top3"]
    print(f"target entrepreneurs' hidden top-3 >= 90% (for my business): {'met' if hidden >= 0.9 else 'NOT MET'}")
    return misses, results


if __name__ == "__main__":
    main()
