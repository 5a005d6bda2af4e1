"""classify/1.20.3 (figures): a clock time is no count; "with others sustaining injuries" is about the others."""

from __future__ import annotations

from tests.test_classify_event import figures  # the same readings of analyse()


def test_a_clock_time_is_not_a_count() -> None:
    assert figures("Attack", "On Sunday at around 10 a.m. they attacked the village, said a resident who fled.") == []
    assert figures("Attack", "The attack began at about 10 p.m. on Friday, killing five people.") == [("killed", 5.0)]
    assert figures("Attack", "Gunmen attacked the village at 10 a.m. and 300 residents fled.") == [("displaced", 300.0)]
    # a count before a word starting with "a" is still one
    assert ("killed", 10.0) in figures("Attack", "Gunmen killed 10 at a market on Sunday.")


def test_with_others_sustaining_injuries_is_not_the_part_wounded() -> None:
    got = figures("Shelling kills nine", "The shelling resulted in the deaths of nine civilians, including a woman and "
                                         "six children, with others sustaining injuries.")
    assert ("wounded", 6.0) not in got and ("killed", 9.0) in got
    # the others counted are still the wounded
    assert ("wounded", 24.0) in figures("Blast", "The blast killed 12 people, with dozens of others wounded.")
