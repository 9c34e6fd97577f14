// @ts-check
/**
 * The phone page (`/join/{code}`, role `player`).
 *
 * Nickname → lobby → question (answer buttons, countdown) → reveal (own result) →
 * leaderboard (own rank) → … → ended (final rank). The seat token from `welcome` is kept in
 * localStorage per room, so a reload or a sleep resumes the seat. An answer is kept in
 * localStorage until the server's `ack` (or a state showing it stored), and re-sent (same id)
 * after every reconnect; while there is no connection the page says it is not sent yet, and
 * "locked in" appears only once the server has it. An answer that reaches the server after
 * the question closed is acknowledged as `late`, and the page says so.
 *
 * A stepped question (a Wordle race, a lightning round, a final wager) takes several answers,
 * one step at a time: each carries its `step`, and the phone draws its run from the newest
 * `progress` it has (an ack's, or its state's `me.progress`).
 * @module play
 */

import { $, h, replace, setText, showView } from "./dom.js";
import {
  Countdown,
  api,
  connectionBanner,
  formatScore,
  formatSeconds,
  ordinal,
  plural,
  randomId,
  roomCodeFromPath,
  store,
  timerAnnouncer,
} from "./common.js";
import { ReconnectingSocket, defaultUrl } from "./socket.js";
import { answerOf, modeFor } from "./modes/index.js";
import { teamBoard, teamChip, teamPicker } from "./teams.js";
import { questionMedia } from "./media.js";

/**
 * @typedef {import("./modes/choice.js").Question} Question
 * @typedef {{token: string, id?: string, nickname?: string}} Seat
 * @typedef {import("./modes/index.js").Answer} Answer
 * @typedef {{id: string, question: number, answer: Answer, step?: number}} PendingAnswer
 * @typedef {{question: number, view: Record<string, any>}} ProgressInfo
 * @typedef {{question: number, answer: Answer | null, status: string}} AckInfo
 * @typedef {{code: string, title?: string, phase: string, paused?: boolean, locked?: boolean,
 *   players?: number, question_count?: number, join_url?: string, teams?: string[]}} RoomView
 * @typedef {{id?: string, nickname?: string, score?: number, rank?: number | null, streak?: number, team?: number | null,
 *   answer?: ({question: number} & Answer) | null, progress?: Record<string, any>,
 *   result?: {question: number, correct: boolean, partial?: boolean, points: number, streak_bonus?: number} | null}} Me
 * @typedef {import("./modes/index.js").Reveal} Reveal
 * @typedef {{rank: number, nickname: string, score: number, correct?: number}} LeaderRow
 * @typedef {{type: "state", room: RoomView, question?: Question, me?: Me, reveal?: Reveal,
 *   leaderboard?: LeaderRow[], team_leaderboard?: import("./teams.js").TeamRow[]}} StateFrame
 */

const code = roomCodeFromPath();
const seatKey = `partyhost:seat:${code}`;
const pendingKey = `partyhost:pending:${code}`;

const app = {
  /** @type {Seat | null} */
  seat: store.get(seatKey),
  /** nickname sent in a `join` not yet answered */
  /** @type {string | null} */
  joining: null,
  /** hello answered by `welcome` on the current connection */
  ready: false,
  /** @type {StateFrame | null} */
  state: null,
  /** @type {Question | null} the last question seen (the reveal frame may not repeat it) */
  lastQuestion: null,
  /** @type {PendingAnswer | null} */
  pending: store.get(pendingKey),
  /** @type {AckInfo | null} */
  ack: null,
  /** @type {{title: string, text: string, icon: string, link?: string} | null} */
  fatal: null,
  /** @type {string} */
  viewKey: "",
  /** @type {number | undefined} */
  resendTimer: undefined,
  timeUp: false,
  /** @type {ProgressInfo | null} the newest run of a stepped question (ack or state) */
  progress: null,
  /** @type {string} why the server refused the last answer or step (shown until the next one) */
  answerError: "",
};

