// @ts-check
/**
 * The host's control page (`/host/{code}`, role `host`): start, next, reveal, pause/resume,
 * skip, +10 s, lock/unlock, end, kick; the correct answer and who has answered; exports.
 * Keyboard: Space or N = the natural next step, R = reveal, P = pause/resume, + = add 10 s,
 * L = lock/unlock.
 * @module host-control
 */

import { $, h, replace, setText, showView } from "./dom.js";
import { Countdown, connectionBanner, formatScore, plural, store, toast } from "./common.js";
import { ReconnectingSocket, defaultUrl } from "./socket.js";
import { modeFor } from "./modes/index.js";
import { KEY_STORE, PHASE_LABEL, fetchHostFile, hostKey, showMessage } from "./host-common.js";
import { roomSyncSwitch } from "./host-sync.js";
import { buildShow, renderBoard, renderShow } from "./host-show.js";
import { buildTeams, renderTeams, teamSelect } from "./host-teams.js";

/**
 * @typedef {import("./modes/choice.js").Question} Question
 * @typedef {import("./host-common.js").HostState} HostState
 * @typedef {import("./host-common.js").HostPlayer} HostPlayer
 */

/** The room code, set by startControl. */
let code = "";

/**
 * Download through fetch, so the host key header goes along when this page is not on the laptop.
 * @param {MouseEvent} ev
 */
async function downloadExport(ev) {
  const link = /** @type {HTMLAnchorElement} */ (ev.currentTarget);
  ev.preventDefault();
  try {
    const blob = await fetchHostFile(link.href);
    const url = URL.createObjectURL(blob);
    const a = h("a", { href: url, download: link.getAttribute("download") || "partyhost-export" });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (err) {
    toast(`Export failed: ${/** @type {Error} */ (err).message}`);
  }
}

/**
 * A modal confirmation (native <dialog>), resolved with true on OK.
 * @param {string} title
 * @param {string} text
 * @param {string} okLabel
 * @returns {Promise<boolean>}
 */
function confirmDialog(title, text, okLabel) {
  const dialog = /** @type {HTMLDialogElement} */ ($("#confirm"));
  setText($("#confirm-title"), title);
  setText($("#confirm-text"), text);
  setText($("#confirm-ok"), okLabel);
  dialog.returnValue = "";
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"), { once: true });
    dialog.showModal();
    /** @type {HTMLElement} */ ($("#confirm-ok")).focus();
  });
}

const ctl = {
  /** @type {HostState | null} */
  state: null,
  /** @type {Question | null} */
  lastQuestion: null,
  busy: false,
  /** @type {number | undefined} */
  busyTimer: undefined,
  stopped: false,
  viewKey: "",
  /** @type {ReconnectingSocket | null} */
  socket: null,
};

/** @type {Record<string, HTMLElement>} */
const ui = {};

/** @param {string} cls @param {string} label @param {string} [kbd] @returns {HTMLButtonElement} */
function controlButton(cls, label, kbd) {
  return h(
    "button",
    { type: "button", class: `btn ${cls}` },
    h("span", { class: "btn-label" }, label),
    kbd ? h("kbd", null, kbd) : null,
  );
}

