"""The receiver, over HTTP, against SQLite and a real PostgreSQL: exactly once, in order, signed, isolated.

One receiver process per database kind serves the whole module; each test uses its own
organizations and host ids, so tests do not see each other's data.
"""

from __future__ import annotations

import contextlib
import json
import re
import secrets
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from partyhost.cloud import keys, signing
from partyhost.cloud.db import Database

from cloud_support import (
    Postgres,
    Receiver,
    item,
    make_key,
    push,
    query,
    result_document,
    start_receiver,
)
from support import assert_error_body

MAX_PUSH = 64 * 1024


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def cloud(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Receiver]:
    if request.param == "sqlite":
        db_url = f"sqlite:///{tmp_path_factory.mktemp('cloud') / 'cloud.db'}"
    else:
        server: Postgres = request.getfixturevalue("postgres")
        db_url = server.database()
    receiver = start_receiver(db_url, "--max-push-bytes", str(MAX_PUSH), "--max-document-bytes", "200000")
    yield receiver
    receiver.stop()


def _org() -> str:
    return f"org-{secrets.token_hex(4)}"


def _host() -> str:
    return f"host-{secrets.token_hex(4)}"


def _counts(cloud: Receiver, host: str) -> dict[str, int]:
    found = {}
    for table in ("results", "items", "parts"):
        rows = query(cloud.db_url, f"SELECT COUNT(*) AS n FROM {table} WHERE host_id = ?", (host,))
        found[table] = int(rows[0]["n"])
    return found


def test_a_signed_push_is_stored_and_listed(cloud: Receiver) -> None:
    key, host = make_key(cloud.db_url, _org()), _host()
    response = push(cloud.url, key, [item(1, result_document("AAAA")), item(2, result_document("BBBB", 3))], host=host)
    assert response.status_code == 200, response.text
    assert response.json() == {
        "high_water": 2,
        "items": [{"seq": 1, "status": "stored"}, {"seq": 2, "status": "stored"}],
    }
    listed = cloud.results(key)
    assert [(r["seq"], r["room"]["code"], r["room"]["players"]) for r in listed] == [(1, "AAAA", 2), (2, "BBBB", 3)]
    assert listed[1]["podium"][0] == {"rank": 1, "player": "Player 0", "score": 1000}
    one = httpx.get(f"{cloud.url}/v1/results/{listed[0]['id']}", headers={"Authorization": f"Bearer {key}"})
    assert one.status_code == 200
    assert one.json()["document"] == result_document("AAAA")


def test_a_replayed_push_is_acknowledged_again_and_stored_once(cloud: Receiver) -> None:
    key, host = make_key(cloud.db_url, _org()), _host()
    items = [item(1, result_document("AAAA")), item(2, result_document("BBBB"))]
    first = push(cloud.url, key, items, host=host)
    again = push(cloud.url, key, items, host=host)
    assert first.status_code == again.status_code == 200
    assert [s["status"] for s in again.json()["items"]] == ["duplicate", "duplicate"]
    assert _counts(cloud, host) == {"results": 2, "items": 2, "parts": 0}
    # A push that repeats the last item and brings the next one stores only the new one.
    more = push(cloud.url, key, [items[1], item(3, result_document("CCCC"))], host=host)
    assert [s["status"] for s in more.json()["items"]] == ["duplicate", "stored"]
    assert _counts(cloud, host)["results"] == 3


def test_a_push_that_skips_past_the_high_water_mark_is_refused_with_the_mark(cloud: Receiver) -> None:
    key, host = make_key(cloud.db_url, _org()), _host()
    push(cloud.url, key, [item(1, result_document("AAAA"))], host=host)
    response = push(cloud.url, key, [item(3, result_document("CCCC"))], host=host)
    assert response.status_code == 409
    body = response.json()
    assert body["error"]["code"] == "seq_gap" and body["high_water"] == 1
    assert "send from 2" in body["error"]["message"]
    assert _counts(cloud, host)["results"] == 1


def test_another_document_under_a_settled_seq_is_a_conflict(cloud: Receiver) -> None:
    key, host = make_key(cloud.db_url, _org()), _host()
    push(cloud.url, key, [item(1, result_document("AAAA"))], host=host)
    response = push(cloud.url, key, [item(1, result_document("ZZZZ"))], host=host)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "seq_conflict" and response.json()["seq"] == 1
    assert [r["room"]["code"] for r in cloud.results(key)] == ["AAAA"]


