"""classify/1.17.0: figures of a kind the story does not count, and counts the clause walk missed."""

from __future__ import annotations

from agents.classify import analyse


def primary(headline: str, body: str = "") -> dict[str, float]:
    return {f.kind: f.value for f in analyse(headline, body).figures if f.primary}


def mentions(headline: str, body: str = "") -> set[tuple[str, float]]:
    return {(f.kind, f.value) for f in analyse(headline, body).figures}


def test_a_share_is_no_count() -> None:
    got = mentions("Shelling empties border village",
                   "Artillery fire hit the village on Monday. More than two thirds of the residents have left, "
                   "a local official said.")
    assert ("displaced", 2.0) not in got


def test_the_dead_and_the_wounded_together_are_neither() -> None:
    got = primary("Militia attack on market kills 12",
                  "Gunmen attacked the market, killing and injuring dozens. Officials said at least 12 people "
                  "were killed.")
    assert got.get("killed") == 12.0 and "wounded" not in got


def test_wounded_beside_more_dead_belong_to_that_other_event() -> None:
    headline = "Two soldiers killed in ambush near the border"
    body = ("Two soldiers were killed when their patrol was ambushed on Tuesday, the army said. "
            "Last month 40 people were killed and 25 injured in a bombing in the provincial capital.")
    assert primary(headline, body) == {"killed": 2.0}
    # fewer dead beside them: a part of the story's toll, its wounded are the story's
    body = ("At least 30 people were killed in the air strike on Tuesday. "
            "The group said at least 8 children were killed and 45 people were injured.")
    assert primary("Air strike kills 30 in market town", body) == {"killed": 30.0, "wounded": 45.0}


def test_a_list_of_held_parts_keeps_the_total_kind() -> None:
    got = mentions("Rebels hold nine captives",
                   "The rebel group is holding nine people captive, including three soldiers, two police "
                   "officers and four contractors.")
    assert ("detained", 9.0) in got and ("fighters", 2.0) not in got


def test_half_a_dozen_hyphenated() -> None:
    got = primary("Bandits kill 5 in village raid",
                  "Bandits killed 5 villagers on Friday. Half-a-dozen people were also injured in the raid.")
    assert got == {"killed": 5.0, "wounded": 6.0}


def test_arrivals_count_the_displaced_not_the_wounded_at_hospital() -> None:
    assert primary("Refugees flee fighting into Chad",
                   "Some 3,000 refugees arrived in Chad this week after fighting in Darfur.").get("displaced") == 3000.0
    got = mentions("Clashes in city centre", "Four people arrived at the teaching hospital with gunshot wounds.")
    assert ("displaced", 4.0) not in got


def test_relocated_and_likely_displaced() -> None:
    assert primary("Shelling forces evacuation of frontline towns",
                   "Amid daily shelling, 500 residents had to be relocated to safer areas.").get("displaced") == 500.0
    assert primary("Fighting displaces families in the south",
                   "Heavy fighting forced 900 families to flee; about 6,000 people have likely been displaced, "
                   "officials said.").get("displaced") == 6000.0


def test_force_numbering_after_a_hedge_verb() -> None:
    got = primary("Rebels attack army outpost, one soldier killed",
                  "A soldier was killed when rebels attacked an army outpost on Tuesday. The rebels were "
                  "estimated to be numbering 150.")
    assert got.get("fighters") == 150.0


def test_flight_of_and_arrests_nouns() -> None:
    assert ("displaced", 3000.0) in mentions(
        "Gang violence in the capital",
        "Gangs attacked the district on Monday. The violence has caused the flight of more than 3,000 people, "
        "civil protection said.")
    assert primary("Police detain protesters", "Three arrests were made, police said.") == {"detained": 3.0}


def test_munitions_counted_are_no_people() -> None:
    got = primary("Air raids on villages",
                  "More than 20 bombs were dropped on three villages, killing four, rescuers said.")
    assert got == {"killed": 4.0}


def test_arresting_agents_are_not_the_held() -> None:
    got = mentions("Journalist arrested at university",
                   "On Monday, five plain-clothed security personnel arrested the reporter at the university.")
    assert ("detained", 5.0) not in got
    assert primary("Soldiers abducted", "Two soldiers abducted by gunmen near the town.") == {"detained": 2.0}


def test_crowd_size_month_before_hedge_and_beheading() -> None:
    got = mentions("Protesters arrested in capital",
                   "A protest of up to 300 people ended in clashes with police, who arrested 20 protesters.")
    assert ("detained", 300.0) not in got and ("detained", 20.0) in got
    assert primary("Clashes displace thousands",
                   "Since 12 March at least 8,000 people have fled clashes in the district.").get(
        "displaced") == 8000.0
    assert primary("Militants behead four villagers", "").get("killed") == 4.0


def test_an_opening_on_the_story_start_is_an_earlier_event() -> None:
    got = primary("Dozens arrested at opposition march",
                  "Dozens of people were arrested at the march on Saturday. At the start of the protests, police "
                  "arrested around 5,000 people.")
    assert got == {"detained": 24.0}


def test_days_after_an_attack_told_in_its_own_clause() -> None:
    got = primary("Three policemen killed in checkpoint attack",
                  "Three policemen were killed when gunmen attacked their checkpoint on Sunday, two days after a "
                  "car bomb in the regional capital wounded nine people.")
    assert got == {"killed": 3.0}


def test_headline_arrest_of_one_person_without_article() -> None:
    assert primary("Police detain man suspected of planning bombing",
                   "Officers searched his home in the region, police said.") == {"detained": 1.0}
    assert primary("Police arrest suspects after market attack", "").get("detained") != 1.0
