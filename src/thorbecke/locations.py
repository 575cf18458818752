"""Where the repository's folders are, for the hub's settings and for the plain packages alike (which import no
Django settings): one answer, from the environment or next to the source tree."""

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# src/thorbecke/locations.py -> the repository root holds node_modules and var/.
REPO_ROOT = PACKAGE_DIR.parent.parent


def shared_data_dir() -> Path:
    """The real Dutch data the platform is seeded from (organisations, products, boundaries, figures)."""
    return Path(os.environ.get("THORBECKE_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))