const els = {
  game: $("[data-view=game]"),
  joinForm: /** @type {HTMLFormElement} */ ($("#join-form")),
  nickname: /** @type {HTMLInputElement} */ ($("#nickname")),
  nicknameError: $("#nickname-error"),
  joinButton: /** @type {HTMLButtonElement} */ ($("#join-button")),
  joinRoomTitle: $("#join-room-title"),
  timerLive: $("#timer-live"),
  banner: $("#banner"),
};

/** References into the current game view, for cheap updates without a rebuild. */
const live = {
  /** @type {HTMLElement | null} */ timer: null,
  /** @type {HTMLElement | null} */ timebar: null,
  /** @type {HTMLElement | null} */ answered: null,
};

const bannerStatus = connectionBanner(els.banner);
const announce = timerAnnouncer(els.timerLive);
const countdown = new Countdown((ms, info) => {
  const secs = Math.ceil(ms / 1000);
  if (live.timer) {
    setText(live.timer, info.paused ? "Paused" : formatSeconds(secs));
    live.timer.classList.toggle("is-paused", info.paused);
    live.timer.classList.toggle("is-low", !info.paused && secs <= 5);
  }
  if (live.timebar && info.limitMs) {
    live.timebar.style.setProperty("--left", String(Math.min(1, ms / info.limitMs)));
  }
  announce(ms, info.paused);
  if (ms <= 0 && !info.paused && !app.timeUp) {
    app.timeUp = true;
    render();
  }
});

// ---------------------------------------------------------------- connection

const socket = new ReconnectingSocket(defaultUrl(), {
  onopen: (sock) => {
    app.ready = false;
    if (app.seat) sock.send({ type: "resume", room: code, token: app.seat.token });
    else if (app.joining) sock.send({ type: "join", room: code, nickname: app.joining });
    else render();
  },
  onmessage: handle,
  onstatus: (status) => {
    if (status !== "open") app.ready = false;
    bannerStatus(status);
    if (app.pending) render(); // "not sent yet" while there is no connection
  },
});

/** @param {any} msg */
function handle(msg) {
  switch (msg.type) {
    case "welcome":
      onWelcome(msg);
      break;
    case "state":
      onState(msg);
      break;
    case "ack":
      onAck(msg);
      break;
    case "error":
      onError(msg.error || {}, msg.ref);
      break;
    case "kicked":
      fail("You were removed", msg.message || "The host removed you from this game.", "!");
      break;
    case "closing":
      setText($(".banner-text", els.banner), msg.message || "The host is pausing the game. You will be reconnected.");
      els.banner.hidden = false;
      break;
    case "pong":
      break;
    default:
      break;
  }
}

/** @param {any} msg */
function onWelcome(msg) {
  app.ready = true;
  const player = msg.player;
  if (player && player.token) {
    app.seat = { token: player.token, id: player.id, nickname: player.nickname };
    store.set(seatKey, app.seat);
  }
  app.joining = null;
  if (socket.status === "open") els.banner.hidden = true;
  if (app.pending) sendPending();
  render();
}

/** @param {StateFrame} msg */
function onState(msg) {
  app.state = msg;
  if (msg.question) {
    if (!app.lastQuestion || app.lastQuestion.index !== msg.question.index) {
      app.timeUp = false;
      app.answerError = "";
    }
    app.lastQuestion = msg.question;
  }
  const room = msg.room;
  const q = msg.question;
  // Forget a pending answer the server already has. One whose question has closed is kept
  // until its `ack` says `late` (it was sent right after the `welcome` that came before this
  // state), so the phone can say it arrived too late instead of "you didn't answer".
  if (q && q.stepped && msg.me?.progress) noteProgress(q.index, msg.me.progress);
  if (app.pending) {
    const stored = msg.me && msg.me.answer && msg.me.answer.question === app.pending.question;
    const stepStored =
      app.pending.step !== undefined && q?.index === app.pending.question && (msg.me?.progress?.steps ?? 0) > app.pending.step;
    if (stored || stepStored) clearPending();
  }
  if (room.phase === "question" && q && q.time_limit_ms) {
    // A question without a timer (time_limit_ms 0) stays open until the host reveals it.
    countdown.sync(q.remaining_ms ?? 0, q.time_limit_ms ?? 0, !!room.paused);
  } else {
    countdown.stop();
  }
  render();
}