function buildControl() {
  const codeEnc = encodeURIComponent(code);
  ui.phase = h("span", { class: "phase" }, "");
  ui.players = h("span", { class: "stat" }, "");
  ui.joinUrl = h("a", { class: "join-url-small", href: `/join/${codeEnc}`, target: "_blank", rel: "noopener" }, `${location.origin}/join/${code}`);
  ui.locked = h("span", { class: "badge badge-locked", hidden: true }, "Joining locked");
  ui.settings = h("p", { class: "muted settings-line" }, "");
  ui.current = h("div", { class: "current" }, h("p", { class: "muted" }, "Connecting…"));
  ui.playersList = h("ul", { class: "players-list" });
  ui.playersHead = h("h2", { class: "panel-title" }, "Players");

  ui.start = controlButton("btn-primary btn-big", "Start game", "Space / N");
  ui.next = controlButton("btn-primary btn-big", "Next", "Space / N");
  ui.reveal = controlButton("btn-secondary", "Reveal now", "R");
  ui.pause = controlButton("btn-secondary", "Pause", "P");
  ui.skip = controlButton("btn-secondary", "Skip question");
  ui.extend = controlButton("btn-secondary", "+10 s", "+");
  ui.lock = controlButton("btn-secondary", "Lock joining", "L");
  ui.end = controlButton("btn-danger", "End game");

  ui.start.addEventListener("click", () => command("start"));
  ui.next.addEventListener("click", () => nextStep());
  ui.reveal.addEventListener("click", () => command("reveal"));
  ui.pause.addEventListener("click", togglePause);
  ui.skip.addEventListener("click", () => command("skip"));
  ui.extend.addEventListener("click", () => command("extend", { seconds: 10 }));
  ui.lock.addEventListener("click", toggleLock);
  ui.end.addEventListener("click", async () => {
    if (await confirmDialog("End the game now?", "Everyone goes straight to the final results. This cannot be undone.", "End game")) {
      command("end");
    }
  });

  const controls = h(
    "div",
    { class: "controls", role: "toolbar", "aria-label": "Game controls" },
    h("div", { class: "controls-main" }, ui.start, ui.next),
    h("div", { class: "controls-more" }, ui.reveal, ui.pause, ui.extend, ui.skip, ui.lock, ui.end),
    h("p", { class: "muted kbd-hint" }, "Keys: Space or N next step · R reveal · P pause/resume · + add 10 s · L lock/unlock."),
  );

  const links = h(
    "div",
    { class: "links" },
    h("a", { class: "btn btn-secondary", href: `/screen/${codeEnc}`, target: "_blank", rel: "noopener" }, "Open projector screen"),
    h("a", { class: "btn btn-ghost", href: `/api/rooms/${codeEnc}/export?format=csv`, download: `partyhost-${code}.csv`, onclick: downloadExport }, "Export CSV"),
    h("a", { class: "btn btn-ghost", href: `/api/rooms/${codeEnc}/export?format=json`, download: `partyhost-${code}.json`, onclick: downloadExport }, "Export JSON"),
    roomSyncSwitch(code),
  );

  // A QR code that opens this control page on the host's phone (it carries the host key).
  const hostQr = h("img", { class: "qr-small", alt: "QR code to control this game from a phone", width: 132, height: 132 });
  const phoneControl = h(
    "details",
    { class: "phone-control" },
    h("summary", null, "Control from your phone"),
    h("p", { class: "muted small" }, "Scan with your phone. Anyone with this code can run the game: keep it to yourself."),
    hostQr,
  );
  phoneControl.addEventListener("toggle", async () => {
    if (!phoneControl.open || hostQr.getAttribute("src")) return;
    try {
      hostQr.src = URL.createObjectURL(await fetchHostFile(`/api/rooms/${codeEnc}/host-qr.svg`));
    } catch (err) {
      toast(`Could not load the host QR code: ${/** @type {Error} */ (err).message}`);
    }
  });

  const view = $("[data-view=control]");
  replace(
    view,
    h(
      "div",
      { class: "control" },
      h(
        "div",
        { class: "control-head panel" },
        h("div", { class: "code-block" }, h("span", { class: "label" }, "Game code"), h("span", { class: "code-big" }, code)),
        h(
          "div",
          { class: "head-info" },
          h("p", { class: "head-title", id: "room-title" }, ""),
          h("p", null, "Join at ", ui.joinUrl),
          h("p", { class: "head-stats" }, ui.phase, ui.players, ui.locked),
          ui.settings,
        ),
        links,
      ),
      h(
        "div",
        { class: "control-grid" },
        h("section", { class: "panel control-main", "aria-label": "Current step" }, controls, ui.current),
        h(
          "aside",
          { class: "panel control-side", "aria-label": "Players" },
          h(
            "div",
            { class: "side-qr" },
            h("img", { class: "qr-small", id: "join-qr", src: `/api/rooms/${codeEnc}/qr.svg`, alt: "QR code to join", width: 120, height: 120 }),
            h("p", { class: "muted small" }, "Players scan this to join"),
          ),
          ui.playersHead,
          ui.playersList,
          buildTeams(command),
          phoneControl,
        ),
        buildShow(command),
      ),
    ),
  );
  showView(document, "control");
}

/**
 * Send a host command (never queued: a stale "next" must not fire after a reconnect).
 * @param {string} action
 * @param {Record<string, any>} [extra]
 */
