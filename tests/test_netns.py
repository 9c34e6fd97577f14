"""partyhost on real networks of its own: Linux network namespaces (root and iproute2 needed).

- An offline host: a namespace with loopback only, no route anywhere. A whole game is played in
  it while ``strace`` records every ``connect``, ``sendto`` and ``sendmsg`` of the host, and the
  namespace's own packet counters are read before and after.
- A LAN: two namespaces joined by a veth pair, the host in one, a phone in the other.
"""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from zeroconf import IPVersion
from zeroconf.asyncio import AsyncZeroconf

from partyhost import mdns

from lan_support import Browser, Netns, NsHost, fetch, hosts, link, namespaces, switch
from support import KEY, Party, trio_room
from test_qr import zbar

HOST_IP, PHONE_IP = "10.77.0.1", "10.77.0.2"


# ------------------------------------------------------------------ offline


class _Server:
    """``support.Server`` for a host in a namespace, used from a thread inside that namespace."""

    def __init__(self, host: NsHost) -> None:
        self.url = host.url
        self.data_dir = host.data_dir

    @property
    def ws_url(self) -> str:
        return self.url.replace("http://", "ws://") + "/ws"

    def get(self, path: str) -> tuple[int, dict[str, str], bytes]:
        status, content_type, body = fetch(self.url + path)
        return status, {"content-type": content_type}, body

    def get_json(self, path: str) -> tuple[int, Any]:
        status, _, body = self.get(path)
        return status, json.loads(body)

    def post_json(self, path: str, data: Any, headers: dict[str, str] | None = None) -> tuple[int, Any]:
        import urllib.error
        import urllib.request

        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        request = urllib.request.Request(
            self.url + path,
            data=json.dumps(data).encode(),
            method="POST",
            headers={"Content-Type": "application/json", **(headers or {})},
        )
        try:
            with opener.open(request, timeout=10) as resp:
                return resp.status, json.loads(resp.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read())

    def create_room(self, pack: str = "science", **settings: Any) -> dict[str, Any]:
        status, body = self.post_json("/api/rooms", {"pack": pack, "settings": settings})
        assert status == 201, body
        return body["room"]  # type: ignore[no-any-return]


def _play_a_whole_game(server: _Server) -> dict[str, Any]:
    """Two players answer all three questions of the trio pack; the host reveals; then the export."""
    code = trio_room(server)
    with Party(server.ws_url) as party:
        control = party.control(code)
        ada, bob = party.player(code, "Ada"), party.player(code, "Bob")
        control.command("start")
        for index in range(3):
            for phone in (ada, bob):
                phone.state("question", index)
            assert ada.answer(f"ada-answer-{index}", index, KEY[index])["status"] == "accepted"
            wrong = [0] if KEY[index] != [0] else [1]
            assert bob.answer(f"bob-answer-{index}", index, wrong)["status"] == "accepted"
            control.command("reveal")
            control.state("reveal", index)
            control.command("next")
            control.state("leaderboard")
            control.command("next")  # the next question, or the podium after the last
        final = ada.state("ended")
        assert final["leaderboard"][0]["nickname"] == "Ada"
    status, export = server.get_json(f"/api/rooms/{code}/export?format=json")
    assert status == 200
    return export  # type: ignore[no-any-return]


_SOCKADDR = re.compile(r"\{sa_family=(AF_[A-Z0-9]+)(.*?)\}")


