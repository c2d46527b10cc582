"""Issue 9, item 2: logins cannot be guessed; API tokens are hashed, expiring and revocable.

Everything goes through the real views, the real django-axes and DRF machinery and the real database; the lockout
shared between processes runs two real servers against a real Redis.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
import yaml
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from knox.models import AuthToken
from openapi_spec_validator import validate
from rest_framework.test import APIClient

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
TOKEN_URL = "/api/v1/auth/token/"
PASSWORD = "pw-123456"


def login(api: APIClient, username: str = "anna", password: str = PASSWORD, address: str = "127.0.0.1"):  # type: ignore[no-untyped-def]
    return api.post(
        TOKEN_URL,
        {"username": username, "password": password},
        format="json",
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE="en",
    )


def with_token(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def token_works(token: str) -> bool:
    """A token-only endpoint: 401 for a revoked or expired token, 400 (bad body) once authenticated."""
    status = with_token(token).post("/api/v1/jobs/", {}, format="json").status_code
    assert status in {400, 401, 403}, status
    return status != 401


@pytest.fixture
def anna(db):  # type: ignore[no-untyped-def]
    return UserFactory(username="anna")


def cooloff_seconds() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


# --- Tokens -----------------------------------------------------------------------------------------------------------


def test_each_login_issues_a_new_working_token_with_its_expiry(api, anna):
    first, second = login(api), login(api)
    assert first.status_code == second.status_code == 200
    assert set(first.json()) == {"token", "expiry"}
    assert first.json()["token"] != second.json()["token"]
    ttl = settings.REST_KNOX["TOKEN_TTL"]
    expiry = AuthToken.objects.filter(user=anna).latest("created").expiry
    assert abs(expiry - (timezone.now() + ttl)) < timedelta(minutes=1)
    assert first.json()["expiry"]
    assert token_works(first.json()["token"]) and token_works(second.json()["token"])
    assert not token_works("0" * 64)


def test_tokens_are_stored_only_as_a_hash(api, anna):
    token = login(api).json()["token"]
    (row,) = AuthToken.objects.filter(user=anna).values()
    assert row["digest"] == hashlib.sha512(token.encode()).hexdigest()
    assert not any(token in str(value) for value in row.values())
    # The old plaintext token table is gone (see accounts/migrations/0001).
    assert "authtoken_token" not in connection.introspection.table_names()


def test_an_expired_token_is_refused_and_deleted(api, anna):
    token = login(api).json()["token"]
    AuthToken.objects.filter(user=anna).update(expiry=timezone.now() - timedelta(seconds=1))
    r = with_token(token).get("/api/v1/jobs/")
    assert r.status_code == 401
    assert not AuthToken.objects.filter(user=anna).exists()


def test_a_request_reads_only_its_own_token_and_a_login_clears_the_expired_ones(api, anna):
    old, current = login(api).json()["token"], login(api).json()["token"]
    AuthToken.objects.filter(digest=hashlib.sha512(old.encode()).hexdigest()).update(
        expiry=timezone.now() - timedelta(seconds=1)
    )
    with CaptureQueriesContext(connection) as queries:
        assert with_token(current).get("/api/v1/me/saved-jobs/").status_code == 200
    # One read of the tokens: the one carried, with its user (not the user's other tokens too).
    assert sum("knox_authtoken" in q["sql"] for q in queries.captured_queries) == 1
    assert not token_works(old)
    assert AuthToken.objects.filter(user=anna).count() == 1
    AuthToken.objects.filter(user=anna).update(expiry=timezone.now() - timedelta(seconds=1))
    fresh = login(api).json()["token"]
    (row,) = AuthToken.objects.filter(user=anna)  # the expired one went with the login
    assert row.digest == hashlib.sha512(fresh.encode()).hexdigest() and token_works(fresh)


def test_expired_tokens_are_deleted_every_night_without_a_login(api, anna):
    from accounts.tasks import purge_expired_tokens

    bert = UserFactory(username="bert")
    expired, kept = login(api).json()["token"], login(api, "bert").json()["token"]
    AuthToken.objects.filter(user=anna).update(expiry=timezone.now() - timedelta(seconds=1))
    purge_expired_tokens.delay()
    assert not AuthToken.objects.filter(user=anna).exists() and not token_works(expired)
    assert AuthToken.objects.filter(user=bert).count() == 1 and token_works(kept)


def test_logout_revokes_this_token_and_logout_all_every_token(api, anna):
    one, two, three = (login(api).json()["token"] for _ in range(3))
    assert with_token(one).post("/api/v1/auth/logout/").status_code == 204
    assert not token_works(one) and token_works(two) and token_works(three)
    assert with_token(two).post("/api/v1/auth/logout-all/").status_code == 204
    assert not token_works(two) and not token_works(three)
    assert not AuthToken.objects.filter(user=anna).exists()
    assert api.post("/api/v1/auth/logout/").status_code == 401


def _set_password_and_save(user, new: str) -> None:  # type: ignore[no-untyped-def]
    user.set_password(new)
    user.save()


def _password_change_page(user, new: str) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    r = client.post("/accounts/password/change/", {"oldpassword": PASSWORD, "password1": new, "password2": new})
    assert r.status_code == 302, r.content


def _password_reset_link(user, new: str) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    uid = user_pk_to_url_str(user)
    r = client.get(f"/accounts/password/reset/key/{uid}-{default_token_generator.make_token(user)}/", follow=True)
    r = client.post(r.redirect_chain[-1][0], {"password1": new, "password2": new})
    assert r.status_code == 302, r.content


def _admin_password_form(user, new: str) -> None:  # type: ignore[no-untyped-def]
    operator = UserFactory(username="root-operator", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(operator)
    r = client.post(f"/admin/auth/user/{user.pk}/password/", {"password1": new, "password2": new})
    assert r.status_code == 302, r.content


@pytest.mark.parametrize(
    "change", [_set_password_and_save, _password_change_page, _password_reset_link, _admin_password_form]
)
def test_a_password_change_revokes_every_token_of_the_user(api, anna, change):
    tokens = [login(api).json()["token"] for _ in range(2)]
    other = UserFactory(username="bernd")
    others_token = login(api, "bernd").json()["token"]
    change(get_user_model().objects.get(pk=anna.pk), "Ganz-neues-Passwort-2026")
    assert not any(token_works(t) for t in tokens)
    assert token_works(others_token) and AuthToken.objects.filter(user=other).count() == 1
    assert login(api, password="Ganz-neues-Passwort-2026").status_code == 200


def test_saving_a_user_without_a_new_password_keeps_the_tokens(api, anna):
    token = login(api).json()["token"]
    user = get_user_model().objects.get(pk=anna.pk)
    user.first_name = "Anna"
    user.save()
    login(api)  # updates last_login
    assert token_works(token)


# --- Lockout (django-axes) --------------------------------------------------------------------------------------------


def test_api_locks_a_user_name_and_address_after_the_failure_limit_with_retry_after(api, anna):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        r = login(api, password="wrong")
        assert r.status_code == 400 and r.json()["non_field_errors"]
    r = login(api, password="wrong")
    assert r.status_code == 429
    assert r["Retry-After"] == str(cooloff_seconds())
    assert "Too many failed logins" in r.json()["detail"]
    # Locked: even the right password is refused, and no token is issued.
    r = login(api)
    assert r.status_code == 429 and int(r["Retry-After"]) == cooloff_seconds()
    assert not AuthToken.objects.exists()
    # Another address with the same user name is not locked.
    assert login(api, address="192.0.2.7").status_code == 200


def _lock_out(api: APIClient, **extra: str) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        api.post(TOKEN_URL, {"username": "anna", "password": "wrong"}, format="json", **extra)


def test_a_made_up_forwarded_for_header_does_not_escape_the_lockout(api, anna):
    _lock_out(api)
    r = api.post(TOKEN_URL, {"username": "anna", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert r.status_code == 429


def test_behind_a_trusted_proxy_clients_are_told_apart_by_forwarded_for(api, anna, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    _lock_out(api, HTTP_X_FORWARDED_FOR="198.51.100.1")
    locked = api.post(TOKEN_URL, {"username": "anna", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="198.51.100.1")
    other = api.post(TOKEN_URL, {"username": "anna", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert (locked.status_code, other.status_code) == (429, 200)


def test_a_successful_login_resets_the_failure_count(api, anna):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert login(api, password="wrong").status_code == 400
    assert login(api).status_code == 200
    for _ in range(limit - 1):
        assert login(api, password="wrong").status_code == 400
    assert login(api).status_code == 200


def test_missing_fields_are_named_and_do_not_count_as_failures(api, anna):
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        r = api.post(TOKEN_URL, {"username": "anna"}, format="json")
        assert r.status_code == 400 and "password" in r.json()
    assert login(api).status_code == 200


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_login_pages_lock_after_the_failure_limit_with_a_readable_429_page(anna, url):
    client = Client()
    limit = settings.AXES_FAILURE_LIMIT
    field = "login" if url == "/accounts/login/" else "username"  # allauth's field takes a user name or an address
    for _ in range(limit - 1):
        r = client.post(url, {field: "anna", "password": "wrong"})
        assert r.status_code == 200  # the form again, with its error
    r = client.post(url, {field: "anna", "password": "wrong"})
    assert r.status_code == 429
    assert r["Retry-After"] == str(cooloff_seconds())
    page = r.content.decode()
    assert 'role="alert"' in page
    assert "<h1>" in page and "/accounts/password/reset/" in page
    r = client.post(url, {field: "anna", "password": PASSWORD})
    assert r.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_says_how_long_the_pause_lasts(anna):
    client = Client(headers={"accept-language": "en"})
    for _ in range(settings.AXES_FAILURE_LIMIT):
        r = client.post("/accounts/login/", {"login": "anna", "password": "wrong"})
    minutes = cooloff_seconds() // 60
    assert r.status_code == 429 and f"try again in {minutes} minutes" in r.content.decode()


def test_failed_logins_do_not_log_the_user_name(api, anna, caplog):
    caplog.set_level(logging.DEBUG)
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        login(api, username="erika.mustermann", password="wrong")
    Client().post("/accounts/login/", {"login": "erika.mustermann", "password": "wrong"})
    assert "AXES" in caplog.text  # axes did log the attempts
    assert "erika.mustermann" not in caplog.text


# --- Throttles (DRF) --------------------------------------------------------------------------------------------------


def _count(rate: str) -> int:
    return int(rate.split("/")[0])


def test_token_endpoint_is_throttled_per_address_across_user_names(api, anna):
    """Password spraying: one try each for many user names from one address."""
    allowed = _count(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["auth-token"])
    for n in range(allowed):
        assert login(api, username=f"guess{n}", password="wrong").status_code == 400
    r = login(api, username="guess-last", password="wrong")
    assert r.status_code == 429
    assert 0 < int(r["Retry-After"]) <= 3600
    spoofed = api.post(
        TOKEN_URL, {"username": "anna", "password": PASSWORD}, format="json", HTTP_X_FORWARDED_FOR="198.51.100.9"
    )
    assert spoofed.status_code == 429  # a made-up X-Forwarded-For is no new address
    assert login(api, address="192.0.2.8").status_code == 200  # another address is not affected


def test_api_writes_are_throttled_per_user_and_reads_are_not(client_a, client_b, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "user-write": "3/minute"},
    }
    for _ in range(3):
        assert client_a.post("/api/v1/jobs/", {}, format="json").status_code == 400
    r = client_a.post("/api/v1/jobs/", {}, format="json")
    assert r.status_code == 429 and 0 < int(r["Retry-After"]) <= 60
    assert client_a.get("/api/v1/jobs/").status_code == 200
    assert client_b.post("/api/v1/jobs/", {}, format="json").status_code == 400


# --- Settings, OpenAPI, migration ---------------------------------------------------------------------------------


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CACHE_URL", "API_", "LOGIN_"))}
    base.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=base, capture_output=True, text=True, timeout=120
    )


def test_limits_come_from_the_environment_and_production_needs_a_shared_cache():
    probe = (
        "from django.conf import settings as s; r = s.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES'];"
        "print(s.CACHES['default']['BACKEND'], s.AXES_FAILURE_LIMIT, int(s.AXES_COOLOFF_TIME.total_seconds()),"
        "s.REST_KNOX['TOKEN_TTL'].total_seconds(), r['auth-token'], r['user-write'], r['anon-write'])"
    )
    result = _manage(
        "shell",
        "-c",
        probe,
        DJANGO_SETTINGS_MODULE="config.settings.local",
        CACHE_URL="redis://127.0.0.1:6379/2",
        LOGIN_FAILURE_LIMIT="7",
        LOGIN_COOLOFF_MINUTES="30",
        API_TOKEN_TTL_HOURS="2",
        API_THROTTLE_AUTH_TOKEN="5/minute",
        API_THROTTLE_USER_WRITE="50/hour",
        API_THROTTLE_ANON_WRITE="9/hour",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == [
        "django.core.cache.backends.redis.RedisCache",
        "7",
        "1800",
        "7200.0",
        "5/minute",
        "50/hour",
        "9/hour",
    ]
    refused = _manage("check", DJANGO_SETTINGS_MODULE="config.settings.production", DJANGO_SECRET_KEY="x" * 60)
    assert refused.returncode != 0 and "CACHE_URL" in refused.stderr


def test_openapi_documents_the_token_endpoints(api):
    schema = yaml.safe_load(api.get("/api/schema/").content)
    validate(schema)
    login_op = schema["paths"]["/api/v1/auth/token/"]["post"]
    assert {"200", "400", "429"} <= set(login_op["responses"])
    body = login_op["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert set(schema["components"]["schemas"][body]["required"]) == {"username", "password"}
    ok = login_op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert {"token", "expiry"} <= set(schema["components"]["schemas"][ok]["properties"])
    for path in ("/api/v1/auth/logout/", "/api/v1/auth/logout-all/"):
        assert {"204", "401"} <= set(schema["paths"][path]["post"]["responses"])
    schemes = schema["components"]["securitySchemes"]
    assert any(s.get("type") == "apiKey" and s.get("name") == "Authorization" for s in schemes.values())


def test_the_migration_drops_old_plaintext_tokens(db):
    from importlib import import_module

    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    migration = import_module("accounts.migrations.0001_drop_plaintext_tokens")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, user_id integer)")
        cursor.execute("INSERT INTO authtoken_token VALUES ('plaintext-token-of-anna', 1)")
    ContentType.objects.create(app_label="authtoken", model="token")
    # Not entered as a context: the function only runs SQL through the editor's connection.
    migration.drop_plaintext_tokens(apps, connection.schema_editor())
    assert "authtoken_token" not in connection.introspection.table_names()
    assert not ContentType.objects.filter(app_label="authtoken").exists()


# --- Shared across processes through Redis ---------------------------------------------------------------------------

REDIS_HOST, REDIS_PORT, REDIS_DB = "127.0.0.1", 6379, 2


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory) -> Iterator[list[str]]:  # type: ignore[no-untyped-def]
    """Two web processes of the site sharing one database and one Redis cache (DB 2), as two gunicorn workers."""
    import redis

    try:
        client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB, socket_connect_timeout=2)
        client.ping()
    except redis.exceptions.ConnectionError as exc:
        pytest.fail(
            f"Redis is not reachable at {REDIS_HOST}:{REDIS_PORT} ({exc}). This test checks that login lockouts are "
            "shared between processes through Redis: start it (e.g. `redis-server --daemonize yes`) and run again."
        )
    client.flushdb()
    db_file = tmp_path_factory.mktemp("two-servers") / "db.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CACHE_URL", "API_", "LOGIN_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DJANGO_DEBUG="false",
        DATABASE_URL=f"sqlite:///{db_file}",
        CACHE_URL=f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}",
        LOGIN_FAILURE_LIMIT="4",
        CELERY_BROKER_URL="",
    )
    run = {"cwd": ROOT, "env": env, "capture_output": True, "text": True, "timeout": 300}
    setup = subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], **run)  # type: ignore[call-overload]
    assert setup.returncode == 0, setup.stderr
    create = "from django.contrib.auth.models import User; User.objects.create_user('anna', password='pw-123456')"
    setup = subprocess.run([sys.executable, "manage.py", "shell", "-c", create], **run)  # type: ignore[call-overload]
    assert setup.returncode == 0, setup.stderr
    servers, urls = [], []
    for _ in range(2):
        port = _free_port()
        servers.append(
            subprocess.Popen(
                [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        urls.append(f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + 60
        for url in urls:
            while True:
                try:
                    httpx.get(f"{url}/api/v1/fields/", timeout=2)
                    break
                except httpx.TransportError:
                    assert time.monotonic() < deadline, "the test servers did not start"
                    time.sleep(0.3)
        yield urls
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=20)
        client.flushdb()


@pytest.mark.redis
def test_lockout_is_shared_by_two_processes_through_redis(two_servers):
    first, second = two_servers

    def post(base: str, password: str) -> httpx.Response:
        return httpx.post(f"{base}{TOKEN_URL}", json={"username": "anna", "password": password}, timeout=60)

    assert post(first, PASSWORD).status_code == 200
    # Failures alternate between the processes; neither alone reaches the limit of 4.
    assert [post(base, "wrong").status_code for base in (first, second, first)] == [400, 400, 400]
    r = post(second, "wrong")
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
    assert post(first, PASSWORD).status_code == 429
    # The login page of either process is locked for the same user name and address too.
    page = httpx.Client(base_url=first, timeout=60)
    form = page.get("/accounts/login/")
    csrf = page.cookies["csrftoken"]
    r = page.post("/accounts/login/", data={"login": "anna", "password": PASSWORD, "csrfmiddlewaretoken": csrf})
    assert r.status_code == 429 and form.status_code == 200
