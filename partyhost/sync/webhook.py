"""End-of-room messages for a Slack or Microsoft Teams incoming webhook.

The outbox keeps the facts (``document.notification``); the message is made
when it is sent, in the format of the webhook set at that moment: Slack's
``text`` with ``blocks``, or a Teams message holding an Adaptive Card (taken
by Teams incoming webhooks and by Workflows' "post to a channel when a webhook
request is received").
"""

from __future__ import annotations

from typing import Any

MEDALS = {1: "🥇", 2: "🥈", 3: "🥉"}


def _lines(facts: dict[str, Any]) -> list[str]:
    lines = []
    for row in facts.get("top", []):
        medal = MEDALS.get(row.get("rank"), f"{row.get('rank')}.")
        lines.append(f"{medal} {row.get('player')} ({row.get('score')} points)")
    return lines


def headline(facts: dict[str, Any]) -> str:
    players = facts.get("players", 0)
    who = "1 player" if players == 1 else f"{players} players"
    return f"Quiz over: {facts.get('title')} ({facts.get('room')}), {who}"


def slack(facts: dict[str, Any]) -> dict[str, Any]:
    lines = _lines(facts) or ["Nobody played."]
    text = headline(facts) + "\n" + "\n".join(lines)
    return {
        "text": text,
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": headline(facts)[:150]}},
            {"type": "section", "text": {"type": "plain_text", "text": "\n".join(lines)}},
        ],
    }


def teams(facts: dict[str, Any]) -> dict[str, Any]:
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": headline(facts), "weight": "Bolder", "size": "Medium", "wrap": True}
    ]
    body += [{"type": "TextBlock", "text": line, "wrap": True} for line in _lines(facts) or ["Nobody played."]]
    return {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": {
                    "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                    "type": "AdaptiveCard",
                    "version": "1.4",
                    "body": body,
                },
            }
        ],
    }


def message(facts: dict[str, Any], fmt: str) -> dict[str, Any]:
    return teams(facts) if fmt == "teams" else slack(facts)