/** @param {any} msg */
function onAck(msg) {
  if (!app.pending || msg.id !== app.pending.id) {
    // An ack for an answer we already settled (a resend): still record what was stored.
    if (typeof msg.question === "number" && msg.status !== "late") {
      app.ack = { question: msg.question, answer: answerOf(msg), status: msg.status };
      render();
    }
    return;
  }
  app.ack = { question: msg.question ?? app.pending.question, answer: answerOf(msg) || app.pending.answer, status: msg.status };
  if (msg.progress && typeof msg.question === "number") noteProgress(msg.question, msg.progress);
  clearPending();
  render();
}

/**
 * Keep the newest run of a stepped question: a run only grows, so the one with more steps
 * (or, with as many, the later one) is the newer.
 * @param {number} question
 * @param {Record<string, any>} view
 */
function noteProgress(question, view) {
  const known = app.progress;
  if (!known || known.question !== question || (view.steps ?? 0) >= (known.view.steps ?? 0)) {
    app.progress = { question, view };
  }
}

/**
 * The phone's run of stepped question `q`, or null before it has one.
 * @param {Question} q
 * @returns {Record<string, any> | null}
 */
function progressOf(q) {
  return app.progress && app.progress.question === q.index ? app.progress.view : null;
}

/**
 * @param {{code?: string, message?: string}} err
 * @param {string | undefined} ref
 */
function onError(err, ref) {
  const errCode = err.code || "";
  const message = err.message || "Something went wrong.";
  switch (errCode) {
    case "no_such_room":
      store.remove(seatKey);
      clearPending();
      fail(`No game with code ${code}`, "Check the code on the big screen and try again.", "?");
      return;
    case "kicked":
      fail("You were removed", "The host removed you from this game.", "!");
      return;
    case "bad_token":
      app.seat = null;
      store.remove(seatKey);
      clearPending();
      app.joining = null;
      showJoinError("Your seat in this game was not found. Join again with a nickname.");
      render();
      return;
    case "game_over":
      if (!app.seat) {
        fail("This game has ended", "Ask the host for the code of the next game.", "■");
        return;
      }
      break;
    case "nickname_invalid":
    case "nickname_taken":
    case "nickname_refused":
    case "room_locked":
    case "room_full":
      app.joining = null;
      showJoinError(message);
      render();
      return;
    case "already_joined":
      return;
    case "server_full":
      // The server closes the connection; the socket retries with backoff.
      setText($(".banner-text", els.banner), "The game is full right now. Trying again…");
      els.banner.hidden = false;
      return;
    default:
      break;
  }
  if (app.pending && ref === app.pending.id) {
    if (errCode === "wrong_phase" && app.pending.step !== undefined) {
      clearPending(); // a step after the run finished: the next state shows it
      app.answerError = message;
    } else if (errCode === "wrong_phase") {
      app.ack = { question: app.pending.question, answer: null, status: "late" };
      clearPending();
    } else if (errCode === "not_joined" || errCode === "rate_limited" || errCode === "storage_error") {
      return; // kept, and sent again (same id) by the resend timer or after the next welcome
    } else if (app.pending.step !== undefined) {
      clearPending();
      app.answerError = message; // shown by the step's input ("not in the word list")
    } else {
      clearPending();
      app.answerError = message; // kept through the redraw that brings the input back
    }
    render();
    return;
  }
  if (ref === "join") {
    app.joining = null;
    showJoinError(message);
    render();
    return;
  }
  flash(message);
}

/**
 * @param {string} title
 * @param {string} text
 * @param {string} icon
 */
function fail(title, text, icon) {
  app.fatal = { title, text, icon };
  if (title.startsWith("You were removed")) store.remove(seatKey);
  clearPending();
  countdown.stop();
  socket.close();
  render();
}

// ---------------------------------------------------------------- answers

