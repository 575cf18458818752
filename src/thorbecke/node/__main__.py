"""``python -m thorbecke.node --config node.json``: run one node, without the hub (no Django is imported)."""

import argparse
from pathlib import Path

from thorbecke.node.runner import run

parser = argparse.ArgumentParser(prog="python -m thorbecke.node", description="Run an organisation's node.")
parser.add_argument("--config", type=Path, required=True, help="the node's configuration (node.json)")
try:
    run(parser.parse_args().config)
except ValueError as exc:  # a configuration that cannot be used: say why, without a traceback
    parser.exit(2, f"{exc}\n")
