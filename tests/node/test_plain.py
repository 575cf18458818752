"""An organisation that runs only a node imports no hub: no Django, and no numpy or pyarrow unless it serves the
population."""

import json
import subprocess
import sys

HEAVY = ("django", "numpy", "pyarrow", "ninja", "openfisca_core")


def loaded_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nprint(__import__('json').dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_importing_the_node_loads_no_django_numpy_or_pyarrow():
    modules = loaded_after(
        "import thorbecke.node.runner, thorbecke.node.launcher, thorbecke.node.admin_client, thorbecke.node.config"
    )
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))


def test_the_probe_sees_what_the_population_loads():
    # The same probe on the population package must find numpy and pyarrow, or the test above proves nothing.
    assert {"numpy", "pyarrow"} <= loaded_after("import thorbecke.population.source")
