// @ts-check
/**
 * The projector page (`/screen/{code}`, role `screen`). Readable from the back of a room:
 * join QR and code in the lobby, the question with a big countdown and the live answer count,
 * the distribution after the reveal, the top ten, and the podium at the end.
 * @module screen
 */

import { $, h, replace, setText } from "./dom.js";
import { Countdown, connectionBanner, formatScore, formatSeconds, plural, roomCodeFromPath, store, timerAnnouncer } from "./common.js";
import { ReconnectingSocket, defaultUrl } from "./socket.js";
import { modeFor } from "./modes/index.js";
import { teamBoard, teamColumns } from "./teams.js";
import { boardGrid } from "./modes/buzzer.js";
import { questionMedia } from "./media.js";

/**
 * @typedef {import("./modes/choice.js").Question} Question
 * @typedef {import("./play.js").RoomView} RoomView
 * @typedef {import("./play.js").Reveal} Reveal
 * @typedef {import("./play.js").LeaderRow} LeaderRow
 * @typedef {{id: string, nickname: string, score?: number, connected?: boolean, team?: number | null}} PlayerRow
 * @typedef {{type: "state", room: RoomView, question?: Question, reveal?: Reveal,
 *   leaderboard?: LeaderRow[], podium?: LeaderRow[], players?: PlayerRow[],
 *   team_leaderboard?: import("./teams.js").TeamRow[], board?: import("./modes/buzzer.js").BoardColumn[]}} ScreenState
 */

const code = roomCodeFromPath();
const stage = $("#stage");
const pausedOverlay = $("#paused");
const bannerStatus = connectionBanner($("#banner"));
const announce = timerAnnouncer($("#timer-live"));

const app = {
  /** @type {ScreenState | null} */
  state: null,
  /** @type {Question | null} */
  lastQuestion: null,
  viewKey: "",
  stopped: false,
  /** The venue's Wi-Fi, when the host set one and this screen has host rights. */
  wifi: { ssid: "", svg: "", src: "" },
};

/**
 * The Wi-Fi QR code holds the password, so the host gives it only to a screen with host rights:
 * the laptop itself, or a device where the host page was opened with the host key. Checked now
 * and every 10 s in the lobby, so a Wi-Fi set on the host page appears without a reload.
 */
async function loadWifi() {
  const key = store.get("partyhost:hostkey");
  /** @type {Record<string, string>} */
  const headers = key ? { "X-Partyhost-Key": String(key) } : {};
  let ssid = "";
  let svg = "";
  try {
    const info = await fetch("/api/wifi", { headers, cache: "no-store" });
    if (info.ok) ssid = ((await info.json()).wifi || {}).ssid || "";
    if (ssid) {
      const image = await fetch("/api/wifi-qr.svg", { headers, cache: "no-store" });
      svg = image.ok ? await image.text() : "";
    }
  } catch {
    return; // the host is away; keep what is shown
  }
  if (!svg) ssid = "";
  if (ssid === app.wifi.ssid && svg === app.wifi.svg) return;
  if (app.wifi.src) URL.revokeObjectURL(app.wifi.src);
  const src = svg ? URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" })) : "";
  app.wifi = { ssid, svg, src };
  app.viewKey = "";
  render();
}

const live = {
  /** @type {HTMLElement | null} */ timer: null,
  /** @type {HTMLElement | null} */ ring: null,
  /** @type {HTMLElement | null} */ answered: null,
  /** @type {HTMLElement | null} */ players: null,
  /** @type {HTMLElement | null} */ chips: null,
};

const countdown = new Countdown((ms, info) => {
  if (live.timer) {
    const shown = formatSeconds(Math.ceil(ms / 1000));
    setText(live.timer, info.paused ? "❚❚" : shown);
    live.timer.classList.toggle("is-long", !info.paused && shown.length > 2);
    live.timer.parentElement?.classList.toggle("is-low", !info.paused && ms <= 5000);
  }
  if (live.ring && info.limitMs) live.ring.style.setProperty("--left", String(Math.min(1, ms / info.limitMs)));
  announce(ms, info.paused);
});

