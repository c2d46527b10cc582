"""Elasticsearch / OpenSearch backend (elasticsearch-dsl), for production and scaling out.

Autocomplete asks the completion suggester (a `completion` field: the folded title and each of its words),
then counts the visible postings per suggested title.

Text is indexed twice: `title`/`body` with a German analyzer and a trigram subfield (for people using the index
directly), and `title_terms`/`body_terms` holding search.analysis's terms, which the search queries. Querying the
shared analysis is what makes this backend answer exactly like the embedded one (stemming, gender forms, compound
parts, synonyms); one typo is a `fuzzy` query on the title terms.

The index is versioned (`<alias>-<timestamp>`) behind an alias: search_reindex builds a new index and swaps the
alias in one step, so searches never see a half-built index. Seeker profiles (the second kind) have their own
index behind a second alias (PROFILE_INDEX, by default the postings' alias with "-postings" replaced by "-profiles",
or "-profiles" appended), with the same analysis settings; `rebuild_profiles` builds it aside and swaps it the same
way. `reset_index` and `drop` cover both aliases, `rebuild` the postings' only (see search.backends.base).

OpenSearch (and osmem-server in tests) rejects the
`compatible-with=8` media types of the 8.x client: the OPENSEARCH switch sends plain application/json instead.
"""

from __future__ import annotations

import datetime
import math
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import timezone
from elastic_transport import ConnectionTimeout, Urllib3HttpNode
from elastic_transport._node import NodeApiResponse
from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError
from elasticsearch.helpers import BulkIndexError, bulk
from elasticsearch_dsl import (
    Completion,
    Date,
    Document,
    Float,
    GeoPoint,
    Integer,
    Keyword,
    Object,
    Q,
    Search,
    Text,
    analyzer,
    token_filter,
    tokenizer,
)

from regions.selectors import distance_km
from regions.text import fold

from .. import analysis
from ..documents import IndexDocument
from ..highlight import snippet
from ..profile_documents import ProfileDocument
from ..query import (
    DATE_BUCKETS,
    DATE_FACET,
    FACETS,
    PROFILE_FACETS,
    QUALIFICATIONS,
    ProfileQuery,
    SearchQuery,
    qualification_rank,
)
from ..results import FacetValue, Hit, ProfileHit, SearchResults
from .base import (
    SCORE_BODY,
    SCORE_BOILERPLATE,
    SCORE_TITLE,
    SCORE_TITLE_PART,
    BaseSearchBackend,
    SearchBackendError,
    SearchTimeout,
)

# The same relevance as the embedded backend. Profiles: per word 10 for a title match, else 1; postings: per word
# the best of WORD_LEVELS (base.SCORE_*); newest first among equals.
TITLE_SCORE, BODY_SCORE = 10, 1
_PROFILE_LEVELS = ((("title_terms",), TITLE_SCORE), (("title_terms", "body_terms"), BODY_SCORE))
WORD_LEVELS = (
    (("title_terms",), SCORE_TITLE),
    (("title_terms", "title_parts"), SCORE_TITLE_PART),
    (("title_terms", "title_parts", "body_terms"), SCORE_BODY),
    (("title_terms", "title_parts", "body_terms", "boiler_terms"), SCORE_BOILERPLATE),
)
_MAX_FACET_VALUES = 200
# Municipalities a map may show: Thuringia has some 600; the German gazetteer about 11,000.
_MAX_MUNICIPALITIES = 12_000
_FACET_FIELDS = {"county": "counties", "network": "networks", "field": "field", "area": "area",
                 "offer_type": "offer_type", "employment_type": "employment_types", "contract": "contract",
                 "remote": "remote"}  # fmt: skip

german = analyzer(
    "regiojobs_german",
    tokenizer="standard",
    filter=[
        "lowercase",
        "german_normalization",
        token_filter("regiojobs_german_stem", "stemmer", language="light_german"),
    ],
)
trigrams = analyzer("regiojobs_trigram", tokenizer=tokenizer("regiojobs_trigram", "ngram", min_gram=3, max_gram=3),
                    filter=["lowercase"])  # fmt: skip
terms_analyzer = analyzer("regiojobs_terms", tokenizer="whitespace")
# Completion inputs are folded in Python (search.analysis.fold_key) like the typed prefix: one token, lower-cased.
completion_analyzer = analyzer("regiojobs_completion", tokenizer="keyword", filter=["lowercase"])
# Between a word-start input and the title it belongs to (see _completion_inputs); never typed in a job title.
_INPUT_TITLE_SEPARATOR = " | "
_SUGGEST_CANDIDATES = 4  # suggestions asked of the completion suggester per title wanted


