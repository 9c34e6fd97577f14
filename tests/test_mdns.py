"""mdns.py without the network: names, TXT records, and following the laptop's addresses.

What crosses a network (probing, clashes, goodbyes, discovery) is tested on namespaced
networks in test_netns.py.
"""

from __future__ import annotations

import asyncio
import re
import socket

from partyhost import __version__, mdns, protocol


def test_the_short_id_is_six_hex_digits_stable_for_a_host_key_and_differs_between_keys() -> None:
    first = mdns.short_id("host-key-one")
    assert re.fullmatch(r"[0-9a-f]{6}", first)
    assert mdns.short_id("host-key-one") == first
    assert mdns.short_id("host-key-two") != first
    assert first not in "host-key-one"


def test_names_go_partyhost_id_then_dash_two_dash_three() -> None:
    names = [mdns.label("3fa2c1", n) for n in (1, 2, 3)]
    assert names == ["partyhost-3fa2c1", "partyhost-3fa2c1-2", "partyhost-3fa2c1-3"]


def test_both_services_carry_the_protocol_version_and_path_and_never_the_machine_name() -> None:
    infos = mdns.service_infos("partyhost-3fa2c1", "3fa2c1", 8080, ["192.168.1.20"])
    assert [info.type for info in infos] == ["_partyhost._tcp.local.", "_http._tcp.local."]
    for info in infos:
        assert info.server == "partyhost-3fa2c1.local."
        assert info.server.lower() != f"{socket.gethostname().lower()}.local."
        assert info.port == 8080
        assert info.parsed_addresses() == ["192.168.1.20"]
        assert info.decoded_properties == {
            "protocol": str(protocol.VERSION),
            "path": "/",
            "version": __version__,
            "id": "3fa2c1",
        }


def test_a_found_host_links_to_its_first_address_and_path() -> None:
    found = mdns.Found("partyhost-3fa2c1", ("10.0.0.5", "10.0.0.6"), 8080, "partyhost-3fa2c1.local.", {"path": "/"})
    assert found.url == "http://10.0.0.5:8080/"


def test_presence_tells_the_app_when_the_addresses_change_and_reports_no_network() -> None:
    """With announcing off nothing is sent anywhere: only the watching is exercised."""
    addresses = [["192.168.1.20"]]
    changes: list[list[str]] = []

    async def scenario() -> list[str]:
        changed = asyncio.Event()

        def on_change(new: list[str]) -> None:
            changes.append(new)
            changed.set()

        presence = mdns.Presence(
            port=8080, ident="3fa2c1", local=lambda: addresses[0], announce=False, on_change=on_change, poll=0.01
        )
        presence.start()
        statuses = []

        async def first_look() -> None:
            while presence.addresses != ["192.168.1.20"]:
                await asyncio.sleep(0.01)

        try:
            await asyncio.wait_for(first_look(), 5)
            addresses[0] = ["10.0.0.7"]
            await asyncio.wait_for(changed.wait(), 5)
            statuses.append(presence.status)
            changed.clear()
            addresses[0] = []
            await asyncio.wait_for(changed.wait(), 5)
            statuses.append(presence.status)  # set in the same step as the callback, before it yields
        finally:
            await presence.stop()
        statuses.append(presence.status)
        return statuses

    statuses = asyncio.run(scenario())
    assert changes == [["10.0.0.7"], []]
    assert statuses == ["off", "no network", "off"]