function command(action, extra = {}) {
  const sock = ctl.socket;
  if (!sock || !sock.isOpen) {
    toast("Not connected to the game. Try again in a moment.");
    return;
  }
  // A step forward waits for the server's answer, so a double press cannot skip a phase.
  const step = ["start", "next", "reveal", "skip", "end", "revote"].includes(action);
  if (ctl.busy && step) return;
  sock.send({ type: "command", action, ...extra }, { queue: false });
  if (!step) return;
  ctl.busy = true;
  clearTimeout(ctl.busyTimer);
  ctl.busyTimer = window.setTimeout(() => {
    ctl.busy = false;
    renderControls();
  }, 1500);
  renderControls();
}

function togglePause() {
  const s = ctl.state;
  if (!s) return;
  command(s.room.paused ? "resume" : "pause");
}

function toggleLock() {
  const s = ctl.state;
  if (!s) return;
  command(s.room.locked ? "unlock" : "lock");
}

/** The natural next step, for Space / N. */
function nextStep() {
  const s = ctl.state;
  if (!s) return;
  switch (s.room.phase) {
    case "lobby":
      command("start");
      break;
    case "question":
      // A paused question (the host paused it, or partyhost restarted) goes on first.
      command(s.room.paused ? "resume" : "reveal");
      break;
    case "reveal":
    case "leaderboard":
      command("next");
      break;
    default:
      break;
  }
}

/** @param {HostPlayer} p */
async function kick(p) {
  if (await confirmDialog(`Remove ${p.nickname}?`, `${p.nickname} leaves the game and cannot come back with this seat.`, "Remove")) {
    command("kick", { player: p.id });
  }
}

const countdown = new Countdown((ms, info) => {
  // A question with no timer (a poll, a buzzer clue, a final) is open until the host closes it.
  if (ui.timer) setText(ui.timer, !info.limitMs ? "No timer" : info.paused ? "Paused" : `${Math.ceil(ms / 1000)} s left`);
});

/** @param {HostState} s */
function onHostState(s) {
  ctl.state = s;
  ctl.busy = false;
  clearTimeout(ctl.busyTimer);
  if (s.question) ctl.lastQuestion = s.question;
  if (s.room.phase === "question" && s.question && s.question.time_limit_ms) {
    countdown.sync(s.question.remaining_ms ?? 0, s.question.time_limit_ms ?? 0, !!s.room.paused);
  } else {
    countdown.stop();
  }
  renderControl();
}

function renderControl() {
  const s = ctl.state;
  if (!s) return;
  const room = s.room;
  document.title = `${room.code || code} · ${PHASE_LABEL[room.phase] || room.phase} · partyhost host`;
  setText($("#room-title"), room.title || "");
  setText(ui.phase, PHASE_LABEL[room.phase] || room.phase);
  ui.phase.className = `phase phase-${room.phase}`;
  setText(ui.players, plural(room.players ?? (s.players || []).length, "player"));
  ui.locked.hidden = !room.locked;
  if (room.join_url) {
    setText(ui.joinUrl, room.join_url);
    ui.joinUrl.setAttribute("href", room.join_url);
    // A new address (picked on the host page, or a new network) draws a new join QR code.
    const qr = $("#join-qr");
    const src = `/api/rooms/${encodeURIComponent(code)}/qr.svg?for=${encodeURIComponent(room.join_url)}`;
    if (qr && qr.getAttribute("src") !== src) qr.setAttribute("src", src);
  }
  const st = room.settings;
  if (st) {
    setText(
      ui.settings,
      [
        st.time_limit ? `${st.time_limit} s per question` : "",
        st.points === false ? "no points" : st.base_points ? `${formatScore(st.base_points)} points` : "",
        st.late_join === false ? "no late join" : "late join allowed",
        st.classroom ? "classroom nicknames" : "",
        st.max_players && st.max_players < 5000 ? `up to ${st.max_players} players` : "",
      ]
        .filter(Boolean)
        .join(" · "),
    );
  }
  renderCurrent(s);
  renderPlayers(s);
  renderShow(s.show, command);
  renderBoard(s.board, s.room.phase !== "question" && s.room.phase !== "ended", command);
  renderTeams(s, command);
  renderControls();
}

