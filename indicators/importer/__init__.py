"""Skolverket statistics importer: ``parse`` reads files, ``engine`` matches and saves."""

from .engine import ImportResult, run_import
from .parse import MAX_FILE_BYTES, ImportRejected

__all__ = ["MAX_FILE_BYTES", "ImportRejected", "ImportResult", "run_import"]
