"""wirewatch's stages: plain, typed stage logic plus the thin Faust agents that run it.

The data flow, one module per stage::

    wire.raw --normalize--> wirewatch.normalized (keyed by content hash)
             --dedupe+classify--> wire.unique, wire.duplicates, events.classified,
                                  wirewatch.region-events (keyed by region)
             --regions--> regions.rolling

Stage logic (``normalize``, ``dedupe``, ``classify``, ``regions``) runs without
Kafka; ``pipeline`` wires it into Faust agents.
"""
