// @ts-check
/**
 * Wordle race (`wordle`): every player guesses the same hidden five-letter word on their phone,
 * six tries each. The server colours each guess (`g` right place, `y` in the word elsewhere,
 * `-` not in the word) and never sends the word before the question closes.
 *
 * - Phone: the 6×5 grid coloured from `ctx.progress.rows`, the row being typed, and an
 *   on-screen keyboard whose keys take the best colour known for each letter; a physical
 *   keyboard works too. A refused word (`ctx.error`) keeps its letters so the player can fix it.
 * - Screen: while open, a wall of small colour-only grids (the server sends no letters) in the
 *   race's order; at the reveal, the word in big tiles and how many solved it in 1…6 tries.
 * - Host page: the same, plus the word ("only you see this").
 *
 * Colour is never the only signal: every coloured tile and key carries an accessible label
 * ("C, right place") and a mark (✓ right place, ↔ elsewhere; wordle.css), with stripes on the
 * "elsewhere" tiles, so colour-blind players can play.
 * @module modes/wordle
 */

import { h } from "../dom.js";
import { plural } from "../common.js";

/**
 * @typedef {{guess: string, colours: string}} GuessRow
 * @typedef {{steps?: number, rows?: GuessRow[], solved?: boolean, done?: boolean, word?: string}} WordleProgress
 * @typedef {{nickname: string, id?: string, steps?: number, colours?: string[], solved?: boolean, ms?: number}} Racer
 * @typedef {{rows?: Racer[], started?: number, finished?: number}} Race
 * @typedef {import("./choice.js").Question & {length?: number, tries?: number, word?: string, race?: Race}} WordleQuestion
 */

export const TYPES = ["wordle"];

const LENGTH = 5;
const TRIES = 6;
const KEY_ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];
/** What each colour means, for labels; and its class in wordle.css. */
/** @type {Record<string, string>} */
const MEANING = { g: "right place", y: "in the word, wrong place", "-": "not in the word" };
/** @type {Record<string, string>} */
const CLASS = { g: "is-right", y: "is-near", "-": "is-absent" };
/** Which colour wins on a key when a letter was seen in several. */
/** @type {Record<string, number>} */
const RANK = { g: 3, y: 2, "-": 1 };

/**
 * The phone's typing, kept across redraws: the page draws the input again whenever the run, the
 * pending step or the error changes, and the letters typed must survive that (a refused word
 * stays on the row to be fixed). `key` names the question and the row the letters are for.
 */
const draft = { key: "", text: "" };
/** The last run drawn (question and steps), so only a row that just came back flips. */
const shown = { index: -1, steps: 0 };

/**
 * The input drawn last, for the physical keyboard (one document listener for the page).
 * @type {{root: HTMLElement, type: (letter: string) => void, back: () => void, enter: () => void} | null}
 */
let active = null;
let listening = false;

/**
 * @param {KeyboardEvent} ev
 */
function onKeyDown(ev) {
  const input = active;
  if (!input || !input.root.isConnected || ev.ctrlKey || ev.metaKey || ev.altKey || ev.isComposing) return;
  const target = ev.target;
  if (target instanceof HTMLElement && (target.isContentEditable || target.closest("input, textarea, select"))) return;
  if (ev.key === "Enter") {
    // Enter on a focused button or link is that button's own (a key of the on-screen keyboard).
    if (target instanceof HTMLElement && target.closest("button, a")) return;
    ev.preventDefault();
    input.enter();
  } else if (ev.key === "Backspace") {
    ev.preventDefault();
    input.back();
  } else if (/^[a-z]$/i.test(ev.key)) {
    ev.preventDefault();
    input.type(ev.key.toLowerCase());
  }
}

/**
 * @param {WordleQuestion} q
 * @returns {string}
 */
export function instruction(q) {
  return `${tries(q) === 6 ? "Six" : tries(q)} tries. Type a word, then Enter.`;
}

/** @param {WordleQuestion} q */
function wordLength(q) {
  return q.length || LENGTH;
}

