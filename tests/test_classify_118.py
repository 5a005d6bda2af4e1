"""classify/1.18.0: generalisation pass - what may happen is not news, earlier events are not the story's."""

from __future__ import annotations

from agents.classify import analyse


def labels(headline: str, body: str = "") -> set[str]:
    return {hit.label for hit in analyse(headline, body).labels}


def primary(headline: str, body: str = "") -> dict[str, float]:
    return {f.kind: f.value for f in analyse(headline, body).figures if f.primary}


# --- a cue that is the subject of a modal or forecast verb -----------------------------------


def test_a_battle_noun_before_a_modal_is_a_hypothesis() -> None:
    assert "battle" not in labels("UN warns", "Renewed fighting could force up to 50,000 people to flee their homes, "
                                              "aid agencies warned.")
    assert "battle" not in labels("UN warns", "Airstrikes on the city would be catastrophic for civilians, the UN said.")
    assert "battle" not in labels("Residents fear", "Shelling could resume at any moment, residents fear.")
    # the modal must be the cue's own verb: the fighting killed 20 people (a report), what "could spread" is a
    # forecast about it
    assert "battle" in labels("Fighting kills 20", "Fighting killed 20 people on Monday and could spread to nearby "
                                                   "towns, officials said.")
    # a modal of continuation: still going on
    assert "battle" in labels("Army presses on", "The offensive will continue until the town is retaken, the army "
                                                 "said, as fierce fighting raged on the outskirts.")


def test_an_arrest_noun_before_a_modal_is_a_hypothesis() -> None:
    assert "detention" not in labels("Police", "Arrests will follow if the protest goes ahead, police warned.")


def test_plan_for_is_a_plan() -> None:
    assert "displacement" not in labels("Aid agencies plan for exodus",
                                        "Aid agencies plan to shelter 20,000 people who are expected to flee the "
                                        "offensive.")


# --- an earlier event dated by a month or a span --------------------------------------------


def test_a_month_dated_attack_after_the_lead_is_background() -> None:
    headline = "Gunmen kidnap 12 in Zamfara"
    body = ("Gunmen kidnapped 12 villagers in Zamfara State on Monday, police said. "
            "In January, bandits killed 30 people in a nearby village.")
    assert labels(headline, body) == {"detention"}
    assert primary(headline, body) == {"detained": 12.0}


def test_a_month_dated_count_after_the_lead_never_competes() -> None:
    headline = "Bandits attack Kaduna community"
    body = ("Bandits attacked a community in Kaduna State on Sunday, burning houses, residents said. "
            "Police said the attackers fled before troops arrived. "
            "In March, bandits attacked a Kaduna-bound train, killing nine persons.")
    assert "killed" not in primary(headline, body)


def test_a_count_dated_earlier_after_it_never_competes() -> None:
    headline = "Gunmen attack school in Katsina"
    body = ("Gunmen stormed a school in Katsina State on Friday and exchanged fire with police, officials said. "
            "Police said the attackers were repelled. "
            "More than 300 schoolgirls were kidnapped from a school in Zamfara State earlier this month.")
    assert "detained" not in primary(headline, body)
    # a report dated earlier, not the count: "Last week local media quoted residents as saying that ..."
    body2 = ("Soldiers shelled the town of Pauktaw on Thursday, residents said. The army did not comment. "
             "Last week local media quoted residents as saying that around 100 people had been detained in Pauktaw.")
    assert primary("Army shells Pauktaw, detains residents", body2).get("detained") == 100.0


# --- a running tally in the perfect tense ---------------------------------------------------


def test_a_perfect_tense_count_since_a_date_is_a_tally() -> None:
    headline = "Israeli forces detain 20 Palestinians in West Bank raids"
    body = ("Israeli forces detained 20 Palestinians in overnight raids across the West Bank, a prisoners' group said. "
            "The raids focused on Hebron and Jenin. "
            "Since then, 498 individuals, including 124 minors, have been killed in attacks by forces and settlers in "
            "the West Bank since the aforementioned date.")
    assert labels(headline, body) == {"detention"}
    assert primary(headline, body) == {"detained": 20.0}