/** @param {Answer} answer one answer field, as the question's mode made it */
function submitAnswer(answer) {
  const q = app.state && app.state.question;
  if (!q || (app.pending && app.pending.question === q.index)) return;
  app.pending = { id: randomId(20), question: q.index, answer };
  app.answerError = "";
  if (q.stepped) app.pending.step = progressOf(q)?.steps ?? 0;
  store.set(pendingKey, app.pending);
  app.ack = null;
  sendPending();
  render();
}

function sendPending() {
  if (!app.pending) return;
  clearTimeout(app.resendTimer);
  if (app.ready) {
    const step = app.pending.step ? { step: app.pending.step } : {};
    socket.send({ type: "answer", id: app.pending.id, question: app.pending.question, ...app.pending.answer, ...step }, { queue: false });
  }
  // No ack yet? Send it again (same id: the server counts it once).
  app.resendTimer = window.setTimeout(() => {
    if (app.pending) sendPending();
  }, 4000);
}

function clearPending() {
  clearTimeout(app.resendTimer);
  app.pending = null;
  store.remove(pendingKey);
}

/**
 * Join a team (the room plays in teams); the next state shows it.
 * @param {number} team
 */
function pickTeam(team) {
  if (app.ready) socket.send({ type: "team", team }, { queue: false });
}

/** @param {string} message */
function flash(message) {
  const status = els.game.querySelector(".status");
  if (status) setText(status, message);
}

// ---------------------------------------------------------------- join form

/** @param {string} message */
function showJoinError(message) {
  els.nicknameError.textContent = message;
  els.nicknameError.hidden = false;
  els.nickname.setAttribute("aria-invalid", "true");
}

els.joinForm.addEventListener("submit", (ev) => {
  ev.preventDefault();
  const nickname = els.nickname.value.trim();
  const length = [...nickname].length;
  if (length < 1 || length > 24) {
    showJoinError(length ? "That nickname is too long: 24 characters at most." : "Type a nickname first.");
    els.nickname.focus();
    return;
  }
  els.nicknameError.hidden = true;
  els.nickname.removeAttribute("aria-invalid");
  app.joining = nickname;
  if (socket.isOpen) socket.send({ type: "join", room: code, nickname }, { queue: false });
  render();
});

els.nickname.addEventListener("input", () => {
  if (!els.nicknameError.hidden) {
    els.nicknameError.hidden = true;
    els.nickname.removeAttribute("aria-invalid");
  }
});

// ---------------------------------------------------------------- rendering

/** Which sub-state the question view is in. */
function questionStatus() {
  const s = /** @type {StateFrame} */ (app.state);
  const q = /** @type {Question} */ (s.question);
  const mine = s.me && s.me.answer;
  if (q.stepped) {
    if (app.ack && app.ack.question === q.index && app.ack.status === "late") return "late";
    if (app.pending && app.pending.question === q.index) return app.ready ? "sending" : "waiting";
    if (progressOf(q)?.done) return "locked";
    if (s.room.paused) return "paused"; // a round is played against its clock: no steps while it is stopped
    return app.timeUp ? "timeup" : "answering";
  }
  if (app.ack && app.ack.question === q.index) return app.ack.status === "late" ? "late" : "locked";
  if (mine && mine.question === q.index) return "locked";
  if (app.pending && app.pending.question === q.index) return app.ready ? "sending" : "waiting";
  if (app.timeUp) return "timeup";
  return "answering";
}

