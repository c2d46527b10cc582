"""The profiles' index: what is stored (privacy), reindex and check of both kinds, the outbox, task and drain."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction

from profiles.models import SeekerProfile
from search import indexing
from search.backends.base import BaseSearchBackend, get_search_backend
from search.models import PendingProfileIndexUpdate
from search.tasks import drain_outbox, reconcile
from tests.factories import UserFactory, make_profile

from .helpers import NORDHAUSEN


def run(name: str, *args: str) -> str:
    out = StringIO()
    call_command(name, *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def seeker(committed: Any) -> Any:
    def create(user: Any = None, **overrides: Any) -> SeekerProfile:
        with committed():
            return make_profile(user or UserFactory(), **overrides)  # type: ignore[no-any-return]

    return create


def stored(backend: BaseSearchBackend, pk: int) -> str:
    """Everything the index holds for one profile, as one text: the SQLite rows or the Elasticsearch _source."""
    if backend.name == "sqlite_fts":
        conn = backend._conn()  # type: ignore[attr-defined]
        parts = [
            conn.execute("SELECT * FROM profile WHERE id = ?", (pk,)).fetchall(),
            conn.execute("SELECT * FROM profile_data WHERE id = ?", (pk,)).fetchall(),
            conn.execute("SELECT title, body FROM profile_fts WHERE rowid = ?", (pk,)).fetchall(),
            conn.execute("SELECT * FROM profile_term WHERE profile = ?", (pk,)).fetchall(),
        ]
        assert parts[0] and parts[1] and parts[2]
        return json.dumps(parts, ensure_ascii=False)
    source = backend.client.get(index=backend.profile_alias, id=str(pk))["_source"]  # type: ignore[attr-defined]
    return json.dumps(source, ensure_ascii=False)


# ---- privacy -------------------------------------------------------------------------------------------------------


def test_the_stored_document_holds_nothing_of_the_person(backend: BaseSearchBackend, seeker: Any) -> None:
    user = UserFactory(username="sabine.s", first_name="Sabine", last_name="Schröder", email="s.schroeder@mail.example")
    profile = seeker(
        user, visibility="named", home_municipality=NORDHAUSEN, home_postal_code="99734", phone="+49 3631 987654",
        headline="Zerspanungsmechanikerin", about="<p>Ich fräse gern.</p>",
    )  # fmt: skip
    SeekerProfile.objects.filter(pk=profile.pk).update(cv="cv/Lebenslauf-Sabine-Schroeder.pdf")
    assert indexing.profile_index_update([profile.pk])
    text = stored(backend, profile.pk).casefold()
    assert "nordhausen" in text and "zerspanungsmechanikerin" in text  # the document is there …
    for private in ("sabine", "schröder", "schroeder", "schrod", "s.schroeder@mail.example", "mail.example",
                    "987654", "3631", "99734", "lebenslauf", ".pdf"):  # fmt: skip
        assert private not in text, private  # … and none of the person's data


# ---- search_reindex and search_check, both kinds -----------------------------------------------------------------


def test_reindex_and_check_cover_both_kinds(backend: BaseSearchBackend, seeker: Any, post: Any) -> None:
    shown = seeker()
    seeker(visibility="hidden", consent=False)
    job = post(title="Koch (m/w/d)")
    backend.reset_index()
    assert backend.profile_digests() == {} and backend.digests() == {}
    output = run("search_reindex", "--no-progress", "--batch-size", "1")
    assert "Indexed 1 postings" in output and "Indexed 1 profiles" in output
    assert set(backend.profile_digests()) == {shown.pk}
    assert set(backend.digests()) == {job.pk}
    checked = run("search_check")
    assert "Checked 1 visible postings: 0 missing, 0 stale, 0 extra." in checked
    assert "Checked 1 findable profiles: 0 missing, 0 stale, 0 extra." in checked


def test_reindexing_one_kind_keeps_the_other(backend: BaseSearchBackend, seeker: Any, post: Any) -> None:
    profile = seeker()
    job = post(title="Koch (m/w/d)")
    assert "profiles" not in run("search_reindex", "--no-progress", "--only", "postings")
    assert set(backend.profile_digests()) == {profile.pk}
    assert "postings" not in run("search_reindex", "--no-progress", "--only", "profiles")
    assert set(backend.digests()) == {job.pk}
    assert "profiles" in run("search_check", "--only", "profiles")


def test_check_finds_profile_drift_and_fix_repairs(backend: BaseSearchBackend, seeker: Any) -> None:
    missing, stale, extra = seeker(), seeker(), seeker()
    backend.delete_profiles([missing.pk])
    SeekerProfile.objects.filter(pk=stale.pk).update(headline="Neu: Fräser")
    SeekerProfile.objects.filter(pk=extra.pk).update(visibility="hidden")  # hidden behind the services' back
    backend.refresh()
    out = StringIO()
    with pytest.raises(CommandError, match="profiles"):
        call_command("search_check", stdout=out)
    assert "Checked 2 findable profiles: 1 missing, 1 stale, 1 extra." in out.getvalue()
    assert "Repaired." in run("search_check", "--fix")
    assert set(backend.profile_digests()) == {missing.pk, stale.pk}
    assert "The index matches the database." in run("search_check")


@pytest.mark.parametrize("backend", ["elasticsearch"], indirect=True)
def test_profile_reindex_on_elasticsearch_swaps_its_own_alias(backend: BaseSearchBackend, seeker: Any) -> None:
    seeker()
    postings_before = backend._indices_behind_alias()  # type: ignore[attr-defined]
    before = backend._indices_behind_alias(backend.profile_alias)  # type: ignore[attr-defined]
    run("search_reindex", "--no-progress", "--only", "profiles")
    after = backend._indices_behind_alias(backend.profile_alias)  # type: ignore[attr-defined]
    assert len(after) == 1 and after != before
    assert not backend.client.indices.exists(index=before[0])  # type: ignore[attr-defined]
    assert backend._indices_behind_alias() == postings_before  # type: ignore[attr-defined]
    # The same analysis settings as the postings' index.
    [settings] = backend.client.indices.get_settings(index=backend.profile_alias).body.values()  # type: ignore[attr-defined]
    assert "regiojobs_terms" in settings["settings"]["index"]["analysis"]["analyzer"]


# ---- the outbox, the task and the drain ------------------------------------------------------------------------------


pytest_outbox = pytest.mark.usefixtures("sqlite_backend")


@pytest_outbox
def test_the_write_and_its_outbox_row_commit_together() -> None:
    with transaction.atomic():
        profile = make_profile(UserFactory())
        assert PendingProfileIndexUpdate.objects.filter(profile_id=profile.pk, attempts=0).exists()


@pytest_outbox
def test_the_task_indexes_and_empties_the_outbox(seeker: Any, sqlite_backend: BaseSearchBackend) -> None:
    profile = seeker()
    assert set(sqlite_backend.profile_digests()) == {profile.pk}
    assert not PendingProfileIndexUpdate.objects.exists()


@pytest_outbox
def test_the_drain_indexes_what_no_task_did(sqlite_backend: BaseSearchBackend, settings: Any) -> None:
    profile = make_profile(UserFactory())  # committed, but no on-commit task ran: a lost message
    assert sqlite_backend.profile_digests() == {}
    assert indexing.profile_outbox_drain(grace=60) == 1  # young rows belong to their task
    settings.SEARCH_OUTBOX_GRACE_SECONDS = 0
    drain_outbox.apply()  # the periodic task drains both outboxes
    assert set(sqlite_backend.profile_digests()) == {profile.pk}
    assert not PendingProfileIndexUpdate.objects.exists()


def test_engine_down_keeps_the_profile_in_the_outbox_until_the_drain(seeker: Any, engine_down: Any) -> None:
    engine_down.off()
    profile = seeker()  # the write succeeds
    row = PendingProfileIndexUpdate.objects.get(profile_id=profile.pk)
    assert row.attempts == 1 and row.last_error
    backend = engine_down.on()
    assert indexing.profile_outbox_drain(grace=0) == 0
    assert set(backend.profile_digests()) == {profile.pk}


@pytest_outbox
def test_broker_down_records_the_profile_ids() -> None:
    from config.celery_app import app

    saved = {k: app.conf[k] for k in ("task_always_eager", "broker_url", "broker_connection_timeout")}
    app.conf.update(task_always_eager=False, broker_url="redis://127.0.0.1:9/0", broker_connection_timeout=1)
    app.conf.broker_transport_options = {"max_retries": 0}
    app._pool = None
    app.amqp._producer_pool = None
    try:
        indexing.profile_index_update_enqueue([4242])
    finally:
        app.conf.update(saved)
        app.conf.broker_transport_options = {}
        app._pool = None
        app.amqp._producer_pool = None
    assert PendingProfileIndexUpdate.objects.filter(profile_id=4242, last_error__startswith="enqueue failed").exists()


@pytest_outbox
def test_a_deleted_profile_leaves_the_index(seeker: Any, sqlite_backend: BaseSearchBackend) -> None:
    profile = seeker()
    get_user_model().objects.filter(pk=profile.user_id).delete()
    assert indexing.profile_index_update([profile.pk])
    assert sqlite_backend.profile_digests() == {}


@pytest_outbox
def test_reconcile_covers_the_profiles(seeker: Any, sqlite_backend: BaseSearchBackend) -> None:
    kept, hidden = seeker(), seeker()
    SeekerProfile.objects.filter(pk=hidden.pk).update(visibility="hidden")
    sqlite_backend.delete_profiles([kept.pk])
    result = reconcile.apply().get()
    assert result["profiles_missing"] == 1 and result["profiles_extra"] == 1
    assert set(get_search_backend().profile_digests()) == {kept.pk}
