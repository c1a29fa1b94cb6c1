"""``python manage.py seed_scale [--small]``: the national-scale data set (see benchmarks/scale.py)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django_scopes import scopes_disabled

from access import cache as tenant_cache
from benchmarks.crosstenant import build
from benchmarks.scale import FULL, PASSWORD, SMALL
from municipalities.models import Municipality


class Command(BaseCommand):
    help = "Fill an empty PostgreSQL database with national-scale data: 290 kommuner, 60 000 people, years of use."

    def add_arguments(self, parser):
        parser.add_argument("--small", action="store_true", help="A tenth of it (29 kommuner); also runs on SQLite.")

    def handle(self, *args, small: bool, **options):
        if connection.vendor != "postgresql" and not small:
            raise CommandError(
                "seed_scale needs PostgreSQL (it writes millions of rows with COPY). Set DATABASE_URL to an empty "
                "database, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/skolnatverk_scale, or use --small."
            )
        with scopes_disabled():
            if Municipality.objects.exists():
                raise CommandError(
                    "The database already has municipalities: seed_scale fills an empty database only. Create a new "
                    "one (createdb skolnatverk_scale), migrate it, and run seed_scale against it."
                )
        scale = SMALL if small else FULL
        self.stdout.write(f"Building the {'small' if small else 'national-scale'} data set…")
        started = time.perf_counter()
        built = build(scale, log=self.stdout.write)
        # COPY sends no signals: nothing kept from an earlier database may show.
        tenant_cache.bump(everything=True)
        took = time.perf_counter() - started
        self.stdout.write("")
        self.stdout.write(f"{'table':<40} {'rows':>10}")
        for label, count in sorted(built.counts.items()):
            self.stdout.write(f"{label:<40} {count:>10,}".replace(",", " "))
        self.stdout.write("")
        self.stdout.write(f"Personas (password {PASSWORD!r}): " + ", ".join(built.persona_emails.values()))
        self.stdout.write(self.style.SUCCESS(f"Done in {took:.0f} s."))
