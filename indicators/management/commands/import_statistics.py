"""``manage.py import_statistics FILE [--dry-run] [--grade N]``: import a Skolverket export."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indicators.importer import MAX_FILE_BYTES, ImportRejected, run_import
from indicators.importer.parse import too_large_message


class Command(BaseCommand):
    help = "Importerar en statistikfil från Skolverket (CSV eller XLSX) för kommunerna i databasen."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Läs och räkna, men spara inget.")
        parser.add_argument("--grade", type=int, choices=range(1, 10), metavar="N",
                            help="Årskurs, när varken tabellen eller filnamnet anger den.")

    def handle(self, *args, file: Path, dry_run: bool, grade: int | None, **options) -> None:
        if not file.is_file():
            raise CommandError(f"Filen {file} finns inte.")
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CommandError(too_large_message(size))
        try:
            result = run_import(file.read_bytes(), filename=file.name, dry_run=dry_run, grade=grade)
        except ImportRejected as exc:
            raise CommandError(f"{file.name}: {exc.message} Inget har sparats.") from exc
        for line in result.lines():
            self.stdout.write(line)
