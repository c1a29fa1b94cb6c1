"""Take screenshots of pages as a signed-in demo user (for looking at what we built, and the README).

    python scripts/screenshots.py --user larare.fagersta@demo.skolnatverk.se --out /tmp/shots / /k/fagersta/

Drives Debian's Chromium (CHROMIUM_PATH, default /usr/bin/chromium) through Playwright.
"""

import argparse
import os
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--user", default=None)
    parser.add_argument("--password", default="demo-skolnatverk")
    parser.add_argument("--out", default="var/screenshots")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--full", action="store_true")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": args.height})
        if args.user:
            page.goto(args.base + "/accounts/login/")
            page.fill("input[name=login]", args.user)
            page.fill("input[name=password]", args.password)
            page.click("main form button[type=submit]")
            page.wait_for_load_state()
        for i, path in enumerate(args.paths):
            page.goto(args.base + path)
            name = out / f"{i:02d}{path.replace('/', '_')}.png"
            page.screenshot(path=str(name), full_page=args.full)
            print(name)
        browser.close()


if __name__ == "__main__":
    main()
