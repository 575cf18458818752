"""`python -m thorbecke.cli ...`: the `thorbecke` command, as the tests and the demo's own processes run it."""

import sys

from thorbecke.cli import main

sys.exit(main())
