"""A real host delivering to a real receiver: offline first, exactly once, in order, signed.

Each test runs ``partyhost serve`` and ``partyhost cloud`` as processes on free ports, with a
short backoff cap (``--sync-max-wait``) standing in for hours of waiting.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cloud_support import (
    ROOT,
    cloud_flags,
    free_port,
    make_key,
    outbox,
    play_room,
    query,
    start_receiver,
    stored_rooms,
    sync_status,
    wait_until,
)
from flaky_proxy import FlakyProxy, scripted
from hosting import start_host

LIBFAKETIME = Path("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1")


def _delivered(data_dir: Path, count: int) -> bool:
    rows = [r for r in outbox(data_dir) if r["target"] == "cloud"]
    return len(rows) == count and all(r["state"] == "delivered" for r in rows)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "partyhost", *args], cwd=ROOT, capture_output=True, text=True, timeout=60
    )


def test_with_no_cloud_set_up_nothing_is_queued_or_sent(tmp_path: Path) -> None:
    host = start_host(tmp_path / "data", "--no-mdns")
    try:
        play_room(host, players=2)
        assert outbox(host.data_dir) == []
        status = sync_status(host)
        assert status["state"] == "off" and status["cloud"]["pending"] == 0
        assert status["cloud"]["last_error"] is None and status["cloud"]["last_success_at"] is None
    finally:
        host.stop()
    shown = _cli("sync", "status", "--data", str(tmp_path / "data"))
    assert "not set up" in shown.stdout and "nothing is queued" in shown.stdout


def test_results_played_while_the_receiver_is_down_arrive_exactly_once_when_it_starts(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'cloud.db'}"
    key = make_key(db_url, "school")
    port = free_port()  # nothing listens here yet: the receiver is "down"
    host = start_host(tmp_path / "data", *cloud_flags(f"http://127.0.0.1:{port}", key, "--sync-max-wait", "0.5"))
    receiver = None
    try:
        played = [play_room(host, players=n) for n in (1, 3, 2)]
        status = wait_until(
            lambda: (s := sync_status(host))["cloud"]["last_error"] and s["cloud"]["pending"] == 3 and s,
            10,
            "the host to report the receiver down",
        )
        assert "Connection refused" in status["cloud"]["last_error"]
        assert status["state"] in ("waiting", "pushing", "due") and status["cloud"]["next_try_at"] is not None
        assert [r["seq"] for r in outbox(host.data_dir)] == [1, 2, 3]

        receiver = start_receiver(db_url, "--port", str(port))
        wait_until(lambda: _delivered(host.data_dir, 3), 20, "every result to be delivered")
        assert stored_rooms(db_url) == played  # each once, in the order the rooms ended
        assert [r["seq"] for r in query(db_url, "SELECT seq FROM items ORDER BY seq")] == [1, 2, 3]
        done = sync_status(host)
        assert done["cloud"]["pending"] == 0 and done["cloud"]["delivered"] == 3 and done["state"] == "idle"
        assert done["cloud"]["last_success_at"] is not None
        # The document is the room's export, with every answer's timing and points.
        document = receiver.results(key)[1]
        whole = json.loads(
            __import__("httpx")
            .get(f"{receiver.url}/v1/results/{document['id']}", headers={"Authorization": f"Bearer {key}"})
            .text
        )["document"]
        assert whole["room"]["code"] == played[1] and whole["room"]["players"] == 3
        assert len(whole["answers"]) == 3 and all(a["response_ms"] is not None for a in whole["answers"])
        assert [row["rank"] for row in whole["summary"]] == sorted(row["rank"] for row in whole["summary"])
    finally:
        host.stop()
        if receiver is not None:
            receiver.stop()


def test_an_answer_lost_after_the_receiver_committed_is_retried_and_stored_once(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'cloud.db'}"
    key = make_key(db_url, "school")
    receiver = start_receiver(db_url)
    proxy = FlakyProxy(int(receiver.url.rsplit(":", 1)[1]), choose=scripted("lose")).start()
    host = start_host(tmp_path / "data", *cloud_flags(proxy.url, key, "--sync-max-wait", "0.5"))
    try:
        code = play_room(host, players=2)
        wait_until(lambda: _delivered(host.data_dir, 1), 20, "the result to be delivered")
        assert stored_rooms(db_url) == [code]
        first, second = proxy.log[0], proxy.log[1]
        assert (first.fate, first.status) == ("lose", 200)  # the receiver stored it; the host never heard
        assert json.loads(first.answer.split(b"\r\n\r\n", 1)[1])["items"] == [{"seq": 1, "status": "stored"}]
        assert json.loads(second.answer.split(b"\r\n\r\n", 1)[1])["items"] == [{"seq": 1, "status": "duplicate"}]
        row = outbox(host.data_dir)[0]
        assert row["attempts"] == 2 and row["state"] == "delivered"
    finally:
        host.stop()
        proxy.stop()
        receiver.stop()


def test_a_result_the_receiver_refuses_is_failed_with_its_reason_and_the_next_one_still_goes(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'cloud.db'}"
    key = make_key(db_url, "school")
    receiver = start_receiver(db_url, "--max-document-bytes", "4000")
    host = start_host(tmp_path / "data", *cloud_flags(receiver.url, key, "--sync-max-wait", "0.5"))
    try:
        big = play_room(host, players=12, long_names=True)
        small = play_room(host, players=1)
        wait_until(lambda: outbox(host.data_dir)[-1]["state"] == "delivered", 20, "the second result to go")
        first = outbox(host.data_dir)[0]
        assert first["state"] == "failed" and "takes at most 4000" in first["last_error"]
        assert stored_rooms(db_url) == [small]
        status = sync_status(host)
        assert status["cloud"]["failed"] == 1 and status["cloud"]["pending"] == 0
        assert [i["room"] for i in status["items"] if i["state"] == "failed"] == [big]
    finally:
        host.stop()
        receiver.stop()
    shown = _cli("sync", "status", "--data", str(tmp_path / "data"))
    assert f"seq 1, room {big}: the document is" in shown.stdout


def test_a_host_pointed_at_an_empty_receiver_is_told_the_mark_and_resends_from_there(tmp_path: Path) -> None:
    first_db, second_db = f"sqlite:///{tmp_path / 'one.db'}", f"sqlite:///{tmp_path / 'two.db'}"
    key_one, key_two = make_key(first_db, "league"), make_key(second_db, "league")
    one, two = start_receiver(first_db), start_receiver(second_db)
    data = tmp_path / "data"
    try:
        host = start_host(data, *cloud_flags(one.url, key_one, "--sync-max-wait", "0.5"))
        early = [play_room(host, players=1), play_room(host, players=1)]
        wait_until(lambda: _delivered(data, 2), 20, "the first receiver to get both results")
        host.stop()
        host = start_host(data, *cloud_flags(two.url, key_two, "--sync-max-wait", "0.5"))
        late = play_room(host, players=1)
        wait_until(lambda: _delivered(data, 3), 20, "the second receiver to get everything")
        host.stop()
        assert stored_rooms(first_db) == early
        assert stored_rooms(second_db) == [*early, late]  # seq 3 was refused with mark 0; 1 and 2 went again
    finally:
        one.stop()
        two.stop()


def test_sync_now_tries_at_once_and_reports_what_happened(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'cloud.db'}"
    key = make_key(db_url, "school")
    port = free_port()
    data = tmp_path / "data"
    host = start_host(data, *cloud_flags(f"http://127.0.0.1:{port}", key, "--sync-max-wait", "3600"))
    receiver = None
    try:
        code = play_room(host, players=1)
        wait_until(lambda: sync_status(host)["cloud"]["failures"] >= 1, 10, "a first failed try")
        waiting = _cli("sync", "status", "--data", str(data))
        assert "1 pending" in waiting.stdout and "Connection refused" in waiting.stdout
        assert "Next try: in" in waiting.stdout
        receiver = start_receiver(db_url, "--port", str(port))
        now = _cli("sync", "now", "--data", str(data))
        assert now.returncode == 0, now.stdout + now.stderr
        assert "0 pending, 1 delivered" in now.stdout
        assert stored_rooms(db_url) == [code]
    finally:
        host.stop()
        if receiver is not None:
            receiver.stop()


def test_sync_now_works_on_the_data_folder_when_no_host_runs(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'cloud.db'}"
    key = make_key(db_url, "school")
    port = free_port()
    data = tmp_path / "data"
    host = start_host(data, *cloud_flags(f"http://127.0.0.1:{port}", key, "--sync-max-wait", "3600"))
    try:
        codes = [play_room(host, players=1), play_room(host, players=2)]
        wait_until(lambda: sync_status(host)["cloud"]["failures"] >= 1, 10, "a first failed try")
    finally:
        host.stop()
    offline = f"http://127.0.0.1:{port}"
    waiting = _cli("sync", "status", "--data", str(data), "--cloud-url", offline, "--cloud-key", str(key))
    assert f"Cloud: {offline} (key {key.id})" in waiting.stdout and "2 pending" in waiting.stdout
    refused = _cli("sync", "now", "--data", str(data), "--cloud-url", offline, "--cloud-key", str(key))
    assert refused.returncode == 1 and "2 pending" in refused.stdout and "Connection refused" in refused.stdout
    receiver = start_receiver(db_url, "--port", str(port))
    try:
        done = _cli("sync", "now", "--data", str(data), "--cloud-url", receiver.url, "--cloud-key", str(key))
        assert done.returncode == 0, done.stdout + done.stderr
        assert "0 pending, 2 delivered" in done.stdout and "No host is running" in done.stdout
        assert stored_rooms(db_url) == codes
    finally:
        receiver.stop()
    assert all(r["state"] == "delivered" for r in outbox(data))


def test_do_not_sync_keeps_a_room_here_and_the_others_go(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'cloud.db'}"
    key = make_key(db_url, "school")
    port = free_port()
    data = tmp_path / "data"
    host = start_host(data, *cloud_flags(f"http://127.0.0.1:{port}", key, "--sync-max-wait", "0.5"))
    receiver = None
    try:
        rehearsal = play_room(host, players=1)
        real = play_room(host, players=2)
        marked = _cli("sync", "skip", rehearsal, "--data", str(data))
        assert marked.returncode == 0 and "stay on this laptop" in marked.stdout
        status, body = host.get_json(f"/api/rooms/{rehearsal}/sync")
        assert status == 200 and body["sync"] is False
        bad, refusal = host.post_json(f"/api/rooms/{rehearsal}/sync", {"sync": "no"})
        assert bad == 400 and refusal["error"]["code"] == "bad_message"
        receiver = start_receiver(db_url, "--port", str(port))
        wait_until(lambda: all(r["state"] != "pending" for r in outbox(data)), 20, "the outbox to empty")
        assert stored_rooms(db_url) == [real]
        assert [(r["seq"], r["kind"], r["state"]) for r in outbox(data)] == [
            (1, "withdrawn", "withdrawn"),
            (2, "result", "delivered"),
        ]
        statuses = query(db_url, "SELECT seq, status FROM items ORDER BY seq")
        assert [(r["seq"], r["status"]) for r in statuses] == [(1, "withdrawn"), (2, "stored")]
    finally:
        host.stop()
        if receiver is not None:
            receiver.stop()


@pytest.mark.parametrize("shift", ["+3600", "-3600"], ids=["ahead", "behind"])
def test_a_host_clock_off_by_an_hour_is_corrected_from_the_date_header(tmp_path: Path, shift: str) -> None:
    if not LIBFAKETIME.exists():
        pytest.fail(f"this test needs libfaketime: install Debian's faketime package ({LIBFAKETIME})")
    db_url = f"sqlite:///{tmp_path / 'cloud.db'}"
    key = make_key(db_url, "school")
    receiver = start_receiver(db_url)
    proxy = FlakyProxy(int(receiver.url.rsplit(":", 1)[1])).start()
    offset = tmp_path / "faketime"
    offset.write_text(f"{shift}\n")
    env = {"LD_PRELOAD": str(LIBFAKETIME), "FAKETIME_TIMESTAMP_FILE": str(offset), "FAKETIME_NO_CACHE": "1",
           "FAKETIME_DONT_FAKE_MONOTONIC": "1"}  # fmt: skip
    host = start_host(tmp_path / "data", *cloud_flags(proxy.url, key, "--sync-max-wait", "3600"), env=env)
    try:
        code = play_room(host, players=1)
        wait_until(lambda: _delivered(host.data_dir, 1), 20, "the result to be delivered")
        assert stored_rooms(db_url) == [code]
        refused, accepted = proxy.log[0], proxy.log[1]
        assert refused.status == 401 and b'"clock_skew"' in refused.answer
        assert accepted.status == 200
        assert sync_status(host)["cloud"]["failures"] == 0  # corrected at once, not after a backoff
    finally:
        host.stop()
        proxy.stop()
        receiver.stop()
