"""Browser tests: Debian's Chromium driven by Playwright against the demo site served on 127.0.0.1.

The site runs in its own process on its own SQLite file and search index, seeded with the demo data
(`seed_demo`), so these tests see what `make run` shows. pytest-django's live_server is not used on purpose:
its transactional flush would wipe the gazetteer the other tests share.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass
class Site:
    url: str
    company_slug: str
    password: str
    env: dict[str, str]

    def manage(self, *args: str) -> str:
        return _manage(self.env, *args)

    @property
    def mail_dir(self) -> Path:
        """Where the site writes the e-mails it sends (EMAIL_URL=filemail://…), one file per connection."""
        return Path(self.env["EMAIL_URL"].removeprefix("filemail://"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def _wait_until_up(url: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the demo server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the demo server did not answer on {url}")


@pytest.fixture(scope="session")
def site() -> Iterator[Site]:
    tmp = Path(tempfile.mkdtemp(prefix="regiojobs-browser-"))
    password = "demo-password"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_DEBUG": "true",  # static files come from the app folders, as under `make run`
        # Always SQLite here, whatever DATABASE_URL the rest of the suite uses: this is a throwaway demo site.
        "DATABASE_URL": f"sqlite:///{tmp / 'site.sqlite3'}",
        "SEARCH_BACKEND": "search.backends.sqlite_fts.SqliteFtsBackend",
        "SEARCH_INDEX_PATH": str(tmp / "index.sqlite3"),
        "CELERY_BROKER_URL": "",
        "DEMO_DATA_ALLOWED": "true",
        "DEMO_PASSWORD": password,
        "DJANGO_LOG_LEVEL": "WARNING",
        # Every test logs in from 127.0.0.1: more than the 30 logins a minute one address may make in production.
        "LOGIN_RATE_LIMIT": "600/m/ip",
        "DJANGO_MEDIA_ROOT": str(tmp / "media"),
        "EMAIL_URL": f"filemail://{tmp / 'mail'}",
    }
    _manage(env, "migrate", "--noinput")
    _manage(env, "load_regions")
    _manage(env, "seed_demo")
    _manage(env, "search_reindex", "--no-progress")
    # As `make run` does: built here, the field model is not built by a request of some test (half a minute of the
    # server's CPU, which stalls the requests of the tests running meanwhile).
    _manage(env, "build_field_model")
    slug = _manage(
        env,
        "shell",
        "--no-imports",
        "-c",
        "from companies.models import Company; "
        "print(Company.objects.approved().filter(municipality__county_id='16062').order_by('slug').first().slug)",
    ).strip()
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env["SITE_URL"] = url  # links in the site's e-mails
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_until_up(url + "/", proc)
        yield Site(url=url, company_slug=slug, password=password, env=env)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(
            "Debian's Chromium is missing at /usr/bin/chromium. Install it with "
            "`apt-get install -y chromium` (the browser tests never download a browser)."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, site: Site) -> Iterator[Any]:
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def screenshot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_audit(page: Any, name: str, impacts: tuple[str, ...] | None = ("serious", "critical")) -> list[dict[str, Any]]:
    """Run axe-core from the local npm install; returns the violations of the given impacts (None: all), saves all."""
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: run `npm ci` in the repository root.")
    # Evaluated through the DevTools protocol, not added as an inline <script> (which the site's CSP refuses).
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    out = ARTIFACTS / "axe"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.json").parent.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.json").write_text(json.dumps(result["violations"], indent=1, ensure_ascii=False))
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if impacts is None or v["impact"] in impacts
    ]


def login(page: Any, site: Site, button: str = "Anmelden", login: str | None = None) -> None:
    """Log in on allauth's page as the demo company's owner (or `login`: a user name or an e-mail address)."""
    page.goto(site.url + "/accounts/login/")
    page.fill("#id_login", login or site.company_slug)
    page.fill("#id_password", site.password)
    page.get_by_role("button", name=button).click()
    page.wait_for_url(site.url + "/company-area/")
