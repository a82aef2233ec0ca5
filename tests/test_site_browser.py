"""The course site in a real browser, opened from disk with the network off.

Every page of both editions is opened from ``file://`` in Debian's chromium (playwright), with
every request that is not ``file://`` or ``data:`` blocked: no failed request the page needs,
no console error, the label visible, a rendered figure, navigation links that resolve, and no
worked answers in the student edition. Screenshots go to ``build/screenshots/site/``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from benzopk.labels import LABEL_TEXT

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = REPO / "build" / "screenshots" / "site"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian's chromium at /usr/bin/chromium (run scripts/ensure-chromium as root)",
    ),
]

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
    home = tmp_path / f"browser-{edition}"
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
           "XDG_CACHE_HOME": str(home / ".cache")}  # fmt: skip
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True, env=env
        )
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            blocked: list[str] = []
            failed: list[str] = []

            def offline(route: Any) -> None:
                if route.request.url.startswith(("file://", "data:")):
                    route.continue_()
                else:
                    blocked.append(route.request.url)
                    route.abort()

            context.route("**/*", offline)
            for name in pages:
                page = context.new_page()
                errors: list[str] = []
                page.on(
                    "console", lambda m, e=errors: e.append(m.text) if m.type == "error" else None
                )
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
