"""HTTP: health, pages, the one error shape, host rights, and a client that needs no internet."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from partyhost.resources import web_dir

from hosting import Host


def test_health_reports_version_protocol_and_database(host: Host) -> None:
    status, body = host.get_json("/api/health")
    assert status == 200
    assert body["status"] == "ok"
    assert body["protocol"] == 1
    assert body["database"]["ok"] is True
    assert body["database"]["journal_mode"] == "wal"


@pytest.mark.parametrize("path", ["/", "/host", "/host/ABCD", "/join/ABCD", "/screen/ABCD"])
def test_every_page_is_served_as_html(host: Host, path: str) -> None:
    status, headers, body = host.get(path)
    assert status == 200
    assert headers["content-type"].startswith("text/html")
    assert b"<html" in body


@pytest.mark.parametrize(
    "path", ["/nothing-here", "/api/rooms/ZZZZ/qr.svg", "/api/rooms/ZZZZ/export", "/static/missing.js"]
)
def test_a_missing_thing_answers_the_json_error_shape(host: Host, path: str) -> None:
    status, _, body = host.get(path)
    assert status == 404
    import json

    error = json.loads(body)["error"]
    assert set(error) == {"code", "message"}
    assert "Traceback" not in body.decode()


def test_creating_a_room_gives_a_short_unambiguous_code_and_links(host: Host) -> None:
    room = host.create_room("geography", time_limit=15, points=False)
    assert re.fullmatch(r"[ABCDEFGHJKMNPQRSTWXYZ]{4,5}", room["code"])
    assert room["join_url"].endswith(f"/join/{room['code']}")
    assert room["screen_url"].endswith(f"/screen/{room['code']}")
    status, body = host.get_json("/api/rooms")
    assert status == 200
    assert body["rooms"][0]["code"] == room["code"]
    assert body["rooms"][0]["phase"] == "lobby"


def test_a_room_with_bad_settings_is_refused_and_not_made(host: Host) -> None:
    status, body = host.post_json("/api/rooms", {"pack": "science", "settings": {"time_limit": "fast"}})
    assert status == 400
    assert body["error"]["code"] == "bad_message"
    assert "time_limit" in body["error"]["message"]
    assert host.get_json("/api/rooms")[1]["rooms"] == []


def test_the_join_qr_code_is_an_svg(host: Host) -> None:
    code = host.create_room()["code"]
    status, headers, body = host.get(f"/api/rooms/{code}/qr.svg")
    assert status == 200
    assert headers["content-type"] == "image/svg+xml"
    assert body.startswith(b"<svg") or b"<svg" in body[:200]


def test_packs_are_listed_with_their_source(host: Host) -> None:
    status, body = host.get_json("/api/packs")
    assert status == 200
    ids = {p["id"]: p for p in body["packs"]}
    assert {"science", "geography", "general-knowledge"} <= set(ids)
    assert ids["science"]["source"] == "bundled"
    assert ids["science"]["questions"] >= 20


def test_the_web_client_references_nothing_outside_the_host() -> None:
    offenders = []
    for path in Path(web_dir()).rglob("*"):
        if path.suffix in {".html", ".js", ".css", ".svg"}:
            text = path.read_text(encoding="utf-8")
            for url in re.findall(r"""(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}[^\s"'`)]*""", text, flags=re.I):
                if "www.w3.org/2000/svg" in url or "www.w3.org/1999/xlink" in url:
                    continue  # XML namespace names, never fetched
                offenders.append(f"{path.name}: {url}")
    assert offenders == []
