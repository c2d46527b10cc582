"""Suggest the occupational field (KldB 2010 two-digit group) of a job title.

Written by hand rather than with a text-classification library: the project has none (numpy only), and the task is
small. It learns from the Bundesagentur's own job titles (jobs/data/kldb2010_titles.csv: the titles of the five-digit
classes and their assigned example titles). A title becomes weighted features: its words and the character n-grams
of each word, which match compound parts, so "Hotelfachfrau" meets "Hotelkaufmann" and "Fachmann für Hotellerie".
The most similar known titles vote for their two-digit group, together with a naive Bayes model of the groups (see
FieldSuggester): the five-digit hits are aggregated to their two-digit group. Titles are normalised the way postings
write them: gender markers in every spelling, training and seniority words, time and place phrases are dropped;
English titles common in German postings are mapped to German ones (jobs/data/field_title_aliases.csv).
"""

from __future__ import annotations

import csv
import math
import random
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from regions.text import fold

DATA = Path(__file__).resolve().parent / "data"
TITLES_CSV = DATA / "kldb2010_titles.csv"
ALIASES_CSV = DATA / "field_title_aliases.csv"

MAX_TITLE_CHARS = 200
# The measured hold-out: a fixed fifth of the example titles (bench/fields.py, tests/jobs/test_field_suggest.py).
HOLDOUT_SHARE = 0.2
HOLDOUT_SEED = 20261201
# The tuned parameters (bench/fields.py measures them): neighbours that vote, n-gram lengths, smoothing and weight of
# the naive Bayes vote, and the share of titles above which an n-gram is too common to search.
NEIGHBOURS = 12
# Below this similarity of the best-matching known title nothing is suggested ("Mitarbeiter (m/w/d)").
MIN_SIMILARITY = 0.2
# Below this share of the votes for the winning group the title is too vague to say ("Mitarbeiter Service").
MIN_SCORE = 0.3
# A runner-up group is offered only with at least this share of the winner's score.
RUNNER_UP_SHARE = 0.25
NGRAMS = (4, 5)
BAYES_ALPHA = 0.1
BAYES_WEIGHT = 0.7
MAX_NGRAM_DF = 0.01

# Gender markers glued to a word: "Kaufmann/-frau", "Elektroniker/in", ":in", "*in", "_in", "(in)", "Angestellte/r".
_GLUED_GENDER = re.compile(r"(?<=[a-z])\s*(?:/-?\s*|\(|:|\*|_)(?:innen|in|frau|mann|r|e|n|er)\b\)?")
_WORD = re.compile(r"[a-z0-9]+")
# Feminine endings that are always suffixes on job titles ("Malerin", "Friseurin", "Informatikerinnen").
_FEMININE = re.compile(r"(er|eur|ist|ant|ent|og|or|ar|ot|at|it)in(?:nen)?$")
# Words that say how, when, where or at which level someone works, not what they do.
_NOISE_WORDS = """
    m w d f x i gn div divers all alle genders geschlechter mwd wmd
    und oder bzw u in im am an auf bei fuer mit ohne von vom zum zur zu der die das den dem des ein eine einer einen
    als sowie nach ab aus fur for the of and with to at on as
    ausbildung azubi azubis auszubildende auszubildender auszubildenden lehrling lehrstelle ausbildungsplatz
    duales dualer duale studium student studentin studenten werkstudent werkstudentin praktikum praktikant
    praktikantin trainee traineeprogramm volontariat volontaer aushilfe aushilfen minijob minijobber nebenjob
    quereinsteiger quereinsteigerin quereinstieg berufseinsteiger einsteiger
    senior junior lead head chief principal expert experte expertin professional
    leiter leiterin leitung teamleiter teamleiterin teamleitung stellvertretender stellvertretende stellv
    abteilungsleiter abteilungsleiterin gruppenleiter gruppenleiterin
    vollzeit teilzeit sofort befristet unbefristet festanstellung dauerhaft ab sofort zeitnah
    job jobs stelle stellen standort standorte region raum nahe bereich schwerpunkt fachrichtung
    remote homeoffice hybrid mobil deutschlandweit bundesweit international
    neu gesucht wir suchen dich sie unser unsere unseren unserem team
    h std stunden woche wochenstunden schicht schichtdienst nachtschicht tagschicht wechselschicht
    euro eur brutto gehalt klasse fuehrerschein sgb
"""
NOISE = frozenset(_NOISE_WORDS.split())
# After these, a word the titles do not know is a place ("Erzieher in Nordhausen"), not a job.
_PLACE_MARKERS = frozenset({"in", "bei", "raum", "standort", "region", "nahe"})


def _raw_words(title: str) -> list[str]:
    text = fold(title)
    text = _GLUED_GENDER.sub("", text)
    return _WORD.findall(text)


