"""The receiver's small HTML dashboard: sign in with a key, rooms per host and day, a room's leaderboard.

Pages are built from strings; every value from a document goes through
``html.escape`` (a nickname is never markup). No script, no external file.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from html import escape
from typing import Any

STYLE = """
:root { color-scheme: dark; --bg: #14161f; --panel: #1d2030; --line: #2d3145; --text: #eef0f7;
        --muted: #9aa0b8; --accent: #7c5cff; --gold: #f5c542; --silver: #c9d1e0; --bronze: #d9925b; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       background: var(--bg); color: var(--text); }
header { display: flex; align-items: center; justify-content: space-between; gap: 1rem;
         padding: .8rem 1.5rem; border-bottom: 1px solid var(--line); }
.brand { font-weight: 700; color: var(--text); text-decoration: none; }
.brand span { color: var(--accent); }
.org { color: var(--muted); }
main { max-width: 960px; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 1rem; }
h2 { font-size: 1.1rem; margin: 1.8rem 0 .6rem; color: var(--muted); font-weight: 600; }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 12px; padding: 1rem 1.2rem; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: .45rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; font-size: .85rem; text-transform: uppercase; letter-spacing: .04em; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
a { color: #b7a6ff; }
.host { font-weight: 600; }
.muted { color: var(--muted); }
.medal { display: inline-block; min-width: 1.8em; text-align: center; border-radius: 999px; font-weight: 700;
         color: #14161f; }
.r1 { background: var(--gold); } .r2 { background: var(--silver); } .r3 { background: var(--bronze); }
.stats { display: flex; gap: 2rem; flex-wrap: wrap; margin-bottom: 1rem; }
.stat b { display: block; font-size: 1.6rem; }
form.login { display: grid; gap: .7rem; max-width: 420px; }
input { font: inherit; padding: .6rem .7rem; border-radius: 8px; border: 1px solid var(--line);
        background: #11131b; color: var(--text); }
button { font: inherit; font-weight: 600; padding: .6rem 1rem; border-radius: 8px; border: 0;
         background: var(--accent); color: white; cursor: pointer; }
button.link { background: none; color: var(--muted); padding: 0; text-decoration: underline; }
.error { color: #ff8b8b; }
"""


def page(title: str, body: str, org: str | None = None) -> str:
    right = ""
    if org:
        right = (
            f'<span class="org">Organization <b>{escape(org)}</b></span> '
            '<form method="post" action="/logout" style="display:inline">'
            '<button class="link" type="submit">Sign out</button></form>'
        )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} · partyhost cloud</title><style>{STYLE}</style></head><body>"
        f'<header><a class="brand" href="/"><span>◆</span> partyhost cloud</a><div>{right}</div></header>'
        f"<main>{body}</main></body></html>"
    )


def login(error: str = "") -> str:
    problem = f'<p class="error" role="alert">{escape(error)}</p>' if error else ""
    body = (
        "<h1>Sign in</h1>"
        '<div class="panel"><form class="login" method="post" action="/login">'
        '<label for="key">Your organization\'s key (<code>KEYID:SECRET</code>, as printed by '
        "<code>partyhost cloud keys create</code>)</label>"
        '<input id="key" name="key" type="password" autocomplete="off" required>'
        f'{problem}<button type="submit">Sign in</button></form></div>'
    )
    return page("Sign in", body)


def _when(iso: str) -> str:
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        return escape(iso)
    return moment.strftime("%H:%M UTC")


def _medal(rank: Any) -> str:
    if isinstance(rank, int) and 1 <= rank <= 3:
        return f'<span class="medal r{rank}">{rank}</span>'
    return escape("" if rank is None else str(rank))


def _podium(rows: Iterable[dict[str, Any]]) -> str:
    return " · ".join(f"{_medal(r.get('rank'))} {escape(str(r.get('player', '')))}" for r in rows) or (
        '<span class="muted">no players</span>'
    )


def index(org: str, rooms: list[dict[str, Any]], hosts: list[dict[str, Any]], total: int) -> str:
    rooms_word = "room" if total == 1 else "rooms"
    hosts_word = "host" if len(hosts) == 1 else "hosts"
    parts = [
        "<h1>Results</h1>",
        '<div class="stats">'
        f'<div class="stat"><b>{total}</b><span class="muted">{rooms_word}</span></div>'
        f'<div class="stat"><b>{len(hosts)}</b><span class="muted">{hosts_word}</span></div></div>',
    ]
    if not rooms:
        parts.append(
            '<div class="panel"><p>No results yet. Point a host at this server with '
            "<code>partyhost --cloud-url URL --cloud-key KEYID:SECRET</code>; each room's results arrive "
            "here when it ends (or when the host is next online).</p></div>"
        )
    day = None
    open_table = False
    for room in rooms:
        if room["day"] != day:
            if open_table:
                parts.append("</tbody></table></div>")
            day = room["day"]
            parts.append(
                f"<h2>{escape(day)}</h2>"
                '<div class="panel"><table><thead><tr><th>Host</th><th>Ended</th><th>Room</th><th>Title</th>'
                '<th class="num">Players</th><th>Podium</th></tr></thead><tbody>'
            )
            open_table = True
        r = room["room"]
        parts.append(
            "<tr>"
            f'<td class="host">{escape(room["host"]["name"] or room["host"]["id"])}</td>'
            f"<td>{_when(r['ended_at'])}</td>"
            f'<td><a href="/rooms/{room["id"]}">{escape(r["code"])}</a></td>'
            f"<td>{escape(r['title'])}</td>"
            f'<td class="num">{r["players"]}</td>'
            f"<td>{_podium(room['podium'])}</td>"
            "</tr>"
        )
    if open_table:
        parts.append("</tbody></table></div>")
    return page("Results", "".join(parts), org)


def room(org: str, found: dict[str, Any]) -> str:
    document = found["document"]
    r = found["room"]
    rows = []
    removed = ' <span class="muted">(removed)</span>'
    for row in document.get("summary", []):
        if not isinstance(row, dict):
            continue
        rows.append(
            "<tr>"
            f"<td>{_medal(row.get('rank'))}</td>"
            f"<td>{escape(str(row.get('player', '')))}{removed if row.get('kicked') else ''}</td>"
            f'<td class="num">{escape(str(row.get("score", "")))}</td>'
            f'<td class="num">{escape(str(row.get("correct_count", "")))}</td>'
            f'<td class="num">{escape(str(row.get("answered", "")))}</td>'
            "</tr>"
        )
    table = (
        '<table><thead><tr><th>Rank</th><th>Player</th><th class="num">Score</th><th class="num">Correct</th>'
        f'<th class="num">Answered</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
        if rows
        else '<p class="muted">Nobody played in this room.</p>'
    )
    body = (
        '<p><a href="/">← All results</a></p>'
        f'<h1>{escape(r["title"])} <span class="muted">{escape(r["code"])}</span></h1>'
        f'<p class="muted">Host <b>{escape(found["host"]["name"] or found["host"]["id"])}</b> · pack '
        f"{escape(r['pack'])} · {r['questions_asked']} questions · {r['players']} players · ended "
        f"{escape(r['ended_at'][:10])} {_when(r['ended_at'])}</p>"
        f'<h2>Leaderboard</h2><div class="panel">{table}</div>'
    )
    return page(f"{r['title']} ({r['code']})", body, org)


def not_found(org: str | None) -> str:
    return page("Not found", '<h1>Not found</h1><p><a href="/">All results</a></p>', org)