const socket = new ReconnectingSocket(defaultUrl(), {
  onopen: (sock) => sock.send({ type: "watch", room: code }),
  onmessage: (msg) => {
    if (msg.type === "state") onState(msg);
    else if (msg.type === "error") onError(msg.error || {});
    else if (msg.type === "closing") {
      setText($(".banner-text"), msg.message || "The host is pausing the game. Reconnecting soon…");
      $("#banner").hidden = false;
    }
  },
  onstatus: (status) => bannerStatus(status),
});

/** @param {{code?: string, message?: string}} err */
function onError(err) {
  if (err.code === "no_such_room") {
    app.stopped = true;
    socket.close();
    replace(
      stage,
      h(
        "section",
        { class: "stage-center" },
        h("h1", { class: "screen-title" }, `No game with code ${code}`),
        h("p", { class: "screen-lead" }, "Create a game on the host page, then open its projector screen."),
        h("a", { class: "btn btn-primary btn-big", href: "/host" }, "Go to the host page"),
      ),
    );
    return;
  }
  console.warn("partyhost:", err.code, err.message);
}

/** @param {ScreenState} msg */
function onState(msg) {
  app.state = msg;
  if (msg.question) app.lastQuestion = msg.question;
  const room = msg.room;
  if (room.phase === "question" && msg.question && msg.question.time_limit_ms) {
    countdown.sync(msg.question.remaining_ms ?? 0, msg.question.time_limit_ms ?? 0, !!room.paused);
  } else {
    countdown.stop();
  }
  pausedOverlay.hidden = !room.paused;
  document.title = `${room.title || code} · partyhost screen`;
  render();
}

function render() {
  const s = app.state;
  if (!s || app.stopped) return;
  const phase = s.room.phase;
  let key = phase;
  if (phase === "question") key = `q:${s.question?.index}:${JSON.stringify([s.question?.live ?? null, /** @type {any} */ (s.question)?.buzzers, /** @type {any} */ (s.question)?.race])}`;
  else if (phase === "reveal") key = `r:${JSON.stringify(s.reveal)}`;
  else if (phase === "leaderboard") key = `l:${JSON.stringify([s.leaderboard, s.team_leaderboard, s.board])}`;
  else if (phase === "ended") key = `e:${JSON.stringify([s.leaderboard, s.podium, s.team_leaderboard])}`;
  else if (phase === "lobby") key = `lobby:${s.room.join_url}:${s.room.locked}:${app.wifi.src}:${teamsKey(s)}`;
  if (key !== app.viewKey) {
    app.viewKey = key;
    live.timer = live.ring = live.answered = live.players = live.chips = null;
    replace(stage, build(s));
    if (live.timer) countdown.sync(countdown.remainingMs, countdown.limit, countdown.paused);
    fit();
  }
  updateLive(s);
}

/**
 * Long questions and options must still fit the projector without scrolling: shrink the
 * type (the `--fit` factor in app.css) until the question stage no longer overflows.
 */
function fit() {
  const el = /** @type {HTMLElement | null} */ (stage.querySelector(".q-stage"));
  if (!el) return;
  let scale = 1;
  el.style.setProperty("--fit", "1");
  while (el.scrollHeight > el.clientHeight + 1 && scale > 0.4) {
    scale -= 0.05;
    el.style.setProperty("--fit", scale.toFixed(2));
  }
}
window.addEventListener("resize", fit);

