"""End-of-room notifications to a local HTTP server standing in for Slack (and Teams)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from cloud_support import outbox, wait_until
from hosting import start_host
from support import Party


@dataclass
class FakeChat:
    """An incoming-webhook endpoint: records every POST and answers from a script (then ``200 ok``)."""

    script: list[tuple[int, str]] = field(default_factory=list)
    received: list[dict[str, Any]] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}/services/T0001/B0001/secret"

    def start(self) -> FakeChat:
        chat = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                chat.received.append(json.loads(body))
                chat.paths.append(self.path)
                status, text = chat.script.pop(0) if chat.script else (200, "ok")
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                if status == 429:
                    self.send_header("Retry-After", "1")
                self.end_headers()
                self.wfile.write(text.encode())

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


@pytest.fixture
def chat() -> Iterator[FakeChat]:
    fake = FakeChat().start()
    yield fake
    fake.stop()


def _ranked_game(server: Any) -> str:
    """Four players; only Ada is right, so the top 3 is Ada, then Bob and Cy sharing second place (join order)."""
    code = str(server.create_room("science")["code"])
    with Party(server.ws_url) as party:
        control = party.control(code)
        phones = {name: party.player(code, name) for name in ("Ada", "Bob", "Cy", "Dee")}
        control.command("start")
        question = control.state("question")
        index, key = question["question"]["index"], question["question"]["correct"]
        wrong = next(i for i in range(len(question["question"]["options"])) if [i] != key)
        for name in ("Ada", "Bob", "Cy", "Dee"):
            choice = key if name == "Ada" else [wrong]
            assert phones[name].answer(f"{code}-{name}-answer", index, choice)["type"] == "ack"
        control.state("reveal")
        control.command("end")
        control.state("ended")
    return code


def test_a_slack_webhook_is_told_the_top_three_and_the_player_count_after_a_retry(
    tmp_path: Path, chat: FakeChat
) -> None:
    chat.script = [(500, "internal_error"), (429, "rate_limited")]
    host = start_host(tmp_path / "data", "--no-mdns", "--notify-url", chat.url, "--sync-max-wait", "0.3")
    try:
        code = _ranked_game(host)
        wait_until(lambda: [r["state"] for r in outbox(host.data_dir)] == ["delivered"], 20, "the message to go")
        assert len(chat.received) == 3 and chat.received[0] == chat.received[2]  # the same message, retried
        assert chat.paths[-1] == "/services/T0001/B0001/secret"
        message = chat.received[-1]
        assert f"({code}), 4 players" in message["text"]
        lines = message["text"].splitlines()[1:]
        assert lines[0].startswith("🥇 Ada (") and lines[1:] == ["🥈 Bob (0 points)", "🥈 Cy (0 points)"]
        assert message["blocks"][0]["type"] == "header"
        status, body = host.get_json("/api/sync")
        assert status == 200
        assert body["sync"]["notify"]["delivered"] == 1 and body["sync"]["notify"]["host"] == "127.0.0.1"
        assert "secret" not in json.dumps(body)  # the webhook address is a secret: never shown back
        assert outbox(host.data_dir)[0]["target"] == "webhook"  # no cloud set up: no result queued
    finally:
        host.stop()


def test_a_webhook_that_refuses_a_message_fails_it_with_the_reason_and_the_next_one_goes(
    tmp_path: Path, chat: FakeChat
) -> None:
    chat.script = [(404, "no_service")]
    host = start_host(tmp_path / "data", "--no-mdns", "--notify-url", chat.url, "--sync-max-wait", "0.3")
    try:
        _ranked_game(host)
        _ranked_game(host)
        wait_until(lambda: [r["state"] for r in outbox(host.data_dir)] == ["failed", "delivered"], 20, "both settled")
        assert outbox(host.data_dir)[0]["last_error"] == "the webhook refused the message (404): no_service"
        assert len(chat.received) == 2
    finally:
        host.stop()


def test_a_teams_webhook_gets_an_adaptive_card(tmp_path: Path, chat: FakeChat) -> None:
    flags = ("--no-mdns", "--notify-url", chat.url, "--notify-format", "teams", "--sync-max-wait", "0.3")
    host = start_host(tmp_path / "data", *flags)
    try:
        code = _ranked_game(host)
        wait_until(lambda: chat.received, 20, "the message")
        card = chat.received[0]["attachments"][0]
        assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
        texts = [block["text"] for block in card["content"]["body"]]
        assert texts[0].endswith(f"({code}), 4 players") and texts[1].startswith("🥇 Ada")
    finally:
        host.stop()
