"""Values a process loads once and keeps: a search index, a trained classifier, a model, boundaries, guides.

One rule for when such a value is loaded again. A cache may name a *version* of what its value was loaded from
(the catalogue's keys and texts, say); every use asks for the version again, and a different version loads the
value again. A value loaded from files that ship with the code or the shared data has no version: it lives as
long as the process, and new files come with a new process (a release, a restart). ``clear()`` is for tests that
change what a value was loaded from.
"""

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")
_UNVERSIONED = object()


class ProcessCache(Generic[T]):
    def __init__(self, load: Callable[[], T], version: Callable[[], Hashable] | None = None) -> None:
        self._load, self._version = load, version
        self._lock = threading.Lock()
        self._held: tuple[Hashable, T] | None = None
        self.__doc__ = load.__doc__

    def __call__(self) -> T:
        version = self._version() if self._version else _UNVERSIONED
        with self._lock:  # one load at a time: the others wait for it instead of loading the same again
            if self._held is None or self._held[0] != version:
                self._held = (version, self._load())
            return self._held[1]

    def clear(self) -> None:
        with self._lock:
            self._held = None


def process_cache(
    version: Callable[[], Hashable] | None = None,
) -> Callable[[Callable[[], T]], ProcessCache[T]]:
    """Decorate a function of no arguments whose value the process keeps (see the module's rule)."""

    def wrap(load: Callable[[], T]) -> ProcessCache[T]:
        return ProcessCache(load, version)

    return wrap
