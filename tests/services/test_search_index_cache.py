"""The passage embeddings on disk: computed once for a catalogue, however many processes start together."""

import threading
import time

import numpy as np

from thorbecke.services.search import Document, SearchIndex

DOCUMENTS = [
    Document(1, "terrasvergunning café", ("Terrasvergunning", "Een terras bij uw café"), frozenset({"business"})),
    Document(2, "paspoort aanvragen", ("Paspoort aanvragen",), frozenset({"citizen"})),
]


class CountingEmbedder:
    """Slow enough that two builds overlap; counts how many texts it embedded."""

    name = "counting"

    def __init__(self) -> None:
        self.embedded = 0

    def passages(self, texts: list[str]) -> np.ndarray:
        self.embedded += len(texts)
        time.sleep(0.3)
        vectors = np.array([[len(t), 1.0] for t in texts], dtype=np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_builds_started_together_embed_the_catalogue_once(tmp_path):
    embedder = CountingEmbedder()
    built: list[SearchIndex] = []
    starts = [threading.Thread(target=lambda: built.append(SearchIndex(DOCUMENTS, embedder, tmp_path)))
              for _ in range(3)]  # fmt: skip
    for start in starts:
        start.start()
    for start in starts:
        start.join(timeout=30)

    assert len(built) == 3
    assert embedder.embedded == 3  # the three passages, once
    assert all(np.array_equal(index._passages, built[0]._passages) for index in built)
    assert [p.name for p in tmp_path.glob("*.npy")] == [next(tmp_path.glob("passages-*.npy")).name]


def test_a_changed_catalogue_is_embedded_again(tmp_path):
    embedder = CountingEmbedder()
    SearchIndex(DOCUMENTS, embedder, tmp_path)
    SearchIndex(DOCUMENTS, embedder, tmp_path)
    assert embedder.embedded == 3
    SearchIndex([*DOCUMENTS, Document(3, "rijbewijs", ("Rijbewijs verlengen",), frozenset())], embedder, tmp_path)
    assert embedder.embedded == 3 + 4