/** @param {HostState} s */
function renderCurrent(s) {
  const room = s.room;
  const q = s.question || null;
  const r = s.reveal || null;
  let key = room.phase;
  if (room.phase === "question") key = `q:${q?.index}:${JSON.stringify([q?.live, q?.results_shown, q?.votes, room.question_count, /** @type {any} */ (q)?.buzzers, /** @type {any} */ (q)?.race])}`;
  else if (room.phase === "reveal") key = `r:${JSON.stringify(r)}`;
  else if (room.phase === "leaderboard" || room.phase === "ended") key = `${room.phase}:${JSON.stringify(s.leaderboard)}`;
  if (room.phase === "lobby") key = `lobby:${(room.players ?? 0) > 0}:${room.question_count}`;
  if (key !== ctl.viewKey) {
    ctl.viewKey = key;
    delete ui.timer;
    delete ui.answered;
    replace(ui.current, buildCurrent(s));
    if (ui.timer) countdown.sync(countdown.remainingMs, countdown.limit, countdown.paused);
  }
  if (ui.answered && q) setText(ui.answered, `${q.answered ?? 0} / ${room.players ?? 0} answered`);
}

/**
 * @param {HostState} s
 * @returns {HTMLElement}
 */
function buildCurrent(s) {
  const room = s.room;
  const total = room.question_count;
  if (room.phase === "lobby") {
    return h(
      "div",
      { class: "current-lobby" },
      h("h2", { class: "current-title" }, (room.players ?? 0) > 0 ? "Ready when you are" : "Waiting for players"),
      h("p", { class: "lead" }, "Open the projector screen so everyone can scan the QR code, then start when ready."),
      total ? h("p", { class: "muted" }, `${plural(total, "activity", "activities")} in the show.`) : null,
    );
  }
  if (room.phase === "question" && s.question) {
    const q = s.question;
    const mode = modeFor(q.type);
    ui.timer = h("span", { class: "stat stat-timer" }, "");
    ui.answered = h("span", { class: "stat" }, "");
    return h(
      "div",
      null,
      h(
        "p",
        { class: "current-meta" },
        h("strong", null, `Question ${q.number ?? q.index + 1}${total ? ` of ${total}` : ""}`),
        h("span", { class: "badge" }, q.type),
        ui.timer,
        ui.answered,
      ),
      h("h2", { class: "current-title" }, q.text),
      mode ? mode.board(q, { host: true, command, players: s.players }) : h("p", null, `(${q.type})`),
      resultsToggle(q.scored === false, q.results_shown),
      q.correct && modeFor(q.type)?.TYPES.includes("single") ? h("p", { class: "muted" }, "✓ marks the correct answer (only you can see it).") : null,
      /** @type {any} */ (q).explanation ? h("p", { class: "explanation" }, /** @type {any} */ (q).explanation) : null,
    );
  }
  if (room.phase === "reveal") {
    const r = s.reveal;
    const q = s.question && r && s.question.index === r.index ? s.question : ctl.lastQuestion;
    if (!q || !r) return h("p", { class: "lead" }, "Answer shown.");
    const mode = modeFor(q.type);
    return h(
      "div",
      null,
      h(
        "p",
        { class: "current-meta" },
        h("strong", null, `Question ${q.number ?? q.index + 1}${total ? ` of ${total}` : ""}: answer shown`),
        h("span", { class: "stat" }, `${r.answered ?? 0} / ${room.players ?? 0} answered`),
      ),
      h("h2", { class: "current-title" }, q.text),
      mode ? mode.board(q, { reveal: r, host: true, command }) : null,
      resultsToggle(q.scored === false, r.results_shown),
      q.scored === false ? voteAgain() : null,
      r.explanation ? h("p", { class: "explanation" }, r.explanation) : null,
    );
  }
  if (room.phase === "leaderboard" || room.phase === "ended") {
    const rows = s.leaderboard || [];
    return h(
      "div",
      null,
      h("h2", { class: "current-title" }, room.phase === "ended" ? "Final results" : "Leaderboard"),
      rows.length
        ? h(
            "ol",
            { class: "lb lb-host" },
            rows.map((row) =>
              h(
                "li",
                { class: "lb-row" },
                h("span", { class: "lb-rank" }, String(row.rank)),
                h("span", { class: "lb-name" }, row.nickname),
                h("span", { class: "lb-score" }, formatScore(row.score)),
              ),
            ),
          )
        : h("p", { class: "muted" }, "No scores yet."),
      room.phase === "ended" ? h("p", { class: "lead" }, "The game is over. Export the results below the code, or start a new game.") : null,
      room.phase === "ended" ? h("a", { class: "btn btn-primary", href: "/host" }, "New game") : null,
    );
  }
  return h("p", null, room.phase);
}

