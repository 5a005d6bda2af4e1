"""Multi-pattern phrase matching over :attr:`Doc.norm` (one C pass per automaton).

Keys are normalised like the text (see :func:`sentences.normalise`) and padded
with a space on each side, so a key only matches whole words; a key built with
``stem=True`` has no trailing space and also matches longer words
("bombard" -> "bombarded", "bombardment").

pyahocorasick does the scan when it is installed; otherwise a single compiled
regular expression (slower, same results) is used.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

from agents.classify.sentences import normalise

try:  # pragma: no cover - exercised by whichever is installed
    import ahocorasick as _aho  # type: ignore  # no type stubs
except ImportError:  # pragma: no cover
    _aho = None

T = TypeVar("T")


def make_key(phrase: str, stem: bool = False) -> str:
    """The automaton key for ``phrase``: normalised, collapsed spaces, padded."""
    core = " ".join(normalise(phrase).split())
    return f" {core}" if stem else f" {core} "


class PhraseMatcher(Generic[T]):
    """Find every occurrence of a set of phrases; each phrase carries payloads.

    :meth:`find` yields ``(start, end, payloads)`` in original-text offsets,
    where ``end`` is the end of the matched word(s) (for stems: of the phrase
    prefix). Overlapping hits are all reported; callers that want only the
    longest use :meth:`find_longest`.
    """

    def __init__(self, entries: Iterable[tuple[str, T]], *, stem: Iterable[bool] | None = None) -> None:
        table: dict[str, list[T]] = {}
        for phrase, payload in entries:
            table.setdefault(phrase, []).append(payload)
        self._table = table
        if _aho is not None:
            auto = _aho.Automaton()
            for key, payloads in table.items():
                auto.add_word(key, (len(key), payloads))
            auto.make_automaton()
            self._auto = auto
            self._regex = None
        else:
            self._auto = None
            alts = sorted(table, key=len, reverse=True)
            # Lookahead so that overlapping keys (" a b " and " b ") are all found.
            self._regex = re.compile("(?=(" + "|".join(re.escape(k) for k in alts) + "))")

    @classmethod
    def from_phrases(cls, phrases: Iterable[tuple[str, bool, T]]) -> "PhraseMatcher[T]":
        """Build from ``(phrase, stem, payload)`` triples."""
        return cls((make_key(p, s), payload) for p, s, payload in phrases)

    def find(self, norm: str) -> Iterator[tuple[int, int, list[T]]]:
        """Yield ``(start, end, payloads)`` for every hit in a padded normalised text."""
        if self._auto is not None:
            for end_idx, (klen, payloads) in self._auto.iter(norm):
                # norm[i] is text[i - 1]: the key's leading space sits at the text offset
                # of its first word; a trailing space sits one past the last word.
                start = end_idx - klen + 1
                yield start, (end_idx - 1 if norm[end_idx] == " " else end_idx), payloads
        else:  # pragma: no cover
            for m in self._regex.finditer(norm):  # type: ignore[union-attr]  # no automaton: the regex
                key = m.group(1)
                start = m.start()
                end_idx = start + len(key) - 1
                yield start, (end_idx - 1 if norm[end_idx] == " " else end_idx), self._table[key]

    def find_longest(self, norm: str) -> list[tuple[int, int, list[T]]]:
        """Hits with those nested inside a longer hit removed ("Gaza" inside "North Gaza")."""
        hits = sorted(self.find(norm), key=lambda h: (h[0], -h[1]))
        out: list[tuple[int, int, list[T]]] = []
        reach = -1
        for h in hits:
            if h[1] <= reach:
                continue
            out.append(h)
            reach = max(reach, h[1])
        return out
