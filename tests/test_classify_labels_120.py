"""classify/1.20.0 (labels): armed men taking flight are no displacement; flight said in a few more words."""

from __future__ import annotations

from agents.classify import analyse
from tests.test_classify_event import labels  # the same readings of analyse()


def test_attackers_forced_to_flee_are_not_displaced() -> None:
    assert "displacement" not in labels("Clashes in the north", 'The source said fierce clashes broke out, adding that '
                                                                '"the assailants were forced to flee."')
    # people forced to flee still are
    assert "displacement" in labels("Attack on village", "Thousands of residents were forced to flee when gunmen "
                                                         "attacked the village on Sunday.")


def test_armed_groups_seeking_refuge_are_not_displaced() -> None:
    assert "displacement" not in labels("Insurgents on the move", "The armed groups are seeking refuge in the forests "
                                                                  "of the neighbouring province, an official said.")
    assert "displacement" not in labels("Raid", "Armed men fled on motorbikes after the raid on the market.")
    assert "displacement" in labels("Raid", "Armed men raided the market and hundreds of villagers fled.")


def test_flight_to_a_safer_place_and_leaving_the_area() -> None:
    assert "displacement" in labels("Militants storm village", "Militants stormed the village on Friday. The residents "
                                                               "said scores of villagers have migrated to safer place.")
    assert "displacement" in labels("Village burnt down", "Almost the entire village was burnt down, one witness said, "
                                                          "adding that locals had started leaving the area on Friday.")


def test_bombed_out_buildings_are_ruins_not_a_raid() -> None:
    assert "battle" not in labels("Lots of room at the inn", "The city's luxury hotels had only just stolen the spotlight "
                                                             "back from bombed-out ones when the crisis hit tourism.")
    assert "battle" in labels("Jets strike market", "Jets bombed the market on Monday, killing 12 people.")


def test_a_football_attack_is_no_battle() -> None:
    assert "battle" not in labels("Derby day", "The visitors, despite playing on the road, attacked from the outset and "
                                               "roared to a two-goal lead.")
    assert "battle" in labels("Post attacked", "Militants attacked an army post on Monday, killing 12 soldiers.")


def test_a_spokesperson_named_like_a_place_is_a_person_in_every_mention() -> None:
    # classify/1.20.1: "SDF spokesperson Mustafa Bali" ... "Bali said": not Indonesia's Bali
    a = analyse("Final push on IS enclave", "Fighting raged near Baghuz in Deir Ezzor province on Saturday, "
                                            "said SDF spokesperson Mustafa Bali. Bali said he expected the battle "
                                            "to be over in days.")
    assert a.region is not None and a.region.code == "SY-DY"
    assert "ID-BA" not in {r.code for r in a.other_regions}


def test_a_stock_stated_as_a_state_is_no_flight() -> None:
    # classify/1.20.2
    assert "displacement" not in labels("Nine killed in shelling", "Nine civilians were killed in shelling on olive "
                                        "fields in Idlib. The region shelters three million people, approximately "
                                        "half of whom are displaced.")
    assert "displacement" in labels("Thousands flee", "Some 5,000 people were displaced by fighting on Monday.")


def test_one_witness_who_fled_is_the_source_not_a_flight() -> None:
    # classify/1.20.2
    assert "displacement" not in labels("Attacks kill 15", "Gunmen attacked the village on Sunday, reported a resident "
                                                           "who fled to the district headquarters.")
    assert "displacement" not in labels("Attacks kill 15", "Gunmen attacked the village. A villager who escaped said "
                                                           "20 people were killed.")
    assert "displacement" in labels("Villagers flee", "Villagers who fled the attack said 20 people were killed.")