function render() {
  if (app.fatal) {
    setText($("#message-title"), app.fatal.title);
    setText($("#message-text"), app.fatal.text);
    setText($("#message-icon"), app.fatal.icon);
    showView(document, "message");
    document.title = `${app.fatal.title} · partyhost`;
    return;
  }
  const s = app.state;
  if (!app.seat || !s) {
    if (app.seat) {
      showView(document, "loading");
      return;
    }
    if (s) setText(els.joinRoomTitle, s.room.title || "");
    els.joinButton.disabled = !!app.joining;
    els.joinButton.textContent = app.joining ? "Joining…" : "Join";
    const wasHidden = /** @type {HTMLElement} */ ($("[data-view=join]")).hidden;
    showView(document, "join");
    if (wasHidden) els.nickname.focus();
    return;
  }
  showView(document, "game");
  const phase = s.room.phase;
  let key = phase;
  if (phase === "question" && s.question) {
    const q = /** @type {any} */ (s.question);
    const stepped = q.stepped ? JSON.stringify([progressOf(q), app.pending?.answer ?? null]) : "";
    key = `question:${q.index}:${questionStatus()}:${app.answerError}:${JSON.stringify(q.buzzers ?? null)}:${JSON.stringify(q.control ?? null)}:${stepped}`;
  }
  else if (phase === "reveal") key = `reveal:${JSON.stringify(s.reveal ?? null)}:${JSON.stringify(s.me && s.me.result)}:${revealLate(s)}`;
  else if (phase === "leaderboard" || phase === "ended") key = `${phase}:${s.me?.rank}:${s.me?.score}:${JSON.stringify(s.leaderboard)}`;
  else if (phase === "lobby") key = `lobby:${s.me?.nickname}:${JSON.stringify([s.room.teams, s.me?.team])}`;
  if (key !== app.viewKey) {
    app.viewKey = key;
    live.timer = live.timebar = live.answered = null;
    replace(els.game, buildView(s));
    if (live.timer) countdown.sync(countdown.remainingMs, countdown.limit, countdown.paused);
  }
  updateLive(s);
}

/**
 * The parts that change often (player count, answered count, pause) without a rebuild.
 * @param {StateFrame} s
 */
function updateLive(s) {
  for (const el of els.game.querySelectorAll("[data-live=players]")) {
    setText(el, plural(s.room.players ?? 0, "player"));
  }
  if (live.answered && s.question) {
    setText(live.answered, `${s.question.answered ?? 0} of ${plural(s.room.players ?? 0, "player")} answered`);
  }
  document.body.classList.toggle("is-paused", !!s.room.paused);
}

/**
 * @param {StateFrame} s
 * @returns {HTMLElement}
 */
function buildView(s) {
  const me = s.me || {};
  document.title = `${s.room.title || "Game"} · partyhost`;
  switch (s.room.phase) {
    case "lobby":
      return h(
        "div",
        { class: "lobby-card view-center" },
        h("p", { class: "badge-icon", "aria-hidden": "true" }, "✓"),
        h("h1", { class: "title" }, "You're in!"),
        h("p", { class: "nick-chip nick-chip-big" }, me.nickname || app.seat?.nickname || ""),
        s.room.teams ? teamPicker(s.room.teams, me.team, pickTeam) : null,
        h("p", { class: "lead", role: "status", "aria-live": "polite" }, "Waiting for the host to start…"),
        h("p", { class: "muted" }, s.room.title || "", " · ", h("span", { "data-live": "players" })),
      );
    case "question":
      return s.question ? questionView(s, s.question) : h("p", null, "…");
    case "reveal":
      return revealView(s);
    case "leaderboard":
      return leaderboardView(s);
    case "ended":
      return endedView(s);
    default:
      return h("p", { class: "lead" }, "Waiting…");
  }
}

/**
 * @param {StateFrame} s
 * @param {Question} q
 * @returns {HTMLElement}
 */
