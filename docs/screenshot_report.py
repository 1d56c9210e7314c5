"""Render the seed corpus's HTML report and save a screenshot of it as docs/img/report.png (docs/report.md).

Run on demand after changing the report's look: `python docs/screenshot_report.py [--chromium PATH] [--full]`.
Needs the dev extras (playwright) and a Chromium (Debian: `apt-get install chromium`); downloads nothing.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from factcheck.checker import check_documents
from factcheck.documents import load_documents
from factcheck.render.html import render_html
from factcheck.rulepacks import default_rules

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
HEIGHT = 1900  # the first screenful: summary, findings, charts and the start of the first document


def _hover_a_visible_highlight(page) -> None:
    """Open the card of a highlight in the first screenful, preferring the statuses that need work."""
    for status in ("contradicted", "unsourced", "confirmed", "plain"):
        for mark in page.locator(f"mark.claim.st-{status}").all():
            box = mark.bounding_box()
            if box is not None and box["y"] + box["height"] < HEIGHT - 40:
                mark.hover()
                page.locator("#card").wait_for(state="visible")
                return


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default="/usr/bin/chromium", help="the Chromium binary (default: %(default)s)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "img" / "report.png"), help="the PNG to write")
    parser.add_argument("--full", action="store_true", help="the whole page, not the first screenful")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    os.chdir(ROOT)  # the report shows the documents' paths as given: seeds/…
    result = check_documents(load_documents(["seeds"]).documents, rules=default_rules())
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        page_file = Path(tmp) / "report.html"
        page_file.write_text(render_html(result), encoding="utf-8")
        browser = pw.chromium.launch(executable_path=args.chromium, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": HEIGHT}, device_scale_factor=1)
        page.goto(page_file.as_uri())
        if not args.full:
            _hover_a_visible_highlight(page)
        page.screenshot(path=args.out, full_page=args.full)
        browser.close()
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
