"""Reference data (gazetteer, KldB classification, networks) is cached, and every way it changes shows at once.

The search resolves KldB codes, places and facet labels from the cache on every request (config.caching, the
REFERENCE generation); the crawler's normalizer checks KldB codes the same way. Each test first makes the old value
cached, then changes the data the way the site does (services, management commands, the operator's admin) and
expects the new data on the very next request. A change that bypasses the services (a raw UPDATE) is not seen
until the next bump: that is how each test proves that it reads the cache at all.
"""

from __future__ import annotations

import csv
import os
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.core.cache import CacheKeyWarning
from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient

from companies.models import Network
from companies.services import network_save
from config.caching import Generation, current
from crawlers.normalize import normalize
from crawlers.types import RawPosting
from jobs.services import KLDB_FIELDS_CSV
from regions.models import County
from regions.services import DATA_DIR as REGIONS_DATA
from regions.services import regions_load
from tests.factories import NetworkFactory

from .helpers import NORDHAUSEN

pytestmark = pytest.mark.usefixtures("sqlite_backend")
ROOT = Path(__file__).resolve().parents[2]
SEARCH = "/api/v1/search/jobs/"


@pytest.fixture
def networked(post: Any, company_a: Any) -> Network:
    network = NetworkFactory(slug="pflege-netz", name="Pflegenetz Nord")
    company_a.networks.add(network)
    post(title="Pflegefachkraft (m/w/d)", field="81")
    return network