function questionView(s, q) {
  const mode = modeFor(q.type);
  const status = questionStatus();
  const timed = !!q.time_limit_ms;
  live.timer = timed ? h("span", { class: "timer", "aria-hidden": "true" }, "") : null;
  live.timebar = timed ? h("div", { class: "timebar", "aria-hidden": "true" }, h("div", { class: "timebar-fill" })) : null;
  live.answered = h("span", null, "");
  const head = h(
    "div",
    { class: "q-head" },
    h("span", { class: "q-number" }, `Question ${q.number ?? q.index + 1}`, s.room.question_count ? ` of ${s.room.question_count}` : ""),
    live.timer,
  );
  /** @type {import("./dom.js").Child} */
  let body;
  let statusText = "";
  if (!mode) {
    body = h("p", { class: "lead" }, "This kind of question can't be answered on this page yet. Look at the big screen!");
  } else if (q.stepped && status !== "late") {
    // A run of steps: the mode draws it and the next step's input, whatever the status.
    body = mode.playerInput(q, {
      onSubmit: submitAnswer,
      disabled: status !== "answering",
      progress: progressOf(q),
      pending: app.pending && app.pending.question === q.index ? app.pending.answer : null,
      error: app.answerError,
      me: s.me,
    });
    statusText =
      status === "answering"
        ? mode.instruction(q)
        : status === "sending"
          ? "Sending…"
          : status === "waiting"
            ? "Not sent yet: waiting for the connection…"
            : status === "timeup"
              ? "Time's up! Waiting for the results…"
              : status === "paused"
                ? "Paused by the host: wait for it to go on."
                : "Done! Waiting for the others…";
  } else if (status === "answering") {
    body = mode.playerInput(q, { onSubmit: submitAnswer, me: s.me });
    statusText = app.answerError || mode.instruction(q);
  } else if (status === "timeup") {
    body = h("div", { class: "result-card is-neutral" }, h("p", { class: "result-title" }, "Time's up!"));
    statusText = "Waiting for the answer…";
  } else {
    const unsent = status === "sending" || status === "waiting";
    const answer =
      (unsent ? app.pending?.answer : null) ||
      (app.ack && app.ack.question === q.index ? app.ack.answer : null) ||
      (s.me?.answer?.question === q.index ? answerOf(s.me.answer) : null);
    const mine = answer ? mode.summary(q, answer, s.me) : null;
    const title =
      status === "sending"
        ? h("p", { class: "result-title" }, h("span", { class: "spinner", "aria-hidden": "true" }), " Sending…")
        : status === "waiting"
          ? h("p", { class: "result-title" }, "Not sent yet")
          : status === "late"
            ? h("p", { class: "result-title" }, "Too late")
            : h("p", { class: "result-title" }, h("span", { class: "lock", "aria-hidden": "true" }, "✓ "), "Answer locked in");
    const cardClass = status === "locked" ? "is-locked" : status === "waiting" ? "is-neutral is-waiting" : "is-neutral";
    body = h(
      "div",
      { class: `result-card ${cardClass}`, "data-answer": status },
      title,
      mine ? h("p", { class: "muted" }, "Your answer") : null,
      mine,
      status === "waiting" ? h("p", { class: "muted" }, "Kept on this phone. It is sent as soon as the connection is back.") : null,
      status === "late" ? h("p", { class: "muted" }, "The question closed before your answer arrived.") : null,
    );
    statusText =
      status === "sending"
        ? "Sending your answer…"
        : status === "waiting"
          ? "Waiting for the connection…"
          : status === "late"
            ? ""
            : "Waiting for the others…";
  }
  return h(
    "div",
    { class: "question-view" },
    head,
    live.timebar,
    q.text ? h("h1", { class: `q-text${q.text.length > 120 ? " is-long" : ""}` }, q.text) : null,
    questionMedia(q, "phone"),
    body,
    h("p", { class: "status", role: "status", "aria-live": "polite" }, statusText),
    status !== "answering" && !q.stepped ? h("p", { class: "muted center" }, live.answered) : null,
  );
}

/**
 * What the phone knows about its own answer to the revealed question, beyond `me.result`:
 * the server said it came too late, or it is still waiting for the server's word on it.
 * @param {StateFrame} s
 * @returns {"late" | "checking" | ""}
 */
function revealLate(s) {
  const index = s.reveal ? s.reveal.index : s.question?.index;
  if (index === undefined) return "";
  if (app.ack && app.ack.question === index && app.ack.status === "late") return "late";
  if (app.pending && app.pending.question === index) return "checking";
  return "";
}

/**
 * @param {StateFrame} s
 * @returns {HTMLElement}
 */
function rankLine(s) {
  const me = s.me || {};
  if (!me.rank) return h("p", { class: "lead" }, `Score ${formatScore(me.score ?? 0)}`);
  return h(
    "p",
    { class: "lead rank-line" },
    "You are ",
    h("strong", null, ordinal(me.rank)),
    ` of ${s.room.players ?? "?"}`,
    h("span", { class: "muted" }, ` · ${formatScore(me.score ?? 0)} points`),
  );
}

