"""``partyhost bench``: a load generator of simulated phones, the phases it drives, and the report.

- :mod:`phone`: one lean WebSocket client per simulated phone;
- :mod:`phases`: join storm, question fan-out, answer burst, scores, leaderboard;
- :mod:`target`: the server under load (started here, or already running) and its ``/proc`` figures;
- :mod:`baseline`: the same stack with no game logic, to compare with;
- :mod:`report`: the figures, the ratios to the baseline, the targets, as text or JSON;
- :mod:`runner`: alternating baseline and product runs.

See ``docs/performance.md``.
"""