def _destinations(log: str, calls: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """``(call, family, address)`` of every traced call in ``calls`` that names an address."""
    found = []
    for line in log.splitlines():
        call = re.match(r"\d+\s+(\w+)\(", line)
        if not call or call.group(1) not in calls:
            continue
        for family, rest in _SOCKADDR.findall(line):
            address = re.search(r'(?:inet_addr|inet_pton\(AF_INET6?,)\s*\(?"([^"]+)"', rest)
            found.append((call.group(1), family, address.group(1) if address else rest.strip(", ")))
    return found


def _is_local(family: str, address: str) -> bool:
    if family in ("AF_UNIX", "AF_NETLINK", "AF_UNSPEC"):
        return True
    return address.startswith("127.") or address in ("::1", "0.0.0.0", "::")


def test_a_whole_game_runs_with_no_network_and_nothing_tries_to_reach_outside(tmp_path: Path) -> None:
    """No route out: loopback only. Evidence that nothing reached for the outside is twofold:

    - ``strace -f`` logs every ``connect``/``sendto``/``sendmsg`` of the host and its threads:
      each one names a loopback or local (Unix, netlink) address;
    - the namespace's counters show no UDP datagram sent (so no DNS or mDNS query) and no packet
      dropped for want of a route (``OutNoRoutes``), while TCP connections did open (the phones).
    """
    if shutil.which("strace") is None:
        pytest.fail("strace is needed: apt-get install strace")
    trace = tmp_path / "connect.trace"
    strace = ("strace", "-f", "-qq", "--seccomp-bpf", "-e", "trace=connect,sendto,sendmsg,bind", "-o", str(trace))
    with namespaces("offline") as (ns,), hosts() as start:
        before = ns.snmp()
        host = start(ns, tmp_path / "data", prefix=strace)
        assert "No local network found" in host.output
        assert host.get("/api/lan")[0] == 200
        lan = json.loads(host.get("/api/lan")[2])
        assert lan["urls"] == [] and lan["mdns"]["status"] == "no network"
        export = ns.call(_play_a_whole_game, _Server(host), timeout=120)
        host.stop()  # strace ends with the host, so its log is complete
        after = ns.snmp()
    assert len(export["answers"]) == 6
    assert export["room"]["phase"] == "ended"
    assert [(row["rank"], row["player"], row["correct_count"]) for row in export["summary"]] == [
        (1, "Ada", 3),
        (2, "Bob", 0),
    ]

    log = trace.read_text()
    binds = _destinations(log, ("bind",))
    assert any(family == "AF_INET" for _, family, _ in binds), "strace saw no bind: the trace is empty"
    reached = _destinations(log, ("connect", "sendto", "sendmsg"))
    outside = [d for d in reached if not _is_local(d[1], d[2])]
    assert outside == [], f"the host reached for: {outside}"

    delta = {key: after[key] - before.get(key, 0) for key in after}
    assert delta["TcpActiveOpens"] > 0, "no TCP connection was counted: the counters are not this namespace's"
    assert delta["IpOutNoRoutes"] == 0 and delta["Ip6OutNoRoutes"] == 0
    assert delta["UdpOutDatagrams"] == 0 and delta["Udp6OutDatagrams"] == 0


# ------------------------------------------------------------------ the LAN


def _http_service(name: str) -> dict[str, Any]:
    async def ask() -> dict[str, Any]:
        zc = AsyncZeroconf(interfaces=[PHONE_IP], ip_version=IPVersion.V4Only)
        try:
            info = await zc.async_get_service_info(mdns.HTTP_TYPE, f"{name}.{mdns.HTTP_TYPE}", timeout=5000)
            assert info is not None, f"no answer for {name}._http._tcp"
            return {
                "addresses": info.parsed_addresses(IPVersion.V4Only),
                "port": info.port,
                "server": info.server,
                "properties": info.decoded_properties,
            }
        finally:
            await zc.async_close()

    return asyncio.run(ask())


@pytest.fixture
def lan(tmp_path: Path) -> Any:
    """``(host_ns, phone_ns, start)``: two namespaces on one veth link, and a host starter."""
    with namespaces("host", "phone") as (host_ns, phone_ns), hosts() as start:
        link(host_ns, HOST_IP, phone_ns, PHONE_IP)
        yield host_ns, phone_ns, start


def _announced(host: NsHost, start: int = 0) -> str:
    match = host.wait_line(
        r"Announced on the network as http://(partyhost-[0-9a-f]{6}(?:-\d+)?)\.local:(\d+)", 30, start
    )
    assert int(match.group(2)) == host.port
    return match.group(1)


def _discover(phone_ns: Netns) -> list[dict[str, Any]]:
    done = phone_ns.run("python", "-m", "partyhost", "discover", "--timeout", "3", "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["hosts"]  # type: ignore[no-any-return]


def test_a_phone_on_the_lan_finds_the_host_by_mdns_and_its_qr_code_opens_the_game(lan: Any, tmp_path: Path) -> None:
    host_ns, phone_ns, start = lan
    host = start(host_ns, tmp_path / "data")
    name = _announced(host)
    status, body = host.ns.call(_Server(host).post_json, "/api/rooms", {"pack": "science"})
    assert status == 201
    room = body["room"]
    assert room["join_url"] == f"http://{HOST_IP}:{host.port}/join/{room['code']}"

    found = _discover(phone_ns)
    assert [(h["name"], h["addresses"], h["port"], h["rooms_open"]) for h in found] == [(name, [HOST_IP], host.port, 1)]
    http = phone_ns.call(_http_service, name)
    assert http["addresses"] == [HOST_IP] and http["port"] == host.port
    assert http["server"] == f"{name}.local."
    assert http["properties"]["path"] == "/" and http["properties"]["protocol"] == "1"
    machine = subprocess.run(["hostname"], capture_output=True, text=True).stdout.strip()
    assert not http["server"].lower().startswith(f"{machine.lower()}.")

    status, content_type, image = phone_ns.call(fetch, f"http://{HOST_IP}:{host.port}/api/rooms/{room['code']}/qr.png")
    assert status == 200 and content_type == "image/png"
    (url,) = zbar(image, ".png", tmp_path)
    assert url == room["join_url"]
    status, content_type, page = phone_ns.call(fetch, url)
    assert status == 200 and content_type.startswith("text/html") and b"<html" in page
    status, _, _ = phone_ns.call(fetch, f"http://{HOST_IP}:{host.port}/api/health", {"Host": f"{name}.local"})
    assert status == 200, "the mDNS name must be one the host answers to"


def test_a_phone_on_the_lan_gets_no_wifi_code_and_the_projector_on_the_laptop_does(lan: Any, tmp_path: Path) -> None:
    host_ns, phone_ns, start = lan
    host = start(host_ns, tmp_path / "data", "--wifi-ssid", "PubQuiz", env={"PARTYHOST_WIFI_PASSWORD": "hunter22"})
    for path in ("/api/wifi-qr.png", "/api/wifi-qr.svg", "/api/wifi"):
        status, _, body = phone_ns.call(fetch, f"http://{HOST_IP}:{host.port}{path}")
        assert status == 403 and b"hunter22" not in body, path
    status, _, image = host.get("/api/wifi-qr.png")
    assert status == 200
    assert zbar(image, ".png", tmp_path) == ["WIFI:T:WPA;S:PubQuiz;P:hunter22;;"]


def _copy_of(data_dir: Path, target: Path) -> Path:
    """A second data folder with the same host key, hence the same mDNS name."""
    target.mkdir()
    shutil.copy(data_dir / "partyhost.db", target / "partyhost.db")
    return target


def test_a_second_laptop_from_a_copy_of_the_data_folder_takes_another_name(tmp_path: Path) -> None:
    """Two laptops on one LAN segment (a bridge), both from the same data folder."""
    with namespaces("one", "two", "phone") as (one, two, phone), hosts() as start:
        switch(phone, PHONE_IP, (one, HOST_IP), (two, "10.77.0.3"))
        first = start(one, tmp_path / "one")
        name = _announced(first)
        second = start(two, _copy_of(first.data_dir, tmp_path / "two"))
        assert _announced(second) == f"{name}-2"
        found = {h["name"]: (h["addresses"], h["port"]) for h in _discover(phone)}
        assert found == {name: ([HOST_IP], first.port), f"{name}-2": (["10.77.0.3"], second.port)}
        assert first.get("/api/health")[0] == 200 and second.get("/api/health")[0] == 200


def test_a_second_host_on_the_same_laptop_from_a_copy_takes_another_name(lan: Any, tmp_path: Path) -> None:
    """Same address: the name is asked by multicast, so the first host's answer reaches the second.

    Usually the second host hears the first answer for the name and takes ``-2`` at once. If
    the first answers too late (a busy machine), both announce the name for a moment and the
    conflict rule moves one of them on (the one whose address and port sort higher): either way
    the network ends up with two names, one per host.
    """
    host_ns, phone_ns, start = lan
    first = start(host_ns, tmp_path / "one")
    name = _announced(first)
    second = start(host_ns, _copy_of(first.data_dir, tmp_path / "two"))
    _announced(second)
    deadline = time.monotonic() + 40
    while True:
        found = {h["name"]: h["port"] for h in _discover(phone_ns)}  # (each look takes 3 s)
        if set(found) == {name, f"{name}-2"} and sorted(found.values()) == sorted([first.port, second.port]):
            break
        assert time.monotonic() < deadline, f"still not two names: {found}"


def test_the_announcement_and_the_join_links_follow_a_change_of_address(lan: Any, tmp_path: Path) -> None:
    from lan_support import ip

    host_ns, phone_ns, start = lan
    host = start(host_ns, tmp_path / "data")
    name = _announced(host)
    server = _Server(host)
    code = host_ns.call(server.create_room)["code"]
    mark = len(host.lines)
    ip("-n", phone_ns.name, "addr", "add", "10.88.0.2/24", "dev", "lan0")
    ip("-n", host_ns.name, "addr", "add", "10.88.0.1/24", "dev", "lan0")
    ip("-n", host_ns.name, "addr", "del", f"{HOST_IP}/24", "dev", "lan0")
    assert _announced(host, start=mark) == name
    lan_view = json.loads(host.get("/api/lan")[2])
    assert lan_view["urls"] == [f"http://10.88.0.1:{host.port}"]
    assert lan_view["chosen"] == f"http://10.88.0.1:{host.port}"

    def screen_join_url() -> str:
        with Party(server.ws_url) as party:
            return str(party.screen(code).state("lobby")["room"]["join_url"])

    assert host_ns.call(screen_join_url) == f"http://10.88.0.1:{host.port}/join/{code}"
    found = _discover(phone_ns)
    assert [(h["name"], h["addresses"], h["port"]) for h in found] == [(name, ["10.88.0.1"], host.port)]


def test_the_host_says_goodbye_on_the_network_when_it_stops(lan: Any, tmp_path: Path) -> None:
    """Browsers drop the host within seconds of Ctrl-C: only a goodbye can do that, as the records live 75 minutes."""
    host_ns, phone_ns, start = lan
    browser = Browser(phone_ns, PHONE_IP)
    try:
        host = start(host_ns, tmp_path / "data")
        name = _announced(host)
        browser.wait(lambda line: line.startswith("Added ") and name in line)
        stopped = time.monotonic()
        host.stop()  # SIGTERM: the goodbye and the log flush happen in the lifespan shutdown
        line = browser.wait(lambda line: line.startswith("Removed ") and name in line, timeout=10)
        assert float(line.split()[-1]) - stopped < 10
    finally:
        browser.close()


def test_serving_starts_before_the_mdns_name_is_announced(lan: Any, tmp_path: Path) -> None:
    """Probing a name takes at least about two seconds (RFC 6762 probes); the pages answer before that."""
    host_ns, _, start = lan
    host = start(host_ns, tmp_path / "data")  # returns as soon as /api/health answers
    first = json.loads(host.get("/api/lan")[2])["mdns"]
    assert first["name"] is None and first["status"] in ("off", "probing"), first
    assert "Announced on the network" not in host.output
    name = _announced(host)
    assert json.loads(host.get("/api/lan")[2])["mdns"] == {
        "name": f"{name}.local",
        "url": f"http://{name}.local:{host.port}",
        "status": "announced",
    }


def test_a_host_listening_on_loopback_only_announces_nothing(lan: Any, tmp_path: Path) -> None:
    host_ns, phone_ns, start = lan
    host = start(host_ns, tmp_path / "data", "--host", "127.0.0.1")
    assert json.loads(host.get("/api/lan")[2])["mdns"] is None
    assert _discover(phone_ns) == []