/**
 * @param {StateFrame} s
 * @returns {HTMLElement}
 */
function revealView(s) {
  const me = s.me || {};
  const result = me.result;
  const reveal = s.reveal;
  const q = s.question && reveal && s.question.index === reveal.index ? s.question : app.lastQuestion;
  const mode = q ? modeFor(q.type) : null;
  if (q && mode && reveal && /** @type {any} */ (q).scored === false) return resultsView(s, q, mode, reveal);
  /** @type {HTMLElement} */
  let card;
  const late = revealLate(s);
  if (!result && late === "late") {
    card = h(
      "div",
      { class: "result-card is-neutral", role: "status", "aria-live": "polite" },
      h("p", { class: "result-title" }, "Too late"),
      h("p", { class: "muted" }, "Your answer reached the host after the question closed, so it does not count."),
    );
  } else if (!result && late === "checking") {
    card = h(
      "div",
      { class: "result-card is-neutral", role: "status", "aria-live": "polite" },
      h("p", { class: "result-title" }, h("span", { class: "spinner", "aria-hidden": "true" }), " Checking your answer…"),
    );
  } else if (!result) {
    card = h(
      "div",
      { class: "result-card is-neutral", role: "status", "aria-live": "polite" },
      h("p", { class: "result-title" }, "No answer"),
      h("p", { class: "muted" }, "You didn't answer this one."),
    );
  } else if (result.correct) {
    const bonus = result.streak_bonus || 0;
    card = h(
      "div",
      { class: "result-card is-correct", role: "status", "aria-live": "polite" },
      h("p", { class: "result-icon", "aria-hidden": "true" }, "✓"),
      h("p", { class: "result-title" }, "Correct!"),
      h("p", { class: "result-points" }, `+${formatScore(result.points + bonus)} points`),
      bonus ? h("p", { class: "muted" }, `${formatScore(result.points)} + ${formatScore(bonus)} streak bonus`) : null,
      me.streak && me.streak > 1 ? h("p", { class: "streak" }, `${me.streak} in a row!`) : null,
    );
  } else {
    const own = q && mode && me.answer && me.answer.question === q.index ? answerOf(me.answer) : null;
    const mine = own && q && mode ? mode.summary(q, own) : null;
    card = h(
      "div",
      { class: `result-card ${result.partial ? "is-partial" : "is-wrong"}`, role: "status", "aria-live": "polite" },
      h("p", { class: "result-icon", "aria-hidden": "true" }, result.partial ? "½" : "✗"),
      h("p", { class: "result-title" }, result.partial ? "Partly right" : "Wrong"),
      result.partial
        ? h("p", { class: "result-points" }, `+${formatScore(result.points)} points`)
        : result.points < 0
          ? h("p", { class: "result-points" }, `${formatScore(result.points)} points`)
          : h("p", { class: "muted" }, "No points this time."),
      mine ? h("div", { class: "your-answer" }, h("p", { class: "muted" }, "Your answer"), mine) : null,
    );
  }
  // A stepped question's run (a Wordle grid, the items right and wrong) as the mode draws it.
  const run = q && mode && mode.runSummary && me.progress ? mode.runSummary(q, me.progress) : null;
  return h(
    "div",
    { class: "reveal-view" },
    card,
    run,
    q && mode && reveal ? mode.rightAnswer(q, reveal) : null,
    reveal && reveal.explanation ? h("p", { class: "explanation" }, reveal.explanation) : null,
    rankLine(s),
  );
}

/**
 * The reveal of a poll, scale or word cloud: the player's own answer and the results, unless
 * the host keeps them on the big screen only. Nothing is won or lost.
 * @param {StateFrame} s
 * @param {Question} q
 * @param {import("./modes/index.js").Mode} mode
 * @param {Reveal} reveal
 * @returns {HTMLElement}
 */