/** @param {ScreenState} s */
function updateLive(s) {
  const players = s.room.players ?? (s.players ? s.players.length : 0);
  if (live.players) setText(live.players, plural(players, "player"));
  if (live.answered && s.question) {
    setText(live.answered, `${s.question.answered ?? 0} / ${players}`);
  }
  if (live.chips) {
    const list = s.players || [];
    const names = list.map((p) => `${p.nickname}:${p.connected !== false}`).join("\u0000");
    if (live.chips.dataset.names !== names) {
      live.chips.dataset.names = names;
      const max = 60;
      replace(
        live.chips,
        list.slice(-max).map((p) => h("li", { class: `chip${p.connected === false ? " is-away" : ""}` }, p.nickname)),
        list.length > max ? h("li", { class: "chip chip-more" }, `+${list.length - max} more`) : null,
      );
    }
  }
}

/**
 * @param {ScreenState} s
 * @returns {HTMLElement}
 */
function build(s) {
  switch (s.room.phase) {
    case "lobby":
      return lobby(s);
    case "question":
      return s.question ? question(s, s.question) : h("section", { class: "stage-center" });
    case "reveal":
      return reveal(s);
    case "leaderboard":
      return leaderboard(s);
    case "ended":
      return ended(s);
    default:
      return h("section", { class: "stage-center" }, h("p", { class: "screen-lead" }, "Waiting…"));
  }
}

/**
 * A thin footer so late players can still find the game.
 * @param {ScreenState} s
 * @returns {HTMLElement}
 */
function footer(s) {
  live.players = h("span", null, "");
  return h(
    "footer",
    { class: "stage-foot" },
    h("span", { class: "foot-brand" }, h("span", { class: "brand-mark", "aria-hidden": "true" }, "◆"), " partyhost"),
    s.room.locked ? h("span", null, "Joining is locked") : h("span", null, "Join at ", h("strong", null, s.room.join_url || `/join/${code}`)),
    live.players,
  );
}

/**
 * @param {ScreenState} s
 * @returns {HTMLElement}
 */
function lobby(s) {
  live.players = h("span", { class: "lobby-count" }, "");
  live.chips = h("ul", { class: "chips", "aria-label": "Players" });
  const joinUrl = s.room.join_url || `${location.origin}/join/${code}`;
  // The join URL is in the QR address, so a new address on the host page draws a new image.
  const joinQr = h(
    "div",
    { class: "qr-frame" },
    h("img", {
      class: "qr",
      src: `/api/rooms/${encodeURIComponent(code)}/qr.svg?for=${encodeURIComponent(joinUrl)}`,
      alt: `QR code to join: ${joinUrl}`,
    }),
  );
  const wifi = app.wifi.src
    ? [
        h(
          "div",
          { class: "lobby-step", id: "wifi-step" },
          h("p", { class: "step-title" }, h("span", { class: "step-num" }, "1"), " Join this Wi-Fi"),
          h("div", { class: "qr-frame" }, h("img", { class: "qr", src: app.wifi.src, alt: `QR code to join the Wi-Fi ${app.wifi.ssid}` })),
          h("p", { class: "wifi-name" }, app.wifi.ssid),
        ),
        h(
          "div",
          { class: "lobby-step" },
          h("p", { class: "step-title" }, h("span", { class: "step-num" }, "2"), " Scan to play"),
          joinQr,
        ),
      ]
    : [joinQr];
  return h(
    "section",
    { class: "lobby" },
    h("h1", { class: "lobby-title" }, s.room.title || "partyhost"),
    h(
      "div",
      { class: `lobby-main${app.wifi.src ? " has-wifi" : ""}` },
      ...wifi,
      h(
        "div",
        { class: "lobby-info" },
        h("p", { class: "lobby-label" }, "Scan the code or go to"),
        h("p", { class: "join-url" }, joinUrl),
        h("p", { class: "lobby-label" }, "Game code"),
        h("p", { class: "room-code-huge" }, s.room.code || code),
        s.room.locked ? h("p", { class: "locked-note" }, "Joining is locked") : null,
        live.players,
      ),
    ),
    s.room.teams ? teamColumns(s.room.teams, s.players || []) : live.chips,
  );
}

