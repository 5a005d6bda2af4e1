"""classify/1.19.0: figures - totals made of named parts, counts the clause walk lost, ages and status dates."""

from __future__ import annotations

from agents.classify import analyse
from tests.test_classify_event import primary  # the same readings of analyse()


def mentions(headline: str, body: str = "") -> set[tuple[str, float]]:
    return {(f.kind, f.value) for f in analyse(headline, body).figures}


# --- a stated total and its parts -----------------------------------------------------------


def test_a_headline_part_gives_way_to_the_sum_in_the_lead() -> None:
    headline = "4 army troops killed in clash with militants in northwest Pakistan"
    body = ("Four army troops, including a colonel, and three suspected militants were killed in a clash in "
            "northwestern Pakistan on Monday, the military said. Three other militants were also injured.")
    assert primary(headline, body) == {"killed": 7.0, "wounded": 3.0}
    # the same without the aside
    assert primary("2 soldiers killed in Kurram", "Two soldiers and four militants were killed in an exchange of "
                                                  "fire in Kurram on Monday, the army said.") == {"killed": 6.0}


def test_a_list_of_the_dead_in_digits() -> None:
    assert primary("Police say 2 soldiers and 3 militants were killed in raid",
                   "The raid took place on Monday, police said.")["killed"] == 5.0
    # a later equal count in another sentence is not the headline's total stated
    headline = "2 army soldiers, 4 rebels killed in southern Philippine clash"
    body = ("Two army soldiers and four New People's Army (NPA) fighters have been killed in a clash in Malaybalay "
            "City, the military said on Friday. A similar clash took place on Jan 30 in Camarines Sur province, "
            "killing at least six.")
    assert primary(headline, body)["killed"] == 6.0


def test_a_sub_tally_does_not_beat_the_first_stated_count() -> None:
    headline = "Myanmar junta airstrikes kill 11 civilians"
    body = ("At least 11 civilians were killed and five wounded on Tuesday in two junta airstrikes in Pale Township. "
            "A jet shot at a monastery in Nyaung Kone village, killing 10 villagers, a spokesman said. "
            "\"Three women and seven men were killed by the airstrike,\" he said.")
    assert primary(headline, body) == {"killed": 11.0, "wounded": 5.0}


def test_a_named_person_and_others() -> None:
    assert primary("Police hold 14 during rally", "Police said Udaltsov and 13 other protesters were detained on "
                                                   "Saturday.") == {"detained": 14.0}
    assert primary("Army accuses outlet over arrest", "The army said the outlet lied about a gun duel during the "
                                                      "arrest of Okoro and two others.") == {"detained": 3.0}
    # a place before "and" is no person; nor are countries
    assert ("killed", 14.0) not in mentions("Strikes kill 18", "Five people were killed in Gaza City and 13 others in "
                                                             "Rafah, medics said.")


def test_a_person_and_others_of_a_named_kind() -> None:
    assert primary("Commander killed in drone strike", "A senior al Qaeda commander and five other militants were "
                                                       "killed in a drone strike, officials said.") == {"killed": 6.0}


def test_a_headline_list_without_others() -> None:
    assert primary("Israel strikes on Lebanon kill Hezbollah fighter, 2 children",
                   "Israeli air strikes hit southern Lebanon on Friday.")["killed"] == 3.0
    # two counts of two kinds
    assert primary("Blast kills policeman, 12 hurt in Quetta",
                   "A blast killed a policeman and wounded 12 people in Quetta on Monday.") == {"killed": 1.0,
                                                                                                 "wounded": 12.0}


def test_as_many_others() -> None:
    headline = "Four policemen martyred in attack on police station"
    body = ("At least four policemen were martyred and as many others wounded after terrorists attacked a police "
            "station early Sunday morning.")
    assert primary(headline, body) == {"killed": 4.0, "wounded": 4.0}
    assert primary("Gunmen kill three in Kaduna", "Gunmen killed three villagers and wounded as many in Kaduna, "
                                                  "police said.") == {"killed": 3.0, "wounded": 3.0}
    # "as many as" is a hedge, not the same number again
    assert ("detained", 12.0) not in mentions("Troops kill 12", "Troops killed 12 and arrested as many as 30 suspects.")


