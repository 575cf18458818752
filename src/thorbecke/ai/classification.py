"""Classifications stored and checked against the decision aid in the shared data (decision 0036)."""

from pathlib import Path

from django.conf import settings
from django.db import transaction

from thorbecke.ai.decision_aid import Tree, Walk, load_tree
from thorbecke.ai.models import Algorithm, Classification
from thorbecke.ai.rerun import differences, record
from thorbecke.caches import process_cache


def aid_folder() -> Path:
    return Path(settings.SHARED_DATA_DIR) / "ai" / "beslishulp"


@process_cache()
def current_tree() -> Tree:
    """The decision aid in the shared data, checked once per process (a new tree comes with a new release)."""
    return load_tree(aid_folder())


def latest(algorithm: Algorithm) -> Classification | None:
    return algorithm.classifications.first()


@transaction.atomic
def store(algorithm: Algorithm, tree: Tree, walk: Walk, user: object) -> Classification:
    """Keep a finished walk, and give the algorithm its AI Act profile."""
    kept = record(tree, walk)
    classification = Classification.objects.create(
        algorithm=algorithm,
        tree_version=kept["version"],
        tree_digest=kept["digest"],
        answers=kept["answers"],
        labels=kept["labels"],
        conclusion=kept["conclusion"],
        conclusion_text=kept["conclusion_text"],
        obligation=kept["obligation"],
        profile=kept["profile"],
        classified_by=user if getattr(user, "is_authenticated", False) else None,
        checked_digest=tree.digest,
    )
    algorithm.ai_act_profile = kept["profile"]
    algorithm.risk_group = ", ".join(kept["profile"].get("risk_group", []))[:60]
    algorithm.save(update_fields=["ai_act_profile", "risk_group", "updated_at"])
    return classification


def check(classification: Classification, tree: Tree) -> list[dict]:
    """The differences for one classification on this tree, as stored (a list of {kind, item, old, new})."""
    return [found.as_dict() for found in differences(tree, classification.stored())]


def recheck(tree: Tree) -> int:
    """Run the newest classification of each algorithm again on tree; mark those with differences for review.
    Returns how many need review."""
    classifications = Classification.objects.order_by("algorithm_id", "-classified_at", "-pk")
    marked, seen = 0, set()
    for classification in classifications:
        if classification.algorithm_id in seen:
            continue
        seen.add(classification.algorithm_id)
        if classification.checked_digest == tree.digest:
            marked += classification.needs_review
            continue
        found = check(classification, tree)
        classification.differences, classification.needs_review = found, bool(found)
        classification.checked_digest = tree.digest
        classification.save(update_fields=["differences", "needs_review", "checked_digest"])
        marked += bool(found)
    return marked
