"""classify/1.18.1: cities of a million people or more are in the gazetteer even where their name is
frequent in English text (the word filter had dropped Mumbai, Shanghai, Chennai, Jakarta ...), and the
given names and surnames among them stay out."""

from __future__ import annotations

import pytest

from agents.classify import analyse


@pytest.mark.parametrize(("headline", "body", "code"), [
    ("Police arrest 40 protesters in Mumbai", "Police in Mumbai arrested 40 protesters on Sunday, officials said.", "IN-MH"),
    ("Shanghai police detain activists", "Police in Shanghai detained 12 activists on Monday, a rights group said.", "CN-SH"),
    ("Jakarta police arrest students", "Police in Jakarta arrested 30 students during a protest, witnesses said.", "ID-JK"),
    ("Johannesburg protest", "Police in Johannesburg arrested 25 people after a protest turned violent.", "ZA-GP"),
])
def test_a_big_city_gives_its_subdivision(headline: str, body: str, code: str) -> None:
    a = analyse(headline, body)
    assert a.region is not None and a.region.code == code


def test_a_big_city_that_is_a_surname_is_no_place() -> None:
    a = analyse("Singer's fans gather", "Fans of Whitney Houston gathered for a concert on Saturday.")
    assert a.region is None