@pytest.fixture
def admin_client(operator: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(operator)
    return client


def facet_labels(api: APIClient, name: str, **params: str) -> dict[str, str]:
    body = api.get(SEARCH, params, HTTP_ACCEPT_LANGUAGE="de").json()
    return {v["value"]: v["label"] for v in body["facets"][name]}


def page(client: Client) -> str:
    return client.get("/jobs/", HTTP_ACCEPT_LANGUAGE="de").content.decode()


# --- Networks: the operator renames one ------------------------------------------------------------------------------


def test_a_renamed_network_shows_at_once_in_the_api_and_on_the_page(
    api: APIClient, client: Client, networked: Network
) -> None:
    assert facet_labels(api, "network") == {"pflege-netz": "Pflegenetz Nord"}
    assert "Pflegenetz Nord" in page(client)
    # Outside the services the cached name stays ...
    Network.objects.filter(pk=networked.pk).update(name="Unbemerkt")
    assert facet_labels(api, "network") == {"pflege-netz": "Pflegenetz Nord"}
    # ... through them the next request has the new one.
    networked.name = "Gesundheitsnetz Nord"
    network_save(network=networked)
    assert facet_labels(api, "network") == {"pflege-netz": "Gesundheitsnetz Nord"}
    html = page(client)
    assert "Gesundheitsnetz Nord" in html and "Pflegenetz Nord" not in html


def test_the_operator_renames_and_deletes_a_network_in_the_admin(
    api: APIClient, admin_client: Client, networked: Network, committed: Any
) -> None:
    assert facet_labels(api, "network") == {"pflege-netz": "Pflegenetz Nord"}
    form = {"slug": "pflege-netz", "name": "Gesundheitsnetz Nord", "kind": "cluster", "description": "", "website": ""}
    response = admin_client.post(f"/admin/companies/network/{networked.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert facet_labels(api, "network") == {"pflege-netz": "Gesundheitsnetz Nord"}
    # Deleted: its slug leaves the indexed postings of its companies, so the facet has no value left.
    with committed():
        response = admin_client.post(f"/admin/companies/network/{networked.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert facet_labels(api, "network") == {}


def test_a_county_renamed_in_the_admin_shows_at_once(api: APIClient, admin_client: Client, networked: Network) -> None:
    assert facet_labels(api, "county") == {"16062": "Landkreis Nordhausen"}
    county = County.objects.get(ags="16062")
    form = {
        "ags": "16062",
        "name": "Kreis Nordhausen (Harz)",
        "slug": county.slug,
        "lat": county.lat,
        "lon": county.lon,
    }
    response = admin_client.post("/admin/regions/county/16062/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert facet_labels(api, "county") == {"16062": "Kreis Nordhausen (Harz)"}


# --- The gazetteer: load_regions adds a place -----------------------------------------------------------------------


def _gazetteer_with_new_places(directory: Path) -> Path:
    """A data directory with one new municipality and one new postal locality of the Landkreis Nordhausen."""
    directory.mkdir()
    for name, row in (
        ("thueringen_places.csv", ["16062999", "Testhausen", "Landkreis Nordhausen", "16062", "99999", "51.5", "10.8"]),
        (
            "thueringen_postal_localities.csv",
            ["99998", "Kleintestdorf", "Landkreis Nordhausen", "16062", "51.4", "10.7", "", "", "name"],
        ),
    ):
        with open(REGIONS_DATA / name, encoding="utf-8") as fh:
            header = next(csv.reader(fh))
        with open(directory / name, "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows([header, row])
    return directory


def test_a_place_added_by_load_regions_is_searchable_at_once(api: APIClient, tmp_path: Path) -> None:
    # Unknown before: refused, or (one or two typos from a known place: Westhausen) searched as that place.
    for place in ("Testhausen", "Kleintestdorf"):
        refused = api.get(SEARCH, {"place": place})
        assert (refused.status_code == 400 and "place" in refused.json()) or refused.json()["place_corrected"], place
    regions_load(data_dir=_gazetteer_with_new_places(tmp_path / "gazetteer"))
    for place in ("Testhausen", "Kleintestdorf"):
        found = api.get(SEARCH, {"place": place})
        assert found.status_code == 200 and found.json()["place_corrected"] is None, place


def test_the_load_regions_command_makes_cached_reference_data_stale() -> None:
    before = current(Generation.REFERENCE)
    call_command("load_regions", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert current(Generation.REFERENCE) > before


def test_a_municipality_moved_by_load_regions_moves_the_search_at_once(
    api: APIClient, post: Any, tmp_path: Path
) -> None:
    job = post(title="Koch (m/w/d)")  # in Nordhausen
    only_here = {"place": "Nordhausen", "radius_km": "0"}
    assert [h["id"] for h in api.get(SEARCH, only_here).json()["results"]] == [job.pk]
    data = tmp_path / "gazetteer"
    data.mkdir()
    with open(REGIONS_DATA / "thueringen_places.csv", encoding="utf-8") as fh:
        rows = [r for r in csv.reader(fh) if r[0] in ("ags", NORDHAUSEN)]
    rows[1][5:7] = ["51.9", "10.79"]  # 44 km north: the workplaces stay indexed at the old point
    with open(data / "thueringen_places.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    (data / "thueringen_postal_localities.csv").write_text(
        (REGIONS_DATA / "thueringen_postal_localities.csv").read_text(encoding="utf-8").splitlines()[0] + "\n",
        encoding="utf-8",
    )
    regions_load(data_dir=data)
    assert api.get(SEARCH, only_here).json()["results"] == []


# --- The KldB classification: a new field ----------------------------------------------------------------------------


def test_a_new_kldb_field_is_known_to_the_normalizer_and_the_search_at_once(api: APIClient, tmp_path: Path) -> None:
    raw = RawPosting(title="Sachbearbeiter Testwesen (m/w/d)", field_code="99")
    assert normalize(raw, fallback_ags=NORDHAUSEN)["field"] != "99"
    assert api.get(SEARCH, {"field": "99"}).status_code == 400
    csv_path = tmp_path / "kldb.csv"
    with open(KLDB_FIELDS_CSV, encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    with open(csv_path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, ["99", "Testberufe", "9", "Geisteswissenschaften, Kultur, Gestaltung"]])
    call_command("load_kldb", path=csv_path, stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert normalize(raw, fallback_ags=NORDHAUSEN)["field"] == "99"
    assert api.get(SEARCH, {"field": "99"}).status_code == 200


def test_migrate_makes_cached_reference_data_stale() -> None:
    before = current(Generation.REFERENCE)
    call_command("migrate", verbosity=0, interactive=False)
    assert current(Generation.REFERENCE) > before


# --- Keys -------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "place",
    ["Bad Langensalza", "Nord\thausen", "x" * 100, "Mühlhausen/Thüringen", "ﬁ%:@{}", "\u200b" * 60],
)
def test_cache_keys_suit_every_backend_whatever_place_is_typed(api: APIClient, place: str) -> None:
    """Django warns (CacheKeyWarning) about a key memcached would refuse: a space, a control character, > 250
    characters. Typed place names are hashed into the key."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        for language in ("de", "en"):
            assert api.get(SEARCH, {"place": place}, HTTP_ACCEPT_LANGUAGE=language).status_code in (200, 400)


# --- Two processes sharing Redis ------------------------------------------------------------------------------------

REDIS = ("127.0.0.1", 6379)
REDIS_DB = 10  # this test's own Redis database: emptied before and after


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.fixture
def redis_site(tmp_path: Path) -> Iterator[tuple[dict[str, str], str]]:
    """A site of its own (SQLite file, search index, local settings) whose processes share Redis database
    REDIS_DB as their cache; one of them serves HTTP. Yields the environment and the server's address."""
    import redis

    try:
        client = redis.Redis(host=REDIS[0], port=REDIS[1], db=REDIS_DB, socket_connect_timeout=2)
        client.flushdb()
    except redis.exceptions.ConnectionError as exc:
        pytest.fail(f"Redis is not reachable at {REDIS[0]}:{REDIS[1]} ({exc}): start it and run again.")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CACHE_URL", "SEARCH_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DJANGO_DEBUG="false",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        SEARCH_INDEX_PATH=str(tmp_path / "index.sqlite3"),
        CACHE_URL=f"redis://{REDIS[0]}:{REDIS[1]}/{REDIS_DB}",
        CELERY_BROKER_URL="",
        DJANGO_LOG_LEVEL="WARNING",
    )
    _manage(env, "migrate", "--noinput", "-v", "0")
    _manage(env, "load_regions", "-v", "0")
    _manage(
        env,
        "shell",
        "-c",
        "from tests.factories import CompanyFactory, NetworkFactory, make_posting\n"
        "company = CompanyFactory(slug='firma-a')\n"
        "company.networks.add(NetworkFactory(slug='pflege-netz', name='Pflegenetz Nord'))\n"
        "make_posting(company, title='Pflegefachkraft (m/w/d)')",
    )
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{url}/api/v1/fields/", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the test server did not start"
                time.sleep(0.3)
        yield env, url
    finally:
        server.terminate()
        server.wait(timeout=20)
        client.flushdb()
        client.close()


@pytest.mark.redis
def test_a_bump_in_one_process_is_seen_by_another_sharing_redis(redis_site: tuple[dict[str, str], str]) -> None:
    env, url = redis_site

    def network_labels() -> dict[str, str]:
        body = httpx.get(f"{url}{SEARCH}", headers={"Accept-Language": "de"}, timeout=30).json()
        return {v["value"]: v["label"] for v in body["facets"]["network"]}

    assert network_labels() == {"pflege-netz": "Pflegenetz Nord"}
    # Another process changes the row without the services: the server keeps the name it cached in Redis.
    rename = "from companies.models import Network\nnetwork = Network.objects.get(slug='pflege-netz')\n"
    _manage(env, "shell", "-c", rename + "Network.objects.filter(pk=network.pk).update(name='Unbemerkt')")
    assert network_labels() == {"pflege-netz": "Pflegenetz Nord"}
    # Through the service its bump reaches the server through Redis: the next request has the new name.
    _manage(
        env,
        "shell",
        "-c",
        rename + "from companies.services import network_save\n"
        "network.name = 'Gesundheitsnetz Nord'\nnetwork_save(network=network)",
    )
    assert network_labels() == {"pflege-netz": "Gesundheitsnetz Nord"}
