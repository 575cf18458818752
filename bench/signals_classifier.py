"""Benchmark: how well a report's text suggests its category, on a held-out part of the labelled set.

Issue 6: train on the labelled reports in src/thorbecke/signals/content/reports.csv and report the
accuracy on a held-out part (a stratified 20%, fixed seed), per language.

    .venv/bin/python bench/signals_classifier.py
"""

import os
import time
from collections import Counter

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thorbecke.hub.settings")


def main() -> None:
    import django

    django.setup()
    from thorbecke.services.embeddings import default_embedder
    from thorbecke.signals.classifier import Classifier, read_examples, split

    examples = read_examples()
    train, test = split(examples)
    embedder = default_embedder()
    start = time.perf_counter()
    classifier = Classifier.train(train, embedder)
    print(
        f"{len(examples)} labelled reports in {len({e.category for e in examples})} categories; "
        f"trained on {len(train)} in {time.perf_counter() - start:.1f} s; {len(test)} held out"
    )
    hits1, hits3, by_language = 0, 0, Counter()
    totals = Counter(e.language for e in test)
    confusions = Counter()
    for example in test:
        suggestions = classifier.suggest(example.text)
        top = [s.category for s in suggestions]
        hits1 += top[0] == example.category
        hits3 += example.category in top
        by_language[example.language] += top[0] == example.category
        if top[0] != example.category:
            confusions[(example.category, top[0])] += 1
    print(f"held-out top-1 accuracy: {hits1 / len(test):.1%}; top-3: {hits3 / len(test):.1%}")
    for language, total in sorted(totals.items()):
        print(f"  {language}: top-1 {by_language[language] / total:.1%} of {total}")
    print("most frequent confusions (expected -> suggested):")
    for (expected, got), count in confusions.most_common(8):
        print(f"  {count}x {expected} -> {got}")


if __name__ == "__main__":
    main()
