"""``manage.py export_measurements --municipality KOMMUNKOD [--format csv|xlsx]`` to stdout."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from indicators.export import FORMATS, export_csv, export_xlsx
from municipalities.models import Municipality


class Command(BaseCommand):
    help = "Skriver alla utfall för en kommun till standard ut (CSV eller XLSX)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--municipality", required=True, metavar="KOMMUNKOD")
        parser.add_argument("--format", choices=FORMATS, default="csv")

    def handle(self, *args, municipality: str, format: str, **options) -> None:
        with scopes_disabled():
            found = Municipality.objects.filter(code=municipality.strip()).first()
            if found is None:
                raise CommandError(f"Ingen kommun har kommunkoden {municipality}.")
            if format == "xlsx":
                data = export_xlsx(municipality=found)
                # Bytes straight to the underlying binary stream: the text wrapper would mangle them.
                stream = getattr(self.stdout._out, "buffer", None)
                if stream is None:
                    raise CommandError("Standard ut tar inte emot binära data; skicka utdata till en fil.")
                stream.write(data)
                stream.flush()
            else:
                self.stdout.write(export_csv(municipality=found), ending="")
