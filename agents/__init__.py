"""wirewatch's stages: plain, typed stage logic plus the thin Faust agents that run it.

The data flow, one module per stage::

    wire.raw --normalize--> wirewatch.normalized (one partition)
             --dedupe · classify · regions (one serial actor)--> wire.unique | wire.duplicates,
                events.classified, regions.rolling, events.late
    (either stage) --> wire.deadletter

Stage logic (``normalize``, ``dedupe``, ``classify``, ``regions``, ``eventtime``) runs
without Kafka; ``pipeline`` wires it into Faust agents, ``outputs`` is the one place an
output is sent and the one error policy, ``prepare`` the per-item work a process pool
can do.
"""
