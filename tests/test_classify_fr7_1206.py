"""classify/1.20.6: rules from the sixth fresh sample (fr7) - denials called fake, sentencing headlines, bail,
resettlement policy, plans drawn up, IDPs returning, a release whose lead says "had been kidnapped", an event that
"coincided with" another."""

from __future__ import annotations

from tests.test_classify_event import labels, region  # the same readings of analyse()


def test_an_arrest_called_fake_is_a_denial() -> None:
    assert "detention" not in labels("News of farm leader's arrest fake: Delhi Police",
                                     "The Delhi Police said on Saturday that reports about the arrest of the farm "
                                     "union leader were fake.")
    assert "detention" in labels("Police arrest farm leader", "The Delhi Police arrested the farm union leader on "
                                                              "Saturday at the protest site.")


def test_sentencing_headlines() -> None:
    assert "detention" not in labels("Three to die by hanging in Ondo for kidnapping Reverend Sisters",
                                     "Three persons have been sentenced to death by hanging for their involvement in "
                                     "the kidnap of two Reverend Sisters in 2016.")
    got = labels("Kidnappings get 14 rebels life sentences", "Fourteen militants were sentenced Thursday to life in "
                 "prison for kidnapping a missionary couple and 18 others in 2001.")
    assert "detention" not in got and "battle" not in got


def test_bail_granted_for_past_arrests() -> None:
    assert "detention" not in labels("Student leader and another granted bail",
                                     "The student leader and another individual who were arrested and remanded for "
                                     "staging a protest have been granted bail, a reporter said.")


def test_resettlement_policy_and_plans_drawn_up() -> None:
    assert "displacement" not in labels("Government announces increase in refugee intake",
                                        "Australia will boost its refugee intake by more than 6,000 people per year, "
                                        "with more resettlement places for people fleeing Afghanistan.")
    assert "displacement" not in labels("Mass evacuation plan for London",
                                        "Plans have been drawn up for a massive evacuation of London in the event of "
                                        "a major terrorist attack.")


def test_idps_returning_and_a_release_after_a_kidnapping() -> None:
    assert "displacement" not in labels("Boko Haram: 2,000 IDPs return, celebrate Eid after six years",
                                        "No fewer than 2,000 returnees celebrated Eid at the town, which was deserted "
                                        "by locals following attacks by insurgents.")
    assert "detention" not in labels("French journalist, US aid worker kidnapped in Sahel are freed",
                                     "A French journalist and a US aid worker who had been kidnapped by jihadists in "
                                     "the Sahel have been released, an AFP journalist saw Monday.")


def test_an_event_that_coincided_with_another() -> None:
    body = ("KIRKUK, Iraq: Three Iraqi soldiers were killed on Monday in a bomb blast targeting their patrol on a road "
            "in Kirkuk city, a military source said. It follows an attack on Friday in which 11 soldiers were killed "
            "in the eastern Iraqi province of Diyala. The Friday attack coincided with a sophisticated IS assault on "
            "a prison in Hasakeh in northern Syria.")
    assert region("Three Iraqi soldiers killed", body) == "IQ-KI"
