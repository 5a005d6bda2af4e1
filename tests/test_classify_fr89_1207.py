"""classify/1.20.7: rules from the fresh samples fr8 and fr9 - an army dismissing a report, forecasts and plots,
a group's record of abductions, a future evacuation order."""

from __future__ import annotations

from agents.classify import analyse
from tests.test_classify_event import labels  # the same readings of analyse()


def test_an_army_dismissing_a_report_is_a_denial() -> None:
    assert "battle" not in labels("Army dismisses report of fresh Boko Haram attack on military base",
                                  "A news agency report had alleged the death of at least 30 soldiers when insurgents "
                                  "overran a military base in the north of the state late Thursday.")


def test_forecasts_and_plots_are_hypotheses() -> None:
    assert "displacement" not in labels("Allies prepare for humanitarian disaster",
                                        "US intelligence agencies are predicting that a large-scale invasion will "
                                        "displace some five million civilians to neighbouring countries.")
    got = labels("Police bust module planning terror attacks on vital installations",
                 "The agency has arrested nine terror suspects allegedly planning attacks on vital installations.")
    assert "detention" in got and "battle" not in got


def test_a_groups_record_of_abductions_is_background() -> None:
    got = labels("Armed men kill fourteen civilians, injure more than six in Benishangul Gumuz region",
                 "Armed men killed 14 civilians and injured more than six in Metekel zone on Monday night, the agency "
                 "reported. The administrator confirmed the killing and said the attackers were armed bandits who "
                 "mounted the attack at night. He said the armed bandits reside in forests and have previous records "
                 "of abducting elders, members of militia and snatching arms.")
    assert "battle" in got and "detention" not in got


def test_a_future_evacuation_order_is_no_flight() -> None:
    got = labels("Ukraine to evacuate children from five towns near frontline",
                 "Kyiv on Tuesday ordered children to be evacuated from five towns near the frontline, citing an "
                 "uptick in attacks. \"Due to enemy shelling, 54 children and 67 accompanying persons will be "
                 "forcibly evacuated\" from the villages, the ministry said.")
    assert "displacement" not in got


# classify/1.20.8


def test_near_a_capital_the_text_gives_as_a_reference_point() -> None:
    r = analyse("Deadly Al Shabaab attack kills 15 soldiers near Mogadishu",
                "MOGADISHU, Somalia - At least 15 soldiers have been killed in an ambush attack carried out by al "
                "Shabaab near Afgoye town, some 30km south of the capital, Mogadishu.").region
    assert r is not None and r.code == "SO-SH"
    # near the capital and nothing else: the capital's subdivision
    r = analyse("Blast kills 5 near Mogadishu", "A roadside bomb killed five soldiers near Mogadishu on Monday.").region
    assert r is not None and r.code == "SO-BN"


# classify/1.20.9


def test_an_encounter_with_security_forces_is_a_gunfight() -> None:
    assert "battle" in labels("Chhattisgarh: Bodies of two Maoist cadres recovered, weapons seized during Bijapur "
                              "encounter",
                              "Security forces have recovered the bodies of two Maoist cadres along with automatic "
                              "weapons from the encounter site, officials confirmed on Saturday. Intermittent firing "
                              "has been ongoing between the joint team and the Maoists since the morning.")
    assert "battle" not in labels("A chance meeting", "The minister recalled his encounter with the poet in Paris.")
