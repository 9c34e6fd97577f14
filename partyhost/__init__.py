"""partyhost: an offline-first LAN party quiz server."""

__version__ = "0.1.0"
