"""classify/1.20.4: rules from the fifth fresh sample (fr6) - casualties evacuated, Maoists fleeing, return
headlines, a national stock "with N million displaced", an address across countries, a town's mayor, the attacking
force before an attack verb, "among those killed were", and "and the gunmen" starting another clause."""

from __future__ import annotations

from tests.test_classify_event import figures, labels, region  # the same readings of analyse()


def test_casualties_evacuated_are_no_flight() -> None:
    assert "displacement" not in labels("Attack kills 11 soldiers", "Gunmen attacked an army post, killing 11 soldiers. "
                                        "Reinforcements were brought to the site and the bodies were evacuated.")
    assert "displacement" not in labels("Attack kills 11 soldiers", "Gunmen attacked an army post, killing 11 soldiers. "
                                        "Medics evacuated the wounded by helicopter.")
    assert "displacement" in labels("Shelling hits town", "Shelling hit the town on Monday and 3,000 residents were "
                                    "evacuated to safer areas.")


def test_maoists_forced_to_flee_are_attackers() -> None:
    assert "displacement" not in labels("Gunfight with Maoists", "Three security personnel were killed in a gunfight. "
                                        "The security forces retaliated which forced the Maoists to flee.")


def test_a_return_headline_makes_the_flight_background() -> None:
    body = ("The return of war-displaced people to the plain constitutes a key event after years of violence and "
            "massive displacements of population. Around 1,500 families have returned to their villages.")
    assert "displacement" not in labels("The return of those displaced by war to the Lake Albert plain", body)
    assert "displacement" not in labels("Villagers Rebuild Lives After 12-Year Civil War Exodus",
                                        "The conflict that erupted in 2013 had forced them to abandon their homes. "
                                        "Now they are finally returning home.")


def test_a_national_stock_with_millions_displaced_is_background() -> None:
    got = labels("Militants kill 16 villagers", "At least 16 villagers were killed by militants in Ituri province on "
                 "Friday. The violence across the central African nation has resulted in one of the world's biggest "
                 "humanitarian crises, with more than seven million people displaced.")
    assert "battle" in got and "displacement" not in got


def test_an_address_puts_a_namesake_in_the_subdivision_named_after_it() -> None:
    body = "Two rebels were killed in an encounter with soldiers in Barangay San Jose, Mapanas, Northern Samar."
    assert region("Two rebels killed", body) == "PH-NSA"
    assert region("Clashes", "Fighting in Goma, North Kivu, killed 12 people.") == "CD-NK"
    # one country's provinces listed keep the country reading
    assert region("Attacks", "Taliban fighters attacked posts in Kandahar, Uruzgan and Helmand on Monday.") == "AF"


def test_a_towns_mayor_places_the_story() -> None:
    assert region("Gunmen kill three", "Gunmen killed three people late on Tuesday, Malanville Mayor Gado Guidami "
                                       "said.") == "BJ-AL"


def test_the_attacking_force_before_an_attack_verb() -> None:
    got = figures("Attack", "More than 50 gunmen stormed the village on Sunday, killing 12 people.")
    assert ("fighters", 50.0) in got and ("killed", 50.0) not in got and ("killed", 12.0) in got
    assert figures("Attack", "Twelve soldiers were attacked and killed near the border.") == [("killed", 12.0)]


def test_among_those_killed_were() -> None:
    assert ("killed", 5.0) in figures("Attack", "Among the dead were five children.")
    got = figures("Attack", "Among those killed were 11 soldiers and one police officer.")
    assert got and all(kind == "killed" for kind, _ in got)


def test_and_the_gunmen_starts_another_clause() -> None:
    got = figures("Gunmen kill 6", "The victims included two children and the gunmen also abducted a man.")
    assert ("detained", 2.0) not in got and ("detained", 1.0) in got


# classify/1.20.5


def test_a_hostage_taking_with_its_object_between() -> None:
    got = labels("14 dead in prison riot", "Inmates clashed with the authorities, killing a guard and taking several "
                                           "officers hostage.")
    assert "detention" in got


def test_a_subdivision_owning_a_namesake() -> None:
    assert region("2 sentenced to life for bombings in Uttar Pradesh's Faizabad in 2007",
                  "A special court sentenced two people for two explosions in 2007 on a court premises in Uttar "
                  "Pradesh's Faizabad. \"The court sentenced two persons,\" Faizabad Bar Association president Vijay "
                  "Singh said.") == "IN-UP"


def test_towns_of_the_southern_philippines_and_big_cities() -> None:
    assert region("Clashes in Marawi", "Soldiers clashed with militants in Marawi on Monday, killing five.") == "PH-LAS"
    assert region("Bomb in Jolo", "A bomb exploded near a market in Jolo, killing three soldiers.") == "PH-SLU"
    assert region("Thousands rally in Santiago", "Thousands marched through central Santiago, the Chilean capital, "
                                                 "on Thursday; police reported no arrests.") == "CL-RM"