/**
 * For a poll, scale or word cloud: whether phones see the results after the close, and a button
 * to change it (the projector always shows them).
 * @param {boolean} applies
 * @param {boolean | undefined} shown
 * @returns {HTMLElement | null}
 */
function resultsToggle(applies, shown) {
  if (!applies) return null;
  const button = controlButton("btn-secondary btn-small", shown ? "Hide results on phones" : "Show results on phones");
  button.addEventListener("click", () => command(shown ? "hide_results" : "show_results"));
  return h(
    "p",
    { class: "results-toggle" },
    h("span", { class: "muted" }, shown ? "Phones see the results after the close." : "Phones do not see the results (the projector does)."),
    " ",
    button,
  );
}

/**
 * A re-vote of the revealed poll, rating, word cloud or poker round: the same question again.
 * @returns {HTMLElement}
 */
function voteAgain() {
  const button = controlButton("btn-secondary btn-small", "Vote again");
  button.addEventListener("click", () => command("revote"));
  return h("p", { class: "results-toggle" }, button, " ", h("span", { class: "muted" }, "the same question, straight after"));
}

/** @param {HostState} s */
function renderPlayers(s) {
  const list = s.players || [];
  const inQuestion = s.room.phase === "question";
  setText(ui.playersHead, `Players (${list.length})`);
  const sig = JSON.stringify([inQuestion, list, s.room.teams]);
  if (ui.playersList.dataset.sig === sig) return;
  ui.playersList.dataset.sig = sig;
  if (!list.length) {
    replace(ui.playersList, h("li", { class: "muted" }, "Nobody yet."));
    return;
  }
  replace(
    ui.playersList,
    list.map((p) =>
      h(
        "li",
        { class: `player${p.connected === false ? " is-away" : ""}` },
        h("span", {
          class: `dot ${p.connected === false ? "dot-off" : "dot-on"}`,
          title: p.connected === false ? "Disconnected" : "Connected",
          "aria-label": p.connected === false ? "Disconnected" : "Connected",
          role: "img",
        }),
        h("span", { class: "player-name" }, p.nickname),
        s.room.teams ? teamSelect(s.room.teams, p, command) : null,
        inQuestion
          ? h(
              "span",
              { class: `answered-mark${p.answered ? " is-yes" : ""}`, "aria-label": p.answered ? "answered" : "not answered yet", role: "img" },
              p.answered ? "✓" : "…",
            )
          : null,
        h("span", { class: "player-score", title: `${p.correct ?? 0} correct` }, formatScore(p.score ?? 0)),
        h(
          "button",
          { type: "button", class: "btn btn-small btn-ghost kick", "aria-label": `Kick ${p.nickname}`, onclick: () => kick(p) },
          "Kick",
        ),
      ),
    ),
  );
}

function renderControls() {
  const s = ctl.state;
  const open = !!ctl.socket && ctl.socket.isOpen;
  const phase = s ? s.room.phase : "";
  const paused = !!s && !!s.room.paused;
  const locked = !!s && !!s.room.locked;
  const busy = ctl.busy;
  const isLast = (() => {
    const q = ctl.lastQuestion;
    const total = s && s.room.question_count;
    return !!q && !!total && (q.number ?? q.index + 1) >= total;
  })();

  /** @param {HTMLButtonElement} btn @param {boolean} enabled */
  const enable = (btn, enabled) => {
    btn.disabled = !open || !enabled;
  };
  ui.start.hidden = phase !== "lobby";
  ui.next.hidden = phase === "lobby";
  const players = s ? s.room.players ?? (s.players || []).length : 0;
  enable(/** @type {HTMLButtonElement} */ (ui.start), phase === "lobby" && !busy && players > 0);
  ui.start.title = players > 0 ? "" : "Wait for at least one player to join.";
  enable(/** @type {HTMLButtonElement} */ (ui.next), (phase === "question" || phase === "reveal" || phase === "leaderboard") && !busy);
  const nextLabel =
    phase === "question"
      ? paused
        ? "Resume"
        : "Reveal answer"
      : phase === "reveal"
        ? "Show leaderboard"
        : phase === "leaderboard"
          ? isLast
            ? "Show final results"
            : "Next question"
          : phase === "ended"
            ? "Game over"
            : "Next";
  setText($(".btn-label", ui.next), nextLabel);
  enable(/** @type {HTMLButtonElement} */ (ui.reveal), phase === "question" && !busy);
  // A question without a timer has nothing to pause or extend.
  const timed = !!s && !!s.question && !!s.question.time_limit_ms;
  enable(/** @type {HTMLButtonElement} */ (ui.pause), phase === "question" && timed);
  setText($(".btn-label", ui.pause), paused ? "Resume" : "Pause");
  ui.pause.classList.toggle("is-active", paused);
  enable(/** @type {HTMLButtonElement} */ (ui.extend), phase === "question" && timed);
  enable(/** @type {HTMLButtonElement} */ (ui.skip), phase === "question" && !busy);
  enable(/** @type {HTMLButtonElement} */ (ui.lock), phase !== "ended" && phase !== "");
  setText($(".btn-label", ui.lock), locked ? "Unlock joining" : "Lock joining");
  ui.lock.classList.toggle("is-active", locked);
  enable(/** @type {HTMLButtonElement} */ (ui.end), phase !== "ended" && phase !== "");
}

