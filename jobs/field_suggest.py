"""Suggest the occupational field (KldB 2010 two-digit group) of a job title.

Written by hand rather than with a text-classification library: the project has none (numpy only), and the task is
small. It learns from the Bundesagentur's own job titles (jobs/data/kldb2010_titles.csv: the titles of the five-digit
classes and their assigned example titles) and from the classification's descriptions of its classes
(jobs/data/kldb2010_descriptions.csv: what the trade does, "Werkstücke schleifen"). A title becomes weighted features:
its words (the first, the occupation, counting more), the head of its first compound ("Lotsenkapitän" → "kapitän"),
the stems of its words and their compound parts (search.analysis: "Schalenschleifer" → schal, schleif) and the
character n-grams of each word, which match compound parts, so "Hotelfachfrau" meets "Hotelkaufmann" and "Fachmann
für Hotellerie". The most similar known titles vote for their two-digit group, together with a naive Bayes model and
a linear model of the groups, which learn from the descriptions too (see FieldSuggester). Titles are normalised the
way postings write them: gender markers in every spelling, training and seniority words, time and place phrases are
dropped; English titles common in German postings are mapped to German ones (jobs/data/field_title_aliases.csv).
Titles of only generic words ("Mitarbeiter (m/w/d)") get no suggestion. The built model is cached under var/cache
(`suggester`, `manage.py build_field_model`).
"""

from __future__ import annotations

import csv
import hashlib
import inspect
import math
import os
import random
import re
import zipfile
from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import chain
from pathlib import Path

import numpy as np

from regions.text import fold

DATA = Path(__file__).resolve().parent / "data"
TITLES_CSV = DATA / "kldb2010_titles.csv"
ALIASES_CSV = DATA / "field_title_aliases.csv"
DESCRIPTIONS_CSV = DATA / "kldb2010_descriptions.csv"

MAX_TITLE_CHARS = 200
# The measured hold-out: a fixed fifth of the example titles (bench/fields.py, tests/jobs/test_field_suggest.py).
HOLDOUT_SHARE = 0.2
HOLDOUT_SEED = 20261201
# The tuned parameters (tuned on a second split, HOLDOUT_SEED + 1, never on the measured hold-out): neighbours that
# vote, n-gram lengths, the share of titles above which an n-gram is too common to search, smoothing of the naive
# Bayes model, passes, largest step and softmax temperature of the linear model, and the weights of the three votes.
NEIGHBOURS = 12
NGRAMS = (4, 5)
MAX_NGRAM_DF = 0.01
BAYES_ALPHA = 0.1
LINEAR_EPOCHS = 10
LINEAR_MAX_STEP = 0.3
LINEAR_TEMPERATURE = 0.03
NEIGHBOUR_WEIGHT = 1.0
BAYES_WEIGHT = 0.35
LINEAR_WEIGHT = 1.0
# The classification's descriptions of its classes ("Werkstücke schleifen, polieren"): the weight of their words
# against a title's in the naive Bayes model (the linear model learns from them as from titles).
DESCRIPTION_WEIGHT = 1.0
# The head of a German compound says the occupation ("Lotsenkapitän" is a "Kapitän"): its weight as a word of its
# own, and the shortest head looked for. The first word of a title is its occupation, the rest specialisation
# ("Industriemechaniker/in - Maschinen- und Systemtechnik"): its weight.
HEAD_WEIGHT = 0.5
MIN_HEAD = 4
# Stems of each word and of its compound parts (search.analysis: "Schalenschleifer" → schal, schleif), which tie a
# compound the titles lack to the words of its trade in titles and descriptions ("Werkstücke schleifen"): weight.
STEM_WEIGHT = 1.0
FIRST_WEIGHT = 1.5
# A title of fewer letters (besides noise words) names no occupation ("a", "IT"): nothing is suggested.
MIN_TITLE_LETTERS = 3
# Below this similarity of the best-matching known title nothing is suggested ("Mitarbeiter (m/w/d)").
MIN_SIMILARITY = 0.1
# Below this share of the votes for the winning group the title is too vague to say ("Mitarbeiter Service").
MIN_SCORE = 0.2
# A runner-up group is offered only with at least this share of the winner's score.
RUNNER_UP_SHARE = 0.25

