"""Regions pass reg-119: datelines the rules missed, the place of the event over a source or reference city,
subdivisions that hold others, adjectives before "province of", rivers, and towns the gazetteer lacked."""

from __future__ import annotations

import pytest

from agents.classify import analyse
from agents.classify.sentences import make_doc
from tests.test_classify_event import region  # the same readings of analyse()


# --- datelines ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("body", "place"), [
    ("N’DJAMENA (Reuters) – Gunmen killed six people in the south, officials said.", "N’Djamena"),
    ("CARACAS, (Reuters) – Police detained four activists, their party said.", "Caracas"),
    ("SARAJEVO, Bosnia-Herzegovina (AP) -- Police arrested eight suspects on Thursday.", "Sarajevo"),
    ("Bamako: Two soldiers were killed in an attack on a camp in the north.", "Bamako"),
    ("Dhaka, September 16: Police detained two journalists near the border.", "Dhaka"),
])
def test_dateline_forms(body: str, place: str) -> None:
    import agents.classify.gazetteer  # noqa: F401  # (sets the colon dateline's place test)

    assert make_doc("Headline", body).dateline == place


def test_a_colon_opening_that_is_no_place_is_no_dateline() -> None:
    import agents.classify.gazetteer  # noqa: F401

    assert make_doc("Headline", "Update: Police detained two journalists on Monday.").dateline is None
    assert make_doc("Headline", "Mali: Two soldiers were killed on Monday.").dateline is None  # a country: a label


def test_a_colon_dateline_city_loses_to_the_event_town() -> None:
    assert region("Journalists detained", "Dhaka, September 16: Police have detained two journalists near the border "
                                          "in northern Mymensingh, an official said. One of them is a former "
                                          "secretary of the National Press Club, Dhaka.") == "BD-H"


def test_a_dateline_city_with_a_comma_before_the_agency_is_not_the_place() -> None:
    assert region("Activists detained in Venezuela", "CARACAS, (Reuters) – Four opposition activists have been "
                                                     "detained in Venezuela in recent days, their party said.") == "VE"


# --- the event's place over a source, a reference city, a river --------------------------------------------


def test_a_city_closing_the_headline_after_a_colon_is_the_source() -> None:
    assert region("Two soldiers killed in shelling by Azerbaijan: Yerevan",
                  "Two Armenian soldiers were killed when Azerbaijani forces shelled positions near the border town "
                  "of Sotk, the defence ministry said.") == "AM-GR"


def test_a_city_n_km_from_is_a_reference_point() -> None:
    assert region("Soldiers killed in Mali", "Jihadists attacked the military camp at Bintagoungou, some 80 kilometres "
                                             "(50 miles) from Timbuktu, killing two soldiers.") == "ML-6"
    # the capital at a distance ("from the ... capital N'Djamena") does not compete with the region named
    assert region("Clashes in south Chad", "At least 19 people were killed in clashes in the southern rural region of "
                                           "Moyen-Chari, more than 480 kilometres from the country's capital "
                                           "N'Djamena.") == "TD-MC"


def test_adjectives_between_a_locative_and_province_of() -> None:
    assert region("Rebels ambush patrol", "Rebels ambushed a patrol in the eastern-jungle province of Satipo, killing "
                                          "five soldiers, in the Apurimac and Ene river valleys.") == "PE-JUN"
    assert region("Attack", "Gunmen killed three soldiers in the hilly district of Puncak, the army said.") == "ID-PT"


def test_a_subdivision_named_as_a_river_is_not_the_place() -> None:
    assert region("Clash in Peru", "Five soldiers were killed in Satipo. Remnants prosper in the Apurimac and Ene "
                                   "river valleys.") == "PE-JUN"


def test_a_possessive_in_s_apostrophe() -> None:
    # (a locative: it outweighs a province named without one; before, 1.0 each: the country)
    assert region("Clash", "Two soldiers were killed in a clash in southern Philippines' Malaybalay on Sunday, said a "
                           "commander from Camarines Sur.") == "PH-BUK"
    assert region("Migrants detained in raids in Libya's Zuwara", "Police detained dozens of migrants, who were later "
                                                                  "taken to a detention centre in Tripoli.") == "LY-NQ"