/** @param {WordleQuestion} q */
function tries(q) {
  return q.tries || TRIES;
}

/**
 * @param {unknown} value
 * @returns {GuessRow[]}
 */
function rowsOf(value) {
  if (!Array.isArray(value)) return [];
  return value.filter((r) => r && typeof r.guess === "string" && typeof r.colours === "string");
}

/**
 * One tile. With a colour, it says what it means (label, mark); a typed letter says only itself.
 * @param {string} letter lower case, or "" for an empty tile
 * @param {string} [colour] `g`, `y` or `-`
 * @param {Record<string, any>} [extra] more props (style for the flip's delay)
 * @returns {HTMLElement}
 */
function tile(letter, colour, extra = {}) {
  const meaning = colour ? MEANING[colour] : "";
  const cls = colour ? CLASS[colour] || "" : letter ? "is-typed" : "is-empty";
  const label = letter ? (meaning ? `${letter.toUpperCase()}, ${meaning}` : letter.toUpperCase()) : meaning;
  return h(
    "span",
    { class: `wordle-tile ${cls}`, role: label ? "img" : null, "aria-label": label || null, "aria-hidden": label ? null : "true", ...extra },
    letter ? letter.toUpperCase() : "",
  );
}

/**
 * A guessed row, with its colours.
 * @param {GuessRow} row
 * @param {number} number counted from 1
 * @param {boolean} [flip] it just came back: turn its tiles one by one
 * @returns {HTMLElement}
 */
function guessRow(row, number, flip = false) {
  const letters = row.guess.split("");
  return h(
    "div",
    { class: `wordle-row is-done${flip ? " is-new" : ""}`, role: "group", "aria-label": `Guess ${number}: ${row.guess.toUpperCase()}` },
    letters.map((letter, i) => tile(letter, row.colours[i] || "-", { style: { "--i": String(i) } })),
  );
}

/**
 * The best colour known for each letter, from the rows so far.
 * @param {GuessRow[]} rows
 * @returns {Map<string, string>}
 */
function letterColours(rows) {
  /** @type {Map<string, string>} */
  const best = new Map();
  for (const row of rows) {
    row.guess.split("").forEach((letter, i) => {
      const colour = row.colours[i] || "-";
      const known = best.get(letter);
      if (!known || (RANK[colour] || 0) > (RANK[known] || 0)) {
        best.set(letter, colour);
      }
    });
  }
  return best;
}

/**
 * @param {WordleQuestion} q
 * @param {import("./index.js").PlayerInputContext} ctx
 * @returns {HTMLElement}
 */
