"""The reference cloud receiver: hosts push their results here (``partyhost cloud``).

One module per noun: ``signing`` (the HMAC scheme, shared with the host),
``db`` (a thin SQL layer over SQLite and PostgreSQL), ``schema``, ``keys``,
``auth``, ``push`` (storing pushes exactly once), ``results`` and
``dashboard`` (reading them back), ``app`` (the Starlette app), ``server``
and ``cli``. ``docs/sync.md`` specifies the protocol.
"""