# --- counts the clause walk lost ------------------------------------------------------------


def test_displaced_as_an_adjective_of_the_dead() -> None:
    headline = "14 displaced people, including 7 children, killed in a camp attack in Ituri"
    body = "Fourteen displaced people, including seven children, were killed on Saturday in an attack by militiamen."
    assert primary(headline, body) == {"killed": 14.0}
    assert primary("Displaced arrive", "About 2,000 displaced people arrived in the camp on Monday after "
                                       "fighting.") == {"displaced": 2000.0}


def test_have_since_left() -> None:
    headline = "Thousands run from villages after jets bomb market"
    body = ("Military jets bombed a market in Magway region on Wednesday, killing at least nine people. "
            "Some 5,000 villagers have since left for the hills, they said.")
    assert primary(headline, body) == {"killed": 9.0, "displaced": 5000.0}


def test_had_to_leave_their_homes() -> None:
    assert mentions("Gang violence", "Between November 11 and 20, 40,965 people had to leave their homes in "
                                     "Port-au-Prince due to violence.") >= {("displaced", 40965.0)}
    # an appeal is not a flight
    assert not any(k == "displaced" for k, _ in mentions(
        "Governor urges residents to leave", "The governor urged residents of 12 frontline villages to leave their "
                                             "homes as shelling intensified."))


def test_an_acronym_in_parentheses_does_not_end_the_clause() -> None:
    headline = "Abu Sayyaf members killed in Sulu clashes"
    body = ("Three members of the terrorist Abu Sayyaf Group (ASG) were killed in clashes with the military in Sulu "
            "on Wednesday. Meanwhile, 8 soldiers were wounded in the battle. On Friday, April 17, 11 soldiers were "
            "killed in another clash.")
    assert primary(headline, body) == {"killed": 3.0, "wounded": 8.0}


def test_sustained_injuries() -> None:
    assert primary("Bandits kill six in Zamfara", "Gunmen attacked Rijiya village, killing six persons. About five "
                                                  "others who sustained various degrees of injuries have been "
                                                  "hospitalized.") == {"killed": 6.0, "wounded": 5.0}


def test_one_person_beside_a_count_of_another_kind() -> None:
    assert primary("Helicopter attack reported", "Officials said a helicopter attacked a village, killing a civilian "
                                                 "and wounding two others.") == {"killed": 1.0, "wounded": 2.0}
    assert primary("Attack mars holiday", "A roadside explosion killed five paramilitary rangers and severely injured "
                                          "another in Pattani.") == {"killed": 5.0, "wounded": 1.0}


# --- no counts ------------------------------------------------------------------------------


def test_an_age_after_a_name_opening_the_sentence() -> None:
    body = ("Freed politician Soumaila Cisse arrived in Bamako on Thursday. Cisse, 70, was kidnapped by gunmen in "
            "March. Petronin, 75, who ran a charity, was abducted near Gao.")
    assert not any(k == "detained" and v in (70.0, 75.0) for k, v in mentions("Hostages freed", body))


def test_one_of_the_camps_is_no_count() -> None:
    assert ("displaced", 1.0) not in mentions("UN chief to visit camp", "He will visit one of the camps housing "
                                                                         "refugees from Myanmar.")


def test_a_status_date_is_not_history() -> None:
    headline = "Thousands enter Colombia fleeing clashes in Venezuela's Apure state"
    body = ("As of 15 April 2021, more than 5,800 persons have entered Colombia to escape armed confrontations between "
            "the armed forces and FARC dissidents in Apure.")
    assert primary(headline, body) == {"displaced": 5800.0}


def test_a_long_toll_phrase() -> None:
    headline = "Death toll from Mali base attack rises to 31"
    body = ("A Malian army commander told AFP that the number reported killed in the assault on the army position had "
            "risen to 31, and that wounded soldiers had been transported to Gao.")
    assert primary(headline, body) == {"killed": 31.0}


def test_one_person_in_the_lead_after_a_headline_without_one() -> None:
    headline = "Army says blog misreported Warri arrest"
    body = ("The army said on Wednesday that an online blog had misinformed the public about the arrest of a suspected "
            "kidnapper in Warri, Delta State.")
    assert primary(headline, body) == {"detained": 1.0}