# Gender markers glued to a word: "Kaufmann/-frau", "Elektroniker/in", ":in", "*in", "_in", "(in)", "Angestellte/r".
_GLUED_GENDER = re.compile(r"(?<=[a-z])\s*(?:/-?\s*|\(|:|\*|_)(?:innen|in|frau|mann|r|e|n|er)\b\)?")
_WORD = re.compile(r"[a-z0-9]+")
# The feminine form spelt out after a slash: "Koch/Köchin", "Arzt/Ärztin", "Atempädagoge/-pädagogin".
_SPELT_OUT = re.compile(r"([a-z]+)\s*/\s*-?\s*([a-z]+?)(?:in|innen)\b")
_UMLAUT = re.compile(r"(?<=[aou])e")
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
# Titles of nothing but these say no occupation ("Mitarbeiter (m/w/d)", "Fachkraft gesucht"): nothing is suggested.
_GENERIC_WORDS = """
    mitarbeiter angestellte angestellter beschaeftigte beschaeftigter arbeiter arbeitskraft kraft fachkraft
    hilfskraft helfer fachmann allrounder personal kollege verstaerkung
"""
GENERIC = frozenset(_GENERIC_WORDS.split())
# After these, a word the titles do not know is a place ("Erzieher in Nordhausen"), not a job.
_PLACE_MARKERS = frozenset({"in", "bei", "raum", "standort", "region", "nahe"})


def _drop_spelt_out(match: re.Match[str]) -> str:
    """The masculine word alone when the word after the slash is its feminine form, else both."""
    masculine, stem = match.group(1), match.group(2)
    if len(stem) >= 3 and _UMLAUT.sub("", stem)[-5:] in _UMLAUT.sub("", masculine):
        return masculine
    return match.group(0)


def _raw_words(title: str) -> list[str]:
    text = fold(title)
    text = _SPELT_OUT.sub(_drop_spelt_out, text)
    text = _GLUED_GENDER.sub("", text)
    return _WORD.findall(text)


def _masculine(word: str) -> str:
    """The form the Bundesagentur's list uses first: "kauffrau" → "kaufmann", "malerin" → "maler"."""
    if word.endswith("frau") and len(word) > 4:
        return word[:-4] + "mann"
    if word.endswith("frauen") and len(word) > 6:
        return word[:-6] + "leute"
    if word.endswith("assistenz"):  # the post ("Teamassistenz") for the person holding it
        return word[:-1] + "t"
    return _FEMININE.sub(r"\1", word) if len(word) > 5 else word


def _pack(strings: Iterable[str]) -> np.ndarray:
    """Normalised words and n-grams (never a line break) as one UTF-8 text: numpy's string arrays take 4 bytes a
    character, padded to the longest."""
    return np.frombuffer("\n".join(strings).encode(), dtype=np.uint8)


def _unpack(packed: np.ndarray) -> list[str]:
    text = packed.tobytes().decode()
    return text.split("\n") if text else []


@dataclass(frozen=True)
class Suggestion:
    code: str
    score: float


