"""The course site in a real browser, opened from disk with the network off.

Every page of both editions is opened from ``file://`` in Debian's chromium (playwright), with
every request that is not ``file://`` or ``data:`` blocked: no failed request the page needs,
no console error, the label visible, a rendered figure, navigation links that resolve, and no
worked answers in the student edition. Screenshots go to ``build/screenshots/site/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_support import (
    REPO,
    block_non_local,
    launch_chromium,
    record_console_errors,
    requires_chromium,
)

from benzopk.labels import LABEL_TEXT

SCREENSHOTS = REPO / "build" / "screenshots" / "site"

pytestmark = [pytest.mark.browser, pytest.mark.slow, requires_chromium]

# Images that decoded and have a size: a rendered figure, not a broken link.
RENDERED_IMAGES_JS = """() => [...document.images]
    .filter(img => img.complete && img.naturalWidth > 100 && img.naturalHeight > 100)
    .map(img => img.alt)"""
LINKS_JS = "() => [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))"


def _check_site(site: Path, edition: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    shots = SCREENSHOTS / edition
    shots.mkdir(parents=True, exist_ok=True)
    pages = sorted(p.name for p in site.glob("*.html"))
    assert "index.html" in pages and len(pages) >= 5
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright, tmp_path, home=f"browser-{edition}")
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            blocked: list[str] = []
            failed: list[str] = []
            block_non_local(context, ("file://", "data:"), blocked)
            for name in pages:
                page = context.new_page()
                errors: list[str] = []
                record_console_errors(page, errors)
                page.on("pageerror", lambda exc, e=errors: e.append(str(exc)))
                page.on("requestfailed", lambda r, f=failed: f.append(r.url))
                page.goto((site / name).as_uri(), wait_until="load")
                assert not errors, f"{edition}/{name}: console errors {errors}"
                assert page.get_by_text(LABEL_TEXT).first.is_visible(), f"{name}: no label"
                if name not in ("model.html", "sources.html", "index.html"):
                    alts = page.evaluate(RENDERED_IMAGES_JS)
                    assert alts, f"{edition}/{name}: no rendered figure"
                    assert all(len(alt) > 20 for alt in alts), f"{name}: figure without alt text"
                for href in page.evaluate(LINKS_JS):
                    if href.startswith(("http://", "https://", "#", "mailto:")):
                        continue
                    target = (site / href.split("#")[0]).resolve()
                    assert target.is_file(), f"{edition}/{name}: broken link {href}"
                page.screenshot(path=str(shots / name.replace(".html", ".png")), full_page=False)
                page.close()
            assert not blocked, f"{edition}: pages asked the network for {sorted(set(blocked))}"
            assert not failed, f"{edition}: failed requests {sorted(set(failed))}"
        finally:
            browser.close()


def test_teacher_site_works_offline(built_site: dict[str, Path], tmp_path: Path) -> None:
    _check_site(built_site["teacher"], "teacher", tmp_path)


def test_student_site_works_offline_without_answers(
    built_site: dict[str, Path], tmp_path: Path
) -> None:
    site = built_site["student"]
    for page in site.glob("*.html"):
        assert "Worked answer" not in page.read_text()
    _check_site(site, "student", tmp_path)
