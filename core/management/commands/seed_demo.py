from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string
from django_scopes import scopes_disabled

from access import cache as tenant_cache

# Each issue adds its demo content as one step here, in order; a step builds on the ones above.
DEMO_STEPS = [
    "municipalities.demo.build",
    "indicators.demo.build",
    "goals.demo.build",
    "reviews.demo.build",
    "networks.demo.build",
    "commitments.demo.build",
    # After reviews and networks: the send-outs of their mappings and meeting invitations.
    "mailings.demo.build",
    "reports.demo.build",
    "quality.demo.build",
    "principal_time.demo.build",
    "progression.demo.build",
    "api.demo.build",
    "teaching.demo.build",
    # After teaching: its competences come from quality's routines and teaching's rubric.
    "competence.demo.build",
]


class Command(BaseCommand):
    help = "Builds the demo: a network of six real municipalities with people on all four levels, and more."

    def add_arguments(self, parser):
        parser.add_argument(
            "--only",
            default="",
            help="Comma-separated app names whose steps to run, e.g. municipalities,goals (default: all).",
        )

    def handle(self, *args, only: str = "", **options):
        wanted = {name.strip() for name in only.split(",") if name.strip()}
        steps = [s for s in DEMO_STEPS if not wanted or s.split(".")[0] in wanted]
        # Demo building works across tenants by nature: it opts out of the scopes explicitly.
        with scopes_disabled(), transaction.atomic():
            for dotted in steps:
                self.stdout.write(f"{dotted} …")
                import_string(dotted)(stdout=self.stdout)
        # Rows written in bulk send no signals: nothing kept from an earlier database may show.
        tenant_cache.bump(everything=True)
        self.stdout.write(self.style.SUCCESS("Demodata klar. Inloggningar: se README.md."))
