"""Checks on progress-update attachments: by content (magic bytes), not by the name alone.

An attachment is stored in the private storage and only served through a permission-checked
view as a download, but it is still opened by people on their own computers: refuse what is
executable or disguised, and anything too large.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

# Office Open XML files are zip files; the part that names the kind sits in a known folder.
_OOXML = {
    ".docx": ("word/", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".xlsx": ("xl/", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".pptx": ("ppt/", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
}
_EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"#!", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"\xca\xfe\xba\xbe")
ALLOWED_DESCRIPTION = "PDF, PNG, JPEG, Word (.docx), Excel (.xlsx), PowerPoint (.pptx) eller text (.txt)"


@dataclass(frozen=True)
class CheckedAttachment:
    name: str
    content_type: str
    size: int


def check_attachment(upload) -> CheckedAttachment:
    """Raise ValidationError with a Swedish message unless the upload is an allowed kind and size."""
    size = upload.size or 0
    if size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("Filen är %(size)s. Bilagor får vara högst %(max)s.")
            % {"size": filesizeformat(size), "max": filesizeformat(MAX_ATTACHMENT_BYTES)},
            code="too_large",
        )
    if size == 0:
        raise ValidationError(_("Filen är tom."), code="empty")
    name = PurePath(upload.name or "bilaga").name[:200]
    suffix = PurePath(name).suffix.lower()
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(_EXECUTABLE_MAGIC) or suffix in {".exe", ".dll", ".bat", ".cmd", ".sh", ".js", ".msi", ".com", ".scr"}:
        raise ValidationError(_("Program och skript kan inte laddas upp."), code="executable")
    content_type = _content_type(upload, head, suffix)
    if content_type is None:
        raise ValidationError(
            _("Filtypen stöds inte, eller så stämmer innehållet inte med filnamnet. Tillåtna: %(kinds)s.")
            % {"kinds": ALLOWED_DESCRIPTION},
            code="type",
        )
    return CheckedAttachment(name=name, content_type=content_type, size=size)


def _content_type(upload, head: bytes, suffix: str) -> str | None:
    if head.startswith(b"%PDF-"):
        return "application/pdf" if suffix == ".pdf" else None
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png" if suffix == ".png" else None
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg" if suffix in {".jpg", ".jpeg"} else None
    if head.startswith(b"PK\x03\x04"):
        return _ooxml_type(upload, suffix)
    if suffix == ".txt":
        return "text/plain; charset=utf-8" if _is_plain_text(upload) else None
    return None


def _ooxml_type(upload, suffix: str) -> str | None:
    if suffix not in _OOXML:
        return None
    folder, content_type = _OOXML[suffix]
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" in names and any(n.startswith(folder) for n in names):
        return content_type
    return None


def _is_plain_text(upload) -> bool:
    data = upload.read(64 * 1024)
    upload.seek(0)
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut off at the end of the sample is still text.
        return exc.start >= len(data) - 3
    return True
