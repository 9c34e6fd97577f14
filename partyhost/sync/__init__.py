"""Results reach the cloud when the internet comes back (``docs/sync.md``).

When a room ends, its result document goes into the ``outbox`` table in the
same transaction as ``GameEnded``; a background worker in the host's event loop
delivers the outbox in order, signed, with full-jitter backoff, and marks an
item delivered only on the receiver's acknowledgement. An optional Slack or
Teams notification travels through the same outbox.

Modules: ``settings`` (where to send), ``document`` (what is sent),
``outbox`` (its SQL), ``push`` (one signed push and what its answer means),
``webhook`` (Slack and Teams messages), ``worker`` (the delivery loops),
``service`` (what the host and the CLI use), ``api`` (the host's HTTP routes),
``running`` (finding a running host) and ``cli`` (``partyhost sync``).
"""