class PostingDocument(Document):  # type: ignore[misc]
    """The mapping of one posting in the index."""

    title = Text(analyzer=german, fields={"ngram": Text(analyzer=trigrams)})
    title_terms = Text(analyzer=terms_analyzer)  # the title's whole words
    title_parts = Text(analyzer=terms_analyzer)  # the parts of the title's compounds
    body_terms = Text(analyzer=terms_analyzer)  # the description's own text and the value words
    boiler_terms = Text(analyzer=terms_analyzer)  # what the company repeats in most of its postings
    body = Text(index=False)
    title_key = Keyword()  # folded title without gender marker: autocomplete counts by it
    # Autocomplete: the folded title (weight 2) and each of its other words (weight 1); see _completion_inputs.
    completion = Completion(analyzer=completion_analyzer, max_input_length=200)
    title_text = Keyword(index=False)
    company = Keyword()
    networks = Keyword()
    counties = Keyword()
    location = GeoPoint()
    municipalities = Keyword()  # AGS of each workplace: the postings per place of the map
    field = Keyword()
    area = Keyword()
    offer_type = Keyword()
    contract = Keyword()
    remote = Keyword()
    employment_types = Keyword()
    salary_month = Float()
    date_posted = Date()
    expires_on = Date()
    starts_on = Date()
    posting_id = Integer()
    digest = Keyword()
    display = Object(enabled=False)


class ProfileIndexDocument(Document):  # type: ignore[misc]
    """The mapping of one seeker profile: the same analysers as the postings' (search.analysis terms are queried)."""

    headline = Text(analyzer=german, fields={"ngram": Text(analyzer=trigrams)})
    title_terms = Text(analyzer=terms_analyzer)
    body_terms = Text(analyzer=terms_analyzer)
    fields = Keyword()
    areas = Keyword()
    counties = Keyword()
    offer_types = Keyword()
    employment_types = Keyword()
    licences = Keyword()
    languages = Keyword()
    blocked = Keyword()  # ids of the companies the seeker blocked
    location = GeoPoint()  # the home municipality's centre
    named_counties = Keyword()  # the counties the seeker named (a place there is within reach)
    commute_km = Integer()
    experience_years = Integer()
    qualification = Integer()  # search.query.qualification_rank
    available_from = Date()
    updated_at = Date()
    profile_id = Integer()
    digest = Keyword()
    display = Object(enabled=False)


_PROFILE_FACET_FIELDS = {"field": "fields", "county": "counties", "offer_type": "offer_types",
                         "employment_type": "employment_types"}  # fmt: skip


def _settings() -> dict[str, Any]:
    return {"number_of_shards": 1, "number_of_replicas": 0, "max_result_window": 10_000}


class _PlainJsonNode(Urllib3HttpNode):
    """Sends application/json instead of the 8.x client's compatible-with=8 media types (OpenSearch needs this)."""

    def perform_request(self, method: str, target: str, body: bytes | None = None, headers: Any = None,
                        request_timeout: Any = None, **kw: Any) -> NodeApiResponse:  # fmt: skip
        if headers is not None:
            headers = headers.copy()
            for name in ("accept", "content-type"):
                value = headers.get(name)
                if value and "vnd.elasticsearch+" in value:
                    headers[name] = value.split(";")[0].replace("vnd.elasticsearch+", "")
        if request_timeout is None:
            return super().perform_request(method, target, body=body, headers=headers, **kw)
        return super().perform_request(method, target, body=body, headers=headers, request_timeout=request_timeout)


def _date_or_none(field: str, **bounds: str) -> Q:
    """Documents whose date `field` is within `bounds` (gte/lte), or that have none."""
    return Q(
        "bool",
        should=[Q("range", **{field: bounds}), Q("bool", must_not=[Q("exists", field=field)])],
        minimum_should_match=1,
    )