class FieldSuggester:
    """Built from (five-digit code, title) and (class key, description) pairs (about half a minute, so production
    keeps the built arrays in a file: `save`, `load`, `suggester`); `suggest` answers in under a millisecond.

    Three views of the same features vote together: the nearest known titles (TF-IDF cosine; their best similarity
    also says whether the title is known at all), a naive Bayes model of each group's features, which weighs the
    rarer words of a group that no single neighbour shares, and a linear model that learnt which features tell
    groups apart."""

    # What `save` writes besides the vocabularies: everything `suggest` reads.
    _ARRAYS = (
        "doc_group", "idf", "posting_docs", "posting_weights", "posting_starts", "searched", "bayes_log",
        "bayes_prior", "linear",
    )  # fmt: skip

    def __init__(
        self,
        titles: Iterable[tuple[str, str]],
        aliases: dict[str, str] | None = None,
        descriptions: Iterable[tuple[str, str]] = (),
    ) -> None:
        self.aliases = aliases or {}
        pairs = [(code, self._words(title, known=None)) for code, title in titles]
        pairs = [(code, words) for code, words in pairs if words]
        self.known_words = frozenset(w for _, words in pairs for w in words)
        self.heads = frozenset(w for w in self.known_words if len(w) >= MIN_HEAD)
        self.groups = sorted({code[:2] for code, _ in pairs})
        group_index = {g: i for i, g in enumerate(self.groups)}
        self.doc_group = np.array([group_index[code[:2]] for code, _ in pairs], dtype=np.int32)
        # A title the list itself has, word for word, belongs where the list puts it ("Bauleiter/in" is 31, though
        # most "Bauleiter/in (…)" are 32): its group, when the list names one group for it.
        exact: dict[str, set[int]] = defaultdict(set)
        for (_, words), group in zip(pairs, self.doc_group, strict=True):
            exact[" ".join(words)].add(int(group))
        self.exact = {key: next(iter(groups)) for key, groups in exact.items() if len(groups) == 1}
        texts = [(code[:2], self._words(text, known=None)) for code, text in descriptions]
        described = [(group_index[g], words) for g, words in texts if words and g in group_index]
        self._build([self._features(words, self._head(words)) for _, words in pairs], described)

    def save(self, path: Path) -> None:
        """Write the built model as one uncompressed .npz (no pickles), atomically: loading it takes a fraction of a
        second where building takes seconds."""
        arrays = {name: getattr(self, name) for name in self._ARRAYS}
        exact = sorted(self.exact.items())
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}")
        with partial.open("wb") as fh:
            np.savez(
                fh,
                groups=_pack(self.groups),
                features=_pack(self.rows),
                known_words=_pack(sorted(self.known_words)),
                exact_titles=_pack(title for title, _ in exact),
                exact_groups=np.array([group for _, group in exact], dtype=np.int32),
                alias_titles=_pack(self.aliases),
                alias_means=_pack(self.aliases.values()),
                **arrays,
            )
        partial.replace(path)

    @classmethod
    def load(cls, path: Path) -> FieldSuggester:
        model = cls.__new__(cls)
        with np.load(path, allow_pickle=False) as data:
            for name in cls._ARRAYS:
                setattr(model, name, data[name])
            model.groups = _unpack(data["groups"])
            model.rows = {feature: i for i, feature in enumerate(_unpack(data["features"]))}
            model.known_words = frozenset(_unpack(data["known_words"]))
            model.exact = dict(zip(_unpack(data["exact_titles"]), data["exact_groups"].tolist(), strict=True))
            model.aliases = dict(zip(_unpack(data["alias_titles"]), _unpack(data["alias_means"]), strict=True))
        model.heads = frozenset(w for w in model.known_words if len(w) >= MIN_HEAD)
        model.n_docs = len(model.doc_group)
        return model

    def _build(self, doc_features: list[dict[str, float]], described: Sequence[tuple[int, list[str]]] = ()) -> None:
        """The models from one flat (document, feature, count) table, in numpy: the Python loops took seconds. The
        documents are the titles, then the descriptions, which only the naive Bayes and the linear model learn
        from (as nearest neighbours their long texts would resemble every title a little). A description's features are
        made one at a time: all at once they took hundreds of megabytes."""
        rows: dict[str, int] = {}
        # Typed arrays, not lists: the descriptions make millions of entries, as Python numbers most of a gigabyte.
        doc_ids = array("i")
        feature_ids = array("i")
        counts = array("d")
        described_features = (self._text_features(words) for _, words in described)
        for doc, features in enumerate(chain(doc_features, described_features)):
            for f, tf in features.items():
                doc_ids.append(doc)
                feature_ids.append(rows.setdefault(f, len(rows)))
                counts.append(tf)
        all_docs, all_feats, all_tfs = (np.frombuffer(a, dtype=a.typecode) for a in (doc_ids, feature_ids, counts))
        n = self.n_docs = len(doc_features)
        titled = all_docs < n
        docs, feats, tfs = all_docs[titled], all_feats[titled], all_tfs[titled]
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
        # time: it is left out of the search, as if it were a stop word. So is one no title has (only descriptions).
        lengths = np.diff(self.posting_starts)
        words = np.array([f[:2] in ("w:", "t:") for f in rows])
        self.searched = (words | (lengths <= MAX_NGRAM_DF * n)) & (lengths > 0)
        # Naive Bayes: the smoothed share of each feature in each group's features, a description's weighted.
        groups = len(self.groups)
        all_groups = np.concatenate([self.doc_group, np.array([g for g, _ in described], dtype=np.int32)])
        nb_tfs = np.where(titled, all_tfs, all_tfs * DESCRIPTION_WEIGHT)
        per_group: np.ndarray = np.bincount(
            all_feats * groups + all_groups[all_docs], weights=nb_tfs, minlength=len(rows) * groups
        ).reshape(len(rows), groups)
        totals = per_group.sum(axis=0)
        # Half precision for the two (features × groups) tables halves the memory; the votes do not change.
        # In place: the table has a row for each of some hundred thousand features.
        per_group += BAYES_ALPHA
        per_group /= totals + BAYES_ALPHA * len(rows)
        self.bayes_log = np.log(per_group, out=per_group).astype(np.float16)
        del per_group
        self.bayes_prior = np.log(np.bincount(self.doc_group, minlength=groups) + 1.0)
        # The linear model learns from titles and descriptions alike (TF-IDF vectors of length 1).
        all_weights = all_tfs * self.idf[all_feats]
        all_weights /= np.sqrt(np.bincount(all_docs, weights=all_weights**2))[all_docs]
        starts = np.searchsorted(all_docs, np.arange(len(all_groups) + 1))
        linear = self._train_linear(starts, all_feats, all_weights.astype(np.float32), all_groups)
        self.linear = linear.astype(np.float16)

    def _train_linear(
        self, doc_starts: np.ndarray, feats: np.ndarray, weights: np.ndarray, doc_group: np.ndarray
    ) -> np.ndarray:
        """A linear model of the groups over the same TF-IDF vectors: an averaged multi-class perceptron with a margin
        and passive-aggressive steps (Crammer et al. 2006), which learns which features tell neighbouring groups
        apart (the votes of similar titles only count them). Written by hand as numpy has no such model; its
        training takes a few seconds and is deterministic (a fixed shuffling seed)."""
        groups = len(self.groups)
        current = np.zeros((len(self.rows), groups), dtype=np.float32)
        # Averaging: the mean of the weights after every step, kept as current - summed/step (Daumé's trick).
        summed = np.zeros_like(current)
        step = 1
        shuffling = np.random.default_rng(HOLDOUT_SEED)
        for _ in range(LINEAR_EPOCHS):
            for doc in shuffling.permutation(len(doc_group)):
                ids = feats[doc_starts[doc] : doc_starts[doc + 1]]
                values = weights[doc_starts[doc] : doc_starts[doc + 1]]
                truth = int(doc_group[doc])
                scores = values @ current[ids]
                scores[truth] -= 1.0  # the margin: another group within 1 of the right one is an error too
                guess = int(scores.argmax())
                if guess != truth:
                    # Passive-aggressive (PA-I): just far enough to fix the error (the vectors have length 1), at most
                    # LINEAR_MAX_STEP, so a single odd title cannot move the weights far.
                    rate = min(LINEAR_MAX_STEP, float(scores[guess] - scores[truth]) / 2)
                    current[ids, truth] += rate * values
                    current[ids, guess] -= rate * values
                    summed[ids, truth] += step * rate * values
                    summed[ids, guess] -= step * rate * values
                step += 1
        return current - summed / step  # type: ignore[no-any-return]

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

    def _head(self, words: Sequence[str]) -> str | None:
        """The head of the title's first compound: its longest proper suffix that is itself a known title word."""
        if not words:
            return None
        word = words[0]
        for i in range(1, len(word) - MIN_HEAD + 1):
            if word[i:] in self.heads:
                return word[i:]
        return None

    @staticmethod
    def _stems(features: dict[str, float], word: str, weight: float) -> None:
        # Imported here: search.analysis imports the search query module, which imports jobs.selectors, which imports
        # this module.
        from search.analysis import compound_parts, stem

        if STEM_WEIGHT:
            for term in (stem(word), *compound_parts(word)):
                features["t:" + term] += weight * STEM_WEIGHT

    @classmethod
    def _features(cls, words: Sequence[str], head: str | None = None) -> dict[str, float]:
        features: dict[str, float] = defaultdict(float)
        if head and HEAD_WEIGHT:
            features["w:" + head] += HEAD_WEIGHT
        for position, word in enumerate(words):
            weight = FIRST_WEIGHT if position == 0 else 1.0
            features["w:" + word] += weight
            cls._stems(features, word, weight)
            padded = f"^{word}$"
            for n in NGRAMS:
                for i in range(len(padded) - n + 1):
                    features[padded[i : i + n]] += weight / len(NGRAMS)
        return features

    @classmethod
    def _text_features(cls, words: Sequence[str]) -> dict[str, float]:
        """A description's words and n-grams, each word alike (its first word says nothing special)."""
        features: dict[str, float] = defaultdict(float)
        for word in words:
            features["w:" + word] += 1.0
            cls._stems(features, word, 1.0)
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

    def _linear_posterior(self, features: dict[int, float]) -> np.ndarray:
        rows = np.fromiter(features, dtype=np.int64, count=len(features))
        values = np.fromiter(features.values(), dtype=np.float32, count=len(features)) * self.idf[rows]
        scores = (values / np.linalg.norm(values)) @ self.linear[rows] / LINEAR_TEMPERATURE
        p = np.exp(scores - scores.max())
        return p / p.sum()  # type: ignore[no-any-return]

    def _bayes_posterior(self, features: dict[int, float]) -> np.ndarray:
        log = self.bayes_prior.copy()
        if features:
            log += np.fromiter(features.values(), dtype=np.float32) @ self.bayes_log[list(features)]
        p = np.exp(log - log.max())
        return p / p.sum()  # type: ignore[no-any-return]

    def suggest(self, title: str, limit: int = 3) -> list[Suggestion]:
        words = self._words(title[:MAX_TITLE_CHARS], known=self.known_words)
        if GENERIC.issuperset(words) or sum(map(len, words)) < MIN_TITLE_LETTERS:
            return []
        features = {self.rows[f]: tf for f, tf in self._features(words, self._head(words)).items() if f in self.rows}
        best, votes = self._neighbour_votes(features)
        if best < MIN_SIMILARITY:
            return []
        scores = (
            NEIGHBOUR_WEIGHT * votes
            + BAYES_WEIGHT * self._bayes_posterior(features)
            + LINEAR_WEIGHT * self._linear_posterior(features)
        ) / (NEIGHBOUR_WEIGHT + BAYES_WEIGHT + LINEAR_WEIGHT)
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


