"""Demo step: Skolverket's real statistics for the demo municipalities, through the importer."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from municipalities.demo import MUNICIPALITIES
from municipalities.models import Municipality

from .importer import run_import

DATA_DIR = Path(settings.BASE_DIR) / "data" / "skolverket"


def build(*, stdout) -> None:
    codes = [code for _name, code, _slug, _schools in MUNICIPALITIES]
    ids = list(Municipality.objects.filter(code__in=codes).values_list("pk", flat=True))
    # Re-running changes nothing: the engine only writes values that differ.
    for path in sorted(DATA_DIR.glob("*")):
        if path.suffix.lower() not in (".csv", ".xlsx"):
            continue
        result = run_import(path.read_bytes(), filename=path.name, municipality_ids=ids)
        stdout.write(
            f"  {path.name}: {result.created} nya, {result.updated} ändrade, {result.unchanged} oförändrade värden"
        )