# --- the fighting as the cause of a flight -----------------------------------------------------


def test_the_fighting_that_forced_a_flight_is_a_battle() -> None:
    headline = "Thousands of families displaced in the north"
    body = "The fighting has forced thousands of families to flee their homes, officials said."
    assert labels(headline, body) == {"battle", "displacement"}
    # a tally of such attacks, and the war's, stays background
    assert "battle" not in labels("Aid appeal", "Such attacks have displaced thousands of families in recent years, "
                                                "the agency said in its appeal.")


# --- attacks the cues missed -----------------------------------------------------------------


def test_a_suicide_bombing_told_by_its_act_is_a_battle() -> None:
    headline = "Carnage at Kabul mosque during Friday prayers"
    body = "A suicide bomber blew himself up at a mosque in Kabul during Friday prayers, killing 20 worshippers."
    assert labels(headline, body) == {"battle"}
    assert primary(headline, body) == {"killed": 20.0}


def test_a_wounded_count_is_weighed_for_battle_like_a_killed_one() -> None:
    assert labels("Missile hits ship", "A Houthi missile struck a cargo ship off Yemen's coast, wounding three crew "
                                       "members.") == {"battle"}
    assert labels("Drone hits Kharkiv", "A drone hit a residential building in Kharkiv, injuring seven people.") == {
        "battle"}
    # not without a battle cue of the floor's weight (an accident, a disaster)
    assert labels("Bus crash", "A bus crash on the highway injured 20 people, police said.") == set()
    assert labels("Blast in Lagos", "A gas cylinder explosion at a restaurant in Lagos injured seven people.") == set()


def test_an_armed_actor_killing_a_count_is_a_battle() -> None:
    assert labels("Zamfara village", "Bandits killed 20 people in Gidan Goga village in Maradun local government "
                                     "area of Zamfara State.") == {"battle"}
    assert labels("Kashmir", "Suspected militants killed three soldiers in Kupwara district.") == {"battle"}
    # one person without a number: a murder's words; arrests over the killing: the arrests
    assert labels("Chief killed", "Unknown gunmen killed a local chief in Ituri on Sunday.") == set()
    assert labels("Police arrest bandits", "Police arrested 12 bandits who killed 20 people in a village last "
                                           "month.") == {"detention"}


# --- region: the attacker country is not the place ---------------------------------------------


def region(headline: str, body: str = "") -> str | None:
    got = analyse(headline, body).region
    return got.code if got else None


def test_a_country_that_strikes_another_is_the_attacker() -> None:
    assert region("US strikes Houthi targets", "The strikes hit several sites in Yemen, killing 10 fighters, the "
                                               "Pentagon said.") == "YE"
    assert region("US strikes", "US forces struck Houthi targets in Yemen, killing 10 fighters.") == "YE"
    # a noun compound ("attacks in Mali") keeps the place
    assert region("Mali attacks kill 20 soldiers", "Twenty soldiers were killed in two attacks, the army said.") == "ML"


# --- stocks: a hosted population and its cause, a state -----------------------------------------


def test_a_hosted_population_described_by_its_cause_is_a_stock() -> None:
    assert labels("Camp", "The camp, home to 20,000 people displaced by fighting, lacks clean water.") == set()
    assert labels("Camp", "The camp hosts 40,000 people displaced by fighting in Darfur.") == set()
    assert labels("Camp", "The camp is home to 40,000 refugees who fled fighting in Darfur.") == set()
    # after the hosting phrase, the news: "The town, which hosts thousands of refugees, was shelled"
    assert labels("Town shelled", "The town, which hosts thousands of refugees, was shelled on Monday, killing "
                                  "5.") == {"battle"}


def test_a_count_that_remains_displaced_is_a_state() -> None:
    assert labels("Borno", "Some 1.5 million people remain displaced in Borno state, officials said.") == set()
    assert labels("Region", "About 30,000 people are still displaced in the region, officials said.") == set()
    assert labels("Region", "About 30,000 people fled the region this week, officials said.") == {"displacement"}
