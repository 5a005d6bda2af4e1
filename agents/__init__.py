"""wirewatch's stages: plain, typed stage logic plus the thin Faust agents that run it.

The data flow, one module per stage::

    wire.raw --normalize--> wirewatch.normalized
             --dedupe (chain over wirewatch.dedupe-chain) + classify--> wire.unique,
                wire.duplicates, events.classified, wirewatch.region-events (keyed by country)
             --regions--> regions.rolling, events.late

Stage logic (``normalize``, ``dedupe``, ``classify``, ``regions``) runs without
Kafka; ``pipeline`` wires it into Faust agents.
"""