function resultsView(s, q, mode, reveal) {
  const own = s.me && s.me.answer && s.me.answer.question === q.index ? answerOf(s.me.answer) : null;
  const mine = own ? mode.summary(q, own) : null;
  const late = revealLate(s) === "late";
  return h(
    "div",
    { class: "reveal-view results-view" },
    h(
      "div",
      { class: "result-card is-neutral", role: "status", "aria-live": "polite" },
      h("p", { class: "result-title" }, mine ? "Thanks!" : late ? "Too late" : "No answer"),
      mine ? h("div", { class: "your-answer" }, h("p", { class: "muted" }, "Your answer"), mine) : null,
      !mine && late ? h("p", { class: "muted" }, "Your answer reached the host after it closed.") : null,
    ),
    reveal.results_hidden
      ? h("p", { class: "lead center" }, "The results are on the big screen.")
      : h("div", { class: "phone-results" }, h("p", { class: "label" }, "Everyone's answers"), mode.board(q, { reveal })),
  );
}

/**
 * @param {StateFrame} s
 * @returns {HTMLElement}
 */
function leaderboardView(s) {
  const me = s.me || {};
  return h(
    "div",
    { class: "rank-view view-center" },
    h("p", { class: "label" }, "Your place"),
    h("p", { class: "rank-big" }, me.rank ? ordinal(me.rank) : "–"),
    h("p", { class: "lead" }, `${formatScore(me.score ?? 0)} points`, h("span", { class: "muted" }, ` · of ${plural(s.room.players ?? 0, "player")}`)),
    me.streak && me.streak > 1 ? h("p", { class: "streak" }, `${me.streak} in a row!`) : null,
    teamChip(s.room.teams, me.team),
    teamBoard(s.team_leaderboard || [], me.team),
    miniBoard(s.leaderboard || [], me.nickname),
  );
}

/**
 * @param {StateFrame} s
 * @returns {HTMLElement}
 */
function endedView(s) {
  const me = s.me || {};
  return h(
    "div",
    { class: "rank-view view-center" },
    h("p", { class: "label" }, "Game over · you finished"),
    h("p", { class: `rank-big${me.rank && me.rank <= 3 ? ` medal medal-${me.rank}` : ""}`, role: "status" }, me.rank ? ordinal(me.rank) : "–"),
    h("p", { class: "lead" }, `${formatScore(me.score ?? 0)} points`, h("span", { class: "muted" }, ` · ${plural(s.room.players ?? 0, "player")}`)),
    h("p", { class: "lead" }, "Thanks for playing!"),
    teamBoard(s.team_leaderboard || [], me.team),
    miniBoard(s.leaderboard || [], me.nickname),
    h("a", { class: "btn btn-ghost", href: "/" }, "Join another game"),
  );
}

/**
 * @param {LeaderRow[]} rows
 * @param {string | undefined} nickname
 * @returns {HTMLElement | null}
 */
function miniBoard(rows, nickname) {
  if (!rows.length) return null;
  return h(
    "ol",
    { class: "mini-board", "aria-label": "Top players" },
    rows.slice(0, 10).map((row) =>
      h(
        "li",
        { class: row.nickname === nickname ? "is-me" : null },
        h("span", { class: "mb-rank" }, String(row.rank)),
        h("span", { class: "mb-name" }, row.nickname),
        h("span", { class: "mb-score" }, formatScore(row.score)),
      ),
    ),
  );
}

// ---------------------------------------------------------------- start

function start() {
  if (!code) {
    app.fatal = { title: "No game code", text: "Type the code shown on the big screen.", icon: "?" };
    render();
    return;
  }
  setText($("#room-code"), code);
  $("#room-tag").hidden = false;
  // Best effort: show the game's title on the nickname form.
  api("/api/rooms")
    .then((data) => {
      const room = (data && data.rooms ? data.rooms : []).find((/** @type {any} */ r) => r.code === code);
      if (room && room.title && !els.joinRoomTitle.textContent) setText(els.joinRoomTitle, room.title);
    })
    .catch(() => {});
  if (app.pending && typeof app.pending.id !== "string") clearPending();
  // An answer kept by an older version of this page holds its choice, not its answer fields.
  const kept = /** @type {any} */ (app.pending);
  if (kept && !kept.answer) kept.answer = answerOf(kept);
  if (app.pending && !app.pending.answer) clearPending();
  render();
  socket.start();
}

start();