class ElasticsearchBackend(BaseSearchBackend):
    name = "elasticsearch"
    unsupported: dict[str, str] = {}
    # The server down, unreachable, too slow, or answering an error.
    engine_errors = (ApiError, TransportError, BulkIndexError)

    def __init__(self, params: dict[str, Any]):
        super().__init__(params)
        self.alias = str(params.get("INDEX", "regiojobs-postings"))
        self.profile_alias = str(params.get("PROFILE_INDEX") or _profile_alias(self.alias))
        self._profiles_ready = False
        self.opensearch = bool(params.get("OPENSEARCH", False))
        kwargs: dict[str, Any] = {
            "request_timeout": float(params.get("TIMEOUT", 5.0)),
            "max_retries": int(params.get("MAX_RETRIES", 2)),
            "retry_on_timeout": True,
        }
        if self.opensearch:
            kwargs["node_class"] = _PlainJsonNode
        self.client = Elasticsearch(list(params.get("URLS") or ["http://127.0.0.1:9200"]), **kwargs)
        if self.opensearch:
            # OpenSearch does not send X-Elastic-Product; the client would refuse it as an unknown product.
            self.client._verified_elasticsearch = True

    def _reader(self, deadline: float) -> Elasticsearch:
        """The client for one read: it waits at most until `deadline` (time.monotonic) for an answer, and does not
        ask again after a timeout (writes keep the configured TIMEOUT and retries)."""
        left = deadline - time.monotonic()
        if left <= 0:
            raise SearchTimeout(f"{self.name}: the search took longer than {self.time_budget:g} s")
        client = self.client.options(request_timeout=left, retry_on_timeout=False)
        if self.opensearch:
            client._verified_elasticsearch = True
        return client

    # ---- index management ------------------------------------------------------------------------------------

    def _new_index_name(self, alias: str | None = None) -> str:
        return f"{alias or self.alias}-{time.strftime('%Y%m%d%H%M%S')}-{time.monotonic_ns() % 1_000_000:06d}"

    def _create(self, name: str, document: type[Document] = PostingDocument) -> None:
        index = document._index.clone(name)
        index.settings(**_settings())
        index.create(using=self.client)

    def _indices_behind_alias(self, alias: str | None = None) -> list[str]:
        try:
            return sorted(self.client.indices.get_alias(name=alias or self.alias).body.keys())
        except NotFoundError:
            return []

    def _call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ConnectionTimeout as exc:
            raise SearchTimeout(f"{self.name}: no answer in time: {exc}") from exc
        except (ApiError, TransportError, BulkIndexError) as exc:
            raise SearchBackendError(f"{self.name}: {exc}") from exc

    def reset_index(self) -> None:
        """Both kinds: empty postings and profile indices behind their aliases."""

        def run() -> None:
            self.drop()
            for alias, document in ((self.alias, PostingDocument), (self.profile_alias, ProfileIndexDocument)):
                name = self._new_index_name(alias)
                self._create(name, document)
                self.client.indices.put_alias(index=name, name=alias)
            self._profiles_ready = True

        self._call(run)

    def drop(self) -> None:
        for alias in (self.alias, self.profile_alias):
            for name in self._indices_behind_alias(alias):
                self.client.indices.delete(index=name, ignore_unavailable=True)
        self._profiles_ready = False

    def _rebuild(self, alias: str, document: type[Document], batches: Iterable[Sequence[Any]], source: Any,
                 progress: Any) -> int:  # fmt: skip
        """Build a new index aside, then swap the alias in one step and drop the old index."""
        new = self._new_index_name(alias)
        self._call(self._create, new, document)
        n = 0
        for batch in batches:
            self._bulk_sources(new, [(d.id, source(d)) for d in batch])
            n += len(batch)
            if progress is not None:
                progress(len(batch))
        old = self._call(self._indices_behind_alias, alias)
        actions: list[dict[str, Any]] = [{"remove": {"index": o, "alias": alias}} for o in old]
        actions.append({"add": {"index": new, "alias": alias}})
        self._call(self.client.indices.refresh, index=new)
        self._call(self.client.indices.update_aliases, actions=actions)
        for o in old:
            self._call(self.client.indices.delete, index=o, ignore_unavailable=True)
        return n

    def rebuild(self, batches: Iterable[Sequence[IndexDocument]], progress: Any = None) -> int:
        """The postings' index, built aside and swapped in (the profiles' index stays)."""
        return self._rebuild(self.alias, PostingDocument, batches, self._source, progress)

    def rebuild_profiles(self, batches: Iterable[Sequence[ProfileDocument]], progress: Any = None) -> int:
        """The profiles' index, built aside and swapped in (the postings' index stays)."""
        n = self._rebuild(self.profile_alias, ProfileIndexDocument, batches, _profile_source, progress)
        self._profiles_ready = True
        return n

    def refresh(self) -> None:
        # The profiles' index may not exist yet (an index built before profiles were searchable): not an error.
        self._call(self.client.indices.refresh, index=f"{self.alias},{self.profile_alias}", ignore_unavailable=True)

    def ping(self) -> bool:
        try:
            self.client.info()
        except (ApiError, TransportError):
            return False
        return True

    def close(self) -> None:
        self.client.close()

    def size_bytes(self) -> int:
        try:
            stats = self.client.indices.stats(index=self.alias, metric="store")
            return int(stats["_all"]["primaries"]["store"]["size_in_bytes"])
        except (ApiError, TransportError, KeyError):
            return 0

    # ---- writes ----------------------------------------------------------------------------------------------

    @staticmethod
    def _source(d: IndexDocument) -> dict[str, Any]:
        key = analysis.fold_key(d.title_search)
        wholes, parts = analysis.title_terms(d.title_search)
        return {
            "title": d.title_search,
            "title_terms": " ".join(wholes),
            "title_parts": " ".join(parts),
            "body_terms": analysis.index_text(d.search_text),
            "boiler_terms": analysis.index_text(d.boilerplate),
            "body": d.body,
            "title_key": key,
            "completion": _completion_inputs(key),
            "title_text": d.title_search,
            "company": d.company_slug,
            "networks": list(d.networks),
            "counties": list(d.counties),
            "location": [{"lat": p["lat"], "lon": p["lon"]} for p in d.places],
            "municipalities": sorted({p["municipality"] for p in d.places}),
            "field": d.field,
            "area": d.area,
            "offer_type": d.offer_type,
            "contract": d.contract,
            "remote": d.remote,
            "employment_types": list(d.employment_types),
            "salary_month": d.salary_month,
            "date_posted": d.date_posted.isoformat(),
            "expires_on": d.expires_on.isoformat(),
            "starts_on": d.starts_on.isoformat() if d.starts_on else None,
            "posting_id": d.id,
            "digest": d.digest,
            "display": d.display(),
        }

    def _bulk(self, docs: Sequence[IndexDocument], *, index: str | None = None) -> None:
        self._bulk_sources(index or self.alias, [(d.id, self._source(d)) for d in docs])

    def _bulk_sources(self, index: str, sources: list[tuple[int, dict[str, Any]]]) -> None:
        actions = ({"_index": index, "_id": str(pk), "_source": source} for pk, source in sources)
        self._call(bulk, self.client, actions, chunk_size=1000, max_retries=2)

    def add_bulk(self, docs: Sequence[IndexDocument]) -> None:
        if docs:
            self._bulk(docs)

    def delete(self, ids: Iterable[int]) -> None:
        actions = [{"_op_type": "delete", "_index": self.alias, "_id": str(i)} for i in ids]
        if not actions:
            return
        try:
            bulk(self.client, actions, raise_on_error=False)
        except (ApiError, TransportError) as exc:
            raise SearchBackendError(f"{self.name}: {exc}") from exc

    def digests(self) -> dict[int, str]:
        out: dict[int, str] = {}
        s = Search(using=self.client, index=self.alias).source(["posting_id", "digest"]).params(size=1000)
        try:
            for hit in s.scan():
                out[int(hit.posting_id)] = str(hit.digest)
        except (ApiError, TransportError) as exc:
            raise SearchBackendError(f"{self.name}: {exc}") from exc
        return out

    # ---- reads -----------------------------------------------------------------------------------------------

    def _exists(self, term: str, deadline: float, index: str | None = None) -> bool:
        fields = ("title_terms", "title_parts", "body_terms", "boiler_terms")
        q = Q("bool", should=[Q("term", **{f: term}) for f in fields])
        return bool(self._call(self._reader(deadline).count, index=index or self.alias, query=q.to_dict())["count"])

    def _word_query(
        self,
        w: analysis.QueryWord,
        deadline: float,
        index: str | None = None,
        levels: tuple[tuple[tuple[str, ...], int], ...] = WORD_LEVELS,
        typos: list[str] | None = None,
    ) -> Q:
        """A word scores the best of `levels` (fields where it matches, and the score), as in the embedded backend;
        a word searched with one typo is added to `typos`."""

        def alternatives(fields: tuple[str, ...]) -> list[Q]:
            def term(t: str) -> Q:
                return Q("bool", should=[Q("term", **{f: t}) for f in fields], minimum_should_match=1)

            alts = [term(t) for t in w.any_of]
            alts += [Q("bool", must=[term(t) for t in group]) for group in w.all_of]
            if typo:
                # One typo: terms within one edit of the stem, and the stems of the word's one-edit spellings
                # (a typo in the ending changes what the stemmer strips); title terms (and the title's compound
                # parts where the level counts them), as in the embedded backend.
                spellings = sorted(analysis.typo_stems(w.surface))
                for f in ("title_terms", "title_parts"):
                    if f in fields or f == "title_terms":
                        alts.append(Q("fuzzy", **{f: {"value": w.fuzzy_term, "fuzziness": 1, "transpositions": True}}))
                        alts.append(Q("terms", **{f: spellings}))
            return alts

        typo = bool(w.fuzzy_term) and not self._exists(w.fuzzy_term or "", deadline, index)
        if typo and typos is not None:
            typos.append(w.surface)
        return Q(
            "dis_max",
            queries=[
                Q("constant_score", filter=Q("bool", should=alternatives(fields), minimum_should_match=1), boost=score)
                for fields, score in levels
            ],
        )

    def _text_query(self, words: list[analysis.QueryWord], deadline: float, typos: list[str] | None = None) -> Q:
        return Q("bool", must=[self._word_query(w, deadline, typos=typos) for w in words])

    def _facet_filters(self, query: SearchQuery) -> dict[str, Q]:
        """The filters that have a facet (posted_within_days included): post filters, each facet over the others."""
        out: dict[str, Q] = {}
        for dim, field in _FACET_FIELDS.items():
            values = getattr(query, dim)
            if values:
                out[dim] = Q("terms", **{field: list(values)})
        if query.posted_within_days is not None:
            out[DATE_FACET] = self._posted_since(query, query.posted_within_days)
        return out

    def _posted_since(self, query: SearchQuery, days: int) -> Q:
        since = self.today(query) - datetime.timedelta(days=days)
        return Q("range", date_posted={"gte": since.isoformat()})

    def _plain_filters(self, query: SearchQuery) -> list[Q]:
        today = self.today(query)
        filters = [Q("range", expires_on={"gte": today.isoformat()})]
        if query.company:
            filters.append(Q("terms", company=list(query.company)))
        if query.salary_min is not None:
            filters.append(Q("range", salary_month={"gte": query.salary_min}))
        if query.only_ids is not None:
            filters.append(Q("terms", posting_id=sorted(query.only_ids)))
        if query.starts_from is not None:  # a posting naming no start starts at once: it is in
            filters.append(_date_or_none("starts_on", gte=query.starts_from.isoformat()))
        radius = query.effective_radius_km
        if query.point is not None and radius is not None:
            filters.append(
                Q("geo_distance", distance=f"{radius}km", location={"lat": query.point.lat, "lon": query.point.lon})
            )
        return filters

    def search(self, query: SearchQuery) -> SearchResults[Hit]:
        analysis.load()  # outside the time budget, as in the embedded backend
        deadline = time.monotonic() + self.time_budget
        words = analysis.query_words(query.q) if query.q.strip() else []
        facet_filters = self._facet_filters(query)
        boost_words = analysis.query_words(query.boost) if query.boost.strip() else []
        typos: list[str] = []
        main = (
            self._text_query(words, deadline, typos)
            if words
            else Q("constant_score", filter=Q("match_all"), boost=0)
            if boost_words
            else Q("match_all")
        )
        s = Search(using=self._reader(deadline), index=self.alias).query(
            Q("bool", must=[main], should=_boosts(boost_words), filter=self._plain_filters(query))
        )
        if facet_filters:
            s = s.post_filter(Q("bool", filter=list(facet_filters.values())))
        if query.facets:
            for dim in (*FACETS, DATE_FACET):
                others = [q for d, q in facet_filters.items() if d != dim]
                bucket = s.aggs.bucket(
                    f"f_{dim}", "filter", filter=Q("bool", filter=others) if others else Q("match_all")
                )
                if dim == DATE_FACET:
                    ranges = {str(days): self._posted_since(query, days) for days in DATE_BUCKETS}
                    bucket.bucket("values", "filters", filters=ranges)
                else:
                    bucket.bucket("values", "terms", field=_FACET_FIELDS[dim], size=_MAX_FACET_VALUES)
        if query.by_municipality:
            # Over every filter, as the hits are (aggregations do not see the post filter).
            chosen = list(facet_filters.values())
            s.aggs.bucket(
                "by_municipality", "filter", filter=Q("bool", filter=chosen) if chosen else Q("match_all")
            ).bucket("values", "terms", field="municipalities", size=_MAX_MUNICIPALITIES)
        sort = query.effective_sort
        if sort == "distance" and query.point is not None:
            s = s.sort(
                {
                    "_geo_distance": {
                        "location": {"lat": query.point.lat, "lon": query.point.lon},
                        "order": "asc",
                        "unit": "km",
                        "mode": "min",
                    }
                },
                {"date_posted": "desc"},
                {"posting_id": "desc"},
            )
        elif sort == "date" or not (words or boost_words):
            s = s.sort({"date_posted": "desc"}, {"posting_id": "desc"})
        else:
            s = s.sort({"_score": "desc"}, {"date_posted": "desc"}, {"posting_id": "desc"})
        s = s.source(["display", "body", "posting_id"]).extra(
            from_=query.offset, size=query.page_size, track_total_hits=True, track_scores=True
        )
        response = self._call(s.execute)
        terms = frozenset(t for w in words for t in w.highlight)
        hits = [self._hit(h, query, terms, bool(words)) for h in response.hits]
        facets: dict[str, list[FacetValue]] = {}
        if query.facets:
            aggs = response.aggregations
            for dim in FACETS:
                counts = Counter({b.key: b.doc_count for b in getattr(aggs, f"f_{dim}").values.buckets})
                facets[dim] = [
                    FacetValue(value=str(v), count=n, selected=str(v) in getattr(query, dim))
                    for v, n in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
                    if v
                ]
            dated = getattr(aggs, f"f_{DATE_FACET}").values.buckets
            facets[DATE_FACET] = [
                FacetValue(value=str(days), count=n, selected=days == query.posted_within_days)
                for days in DATE_BUCKETS
                if (n := int(dated[str(days)].doc_count))
            ]
        municipalities: dict[str, int] = {}
        if query.by_municipality:
            buckets = response.aggregations.by_municipality.values.buckets
            municipalities = {str(b.key): int(b.doc_count) for b in buckets if b.doc_count}
        total = response.hits.total.value
        return SearchResults(
            hits=hits,
            total=int(total),
            facets=facets,
            page=query.page,
            page_size=query.page_size,
            municipalities=municipalities,
            typo_words=tuple(typos),
        )

    @staticmethod
    def _hit(h: Any, query: SearchQuery, terms: frozenset[str], has_text: bool) -> Hit:
        display = h.display.to_dict()
        return Hit.from_display(
            int(h.posting_id),
            display,
            point=query.point,
            snippet=snippet([h.body], terms, lead=display.get("lead") or 0),
            score=float(h.meta.score) if has_text and h.meta.score is not None else None,
        )

    def autocomplete(self, prefix: str, limit: int = 8) -> list[tuple[str, int]]:
        """Titles from the completion suggester, then how many visible postings carry each (one aggregation)."""
        key = fold(prefix).strip()
        if len(key) < 2:
            return []
        deadline = time.monotonic() + self.time_budget
        suggest = {
            "titles": {
                "prefix": key,
                "completion": {"field": "completion", "size": limit * _SUGGEST_CANDIDATES, "skip_duplicates": True},
            }
        }
        response = self._call(
            self._reader(deadline).search, index=self.alias, suggest=suggest, size=0, source=["title_key", "title_text"]
        )
        titles: dict[str, str] = {}
        for option in response["suggest"]["titles"][0]["options"]:
            source = option["_source"]
            titles.setdefault(str(source["title_key"]), str(source["title_text"]))
        if not titles:
            return []
        # The suggester does not filter; count the postings that are still visible today.
        s = Search(using=self._reader(deadline), index=self.alias).query(
            Q("bool", filter=[Q("terms", title_key=list(titles)),
                              Q("range", expires_on={"gte": timezone.localdate().isoformat()})])
        )  # fmt: skip
        s.aggs.bucket("titles", "terms", field="title_key", size=len(titles))
        counts = {str(b.key): int(b.doc_count) for b in self._call(s.extra(size=0).execute).aggregations.titles.buckets}
        found = [(k, title, counts[k]) for k, title in titles.items() if counts.get(k)]
        # Titles that start with what was typed first, then the most frequent.
        found.sort(key=lambda x: (not x[0].startswith(key), -x[2], x[1]))
        return [(title, n) for _, title, n in found[:limit]]

    # ---- the second kind: seeker profiles ------------------------------------------------------------------------

    def _ensure_profiles(self) -> None:
        """The profiles' index behind its alias, created on first use where an older deployment has none."""
        if self._profiles_ready:
            return
        if not self._call(self.client.indices.exists_alias, name=self.profile_alias):
            name = self._new_index_name(self.profile_alias)
            self._call(self._create, name, ProfileIndexDocument)
            self._call(self.client.indices.put_alias, index=name, name=self.profile_alias)
        self._profiles_ready = True

    def add_profiles(self, docs: Sequence[ProfileDocument]) -> None:
        if docs:
            self._ensure_profiles()
            self._bulk_sources(self.profile_alias, [(d.id, _profile_source(d)) for d in docs])

    def delete_profiles(self, ids: Iterable[int]) -> None:
        actions = [{"_op_type": "delete", "_index": self.profile_alias, "_id": str(i)} for i in ids]
        if not actions:
            return
        self._ensure_profiles()
        try:
            bulk(self.client, actions, raise_on_error=False)
        except (ApiError, TransportError) as exc:
            raise SearchBackendError(f"{self.name}: {exc}") from exc

    def profile_digests(self) -> dict[int, str]:
        out: dict[int, str] = {}
        s = Search(using=self.client, index=self.profile_alias).source(["profile_id", "digest"]).params(size=1000)
        try:
            for hit in s.scan():
                out[int(hit.profile_id)] = str(hit.digest)
        except NotFoundError:
            return {}
        except (ApiError, TransportError) as exc:
            raise SearchBackendError(f"{self.name}: {exc}") from exc
        return out

    def search_profiles(self, query: ProfileQuery) -> SearchResults[ProfileHit]:
        self._ensure_profiles()  # a deployment without profiles yet answers "none found", not an error
        analysis.load()
        deadline = time.monotonic() + self.time_budget
        words = analysis.query_words(query.q) if query.q.strip() else []
        boost_words = analysis.query_words(query.boost) if query.boost.strip() else []
        main = (
            Q("bool", must=[self._word_query(w, deadline, self.profile_alias, _PROFILE_LEVELS) for w in words])
            if words
            else Q("constant_score", filter=Q("match_all"), boost=0)
        )
        boosts = _boosts(boost_words, ("title_terms",))
        filters: list[Q] = []
        must_not: list[Q] = []
        if query.company_id is not None:
            # In the query itself: a blocked company never counts, pages or sees such a profile.
            must_not.append(Q("term", blocked=str(query.company_id)))
        if query.available_by is not None:  # a profile naming no date is available at once: it is in
            filters.append(_date_or_none("available_from", lte=query.available_by.isoformat()))
        if query.experience_min_years:
            filters.append(Q("range", experience_years={"gte": query.experience_min_years}))
        if query.area:
            filters.append(Q("terms", areas=list(query.area)))
        filters += [Q("term", licences=v) for v in query.licence]
        filters += [Q("term", languages=v) for v in query.language]
        radius = query.effective_radius_km
        if query.point is not None and radius is not None:
            places = [self._within_reach(place, radius) for place in (query.point, *query.more_points)]
            filters.append(places[0] if len(places) == 1 else Q("bool", should=places, minimum_should_match=1))
        post = {
            dim: Q("terms", **{_PROFILE_FACET_FIELDS[dim]: list(getattr(query, dim))})
            for dim in PROFILE_FACETS
            if getattr(query, dim)
        }
        if query.qualification:
            post["qualification"] = Q("range", qualification={"gte": qualification_rank(query.qualification)})
        s = Search(using=self._reader(deadline), index=self.profile_alias).query(
            Q("bool", must=[main], should=boosts, filter=filters, must_not=must_not)
        )
        if post:
            s = s.post_filter(Q("bool", filter=list(post.values())))
        if query.facets:
            self._profile_aggs(s, post)
        sort = query.effective_sort
        if sort == "distance" and query.point is not None:
            s = s.sort(
                {"_geo_distance": {"location": {"lat": query.point.lat, "lon": query.point.lon}, "order": "asc",
                                   "unit": "km"}},
                {"updated_at": "desc"},
                {"profile_id": "desc"},
            )  # fmt: skip
        elif sort == "relevance" and (words or boost_words):
            s = s.sort({"_score": "desc"}, {"updated_at": "desc"}, {"profile_id": "desc"})
        else:
            s = s.sort({"updated_at": "desc"}, {"profile_id": "desc"})
        s = s.source(["display", "profile_id", "location"]).extra(
            from_=query.offset, size=query.page_size, track_total_hits=True, track_scores=True
        )
        response = self._call(s.execute)
        hits = []
        for h in response.hits:
            distance = None
            location = getattr(h, "location", None)
            if query.point is not None and location:
                distance = distance_km(query.point.lat, query.point.lon, float(location.lat), float(location.lon))
            score = float(h.meta.score) if (words or boost_words) and h.meta.score is not None else None
            hits.append(ProfileHit.from_display(int(h.profile_id), h.display.to_dict(), distance=distance, score=score))
        facets = self._profile_facets(response, query) if query.facets else {}
        return SearchResults(
            hits=hits, total=int(response.hits.total.value), facets=facets, page=query.page, page_size=query.page_size
        )

    @staticmethod
    def _within_reach(point: Any, radius: float) -> Q:
        """Home within `radius` of the place, and the place within the candidate's reach: a county they named, or
        their commuting distance (whole kilometres: one clause per distance below the radius, the rest within the
        radius anyway)."""
        near = {"lat": point.lat, "lon": point.lon}
        reach = [
            Q(
                "bool",
                filter=[Q("term", commute_km=km), Q("geo_distance", distance=f"{max(km, 0.01)}km", location=near)],
            )
            for km in range(math.ceil(radius))
        ]
        reach.append(Q("range", commute_km={"gte": math.ceil(radius)}))
        if point.county:
            reach.append(Q("term", named_counties=point.county))
        return Q(
            "bool",
            filter=[
                Q("geo_distance", distance=f"{radius}km", location=near),
                Q("bool", should=reach, minimum_should_match=1),
            ],
        )

    @staticmethod
    def _profile_aggs(s: Search, post: dict[str, Q]) -> None:
        def over(skip: str = "") -> Q:
            others = [q for d, q in post.items() if d != skip]
            return Q("bool", filter=others) if others else Q("match_all")

        for dim in PROFILE_FACETS:
            s.aggs.bucket(f"f_{dim}", "filter", filter=over(dim)).bucket(
                "values", "terms", field=_PROFILE_FACET_FIELDS[dim], size=_MAX_FACET_VALUES
            )
        # Languages (per code) and licences are required filters: counted over every filter, their own included.
        s.aggs.bucket("f_language", "filter", filter=over()).bucket(
            "values", "terms", field="languages", size=_MAX_FACET_VALUES * 8
        )
        s.aggs.bucket("f_licence", "filter", filter=over()).bucket(
            "values", "terms", field="licences", size=_MAX_FACET_VALUES
        )
        levels = s.aggs.bucket("f_qualification", "filter", filter=over("qualification"))
        for i, q in enumerate(QUALIFICATIONS):
            levels.bucket(f"q_{q}", "filter", filter=Q("range", qualification={"gte": i + 1}))

    @staticmethod
    def _profile_facets(response: Any, query: ProfileQuery) -> dict[str, list[FacetValue]]:
        def listed(counts: dict[str, int], selected: Any) -> list[FacetValue]:
            return [
                FacetValue(value=v, count=n, selected=v in selected)
                for v, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
                if v and n
            ]

        aggs = response.aggregations
        facets: dict[str, list[FacetValue]] = {}
        for dim in PROFILE_FACETS:
            counts = {str(b.key): int(b.doc_count) for b in getattr(aggs, f"f_{dim}").values.buckets}
            facets[dim] = listed(counts, getattr(query, dim))
        facets["licence"] = listed({str(b.key): int(b.doc_count) for b in aggs.f_licence.values.buckets}, query.licence)
        facets["language"] = listed(
            {str(b.key): int(b.doc_count) for b in aggs.f_language.values.buckets if ":" not in str(b.key)},
            {v.partition(":")[0] for v in query.language},
        )
        levels = aggs.f_qualification
        facets["qualification"] = [
            FacetValue(value=q, count=int(getattr(levels, f"q_{q}").doc_count), selected=q == query.qualification)
            for q in QUALIFICATIONS
            if int(getattr(levels, f"q_{q}").doc_count)
        ]
        return facets


