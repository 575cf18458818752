"""Debian's Chromium driven by Playwright, and axe-core from node_modules to check each page."""

from pathlib import Path

from django.conf import settings
from playwright.sync_api import Page

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(settings.NODE_MODULES_DIR) / "axe-core" / "axe.min.js"


def axe_violations(page: Page) -> list[str]:
    # Evaluated through the DevTools protocol, not added as a <script>: the pages' Content-Security-Policy runs
    # no inline script, and would count it as a violation.
    # A click's navigation may have committed without its document arriving yet: axe would find no heading there.
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']})" for v in result["violations"]
    ]
