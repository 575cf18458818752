"""The demo's cloud: real providers' offerings with illustrative assessments, illustrative needs, contracts and
hosting, each labelled as demo data where it is not a fact."""

from thorbecke.demo.cloud_needs import seed_needs


def seed_cloud() -> list[str]:
    """Seed every part once (each step is idempotent); returns one line per part for the demo's log."""
    lines: list[str] = []
    lines.append(seed_needs())
    return lines