# --- regions holding subdivisions ---------------------------------------------------------------------------


def test_papua_holds_the_2022_provinces() -> None:
    # "Papua" (the pre-2022 province) holding a regency of Central / Highland Papua: the regency's province
    assert region("Three soldiers killed in Papua clash",
                  "Separatist gunmen killed three soldiers in Indonesia's restive easternmost province of Papua, in the "
                  "district of Puncak, the army said.") == "ID-PT"
    assert region("Papua attack", "Rebels shot dead two workers in Nduga regency in Papua province.") == "ID-PE"
    assert region("Papua protest", "Police arrested 20 protesters in Jayapura, Papua.") == "ID-PA"


def test_iraqi_kurdistan_and_its_governorates() -> None:
    assert region("Arrests in Iraqi Kurdistan", "Security forces arrested ten people in Iraqi Kurdistan on "
                                                "Monday.") == "IQ-KR"
    assert region("Arrests in Iraqi Kurdistan", "Security forces arrested ten people in Erbil on Monday, officials of "
                                                "the Kurdistan Board said.") == "IQ-AR"


# --- gazetteer rows -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("body", "code"), [
    ("Police arrested seven suspects in the northern town of Kotor Varos on Wednesday.", "BA-SRP"),
    ("Police arrested one suspect in Bileca on Wednesday.", "BA-SRP"),
    ("Police in Bosnia arrested eight war crimes suspects.", "BA"),
    ("Gunmen killed five people in Ruhengeri on Sunday.", "RW-03"),
    ("An Israeli strike killed four civilians in Mays al-Jabal on Monday.", "LB-NA"),
    ("Rangers were killed in an ambush in Virunga on Friday.", "CD-NK"),
    ("Boko Haram fighters killed three people in the far north of Cameroon.", "CM-EN"),
])
def test_towns_the_tables_lacked(body: str, code: str) -> None:
    assert region("Attack", body) == code


def test_gulf_alone_is_no_province() -> None:
    assert region("Bombing", "Two bombs exploded in the Sunni-ruled Gulf kingdom of Bahrain, killing a policeman.") == "BH"
    assert region("Clash", "Tribal fighting killed six people in Gulf Province, police said.") == "PG-GPK"


# --- which mentions are the event's ------------------------------------------------------------------------


def test_a_town_put_in_another_countrys_subdivision_is_a_namesake() -> None:
    # (Mandela is a town of Ghana in the tables: the text puts this one in Cabo Delgado)
    assert region("Attacks in Muidumbe", "Insurgents attacked the villages of Nampanha and Mandela in the Muidumbe "
                                         "district of Cabo Delgado on Sunday, beheading two men. They struck again "
                                         "the next day, entering Mandela.") == "MZ-P"


def test_what_fighters_flee_is_no_origin_of_displaced_people() -> None:
    a = analyse("Insurgents fleeing Cabo Delgado may be using Niassa as refuge",
                "Armed men kidnapped about 100 young people in the town of Naulala, in Niassa, on Tuesday. The "
                "insurgents in Cabo Delgado are under pressure, officials said.")
    assert a.region is not None and a.region.code == "MZ-A"


def test_the_object_of_an_attack_noun_is_the_place() -> None:
    # (before, "of Khan Younis" weighed as much as "from Jabalia": the country)
    assert region("Dozens killed", "Dozens of people were killed in the bombardment of Khan Younis on Monday, medics "
                                   "from Jabalia said.") == "PS-KYS"


def test_what_an_attack_followed_is_an_earlier_event() -> None:
    assert region("Bomb kills ranger", "A ranger was killed by a bomb in southern Thailand today. Police said the "
                                       "rangers were traveling in Narathiwat province when the bomb exploded. Today's "
                                       "attack followed bombings in Songkhla, Narathiwat, and Yala over the "
                                       "weekend.") == "TH-96"