/**
 * What of the teams the lobby shows: their names and who is in each.
 * @param {ScreenState} s
 * @returns {string}
 */
function teamsKey(s) {
  if (!s.room.teams) return "";
  return JSON.stringify([s.room.teams, (s.players || []).map((p) => [p.nickname, p.team])]);
}

/**
 * @param {ScreenState} s
 * @param {Question} q
 * @param {HTMLElement} body
 * @param {HTMLElement | null} side
 * @returns {HTMLElement}
 */
function questionFrame(s, q, body, side) {
  return h(
    "section",
    { class: "q-stage" },
    h(
      "header",
      { class: "q-stage-head" },
      h(
        "span",
        { class: "q-stage-number" },
        `Question ${q.number ?? q.index + 1}`,
        s.room.question_count ? h("span", { class: "muted" }, ` / ${s.room.question_count}`) : null,
      ),
      h("span", { class: "q-stage-title" }, s.room.title || ""),
      side,
    ),
    h("h1", { class: "q-stage-text" }, q.text),
    questionMedia(q, "screen"),
    body,
    footer(s),
  );
}

/**
 * @param {ScreenState} s
 * @param {Question} q
 * @returns {HTMLElement}
 */
function question(s, q) {
  const mode = modeFor(q.type);
  // A question without a timer (time_limit_ms 0) shows no countdown ring.
  live.timer = q.time_limit_ms ? h("span", { class: "ring-num" }, "") : null;
  live.ring = live.timer ? h("span", { class: "ring", "aria-hidden": "true" }, live.timer) : null;
  live.answered = h("span", { class: "answered-num" }, "");
  const side = h(
    "span",
    { class: "q-stage-side" },
    h("span", { class: "answered-box" }, live.answered, h("span", { class: "answered-label" }, "answered")),
    live.ring,
  );
  const body = mode
    ? mode.board(q, { players: s.players })
    : h("p", { class: "screen-lead" }, `This page cannot show “${q.type}” questions yet.`);
  return questionFrame(s, q, body, side);
}

/**
 * @param {ScreenState} s
 * @returns {HTMLElement}
 */
function reveal(s) {
  const r = s.reveal;
  const q = s.question && r && s.question.index === r.index ? s.question : app.lastQuestion;
  if (!q || !r) return h("section", { class: "stage-center" }, h("p", { class: "screen-lead" }, "The answer is…"));
  const mode = modeFor(q.type);
  const players = s.room.players ?? 0;
  const side = h(
    "span",
    { class: "q-stage-side" },
    h("span", { class: "answered-box" }, h("span", { class: "answered-num" }, `${r.answered ?? 0} / ${players}`), h("span", { class: "answered-label" }, "answered")),
  );
  const body = h(
    "div",
    { class: "reveal-body" },
    mode ? mode.board(q, { reveal: r }) : null,
    r.explanation ? h("p", { class: "explanation explanation-big" }, r.explanation) : null,
  );
  return questionFrame(s, q, body, side);
}

/**
 * @param {LeaderRow[]} rows
 * @param {string} cls
 * @returns {HTMLElement}
 */
function boardList(rows, cls) {
  return h(
    "ol",
    { class: cls },
    rows.map((row) =>
      h(
        "li",
        { class: "lb-row" },
        h("span", { class: "lb-rank" }, String(row.rank)),
        h("span", { class: "lb-name" }, row.nickname),
        typeof row.correct === "number" ? h("span", { class: "lb-correct" }, `${row.correct} ✓`) : h("span"),
        h("span", { class: "lb-score" }, formatScore(row.score)),
      ),
    ),
  );
}

/**
 * @param {ScreenState} s
 * @returns {HTMLElement}
 */
