"""Values a process loads once and keeps: a search index, a trained classifier, a model, boundaries, guides.

One rule for when such a value is loaded again. A cache may name a *version* of what its value was loaded from
(the catalogue's keys and texts, say); every use asks for the version again, and a different version (compared with
``!=``, never hashed) loads the value again. A value loaded from files that ship with the code or the shared data
has no version: it lives as long as the process, and new files come with a new process (a release, a restart).
``clear()`` is for tests that change what a value was loaded from.

A value built from another cached value (a form whose choices come from a loaded framework, a schema derived from a
loaded one) names that cache as its version: it is built again when that value is loaded again, and only then.

So a value the process keeps is a function of no arguments under ``process_cache``, not ``functools.cache``: the
rule above, ``clear()`` and one load under threads come with it. ``functools.lru_cache`` with a bound is for another
job, remembering a pure function's answers per argument (a TLS context per trust store, a parsed reference); it loads
nothing the process keeps as such.
"""

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")
_UNVERSIONED = object()


class ProcessCache(Generic[T]):
    def __init__(self, load: Callable[[], T], version: Callable[[], object] | None = None) -> None:
        self._load, self._version = load, version
        self._lock = threading.Lock()
        self._held: tuple[object, T] | None = None
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
    version: Callable[[], object] | None = None,
) -> Callable[[Callable[[], T]], ProcessCache[T]]:
    """Decorate a function of no arguments whose value the process keeps (see the module's rule)."""

    def wrap(load: Callable[[], T]) -> ProcessCache[T]:
        return ProcessCache(load, version)

    return wrap
