"""Official sources only, and no dose amount or concentration anywhere shipped or rendered.

The host check is an explicit list of the kinds of hosts a source may point to (regulators,
the literature's own addresses, publishers and journals, parliaments), not a list of bad
ones: an address not on it fails. The dose check looks for amounts with a mass or
concentration unit, unit-only concentration words and dose-unit column titles, in the
repository's tracked text, the wheel and both editions of the built site.
"""

from __future__ import annotations

import csv
import re
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest

REPO = Path(__file__).resolve().parents[2]

#: The kinds of host a source may point to, each an explicit list of domains (a host
#: matches a domain or any of its subdomains).
ALLOWED_HOSTS: dict[str, tuple[str, ...]] = {
    "regulator or national agency": (
        "fda.gov",  # www.fda.gov, accessdata.fda.gov, api.fda.gov (openFDA)
        "dailymed.nlm.nih.gov",
        "ema.europa.eu",
        "medicines.org.uk",  # eMC, the UK SmPCs
        "mhra.gov.uk",
        "tga.gov.au",
        "health-products.canada.ca",
        "medsafe.govt.nz",
        "swissmedicinfo.ch",
        "has-sante.fr",
        "ansm.sante.fr",
        "hpra.ie",
        "pmda.go.jp",
    ),
    "the literature's own addresses": (
        "doi.org",
        "ncbi.nlm.nih.gov",  # PubMed, PMC and the NCBI bookshelf
        "europepmc.org",
        "pubmed.gov",  # the National Library of Medicine's short address for PubMed
    ),
    "publisher or journal": (
        "link.springer.com",
        "onlinelibrary.wiley.com",
        "jamanetwork.com",
        "journals.lww.com",
        "portlandpress.com",  # Clinical Science
        "acpjc.acponline.org",  # ACP Journal Club
        "acpjournals.org",
        "sma.org",  # Southern Medical Journal
        "nejm.org",
        "jci.org",
        "bmj.com",
        "sciencedirect.com",
        "academic.oup.com",
        "choosingwisely.org",  # the publisher of the Choosing Wisely lists
        "cambridge.org",  # Cambridge University Press (European Psychiatry)
        "aspetjournals.org",  # ASPET journals (Drug Metab Dispos, Pharmacol Rev)
        "e-cmh.org",  # Clinical and Molecular Hepatology
        "acpjc.org",  # ACP Journal Club (older address)
    ),
    "parliament record": ("hansard.parliament.uk", "publications.parliament.uk"),
}
#: Not sources: where the course itself runs (a local server, Binder).
INFRASTRUCTURE_HOSTS = ("127.0.0.1", "localhost", "mybinder.org")

#: A host name written without a scheme ("read on example.com"): named, it is a link too.
BARE_HOST = re.compile(
    r"(?<![\w@/.-])((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+"
    r"(?:com|org|net|info|io|ai|life|cc|gov|edu|int|eu|uk|de|ch|nl|fr|at|ie|it|es|be|dk|se|"
    r"no|fi|pl|cz|ru|ua|za|au|nz|ca|us|jp|cn|in|bd|cy|co|me|site|app|wiki|biz|xyz))(?![\w-])",
    re.IGNORECASE,
)
URL = re.compile(r"https?://[^\s\"'<>()`\]\[|]+")
DOSE = re.compile(
    r"(?<![.:\w])\d+(?:[.,]\d+)?\s*-?\s*(?:mg|mcg|µg|μg|ug|ng|pg|g|mmol|µmol|mL|ml)\b"
    r"(?!\s*(?:/\s*(?:min|h|hr)\b))"  # clearance (mL/min) is not a dose
    r"|\b(?:mg|mcg|µg|μg|ng)\s*/\s*(?:k?g|m?l|dl|L)\b"
    r"|\((?:mg|mcg|µg|μg)\)"
    r"|\bmilligrams?\b|\bmicrograms?\b",
    re.IGNORECASE,
)
#: Tracked files that hold the patterns on purpose (this test, the checks of bad input).
PATTERN_FILES = {
    "tests/core/test_provenance.py",
    "tests/core/test_bad_input_and_safety.py",
    "tests/course/test_notebooks_and_site.py",
}


def allowed(url: str) -> bool:
    host = (urlparse(url).hostname or "").lower()
    domains = [d for kind in ALLOWED_HOSTS.values() for d in kind] + list(INFRASTRUCTURE_HOSTS)
    return any(host == d or host.endswith("." + d) for d in domains)


def source_urls() -> list[tuple[str, str]]:
    with (REPO / "data" / "sources.csv").open(encoding="utf-8") as handle:
        return [(r["source_id"], r["url"]) for r in csv.DictReader(handle) if r["url"]]


def tracked_text_files() -> list[Path]:
    listing = subprocess.run(
        ["git", "ls-files"], cwd=REPO, check=True, capture_output=True, text=True
    ).stdout.split()
    out = []
    for name in listing:
        path = REPO / name
        if name in PATTERN_FILES or not path.is_file() or path.suffix in {".png", ".whl"}:
            continue
        try:
            path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        out.append(path)
    return out