function leaderboard(s) {
  const rows = (s.leaderboard || []).slice(0, 10);
  return h(
    "section",
    { class: "lb-stage" },
    h("h1", { class: "screen-title" }, "Leaderboard"),
    app.lastQuestion && s.room.question_count
      ? h("p", { class: "screen-sub" }, `After question ${app.lastQuestion.number ?? app.lastQuestion.index + 1} of ${s.room.question_count}`)
      : null,
    s.board && s.board.some((col) => col.clues.some((clue) => clue.status === "open"))
      ? h(
          "div",
          { class: "lb-with-board" },
          boardGrid(s.board),
          rows.length ? boardList(rows.slice(0, 6), "lb") : null,
        )
      : s.team_leaderboard && s.team_leaderboard.length
      ? h(
          "div",
          { class: "lb-with-teams" },
          h("div", null, h("h2", { class: "lb-sub" }, "Teams"), teamBoard(s.team_leaderboard)),
          h("div", null, h("h2", { class: "lb-sub" }, "Players"), rows.length ? boardList(rows.slice(0, 8), "lb") : null),
        )
      : rows.length
        ? boardList(rows, `lb${rows.length > 5 ? " lb-two" : ""}`)
        : h("p", { class: "screen-lead" }, "No points yet."),
    footer(s),
  );
}

/**
 * @param {ScreenState} s
 * @returns {HTMLElement}
 */
function ended(s) {
  const board = s.leaderboard || [];
  const podium = (s.podium && s.podium.length ? s.podium : board).slice(0, 3);
  // 2nd on the left, 1st in the middle (tallest), 3rd on the right.
  const order = [1, 0, 2];
  const places = order
    .map((i) => ({ row: podium[i], place: i }))
    .filter((p) => p.row)
    .map(({ row, place }) =>
      h(
        "li",
        { class: `podium-place podium-${place + 1}`, "aria-label": `${row.rank}. ${row.nickname}, ${row.score} points` },
        h("span", { class: "podium-name" }, row.nickname),
        h("span", { class: "podium-score" }, `${formatScore(row.score)} points`),
        h("span", { class: `podium-block medal-${Math.min(3, Math.max(1, row.rank))}` }, h("span", { class: "podium-rank" }, String(row.rank))),
      ),
    );
  const rest = board.slice(podium.length, 10);
  return h(
    "section",
    { class: "end-stage" },
    h("h1", { class: "screen-title" }, s.room.title ? `${s.room.title}: final results` : "Final results"),
    s.team_leaderboard && s.team_leaderboard.length
      ? h("p", { class: "team-winner" }, `Winning team: ${s.team_leaderboard.filter((t) => t.rank === 1).map((t) => t.name).join(" & ")}`)
      : null,
    podium.length ? h("ol", { class: "podium" }, places) : h("p", { class: "screen-lead" }, "Nobody scored. Thanks for playing!"),
    rest.length ? boardList(rest, "lb lb-rest") : null,
  );
}

// Full screen on a button or F.
const fsButton = /** @type {HTMLButtonElement} */ ($("#fullscreen"));
function toggleFullscreen() {
  if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
  else document.documentElement.requestFullscreen?.().catch(() => {});
}
fsButton.addEventListener("click", toggleFullscreen);
/** @type {number | undefined} */
let idleTimer;
function wake() {
  document.body.classList.remove("is-idle");
  clearTimeout(idleTimer);
  idleTimer = window.setTimeout(() => document.body.classList.add("is-idle"), 3000);
}
document.addEventListener("mousemove", wake);
document.addEventListener("fullscreenchange", () => {
  fsButton.hidden = !!document.fullscreenElement;
});
wake();
document.addEventListener("keydown", (e) => {
  if ((e.key === "f" || e.key === "F") && !e.ctrlKey && !e.metaKey && !e.altKey) toggleFullscreen();
});

if (!code) {
  replace(stage, h("section", { class: "stage-center" }, h("h1", { class: "screen-title" }, "No game code in this address")));
} else {
  socket.start();
  loadWifi();
  window.setInterval(() => {
    if (!app.state || app.state.room.phase === "lobby") loadWifi();
  }, 10000);
}
