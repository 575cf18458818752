"""The `thorbecke` command as a person runs it: in a subprocess, against real databases."""

import os
import subprocess
import sys

THORBECKE = [sys.executable, "-m", "thorbecke.cli"]


def run(*args, env=None, **kwargs):
    return subprocess.run([*THORBECKE, *args], env=env, capture_output=True, text=True, timeout=300, **kwargs)


def sqlite_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "THORBECKE_DATABASE_URL"}
    env["THORBECKE_DATA_DIR"] = str(tmp_path)
    return env