export function playerInput(q, ctx) {
  const length = wordLength(q);
  const total = tries(q);
  const progress = /** @type {WordleProgress} */ (ctx.progress || {});
  const rows = rowsOf(progress.rows);
  const steps = rows.length;
  const solved = !!progress.solved;
  const done = !!progress.done || solved || steps >= total;
  const disabled = !!ctx.disabled || done;
  const pending = ctx.pending && typeof ctx.pending.guess === "string" ? ctx.pending.guess.toLowerCase().slice(0, length) : "";

  const index = typeof q.index === "number" ? q.index : -1;
  const key = `${index}:${steps}`;
  if (draft.key !== key) {
    draft.key = key;
    draft.text = "";
  }
  if (pending) draft.text = pending; // kept after a refusal, to be fixed
  const flipRow = shown.index === index && steps > shown.steps ? steps - 1 : -1;
  shown.index = index;
  shown.steps = steps;

  /** @type {HTMLElement[]} the tiles of the row being typed */
  let current = [];
  /** @type {HTMLElement | null} */
  let currentRow = null;
  const grid = h(
    "div",
    { class: "wordle-grid", role: "group", "aria-label": `Your guesses: ${steps} of ${total}` },
    Array.from({ length: total }, (_, r) => {
      if (r < steps) return guessRow(rows[r], r + 1, r === flipRow);
      if (r === steps && !done) {
        current = Array.from({ length }, () => tile(""));
        currentRow = h(
          "div",
          { class: `wordle-row is-current${pending ? " is-sending" : ""}`, role: "group", "aria-label": "The word you are typing" },
          current,
        );
        return currentRow;
      }
      return h("div", { class: "wordle-row", "aria-hidden": "true" }, Array.from({ length }, () => tile("")));
    }),
  );

  const message = h("p", { class: `wordle-message${ctx.error ? " is-error" : ""}`, role: "alert" }, ctx.error || "");
  const outcome = done
    ? h(
        "p",
        { class: `wordle-outcome ${solved ? "is-solved" : "is-out"}` },
        solved ? `Solved in ${steps}!` : steps >= total ? "Out of tries" : "Done",
      )
    : null;

  const colours = letterColours(rows);
  /**
   * @param {string} letter
   * @returns {HTMLButtonElement}
   */
  const letterKey = (letter) => {
    const colour = colours.get(letter);
    const meaning = colour ? MEANING[colour] : "";
    const button = h(
      "button",
      {
        type: "button",
        class: `wordle-key${colour ? ` ${CLASS[colour]}` : ""}`,
        "aria-label": meaning ? `${letter.toUpperCase()}, ${meaning}` : letter.toUpperCase(),
        "data-key": letter,
        disabled,
      },
      letter.toUpperCase(),
    );
    button.addEventListener("click", () => type(letter));
    return button;
  };
  const enterKey = h("button", { type: "button", class: "wordle-key is-wide", "data-key": "enter", disabled }, "Enter");
  enterKey.addEventListener("click", () => enter());
  const backKey = h("button", { type: "button", class: "wordle-key is-wide", "data-key": "back", "aria-label": "Delete letter", disabled }, "⌫");
  backKey.addEventListener("click", () => back());
  const keyboard = done
    ? null
    : h(
        "div",
        { class: "wordle-keyboard", role: "group", "aria-label": "Keyboard" },
        h("div", { class: "wordle-keys" }, KEY_ROWS[0].split("").map(letterKey)),
        h("div", { class: "wordle-keys" }, KEY_ROWS[1].split("").map(letterKey)),
        h("div", { class: "wordle-keys" }, enterKey, KEY_ROWS[2].split("").map(letterKey), backKey),
      );
  // A tap leaves no key focused: a physical Enter then sends the word instead of pressing that key.
  keyboard?.addEventListener("mousedown", (ev) => ev.preventDefault());

  const root = h("div", { class: `wordle${done ? " is-done" : ""}` }, grid, message, outcome, keyboard);

  function draw() {
    current.forEach((el, i) => {
      const letter = draft.text[i] || "";
      el.textContent = letter.toUpperCase();
      el.className = `wordle-tile ${letter ? "is-typed" : "is-empty"}`;
      if (letter) {
        el.setAttribute("role", "img");
        el.setAttribute("aria-label", letter.toUpperCase());
        el.removeAttribute("aria-hidden");
      } else {
        el.removeAttribute("role");
        el.removeAttribute("aria-label");
        el.setAttribute("aria-hidden", "true");
      }
    });
    if (currentRow) currentRow.setAttribute("aria-label", draft.text ? `You typed ${draft.text.toUpperCase()}` : "The word you are typing");
  }

  /** @param {string} text */
  function say(text) {
    message.textContent = text;
    message.classList.toggle("is-error", false);
  }

  /** @param {string} letter */
  function type(letter) {
    if (disabled || draft.text.length >= length) return;
    draft.text += letter;
    say("");
    draw();
  }

  function back() {
    if (disabled || !draft.text) return;
    draft.text = draft.text.slice(0, -1);
    say("");
    draw();
  }

  function enter() {
    if (disabled) return;
    if (draft.text.length < length) {
      say("Not enough letters");
      if (currentRow) {
        currentRow.classList.remove("is-shaking");
        void currentRow.offsetWidth; // restart the shake
        currentRow.classList.add("is-shaking");
      }
      return;
    }
    ctx.onSubmit({ guess: draft.text });
  }

  draw();
  active = { root, type, back, enter };
  if (!listening) {
    document.addEventListener("keydown", onKeyDown);
    listening = true;
  }
  return root;
}

