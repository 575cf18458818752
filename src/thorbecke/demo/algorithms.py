"""The demo's algorithm register: of the 27 example descriptions of the Algoritmeregister, those an organisation
published itself (the example names it: "Gemeente Amsterdam", "Gemeente Tilburg") are published under that real
organisation. The suppliers' examples (Centric, PinkRoccade, ...) name no organisation that uses them: they stay
examples, offered to every organisation's editors to start from (ai:algorithm-new?template=...)."""

from thorbecke.ai.models import Algorithm
from thorbecke.ai.register import move, save_description
from thorbecke.ai.schema import example_descriptions
from thorbecke.registry.models import Organisation


def owner_named(example: dict) -> Organisation | None:
    """The current organisation whose official name the example's source or provider is, if any."""
    for name in (example.get("organization"), example.get("_template_source"), example.get("provider")):
        if name:
            found = Organisation.objects.filter(name__iexact=name, end_date__isnull=True).first()
            if found:
                return found
    return None


def seed_algorithms() -> int:
    """Idempotent: an example already in the register under its organisation is not added again."""
    added = 0
    for example in example_descriptions():
        owner = owner_named(example)
        if owner is None or Algorithm.objects.filter(organisation=owner, source_id=example.get("source_id") or "",
                                                     name=example["name"]).exists():  # fmt: skip
            continue
        algorithm = save_description(example, organisation=owner, note="Demo: the example this organisation offers")
        move(algorithm, "publish", None, "Demo")
        added += 1
    return added
