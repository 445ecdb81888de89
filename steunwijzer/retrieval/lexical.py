"""BM25 over Dutch stems (bm25s + Snowball), with compound words split into known parts.

"faalangst" must find "faalangsttrainingen": document words are indexed with their parts, and
a rare query word is also expanded to the compounds of the corpus that start or end with it."""

from __future__ import annotations

import bisect
import math
from collections import Counter
from collections.abc import Sequence

import bm25s
import numpy as np

from steunwijzer.language.text import STOPWORDS, stem, words

MIN_PART = 4
MIN_COMPOUND = 8
MAX_EXPANSIONS = 8
RARE_DOCS = 3  # a query word found in fewer chunks than this is expanded to compounds
MIN_EXPANDED = 5
LINKS = ("", "s", "e", "en")
MIN_TYPO_WORD = 7
FAMILY_START = 6  # letters a long word shares with its relatives ('vergadert', 'vergadering')


class Vocabulary:
    """The folded words of a corpus, for splitting and expanding compounds."""

    def __init__(self, texts: Sequence[str], tokens: Sequence[Sequence[str]] | None = None) -> None:
        """`tokens`: the `words` of each text, when the caller has them already."""
        self.doc_freq: Counter[str] = Counter()
        for found in map(words, texts) if tokens is None else tokens:
            self.doc_freq.update(set(found))
        known = [w for w in self.doc_freq if len(w) >= MIN_PART and w.isalpha()]
        self._prefixes = sorted(known)
        self._suffixes = sorted(w[::-1] for w in known)
        self._stems = {stem(w) for w in known}
        self._deletions: dict[str, str] | None = None

    def __contains__(self, word: str) -> bool:
        return word in self.doc_freq

    def correct(self, word: str) -> str:
        """The corpus word one typo away from an unknown `word` ('ondersteunigsteam' ->
        'ondersteuningsteam'), or `word` itself. Long words only: short ones are too ambiguous."""
        if len(word) < MIN_TYPO_WORD or word in self.doc_freq or not word.isalpha():
            return word
        if self._deletions is None:
            self._deletions = {}
            for known in sorted(self._prefixes, key=lambda w: -self.doc_freq[w]):
                if len(known) >= MIN_TYPO_WORD - 1:
                    for variant in {known, *_deletes(known)}:
                        self._deletions.setdefault(variant, known)
        for variant in (word, *_deletes(word)):
            match = self._deletions.get(variant)
            if match:
                return match
        return word

    def split(self, word: str) -> list[str]:
        """Known parts of a compound ('faalangsttraining' -> ['faalangst', 'training'])."""
        if len(word) < MIN_COMPOUND or len(word) > 40 or not word.isalpha():
            return []
        # best[i]: fewest parts covering word[:i]; a linking s/e/en may follow a part.
        best: list[list[str] | None] = [None] * (len(word) + 1)
        best[0] = []
        for end in range(MIN_PART, len(word) + 1):
            for start in range(0, end - MIN_PART + 1):
                part = word[start:end]
                if part == word or (part not in self.doc_freq and part not in self._stems):
                    continue
                for link in LINKS:
                    before = start - len(link)
                    if before < 0 or word[before:start] != link:
                        continue
                    previous = best[before]
                    if previous is not None and (
                        best[end] is None or len(previous) + 1 < len(best[end] or [])
                    ):
                        best[end] = [*previous, part]
        parts = best[len(word)]
        return parts if parts and len(parts) > 1 else []

    def has_family(self, word: str) -> bool:
        """Whether a corpus word starts like a long `word`: another form of it is indexed
        ('vergadert' when the documents say 'vergadering')."""
        return len(word) > FAMILY_START and bool(_with_prefix(self._prefixes, word[:FAMILY_START]))

    def compounds_of(self, word: str) -> list[str]:
        """Corpus words that start or end with `word`, most frequent first."""
        found = set(_with_prefix(self._prefixes, word))
        found.update(w[::-1] for w in _with_prefix(self._suffixes, word[::-1]))
        found.discard(word)
        ranked = sorted(found, key=lambda w: (-self.doc_freq[w], w))
        return ranked[:MAX_EXPANSIONS]


def _deletes(word: str) -> list[str]:
    return [word[:i] + word[i + 1 :] for i in range(len(word))]


def _with_prefix(ordered: Sequence[str], prefix: str) -> list[str]:
    start = bisect.bisect_left(ordered, prefix)
    end = bisect.bisect_left(ordered, prefix + "\uffff")
    return list(ordered[start:end])


class LexicalIndex:
    """BM25 scores of a fixed list of texts for a query."""

    def __init__(self, texts: Sequence[str], compounds: bool = True) -> None:
        self.compounds = compounds
        tokens = [words(text) for text in texts]  # tokenised once, for both uses below
        self.vocabulary = Vocabulary(texts, tokens)
        # Stem and compound parts of every corpus word, worked out once: a word recurs in
        # many chunks, and splitting a compound is the costly step.
        self._word_terms = {word: self._terms_of_word(word) for word in self.vocabulary.doc_freq}
        self._size = len(texts)
        self._bm25 = bm25s.BM25()
        corpus = [self._terms(found) for found in tokens]
        self._term_docs: Counter[str] = Counter()
        for terms in corpus:
            self._term_docs.update(set(terms))
        if texts:
            self._bm25.index(corpus, show_progress=False)

    def document_terms(self, text: str) -> list[str]:
        return self._terms(words(text))

    def _terms(self, found: Sequence[str]) -> list[str]:
        terms: list[str] = []
        for word in found:
            known = self._word_terms.get(word)
            terms.extend(self._terms_of_word(word) if known is None else known)
        return terms or ["_"]

    def _terms_of_word(self, word: str) -> tuple[str, ...]:
        """The stem of a word and the stems of its compound parts; none for a stopword."""
        if word in STOPWORDS:
            return ()
        if not self.compounds:
            return (stem(word),)
        return (stem(word), *(stem(part) for part in self.vocabulary.split(word)))

    def query_words(self, text: str) -> list[str]:
        """The query's words with typos corrected against the corpus."""
        return [self.vocabulary.correct(word) for word in words(text)]

    def query_terms(self, text: str) -> list[str]:
        query_words = self.query_words(text)
        terms = self.document_terms(" ".join(query_words))
        if self.compounds:
            for word in query_words:
                if len(word) >= MIN_EXPANDED and self.vocabulary.doc_freq[word] < RARE_DOCS:
                    terms.extend(stem(w) for w in self.vocabulary.compounds_of(word))
        return list(dict.fromkeys(terms))

    def idf(self, term: str) -> float:
        """Inverse document frequency of a (stemmed) term; high for rare and unseen terms."""
        found = self._term_docs[term]
        return math.log(1 + (self._size - found + 0.5) / (found + 0.5))

    def knows(self, term: str) -> bool:
        return term in self._term_docs

    def scores(self, query: str) -> np.ndarray:
        """One BM25 score per text, in index order."""
        if not self._size:
            return np.zeros(0)
        terms = [t for t in self.query_terms(query) if t in self._bm25.vocab_dict]
        if not terms:
            return np.zeros(self._size)
        return np.asarray(self._bm25.get_scores(terms), dtype=float)