def _masculine(word: str) -> str:
    """The form the Bundesagentur's list uses first: "kauffrau" → "kaufmann", "malerin" → "maler"."""
    if word.endswith("frau") and len(word) > 4:
        return word[:-4] + "mann"
    if word.endswith("frauen") and len(word) > 6:
        return word[:-6] + "leute"
    if word.endswith("assistenz"):  # the post ("Teamassistenz") for the person holding it
        return word[:-2] + "t"
    return _FEMININE.sub(r"\1", word) if len(word) > 5 else word


@dataclass(frozen=True)
class Suggestion:
    code: str
    score: float


class FieldSuggester:
    """Built once from (five-digit code, title) pairs (a few seconds); `suggest` answers in under a millisecond.

    Two views of the same features vote together: the nearest known titles (TF-IDF cosine; their best similarity
    also says whether the title is known at all) and a naive Bayes model of each group's features, which weighs
    the rarer words of a group that no single neighbour shares."""

    def __init__(self, titles: Iterable[tuple[str, str]], aliases: dict[str, str] | None = None) -> None:
        self.aliases = aliases or {}
        pairs = [(code, self._words(title, known=None)) for code, title in titles]
        pairs = [(code, words) for code, words in pairs if words]
        self.known_words = frozenset(w for _, words in pairs for w in words)
        self.groups = sorted({code[:2] for code, _ in pairs})
        group_index = {g: i for i, g in enumerate(self.groups)}
        self.doc_group = np.array([group_index[code[:2]] for code, _ in pairs], dtype=np.int32)
        # A title the list itself has, word for word, belongs where the list puts it ("Bauleiter/in" is 31, though
        # most "Bauleiter/in (…)" are 32): its group, when the list names one group for it.
        exact: dict[str, set[int]] = defaultdict(set)
        for (_, words), group in zip(pairs, self.doc_group, strict=True):
            exact[" ".join(words)].add(int(group))
        self.exact = {key: next(iter(groups)) for key, groups in exact.items() if len(groups) == 1}
        self._build([self._features(words) for _, words in pairs])

    def _build(self, doc_features: list[dict[str, float]]) -> None:
        """Both models from one flat (title, feature, count) table, in numpy: the Python loops took seconds."""
        rows: dict[str, int] = {}
        doc_ids: list[int] = []
        feature_ids: list[int] = []
        counts: list[float] = []
        for doc, features in enumerate(doc_features):
            for f, tf in features.items():
                doc_ids.append(doc)
                feature_ids.append(rows.setdefault(f, len(rows)))
                counts.append(tf)
        docs, feats, tfs = np.array(doc_ids), np.array(feature_ids), np.array(counts)
        n = self.n_docs = len(doc_features)
        self.rows = rows
        # Nearest titles: TF-IDF, each title's vector of length 1, as postings per feature (sorted by feature).
        self.idf = (np.log((n + 1) / (np.bincount(feats, minlength=len(rows)) + 1)) + 1.0).astype(np.float32)
        weights = tfs * self.idf[feats]
        weights /= np.sqrt(np.bincount(docs, weights=weights**2, minlength=n))[docs]
        order = np.argsort(feats, kind="stable")
        self.posting_docs = docs[order].astype(np.int32)
        self.posting_weights = weights[order].astype(np.float32)
        self.posting_starts = np.searchsorted(feats[order], np.arange(len(rows) + 1))
        # A character n-gram in more than MAX_NGRAM_DF of the titles ("^ma", "er$") says little and costs the most
        # time: it is left out of the search, as if it were a stop word.
        lengths = np.diff(self.posting_starts)
        self.searched = np.array([f.startswith("w:") for f in rows]) | (lengths <= MAX_NGRAM_DF * n)
        # Naive Bayes: the smoothed share of each feature in each group's features.
        groups = len(self.groups)
        per_group = np.bincount(feats * groups + self.doc_group[docs], weights=tfs, minlength=len(rows) * groups)
        per_group = per_group.reshape(len(rows), groups)
        totals = per_group.sum(axis=0)
        self.bayes_log = np.log((per_group + BAYES_ALPHA) / (totals + BAYES_ALPHA * len(rows))).astype(np.float32)
        self.bayes_prior = np.log(np.bincount(self.doc_group, minlength=groups) + 1.0)

    def _words(self, title: str, known: frozenset[str] | None) -> list[str]:
        words: list[str] = []
        raw = _raw_words(title)
        for i, word in enumerate(raw):
            if word in NOISE or word.isdigit():
                continue
            if known is not None:
                if i and raw[i - 1] in _PLACE_MARKERS and word not in known and _masculine(word) not in known:
                    continue
                word = word if word in known else _masculine(word)
            else:
                word = _masculine(word)
            words.append(word)
        text = " ".join(words)
        for alias, replacement in self.aliases.items():
            if f" {alias} " in f" {text} ":
                text = f" {text} ".replace(f" {alias} ", f" {replacement} ").strip()
        return text.split()

    @staticmethod
    def _features(words: Sequence[str]) -> dict[str, float]:
        features: dict[str, float] = defaultdict(float)
        for word in words:
            features["w:" + word] += 1.0
            padded = f"^{word}$"
            for n in NGRAMS:
                for i in range(len(padded) - n + 1):
                    features[padded[i : i + n]] += 1.0 / len(NGRAMS)
        return features

    def _neighbour_votes(self, features: dict[int, float]) -> tuple[float, np.ndarray]:
        """The best similarity of a known title, and each group's share of the nearest titles' similarity."""
        votes = np.zeros(len(self.groups), dtype=np.float32)
        query = {row: tf * float(self.idf[row]) for row, tf in features.items() if self.searched[row]}
        norm = math.sqrt(sum(w * w for w in query.values()))
        if not norm:
            return 0.0, votes
        # All postings of the query's features at once (one numpy call per step, not one per feature): their
        # positions in the sorted posting arrays, then each title's sum of weight × query weight.
        rows = np.fromiter(query, dtype=np.int64, count=len(query))
        starts = self.posting_starts[rows]
        lengths = self.posting_starts[rows + 1] - starts
        positions = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
        query_weights = np.repeat(np.fromiter(query.values(), dtype=np.float32, count=len(query)) / norm, lengths)
        scores = np.bincount(
            self.posting_docs[positions], weights=self.posting_weights[positions] * query_weights, minlength=self.n_docs
        )
        best = float(scores.max())
        # The neighbours are among the titles at least half as similar as the best: partition those only.
        top = np.flatnonzero(scores >= best / 2)
        if len(top) > NEIGHBOURS:
            top = top[np.argpartition(scores[top], -NEIGHBOURS)[-NEIGHBOURS:]]
        # A high power lets the closest titles outvote a crowd of loosely similar ones.
        np.add.at(votes, self.doc_group[top], scores[top] ** 4)
        return best, votes / votes.sum()

    def _bayes_posterior(self, features: dict[int, float]) -> np.ndarray:
        log = self.bayes_prior.copy()
        if features:
            log += np.fromiter(features.values(), dtype=np.float32) @ self.bayes_log[list(features)]
        p = np.exp(log - log.max())
        return p / p.sum()  # type: ignore[no-any-return]

    def suggest(self, title: str, limit: int = 3) -> list[Suggestion]:
        words = self._words(title[:MAX_TITLE_CHARS], known=self.known_words)
        features = {self.rows[f]: tf for f, tf in self._features(words).items() if f in self.rows}
        best, votes = self._neighbour_votes(features)
        if best < MIN_SIMILARITY:
            return []
        scores = (votes + BAYES_WEIGHT * self._bayes_posterior(features)) / (1 + BAYES_WEIGHT)
        listed = self.exact.get(" ".join(words))
        if listed is not None:
            scores = scores / 2
            scores[listed] += 0.5
        order = np.argsort(-scores)[:limit]
        winner = float(scores[order[0]])
        if winner < MIN_SCORE:
            return []
        return [
            Suggestion(code=self.groups[i], score=round(float(scores[i]), 3))
            for i in order
            if scores[i] >= RUNNER_UP_SHARE * winner
        ]

    def classify(self, title: str) -> str | None:
        found = self.suggest(title, limit=1)
        return found[0].code if found else None


