"""``manage.py import_speed [--keep]``: import every file in data/skolverket/ at national scale
and print the time and peak memory of each and of all (the figures in the README).

National scale: every municipality in the files exists (missing ones are created from the files'
Kommun and Kommun-kod), so every row of every file is matched and saved, not skipped. Everything
is rolled back at the end unless ``--keep``.
"""

from __future__ import annotations

import re
import resource
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django_scopes import scopes_disabled

from indicators.importer import run_import
from municipalities.models import Municipality

BUDGET_SECONDS = 60
BUDGET_MB = 300


class _Rollback(Exception):
    pass


def _peak_mb() -> float:
    # Linux reports ru_maxrss in kilobytes: the process's peak resident memory so far.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Command(BaseCommand):
    help = "Mäter hur snabbt alla filer i data/skolverket/ importeras i nationell skala (tid och minne)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--keep", action="store_true", help="Behåll det importerade i stället för att rulla tillbaka.")
        parser.add_argument("--dir", type=Path, default=Path(settings.BASE_DIR) / "data" / "skolverket")

    def handle(self, *args, keep: bool, dir: Path, **options) -> None:
        files = sorted(p for p in dir.iterdir() if p.suffix in (".csv", ".xlsx"))
        rows: list[tuple[str, float, int]] = []
        total = cpu = 0.0
        try:
            # As the worker runs it: with DEBUG on (development's default) Django keeps the SQL of
            # every query, and the bulk inserts' SQL alone was some 190 MB of the peak measured.
            with override_settings(DEBUG=False), scopes_disabled(), transaction.atomic():
                created = self._national_scale(files)
                started, cpu_started = time.perf_counter(), time.process_time()
                for path in files:
                    t = time.perf_counter()
                    result = run_import(path.read_bytes(), filename=path.name)
                    rows.append((path.name, time.perf_counter() - t, result.created + result.updated + result.unchanged,
                                 _peak_mb()))
                total, cpu = time.perf_counter() - started, time.process_time() - cpu_started
                if not keep:
                    raise _Rollback
        except _Rollback:
            pass
        peak = _peak_mb()
        self.stdout.write(f"Kommuner skapade för nationell skala: {created}")
        for name, seconds, values, peak_so_far in rows:
            self.stdout.write(f"{seconds:7.2f} s  {values:7d} värden  {peak_so_far:4.0f} MB hittills  {name}")
        # CPU time beside the wall clock: on a shared, loaded machine the wall clock measures the others.
        self.stdout.write(f"Totalt: {total:.1f} s ({cpu:.1f} s processortid) för {len(files)} filer, "
                          f"{sum(row[2] for row in rows)} värden; högsta minne {peak:.0f} MB "
                          f"(gräns {BUDGET_SECONDS} s, {BUDGET_MB} MB)")
        if total > BUDGET_SECONDS or peak > BUDGET_MB:
            self.stderr.write("Över gränsen.")

    def _national_scale(self, files: list[Path]) -> int:
        """Create every municipality the files name that the database does not have yet."""
        found: dict[str, str] = {}
        for path in files:
            if path.suffix != ".csv":
                continue
            for line in path.read_text(encoding="utf-8-sig").splitlines():
                if match := re.match(r"^([^;]+);(\d{4});", line):
                    found.setdefault(match.group(2), match.group(1))
        have = set(Municipality.objects.values_list("code", flat=True))
        missing = [Municipality(name=name, slug=f"kommun-{code}", code=code) for code, name in found.items()
                   if code not in have]
        Municipality.objects.bulk_create(missing, ignore_conflicts=True)
        return len(missing)