/** @param {KeyboardEvent} e */
function onKey(e) {
  if (!ctl.state || e.ctrlKey || e.metaKey || e.altKey) return;
  const target = /** @type {HTMLElement} */ (e.target);
  if (target.closest("input, textarea, select, dialog, [contenteditable]")) return;
  if (document.querySelector("dialog[open]")) return;
  const key = e.key;
  if (key === " " || key === "Spacebar") {
    // Space on a focused button or link activates that element, not the next step.
    if (target.closest("button, a, summary")) return;
    e.preventDefault();
    nextStep();
  } else if (key === "n" || key === "N") {
    nextStep();
  } else if (key === "r" || key === "R") {
    if (ctl.state.room.phase === "question") command("reveal");
  } else if (key === "p" || key === "P") {
    if (ctl.state.room.phase === "question") togglePause();
  } else if (key === "+" || key === "Add") {
    if (ctl.state.room.phase === "question") command("extend", { seconds: 10 });
  } else if (key === "l" || key === "L") {
    if (ctl.state.room.phase !== "ended") toggleLock();
  }
}

/** @param {string} roomCode */
export function startControl(roomCode) {
  code = roomCode;
  buildControl();
  const bannerStatus = connectionBanner($("#banner"));
  const key = hostKey();
  replace($("#topnav"), h("a", { href: "/host" }, "All games"));
  ctl.socket = new ReconnectingSocket(defaultUrl(), {
    onopen: (sock) => {
      /** @type {Record<string, string>} */
      const hello = { type: "host", room: code };
      if (key) hello.key = key;
      sock.send(hello);
    },
    onmessage: (msg) => {
      switch (msg.type) {
        case "state":
          onHostState(msg);
          break;
        case "welcome":
          break;
        case "error": {
          const err = msg.error || {};
          ctl.busy = false;
          if (err.code === "no_such_room") {
            ctl.socket?.close();
            showMessage(`No game with code ${code}`, "It may have been created on another laptop, or the code is mistyped.");
            return;
          }
          if (err.code === "not_allowed" && msg.ref === "host") {
            ctl.socket?.close();
            showMessage("Host key needed", "This page is not on the host laptop. Type the host key shown in the partyhost window.");
            const form = /** @type {HTMLFormElement} */ ($("#key-form"));
            form.hidden = false;
            form.onsubmit = (ev) => {
              ev.preventDefault();
              const value = /** @type {HTMLInputElement} */ ($("#key-input")).value.trim();
              if (!value) return;
              store.set(KEY_STORE, value);
              location.reload();
            };
            return;
          }
          toast(err.message || err.code || "The server refused that.");
          renderControls();
          break;
        }
        case "closing":
          toast(msg.message || "The server is shutting down. Reconnecting…", "info");
          break;
        default:
          break;
      }
    },
    onstatus: (status) => {
      bannerStatus(status);
      renderControls();
    },
  });
  ctl.socket.start();
  document.addEventListener("keydown", onKey);
  // A button clicked with the mouse keeps the focus, and Space would press it again instead of
  // doing the next step: let go of the focus after mouse clicks (keyboard users keep theirs).
  document.addEventListener("click", (e) => {
    const el = /** @type {HTMLElement} */ (e.target).closest("button, a, summary");
    if (el && e.detail > 0 && !el.closest("dialog")) /** @type {HTMLElement} */ (el).blur();
  });
}