def read_titles(path: Path = TITLES_CSV) -> list[tuple[str, str, str]]:
    with path.open(encoding="utf-8") as fh:
        return [(row["code"], row["title"], row["kind"]) for row in csv.DictReader(fh)]


def read_aliases(path: Path = ALIASES_CSV) -> dict[str, str]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as fh:
        rows = [(" ".join(_raw_words(r["title"])), " ".join(_raw_words(r["means"]))) for r in csv.DictReader(fh)]
    # Longest first, so "key account manager" is replaced before "account manager".
    return dict(sorted(rows, key=lambda r: -len(r[0])))


def holdout_split(
    rows: Sequence[tuple[str, str, str]], share: float = HOLDOUT_SHARE, seed: int = HOLDOUT_SEED
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(training pairs, held-out pairs): a fixed random share of the example titles, left out of training under
    every code and kind they occur with, so the measurement sees only titles the model never learnt."""
    examples = sorted({title for _, title, kind in rows if kind == "example"})
    held = set(random.Random(seed).sample(examples, round(len(examples) * share)))
    train = [(code, title) for code, title, _ in rows if title not in held]
    test = [(code, title) for code, title, kind in rows if title in held and kind == "example"]
    return train, test


@cache
def suggester() -> FieldSuggester:
    """The production model: every title of the list (built on first use, about a second)."""
    return FieldSuggester([(code, title) for code, title, _ in read_titles()], read_aliases())


def suggest_fields(title: str, limit: int = 3) -> list[Suggestion]:
    return suggester().suggest(title, limit=limit)