def test_a_bad_item_is_refused_for_good_and_does_not_block_the_items_behind_it(cloud: Receiver) -> None:
    key, host = make_key(cloud.db_url, _org()), _host()
    broken = result_document("BAAD")
    del broken["summary"]
    response = push(cloud.url, key, [item(1, result_document("AAAA")), item(2, broken)], host=host)
    assert response.status_code == 422
    body = response.json()
    assert body["error"]["code"] == "bad_item" and body["seq"] == 2 and body["high_water"] == 2
    assert "summary" in body["error"]["message"]
    assert body["items"] == [{"seq": 1, "status": "stored"}]
    # The refusal is remembered: the same item is refused again, and the next one goes in.
    assert push(cloud.url, key, [item(2, broken)], host=host).json()["error"]["code"] == "bad_item"
    assert push(cloud.url, key, [item(3, result_document("CCCC"))], host=host).status_code == 200
    assert [r["room"]["code"] for r in cloud.results(key)] == ["AAAA", "CCCC"]
    # So is a document larger than the receiver takes (here 200000 bytes), and a withdrawn item settles its seq.
    huge = result_document("HUGE", players=1)
    huge["padding"] = "x" * 250_000
    big = push(cloud.url, key, [item(4, huge, length=1000)], host=host)
    assert big.status_code == 422 and big.json()["reason"] == "too_large"
    withdrawn = push(cloud.url, key, [{"seq": 5, "kind": "withdrawn"}], host=host)
    assert withdrawn.json() == {"high_water": 5, "items": [{"seq": 5, "status": "withdrawn"}]}
    assert _counts(cloud, host) == {"results": 2, "items": 5, "parts": 0}


def test_a_large_document_arrives_in_pieces_and_resumes_where_it_stopped(cloud: Receiver) -> None:
    key, host = make_key(cloud.db_url, _org()), _host()
    document = result_document("LRGE", players=120)
    raw = json.dumps(document).encode()
    third = len(raw) // 3
    assert len(raw) > MAX_PUSH / 2
    first = push(cloud.url, key, [item(1, raw, 0, third)], host=host)
    assert first.json() == {"high_water": 0, "items": [{"seq": 1, "status": "partial", "received": third}]}
    # A host that lost track (killed before it recorded the answer) sends a piece again, or skips one:
    # either way the receiver says where it is, and nothing is stored twice.
    for offset in (0, 2 * third):
        again = push(cloud.url, key, [item(1, raw, offset, third)], host=host)
        assert again.json()["items"] == [{"seq": 1, "status": "partial", "received": third}]
    second = push(cloud.url, key, [item(1, raw, third, third)], host=host)
    assert second.json()["items"] == [{"seq": 1, "status": "partial", "received": 2 * third}]
    last = push(cloud.url, key, [item(1, raw, 2 * third), item(2, result_document("NEXT"))], host=host)
    assert last.json() == {"high_water": 2, "items": [{"seq": 1, "status": "stored"}, {"seq": 2, "status": "stored"}]}
    listed = cloud.results(key)
    assert [r["room"]["code"] for r in listed] == ["LRGE", "NEXT"]
    whole = httpx.get(f"{cloud.url}/v1/results/{listed[0]['id']}", headers={"Authorization": f"Bearer {key}"})
    assert whole.json()["document"] == document
    assert _counts(cloud, host)["parts"] == 0