def _boosts(words: list[analysis.QueryWord], fields: tuple[str, ...] = ("title_terms", "title_parts")) -> list[Q]:
    """Boost words only rank: each scores TITLE_SCORE where the title (a posting's words or their parts; a profile's
    headline or occupations) has it, as in the embedded backend."""

    def term(t: str) -> Q:
        return Q("bool", should=[Q("term", **{f: t}) for f in fields], minimum_should_match=1)

    def in_title(w: analysis.QueryWord) -> Q:
        alts = [term(t) for t in w.any_of]
        alts += [Q("bool", must=[term(t) for t in group]) for group in w.all_of]
        return Q("bool", should=alts, minimum_should_match=1)

    return [Q("constant_score", filter=in_title(w), boost=TITLE_SCORE) for w in words]


def _profile_alias(alias: str) -> str:
    """The profiles' alias next to the postings' one: "regiojobs-postings" → "regiojobs-profiles"."""
    return alias[: -len("-postings")] + "-profiles" if alias.endswith("-postings") else f"{alias}-profiles"


def _profile_source(d: ProfileDocument) -> dict[str, Any]:
    """The stored profile: filters, analysed terms and the display data; nothing of the person (see
    search.profile_documents)."""
    place = d.place
    return {
        "headline": d.headline,
        "title_terms": analysis.index_text(d.title_text),
        "body_terms": analysis.index_text(d.body_text),
        "fields": list(d.fields),
        "areas": list(d.areas),
        "counties": list(d.all_counties),
        "offer_types": list(d.offer_types),
        "employment_types": list(d.employment_types),
        "licences": list(d.licences),
        "languages": list(d.language_terms),
        "blocked": [str(c) for c in d.blocked_company_ids],
        "location": {"lat": place["lat"], "lon": place["lon"]} if place else None,
        "named_counties": list(d.counties),
        "commute_km": d.commute_km,
        "experience_years": d.experience_years,
        "qualification": d.qualification_rank,
        "available_from": d.available_from.isoformat() if d.available_from else None,
        "updated_at": d.updated_at.isoformat(),
        "profile_id": d.id,
        "digest": d.digest,
        "display": d.display(),
    }


def _completion_inputs(key: str) -> list[dict[str, Any]]:
    """What the completion suggester matches a typed prefix against, for a folded title.

    The whole title (weight 2: titles that start with what was typed come first), and each other word of it
    (weight 1: "mechan" finds "cnc mechaniker"; stop words excepted), as the embedded backend matches: one typed
    word against any word of the title, several against the start of the title. A word input carries its title
    after a separator, so skip_duplicates keeps one suggestion per title rather than one per word ("fachkraft"
    in two titles stays two suggestions), and several typed words never match a word input.
    """
    inputs = [{"input": key, "weight": 2}]
    for word in dict.fromkeys(analysis.words(key)):
        if word not in analysis.STOPWORDS and not key.startswith(word):
            inputs.append({"input": f"{word}{_INPUT_TITLE_SEPARATOR}{key}", "weight": 1})
    return inputs
