"""Run every algorithm's AI Act classification again on the decision aid in the shared data; mark for review those
for which something changed (run after a new decision aid arrives with a release)."""

from django.core.management.base import BaseCommand

from thorbecke.ai.classification import current_tree, recheck


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args: object, **options: object) -> None:
        tree = current_tree()
        marked = recheck(tree)
        self.stdout.write(f"decision aid {tree.version} ({tree.digest[:12]}): {marked} classification(s) to review")
