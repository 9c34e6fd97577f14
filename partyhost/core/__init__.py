"""The pure core of partyhost: commands in, events out.

Standard library only. Time comes in as :class:`~partyhost.core.clock.Now`;
randomness (tokens, codes) comes in from the shell inside commands.
"""