def _refusal(cloud: Receiver, key: signing.Key, other: signing.Key, case: str, host: str) -> httpx.Response:
    good = [item(1, result_document("AAAA"))]
    content = json.dumps({"host": {"id": host, "name": host}, "items": good}).encode()
    if case == "bad_signature":
        headers = signing.sign(key, "POST", "/v1/push", content, now=time.time())
        headers[signing.SIGNATURE_HEADER] = "0" * 64
        return httpx.post(cloud.url + "/v1/push", content=content, headers=headers)
    if case == "body_changed_after_signing":
        headers = signing.sign(key, "POST", "/v1/push", content, now=time.time())
        return httpx.post(cloud.url + "/v1/push", content=content.replace(b'"name"', b'"nAme"'), headers=headers)
    if case == "stale_timestamp":
        return push(cloud.url, key, good, host=host, now=time.time() - 3600)
    if case == "future_timestamp":
        return push(cloud.url, key, good, host=host, now=time.time() + 3600)
    if case == "another_orgs_secret":
        return push(cloud.url, signing.Key(key.id, other.secret), good, host=host)
    if case == "unknown_key":
        return push(cloud.url, signing.Key("pk_0000000000000000", key.secret), good, host=host)
    if case == "unsigned":
        return httpx.post(cloud.url + "/v1/push", content=content)
    if case == "replayed_nonce":
        headers = signing.sign(key, "POST", "/v1/push", content, now=time.time())
        httpx.post(cloud.url + "/v1/push", content=content, headers=headers)  # stored: the one legitimate use
        return httpx.post(cloud.url + "/v1/push", content=content, headers=headers)
    if case == "not_json":
        return push(cloud.url, key, [], host=host, body=b'{"host": {"id": "x"')
    if case == "not_utf8":
        return push(cloud.url, key, [], host=host, body=b'{"host": "\xff\xfe"}')
    if case == "nan":
        return push(cloud.url, key, [], host=host, body=b'{"host": {"id": "host-aaaa"}, "items": [{"seq": NaN}]}')
    if case == "no_items":
        return push(cloud.url, key, [], host=host)
    if case == "seq_not_consecutive":
        return push(cloud.url, key, [item(1, result_document()), item(3, result_document())], host=host)
    if case == "bad_host_id":
        return push(cloud.url, key, good, host="../../etc")
    if case == "not_base64":
        return push(cloud.url, key, [{**good[0], "data": "***"}], host=host)
    if case == "oversized":
        return push(cloud.url, key, [item(1, {"x": "y" * (MAX_PUSH + 10)})], host=host)
    raise AssertionError(case)


REFUSALS = {
    "bad_signature": (401, "bad_signature"),
    "body_changed_after_signing": (401, "bad_signature"),
    "stale_timestamp": (401, "clock_skew"),
    "future_timestamp": (401, "clock_skew"),
    "another_orgs_secret": (401, "bad_signature"),
    "unknown_key": (401, "unknown_key"),
    "unsigned": (401, "unsigned"),
    "replayed_nonce": (401, "replayed"),
    "not_json": (400, "bad_json"),
    "not_utf8": (400, "bad_json"),
    "nan": (400, "bad_json"),
    "no_items": (400, "bad_request"),
    "seq_not_consecutive": (400, "bad_request"),
    "bad_host_id": (400, "bad_request"),
    "not_base64": (400, "bad_request"),
    "oversized": (413, "too_large"),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_a_bad_push_is_refused_with_a_clear_error_and_nothing_is_stored(cloud: Receiver, case: str) -> None:
    key, other, host = make_key(cloud.db_url, _org()), make_key(cloud.db_url, _org()), _host()
    response = _refusal(cloud, key, other, case, host)
    status, code = REFUSALS[case]
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code and error["message"].strip()
    expected = 1 if case == "replayed_nonce" else 0  # the first, legitimate send of the replayed request
    assert _counts(cloud, host) == {"results": expected, "items": expected, "parts": 0}
    if case == "oversized":
        assert response.json()["max_bytes"] == MAX_PUSH
    if case in ("stale_timestamp", "future_timestamp"):
        assert abs(response.json()["server_time"] - time.time()) < 60
        assert response.headers["date"]


def test_a_revoked_key_is_refused(cloud: Receiver) -> None:
    key, host = make_key(cloud.db_url, _org()), _host()
    db = Database(cloud.db_url)
    try:
        keys.revoke(db, key.id)
    finally:
        db.close()
    response = push(cloud.url, key, [item(1, result_document())], host=host)
    assert response.status_code == 401 and response.json()["error"]["code"] == "key_revoked"
    assert _counts(cloud, host)["items"] == 0


@contextlib.contextmanager
def _login(cloud: Receiver, key: signing.Key) -> Iterator[httpx.Client]:
    """A browser-like client signed in to the dashboard with ``key``."""
    with httpx.Client(base_url=cloud.url, timeout=10) as client:
        response = client.post("/login", data={"key": str(key)})
        assert response.status_code == 303, response.text
        yield client


def test_each_organization_sees_only_its_own_results(cloud: Receiver) -> None:
    ours, theirs = make_key(cloud.db_url, _org()), make_key(cloud.db_url, _org())
    # Both organizations use the same host id: they still never meet.
    push(cloud.url, ours, [item(1, result_document("OURS"))], host="host-shared")
    push(cloud.url, theirs, [item(1, result_document("THEM"))], host="host-shared")
    assert [r["room"]["code"] for r in cloud.results(ours)] == ["OURS"]
    assert [r["room"]["code"] for r in cloud.results(theirs)] == ["THEM"]
    their_id = cloud.results(theirs)[0]["id"]
    denied = httpx.get(f"{cloud.url}/v1/results/{their_id}", headers={"Authorization": f"Bearer {ours}"})
    assert denied.status_code == 404
    assert_error_body(denied.json())
    with _login(cloud, ours) as browser:
        page = browser.get("/").text
        assert "OURS" in page and "THEM" not in page
        assert browser.get(f"/rooms/{their_id}").status_code == 404


def test_the_dashboard_shows_rooms_per_host_and_day_and_each_rooms_leaderboard(cloud: Receiver) -> None:
    key = make_key(cloud.db_url, _org())
    tricky = result_document("TRKY", players=3, title="<b>Quiz</b> night")
    tricky["summary"][0]["player"] = "<script>alert(1)</script>"
    push(cloud.url, key, [item(1, tricky)], host="host-gym")
    push(cloud.url, key, [item(1, result_document("LIBR"))], host="host-library")
    with _login(cloud, key) as browser:
        page = browser.get("/")
        assert page.status_code == 200 and "default-src 'none'" in page.headers["content-security-policy"]
        html = page.text
        assert "2026-11-23" in html and "host-gym" in html and "host-library" in html
        assert "<script>" not in html and "&lt;script&gt;" in html
        room_id = next(r["id"] for r in cloud.results(key) if r["room"]["code"] == "TRKY")
        board = browser.get(f"/rooms/{room_id}").text
        rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td class=\"num\">(\d+)</td>", board)
        assert [(re.sub("<.*?>", "", r[0]), r[2]) for r in rows] == [("1", "1000"), ("2", "999"), ("3", "998")]
        assert "&lt;b&gt;Quiz&lt;/b&gt; night" in board
    signed_out = httpx.get(cloud.url + "/", follow_redirects=False)
    assert signed_out.status_code == 303 and signed_out.headers["location"] == "/login"
    wrong = httpx.post(cloud.url + "/login", data={"key": f"{key.id}:{'x' * 43}"})
    assert wrong.status_code == 401 and "not valid" in wrong.text