def problems(text: str, where: str) -> list[str]:
    found = [f"{where}: dose or concentration {m.group(0)!r}" for m in DOSE.finditer(text)]
    found += [f"{where}: host of {u}" for u in URL.findall(text) if not allowed(u)]
    return found


def bare_host_problems(text: str, where: str) -> list[str]:
    return [
        f"{where}: names the host {m.group(1)}"
        for m in BARE_HOST.finditer(text)
        if not allowed(f"https://{m.group(1)}/")
    ]


def test_the_host_list_rejects_what_it_should() -> None:
    for bad in (
        "https://pillsync.com/drug/x",
        "https://www.rxreasoner.com/monographs/x",
        "http://47.251.13.51:8081/1867967",
        "https://wwwqws.sigmaaldrich.com/x",
        "http://edrugswiki.com/drug/ambien",
        "https://fda.gov.example.com/x",
        "https://notfda.gov/x",
    ):
        assert not allowed(bad), bad
    for good in (
        "https://www.fda.gov/drugs/x",
        "https://pubmed.ncbi.nlm.nih.gov/6111408/",
        "https://doi.org/10.1/x",
        "https://hansard.parliament.uk/Commons/x",
    ):
        assert allowed(good), good


def test_a_host_named_without_a_scheme_is_found() -> None:
    for text in ("read on rxreasoner.com (a copy)", "copy at www.edrugswiki.com/x", "droracle.ai",
                 "abstract on scilit.net; no DOI", "the ch.oddb.org copy"):  # fmt: skip
        assert bare_host_problems(text, "t"), text
    for text in ("data/drugs.csv", "see README.md", "benzopk.data", "e.g. a label",
                 "doi.org/10.1/x", "on pubmed.ncbi.nlm.nih.gov", "www.fda.gov"):  # fmt: skip
        assert not bare_host_problems(text, "t"), text


def test_the_dose_pattern_finds_amounts_and_spares_words() -> None:
    for text in ("a single 10-mg oral dose", "0.25 mg", "15 ng/mL", "2 mg/kg", "Dose (mg)",
                 "5 mcg", "10 milligrams"):  # fmt: skip
        assert DOSE.search(text), text
    for text in ("Malmgren H", "clearance 1.35 ml/min/kg", "[dose]", "mg-free text", "24 h"):
        assert not DOSE.search(text), text


def test_every_source_url_is_an_allowed_kind_of_host() -> None:
    urls = source_urls()
    assert urls  # sources do carry addresses where one was seen
    bad = [(source_id, url) for source_id, url in urls if not allowed(url)]
    assert not bad, bad


def test_no_dose_and_no_disallowed_host_in_the_repository() -> None:
    files = tracked_text_files()
    assert any(p.name == "drugs.csv" for p in files)
    assert any(p.suffix == ".ipynb" for p in files)
    found = [p for path in files for p in problems(path.read_text("utf-8"), str(path))]
    assert not found, found[:20]


def test_no_disallowed_host_named_in_the_data_notebooks_or_package() -> None:
    """Where a text was read on a copy, the data say what kind of site it was, not its name."""
    files = [
        p
        for p in tracked_text_files()
        if p.relative_to(REPO).parts[0] in {"data", "notebooks", "src"}
    ]
    assert any(p.name == "sources.csv" for p in files)
    found = [p for path in files for p in bare_host_problems(path.read_text("utf-8"), str(path))]
    assert not found, found[:20]


@pytest.mark.slow
def test_no_dose_and_no_disallowed_host_in_the_wheel(built_wheel: Path) -> None:
    found = []
    with zipfile.ZipFile(built_wheel) as archive:
        for name in archive.namelist():
            if name.endswith((".py", ".csv", ".md", ".j2", ".css", ".txt", "METADATA")):
                found += problems(archive.read(name).decode("utf-8"), name)
    assert not found, found[:20]


class _Rendered(HTMLParser):
    """What a reader sees and follows on a page: its text (not the stylesheet or scripts of
    the page template) and the addresses of its links and images."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.addresses: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self._skip += 1
        for name, value in attrs:
            if name in ("href", "src", "alt", "title") and value and not value.startswith("data:"):
                (self.addresses if name in ("href", "src") else self.text).append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


@pytest.mark.slow
def test_no_dose_and_no_disallowed_host_on_the_built_site(built_site: dict[str, Path]) -> None:
    pages = [p for edition in built_site.values() for p in edition.rglob("*.html")]
    assert len(pages) > 5
    found = []
    for page in pages:
        rendered = _Rendered()
        rendered.feed(page.read_text("utf-8"))
        found += problems(" ".join(rendered.text), str(page))
        found += [
            f"{page}: link to {a}" for a in rendered.addresses if "://" in a and not allowed(a)
        ]
    assert not found, found[:20]
