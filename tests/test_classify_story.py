"""classify/1.5.0: what the whole story is about, and the rules fresh items showed were missing."""

from __future__ import annotations

from agents.classify import analyse
from tests.test_classify_event import labels, primary, region  # the same readings of analyse()


# --- a release, returns, a trial, a commemoration --------------------------------------


def test_release_after_a_long_captivity_is_not_a_detention() -> None:
    assert labels("Freed engineers return home after eight months in captivity",
                  "Three engineers abducted by gunmen in March returned home on Sunday. The men were kidnapped "
                  "while inspecting a dam and held hostage in a forest camp, their employer said.") == set()


def test_release_days_after_the_abduction_keeps_the_abduction() -> None:
    got = labels("Aid workers kidnapped in Ituri freed",
                 "Five aid workers who were kidnapped by militiamen on Monday were freed on Wednesday, the "
                 "agency said.")
    assert "detention" in got


def test_return_headline_is_not_a_displacement() -> None:
    assert "displacement" not in labels(
        "Families displaced by floods and fighting return home to Malakal",
        "Hundreds of families who were displaced after clashes erupted in 2016 returned home this week "
        "from the protection site, officials said.")


def test_trial_headline_makes_the_attack_background_but_not_an_arrest_reported_first() -> None:
    assert labels("Bomber sentenced to life for market attack",
                  "A court sentenced the man who bombed the market, killing four people and wounding dozens. "
                  "He was found guilty of bombing a public place.") == set()
    assert "detention" in labels("Editor arrested for reporting on corruption trial",
                                 "Police took the editor into custody on Tuesday, his lawyer said.")


def test_commemoration_lead_gives_no_label_even_with_several_cue_sentences() -> None:
    assert labels("City marks anniversary of bombing",
                  "The city marked the anniversary of the bombing, which killed three people and injured 264, "
                  "on Tuesday with a memorial service. Three days after the bombings, a police officer was "
                  "shot dead by the same brothers.") == set()


def test_commemoration_word_after_the_headline_cue_keeps_the_arrests() -> None:
    assert "detention" in labels(
        "Hundreds of protesters detained after marking anniversary of crackdown",
        "Security forces have detained hundreds of people on Friday as protesters marked the first anniversary "
        "of the killings, a rights group said.")


def test_camp_fire_is_another_kind_of_event() -> None:
    assert "displacement" not in labels(
        "Massive fire breaks out at refugee camp",
        "A fire broke out at Camp 11 on Sunday and destroyed some 2,000 shelters, leaving 12,000 refugees "
        "homeless, officials said. No casualties were reported.")


# --- sentence and figure rules -----------------------------------------------------------


def test_vague_closing_tally_does_not_give_displacement() -> None:
    got = labels("Four soldiers killed in attack on army post",
                 "Four soldiers were killed on Sunday when jihadists attacked an army post, the army said. The "
                 "violence has caused thousands of civilian casualties and hundreds of thousands of displaced "
                 "people.")
    assert got == {"battle"}


def test_deadliest_since_a_year_is_a_comparison_not_history() -> None:
    assert primary("Attack kills 138 villagers",
                   "The attack by armed groups killed at least 138 civilians, the deadliest attack since 2015."
                   ) == {"killed": 138.0}


def test_last_year_is_history() -> None:
    a = analyse("Protesters detained in Zahedan",
                "Police detained 40 protesters on Friday. At least 104 people were killed when security forces "
                "opened fire on protesters on September 30 last year.")
    assert "battle" not in {h.label for h in a.labels}


def test_detainees_as_a_stock_are_not_a_detention() -> None:
    assert "detention" not in labels(
        "Detainees receive Ramadan meals",
        "Close to 4,000 detainees across 12 places of detention received food for the traditional iftar.")


def test_report_of_a_count_it_could_not_ascertain_does_not_negate_the_attack() -> None:
    assert "battle" in labels(
        "Gunmen invade village, kidnap three",
        "The police spokesman could not ascertain the number of the gunmen who attacked the village on "
        "Wednesday, but said three locals were kidnapped.")


def test_one_person_with_a_nationality_before_the_noun() -> None:
    assert primary("Taliban detain Iranian photojournalist Mohammad Hossein Velayati at Kabul airport",
                   "Taliban authorities detained the photographer at Kabul International Airport on Saturday."
                   ) == {"detained": 1.0}


# --- region ----------------------------------------------------------------------------------


def test_reporting_desk_dateline_is_not_the_region() -> None:
    assert region("Journalist jailed over interviews",
                  "Lusaka, February 26, 2025 - CPJ calls on Zimbabwean authorities to free broadcast journalist "
                  "Blessed Mhlanga, who has been in detention since February 24.") == "ZW"


def test_new_gazetteer_spellings() -> None:
    assert region("Drone strike kills six", "A drone strike killed six militants in North Waziristan.") == "PK-KP"
    assert region("Fire at camp", "A fire destroyed shelters in a camp in Cox's Bazar.") == "BD-B"
    assert region("Journalists detained", "Police detained six journalists in Baku on Friday.") == "AZ-BA"
