import pytest
from django.core.files.storage import FileSystemStorage


@pytest.fixture(autouse=True)
def _private_files_in_tmp(monkeypatch, tmp_path):
    """Report files go to a folder of the test's own, never the developer's var/private.

    The field resolved ``storages["private"]`` once at import, so the field itself is patched.
    The worker test's subprocess gets DATA_DIR=tmp_path, which is this same folder.
    """
    from reports.models import Report

    monkeypatch.setattr(Report._meta.get_field("file"), "storage", FileSystemStorage(location=tmp_path / "private"))
