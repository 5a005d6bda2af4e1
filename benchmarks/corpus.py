"""A synthetic corpus of realistic ~2 KB wire items (deterministic for a seed)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

PLACES = [
    ("Deir Ezzor", "Syria"), ("Idlib", "Syria"), ("Aleppo", "Syria"), ("Mosul", "Iraq"),
    ("Kharkiv", "Ukraine"), ("Donetsk", "Ukraine"), ("El Fasher", "Sudan"), ("Goma", "DR Congo"),
    ("Marib", "Yemen"), ("Gao", "Mali"), ("Maiduguri", "Nigeria"), ("Tigray", "Ethiopia"),
]
ACTORS = ["government forces", "rebel fighters", "the army", "militiamen", "security forces", "insurgents"]
LEADS = [
    "Heavy fighting broke out near {place} on {day} as {actor} launched an assault on positions held by their rivals, residents said.",
    "More than {n:,} people have fled their homes around {place} since {actor} began shelling the area, the United Nations said on {day}.",
    "Some {m:,} people were detained by {actor} in {place} over the past week, a monitoring group said on {day}.",
    "Air strikes hit {place} overnight into {day}, killing at least {k} people, according to local officials.",
]
FILLER = [
    "The {country} conflict has displaced millions over the past decade, and aid agencies have repeatedly warned of shortages of food, water and medicine in the camps that host them.",
    "Officials from several countries met in Geneva earlier this month to discuss a ceasefire, but the talks ended without agreement and both sides accused each other of bad faith.",
    "A spokesperson for the humanitarian coordinator said convoys had been unable to reach the worst-affected districts for several days because of the insecurity on the roads.",
    "Analysts say the latest escalation reflects a wider struggle for control of trade routes, border crossings and oil fields that has drawn in regional powers.",
    "Local journalists reported that telephone and internet connections had been cut in parts of the province, making it difficult to verify reports from the area.",
    "The monitoring group, which relies on a network of sources on the ground, said the figures were likely to rise as more information became available.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def make_item(rng: random.Random, i: int, base: datetime) -> dict:
    place, country = rng.choice(PLACES)
    fmt = dict(place=place, country=country, actor=rng.choice(ACTORS), day=rng.choice(DAYS),
               n=rng.randrange(1000, 90000, 100), m=rng.randrange(50, 5000, 10), k=rng.randrange(3, 90))
    paras = [rng.choice(LEADS).format(**fmt)]
    while sum(map(len, paras)) < 1800:
        paras.append(rng.choice(FILLER).format(**fmt) + f" (ref {i}-{len(paras)})")
    return {
        "guid": f"bench-{i}",
        "source": rng.choice(["afp", "reuters", "ap", "dpa"]),
        "headline": f"{fmt['actor'].capitalize()} and rivals clash near {place} ({i})",
        "body": "\n\n".join(paras),
        "published": (base + timedelta(minutes=7 * i)).isoformat(),
    }


def corpus(n: int, *, duplicate_ratio: float = 0.1, seed: int = 7) -> list[dict]:
    """``n`` items; about ``duplicate_ratio`` of them exact re-sends of earlier ones."""
    rng = random.Random(seed)
    base = datetime(2024, 3, 1, tzinfo=timezone.utc)
    out: list[dict] = []
    for i in range(n):
        if out and rng.random() < duplicate_ratio:
            out.append(dict(rng.choice(out)))
        else:
            out.append(make_item(rng, i, base))
    return out
