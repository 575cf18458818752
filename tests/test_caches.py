import threading
import time

from thorbecke.caches import ProcessCache, process_cache


def test_a_value_without_a_version_is_loaded_once():
    loads = []

    @process_cache()
    def value() -> int:
        loads.append(1)
        return len(loads)

    assert [value(), value(), value()] == [1, 1, 1]
    value.clear()
    assert value() == 2


def test_a_new_version_loads_the_value_again():
    version = {"now": 1}
    cache = ProcessCache(lambda: f"loaded at {version['now']}", lambda: version["now"])
    assert cache() == "loaded at 1"
    assert cache() == "loaded at 1"
    version["now"] = 2
    assert cache() == "loaded at 2"


def test_threads_that_ask_at_once_wait_for_one_load():
    loads = []

    def slow() -> str:
        loads.append(1)
        time.sleep(0.05)
        return "value"

    cache = ProcessCache(slow)
    threads = [threading.Thread(target=cache) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(loads) == 1


def test_a_failed_load_is_not_kept():
    attempts = []

    def flaky() -> str:
        attempts.append(1)
        if len(attempts) == 1:
            raise OSError("the file is not there yet")
        return "loaded"

    cache = ProcessCache(flaky)
    try:
        cache()
    except OSError:
        pass
    assert cache() == "loaded"


def test_a_value_built_from_another_follows_it_by_identity():
    """The framework's forms name the framework's loader as their version; a loaded value that compares by identity
    (the framework does) is a new version each time it is loaded again, and only then."""

    class Loaded:
        """Compared by identity, as the framework is."""

    @process_cache()
    def source() -> Loaded:
        return Loaded()

    builds = []

    @process_cache(version=source)
    def built() -> tuple[Loaded, int]:
        builds.append(1)
        return source(), len(builds)

    first = built()
    assert built() is first and first[0] is source()
    source.clear()
    second = built()
    assert second[1] == 2 and second[0] is source() is not first[0]
