from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string
from django_scopes import scopes_disabled

# Each issue adds its demo content as one step here, in order; a step builds on the ones above.
DEMO_STEPS = [
    "municipalities.demo.build",
]


class Command(BaseCommand):
    help = "Builds the demo: a network of six real municipalities with people on all four levels, and more."

    def handle(self, *args, **options):
        # Demo building works across tenants by nature: it opts out of the scopes explicitly.
        with scopes_disabled(), transaction.atomic():
            for dotted in DEMO_STEPS:
                self.stdout.write(f"{dotted} …")
                import_string(dotted)(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demodata klar. Inloggningar: se README.md."))
