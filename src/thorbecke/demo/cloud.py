"""The demo's cloud: real providers' offerings with illustrative assessments, illustrative needs, contracts and
hosting, each labelled as demo data where it is not a fact."""

from thorbecke.demo.cloud_demand import seed_demand
from thorbecke.demo.cloud_exit import seed_cloud_exit
from thorbecke.demo.cloud_offerings import seed_offerings


def seed_cloud() -> list[str]:
    """Seed every part once (each step is idempotent); returns one line per part for the demo's log."""
    lines: list[str] = []
    lines.append(f"{seed_offerings()} real offerings in the catalogue, with illustrative sovereignty assessments")
    lines.append(f"Cloud needs (illustrative): {seed_demand()} of municipalities, a province and a water board.")
    lines.append(seed_cloud_exit())
    return lines