/**
 * One guess drawn compactly (a run is drawn by `runSummary`).
 * @param {WordleQuestion} q
 * @param {{guess?: string | string[]}} answer
 * @returns {HTMLElement | null}
 */
export function summary(q, answer) {
  const guesses = Array.isArray(answer.guess) ? answer.guess : typeof answer.guess === "string" ? [answer.guess] : [];
  if (!guesses.length) return null;
  return h("p", { class: "typed-summary wordle-summary" }, guesses.map((g) => String(g).toUpperCase()).join(" · "));
}

/**
 * The word in big green tiles.
 * @param {string} word
 * @param {string} [cls]
 * @returns {HTMLElement}
 */
function wordTiles(word, cls = "") {
  return h(
    "div",
    { class: `wordle-row wordle-word ${cls}`, role: "img", "aria-label": `The word: ${word.toUpperCase()}` },
    word.split("").map((letter) => h("span", { class: "wordle-tile is-right is-plain", "aria-hidden": "true" }, letter.toUpperCase())),
  );
}

/**
 * A player's grid on the screen: colours only (the server sends no letters).
 * @param {Racer} racer
 * @param {number} total tries
 * @param {number} length
 * @returns {HTMLElement}
 */
function miniGrid(racer, total, length) {
  const colours = Array.isArray(racer.colours) ? racer.colours : [];
  return h(
    "div",
    { class: "wordle-mini", "aria-hidden": "true" },
    Array.from({ length: total }, (_, r) =>
      Array.from({ length }, (_, i) => {
        const colour = colours[r] ? colours[r][i] || "-" : "";
        return h("span", { class: `wordle-tile ${colour ? CLASS[colour] || "" : "is-empty"}` });
      }),
    ),
  );
}

/**
 * The race: one small grid per player, in the server's order.
 * @param {Racer[]} rows
 * @param {number} total tries
 * @param {number} length
 * @returns {HTMLElement}
 */
function raceWall(rows, total, length) {
  const size = rows.length <= 4 ? "is-few" : rows.length <= 8 ? "is-some" : rows.length <= 12 ? "is-many" : "is-crowd";
  return h(
    "ol",
    { class: `wordle-race ${size}`, "aria-label": "The race" },
    rows.map((racer, place) => {
      const steps = racer.steps ?? (racer.colours || []).length;
      const out = !racer.solved && steps >= total;
      const state = racer.solved ? `solved in ${steps}` : out ? "out of tries" : `${steps} of ${total} tries`;
      return h(
        "li",
        { class: `wordle-racer${racer.solved ? " is-solved" : ""}${out ? " is-out" : ""}`, "aria-label": `${place + 1}. ${racer.nickname}: ${state}` },
        h(
          "span",
          { class: "wordle-racer-head", "aria-hidden": "true" },
          h("span", { class: "wordle-place" }, String(place + 1)),
          h("span", { class: "wordle-name" }, racer.nickname),
        ),
        miniGrid(racer, total, length),
        h(
          "span",
          { class: "wordle-tries", "aria-hidden": "true" },
          racer.solved ? h("span", { class: "wordle-badge" }, "✓", h("span", { class: "wordle-badge-word" }, " Solved")) : null,
          ` ${steps}/${total}`,
        ),
      );
    }),
  );
}

/**
 * How many solved and finished, from the race.
 * @param {Race} race
 * @param {number} total
 * @returns {string}
 */
function raceLine(race, total) {
  const rows = race.rows || [];
  const started = race.started ?? rows.length;
  const finished = race.finished ?? rows.filter((r) => r.solved || (r.steps ?? 0) >= total).length;
  const solvedShown = rows.filter((r) => r.solved).length;
  // Only the leaders are sent: when every one shown solved it, more may have.
  const solved = rows.length < started && solvedShown === rows.length && solvedShown > 0 ? `${solvedShown}+` : String(solvedShown);
  return `${solved} of ${started} solved · ${finished} of ${started} finished`;
}

