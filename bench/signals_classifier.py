"""Benchmark: how well a report's text suggests its category, on a held-out part of the labelled set.

Issue 6 and issue 17: train on the labelled reports in src/thorbecke/signals/content/reports.csv and
report the accuracy on the held-out part (classifier.split: in every category the 20% of rows whose
hash of the text sorts first; never trained or tuned on), overall, per language and per category,
and the time to suggest a category (p50/p95, the classifier alone; bench/signals_intake.py times it
together with routing). Targets: top-1 >= 80%, top-3 >= 95%.

    .venv/bin/python bench/signals_classifier.py [--validate]

A run on the held-out part writes its figures to bench/results/signals_classifier.json (bench/record.py).

--validate leaves the held-out part alone: it cross-validates on the training part only (4 folds,
by hash again), for choosing features and writing examples where neighbouring categories meet.
"""

import argparse
import datetime as dt
import hashlib
import os
import statistics
import time
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from thorbecke.signals.classifier import Classifier, Example

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thorbecke.hub.settings")

FOLDS = 4


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def folds(examples: list["Example"], count: int) -> list[list["Example"]]:
    """Stratified folds by hash of the text, like the held-out split."""
    parts: list[list[Example]] = [[] for _ in range(count)]
    for category in sorted({e.category for e in examples}):
        members = sorted(
            (e for e in examples if e.category == category),
            key=lambda e: hashlib.sha256(f"fold {e.text}".encode()).hexdigest(),
        )
        for i, example in enumerate(members):
            parts[i % count].append(example)
    return parts


def suggest_all(classifier: "Classifier", test: list["Example"]) -> list[tuple["Example", list[str], float]]:
    """(report, its top three categories, time to suggest them in ms) for each test report."""
    results = []
    for example in test:
        start = time.perf_counter()
        top = [s.category for s in classifier.suggest(example.text, limit=3)]
        results.append((example, top, (time.perf_counter() - start) * 1000))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--validate", action="store_true", help="cross-validate on the training part only")
    args = parser.parse_args()
    started = dt.datetime.now(dt.UTC)
    import django

    django.setup()
    from thorbecke.services.embeddings import default_embedder
    from thorbecke.signals.classifier import Classifier, read_examples, split

    examples = read_examples()
    train, test = split(examples)
    embedder = default_embedder()
    print(
        f"{len(examples)} labelled reports in {len({e.category for e in examples})} categories: "
        f"{len(train)} for training, {len(test)} held out"
    )
    results = []
    if args.validate:
        parts = folds(train, FOLDS)
        for i, part in enumerate(parts):
            rest = [e for j, other in enumerate(parts) if j != i for e in other]
            results += suggest_all(Classifier.train(rest, embedder), part)
        print(f"{FOLDS}-fold cross-validation on the training part (the held-out part unused):")
        timings = []
    else:
        start = time.perf_counter()
        classifier = Classifier.train(train, embedder)
        print(f"trained in {time.perf_counter() - start:.1f} s")
        classifier.suggest("warming up")
        # Three rounds, as bench/signals_intake.py does, so that p95 rests on enough suggestions.
        timings = [ms for _ in range(3) for _, _, ms in suggest_all(classifier, test)]
        results = suggest_all(classifier, test)
    hits1, hits3, totals, confusions = Counter(), Counter(), Counter(), Counter()
    for example, top, _ in results:
        for key in (example.category, example.language):
            totals[key] += 1
            hits1[key] += top[0] == example.category
            hits3[key] += example.category in top
        if top[0] != example.category:
            confusions[(example.category, top[0])] += 1
    total = len(results)
    print(f"top-1 {sum(t[1][0] == t[0].category for t in results) / total:.1%}; ", end="")
    print(f"top-3 {sum(t[0].category in t[1] for t in results) / total:.1%} of {total}")
    if timings:
        print(
            f"suggesting a category (the classifier alone), {len(timings)} suggestions: "
            f"p50 {statistics.median(timings):.1f} ms, p95 {percentile(timings, 0.95):.1f} ms"
        )
    languages = sorted({e.language for e in examples})
    by_language = {}
    for language in languages:
        n = by_language[language] = totals.pop(language)
        print(f"  {language}: top-1 {hits1[language] / n:.1%}, top-3 {hits3[language] / n:.1%} of {n}")
    print("per category (top-1, top-3, reports), weakest first:")
    for category in sorted(totals, key=lambda c: (hits1[c] / totals[c], c)):
        n = totals[category]
        print(f"  {hits1[category] / n:6.1%} {hits3[category] / n:6.1%} {n:4d}  {category}")
    below = [c for c in totals if hits1[c] / totals[c] < 0.8]
    print(f"{len(below)} of {len(totals)} categories below 80% top-1")
    print("most frequent confusions (expected -> suggested):")
    for (expected, got), count in confusions.most_common(12):
        print(f"  {count}x {expected} -> {got}")
    if not args.validate:
        import record

        record.write(
            "signals_classifier",
            {
                "labelled_reports": len(examples),
                "categories": len(totals),
                "training": len(train),
                "held_out": total,
                "top1": round(sum(t[1][0] == t[0].category for t in results) / total, 4),
                "top3": round(sum(t[0].category in t[1] for t in results) / total, 4),
                "by_language": {
                    language: {"top1": round(hits1[language] / n, 4), "top3": round(hits3[language] / n, 4), "n": n}
                    for language, n in by_language.items()
                },
                "categories_below_80_top1": len(below),
                "suggest_p50_ms": round(statistics.median(timings), 2),
                "suggest_p95_ms": round(percentile(timings, 0.95), 2),
                "targets": {"top1": 0.8, "top3": 0.95},
            },
            started=started,
        )


if __name__ == "__main__":
    main()