def read_descriptions(path: Path = DESCRIPTIONS_CSV, without: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(class key, text) of the classification's descriptions; `without`: titles to cut out of the texts, so a
    measured hold-out title is never learnt from a description that names it ("z. B. als Betriebswirt/in")."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        rows = [(row["code"], row["text"]) for row in csv.DictReader(fh)]
    cut = sorted({t for t in without if t}, key=len, reverse=True)
    if not cut:
        return rows
    pattern = re.compile("|".join(re.escape(t) for t in cut))
    return [(code, pattern.sub(" ", text)) for code, text in rows]


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


def model_key() -> str:
    """What the production model is built from: the title list, the descriptions, the aliases, this module (its
    parameters), the folding of text and the stemming and compound splitting with their dictionary."""
    from search import analysis  # not at the top: see FieldSuggester._stems

    digest = hashlib.sha256()
    sources = (TITLES_CSV, DESCRIPTIONS_CSV, ALIASES_CSV, Path(__file__), Path(inspect.getfile(fold)))
    for path in (*sources, Path(inspect.getfile(analysis)), analysis.WORDS_FILE, analysis.HEADS_FILE):
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()[:16]


def model_cache_dir() -> Path | None:
    """The cache folder under the project's var/ dir, or None outside Django (then every process builds)."""
    from django.conf import settings

    return Path(settings.VAR_DIR) / "cache" if settings.configured else None


def model_path() -> Path | None:
    folder = model_cache_dir()
    return folder / f"field_model-{model_key()}.npz" if folder else None


@cache
def suggester() -> FieldSuggester:
    """The production model: every title of the list. Built once per change of its inputs (about half a minute) and
    kept under var/cache keyed by their hash, so each process only loads it (a fraction of a second)."""
    path = model_path()
    if path is not None and path.exists():
        try:
            return FieldSuggester.load(path)
        except (OSError, ValueError, KeyError, zipfile.BadZipFile):
            pass  # a damaged file is rebuilt below
    model = FieldSuggester(
        [(code, title) for code, title, _ in read_titles(TITLES_CSV)],
        read_aliases(ALIASES_CSV),
        read_descriptions(DESCRIPTIONS_CSV),
    )
    if path is not None:
        try:
            model.save(path)
            for stale in path.parent.glob("field_model-*.npz"):
                if stale != path:
                    stale.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only var/ only costs the next process the build
    return model


def suggest_fields(title: str, limit: int = 3) -> list[Suggestion]:
    return suggester().suggest(title, limit=limit)