/**
 * Solved per number of tries, as bars.
 * @param {number[]} byTries
 * @returns {HTMLElement}
 */
function triesChart(byTries) {
  const most = Math.max(1, ...byTries);
  return h(
    "ol",
    { class: "wordle-chart", "aria-label": "Solved per number of tries" },
    byTries.map((count, i) =>
      h(
        "li",
        { class: `wordle-bar${count === most && count > 0 ? " is-top" : ""}`, "aria-label": `${plural(i + 1, "try", "tries")}: ${plural(count, "player")}` },
        h("span", { class: "wordle-bar-label", "aria-hidden": "true" }, String(i + 1)),
        h(
          "span",
          { class: "wordle-bar-track", "aria-hidden": "true" },
          h("span", { class: "wordle-bar-fill", style: { "--share": String(count / most) } }, String(count)),
        ),
      ),
    ),
  );
}

/**
 * @param {WordleQuestion} q
 * @param {import("./index.js").BoardContext} [ctx]
 * @returns {HTMLElement}
 */
export function board(q, ctx = {}) {
  const r = ctx.reveal;
  const total = tries(q);
  const length = wordLength(q);
  const race = q.race || {};
  const rows = Array.isArray(race.rows) ? race.rows : [];
  if (r) {
    const word = typeof r.word === "string" ? r.word : typeof q.word === "string" ? q.word : "";
    const byTries = Array.isArray(r.by_tries) ? r.by_tries : [];
    const solved = r.solved ?? byTries.reduce((a, b) => a + b, 0);
    return h(
      "div",
      { class: "mode-board wordle-board is-revealed" },
      word ? wordTiles(word) : null,
      h("p", { class: "mode-prompt wordle-count" }, `${solved} of ${plural(r.answered ?? 0, "player")} solved it`),
      h(
        "div",
        { class: "wordle-reveal-body" },
        h("div", { class: "wordle-chart-box" }, h("p", { class: "label" }, "Solved in … tries"), triesChart(byTries.length ? byTries : Array(total).fill(0))),
        rows.length ? raceWall(rows.slice(0, 3), total, length) : null,
      ),
    );
  }
  const secret =
    ctx.host && typeof q.word === "string" && q.word
      ? h("div", { class: "host-key" }, h("p", { class: "label" }, "The word (only you see this)"), h("p", { class: "key-main" }, q.word.toUpperCase()))
      : null;
  return h(
    "div",
    { class: "mode-board wordle-board" },
    secret,
    rows.length
      ? [h("p", { class: "mode-prompt wordle-count" }, raceLine(race, total)), raceWall(rows, total, length)]
      : h("p", { class: "mode-prompt" }, `Guess the word on your phone: ${plural(total, "try", "tries")} each`),
  );
}

/**
 * The phone's reveal: its own grid and the word.
 * @param {WordleQuestion} q
 * @param {Record<string, any>} progress
 * @returns {HTMLElement | null}
 */
export function runSummary(q, progress) {
  const rows = rowsOf(progress.rows);
  const word = typeof progress.word === "string" ? progress.word : "";
  if (!rows.length && !word) return null;
  return h(
    "div",
    { class: "wordle wordle-run" },
    rows.length
      ? [
          h("p", { class: "muted" }, progress.solved ? `Your grid: solved in ${rows.length}` : "Your grid"),
          h("div", { class: "wordle-grid", role: "group", "aria-label": `Your guesses: ${rows.length}` }, rows.map((row, i) => guessRow(row, i + 1))),
        ]
      : null,
    word ? [h("p", { class: "label" }, "The word"), wordTiles(word, "is-big")] : null,
  );
}

/**
 * The word is in the run's summary (`runSummary`), which the phone's reveal always has.
 * @returns {null}
 */
export function rightAnswer() {
  return null;
}