def test_results_are_listed_in_pages(cloud: Receiver) -> None:
    key, host = make_key(cloud.db_url, _org()), _host()
    push(cloud.url, key, [item(i + 1, result_document(f"R{i:03d}")) for i in range(5)], host=host)
    auth = {"Authorization": f"Bearer {key}"}
    seen: list[str] = []
    path: str | None = "/v1/results?limit=2"
    pages = 0
    while path:
        response = httpx.get(cloud.url + path, headers=auth)
        assert response.status_code == 200
        seen += [r["room"]["code"] for r in response.json()["results"]]
        path = response.json()["next"]
        pages += 1
    assert seen == [f"R{i:03d}" for i in range(5)] and pages == 3
    # A signed GET works as well as a bearer key; a bad page size is a clear error.
    signed = signing.sign(key, "GET", "/v1/results?limit=1", b"", now=time.time())
    assert httpx.get(cloud.url + "/v1/results?limit=1", headers=signed).json()["results"][0]["room"]["code"] == "R000"
    bad = httpx.get(cloud.url + "/v1/results?limit=0", headers=auth)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_request"


def test_two_receiver_instances_over_one_database_store_a_push_once(cloud: Receiver) -> None:
    second = start_receiver(cloud.db_url)
    try:
        key, host = make_key(cloud.db_url, _org()), _host()
        items = [item(i + 1, result_document(f"C{i:03d}")) for i in range(4)]
        answers: list[Any] = []

        def send(url: str) -> None:
            for _ in range(3):
                answers.append(push(url, key, items, host=host))

        threads = [threading.Thread(target=send, args=(url,)) for url in (cloud.url, second.url) * 2]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert len(answers) == 12 and all(a.status_code == 200 for a in answers), [a.text for a in answers]
        statuses = [s["status"] for a in answers for s in a.json()["items"]]
        assert statuses.count("stored") == 4 and statuses.count("duplicate") == 44
        assert _counts(cloud, host) == {"results": 4, "items": 4, "parts": 0}
    finally:
        second.stop()
