"""Fill English msgstrs for given Swedish msgids in locale/en and drop their fuzzy marks.

    python scripts/po_fill.py translations.json

A maintenance helper for new strings after `makemessages`: the JSON maps msgid to msgstr.
Then run `manage.py compilemessages -l en --ignore=.venv`.
"""

import ast
import json
import re
import sys
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "locale/en/LC_MESSAGES/django.po"


def _unquote(lines: list[str]) -> str:
    # PO strings are C-style quoted; ast understands the same escapes.
    return "".join(ast.literal_eval(line) for line in lines)


def main() -> None:
    wanted: dict[str, str] = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    blocks = PO.read_text(encoding="utf-8").split("\n\n")
    filled = 0
    for i, block in enumerate(blocks):
        lines = block.split("\n")
        try:
            start = next(n for n, line in enumerate(lines) if line.startswith("msgid "))
            end = next(n for n, line in enumerate(lines) if line.startswith(("msgstr", "msgid_plural")))
        except StopIteration:
            continue
        if lines[end].startswith("msgid_plural"):
            continue  # plural entries are translated by hand
        msgid_lines = [lines[start][6:]] + [line for line in lines[start + 1:end] if line.startswith('"')]
        msgid = _unquote(msgid_lines)
        if msgid not in wanted:
            continue
        head = [line for line in lines[:start] if not line.startswith("#|") and line != "#, fuzzy"]
        head = [re.sub(r"^#, fuzzy, ", "#, ", line) for line in head]
        blocks[i] = "\n".join(head + lines[start:end] + ["msgstr " + json.dumps(wanted[msgid], ensure_ascii=False)])
        filled += 1
    PO.write_text("\n\n".join(blocks), encoding="utf-8")
    print(f"filled {filled} of {len(wanted)}")


if __name__ == "__main__":
    main()
