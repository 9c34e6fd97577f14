// @ts-check
/**
 * The final wager round (`final`), a stepped mode. A phone first sees only the category and
 * wagers (0 to `progress.max_wager`, its score); then the clue appears on that phone alone and
 * it types an answer. The projector shows the category and how many have wagered and answered,
 * never the clue, until the reveal: then the clue, the right answer and every player's wager,
 * answer and outcome (`q.race.rows`). The host page also shows the clue and the accepted
 * answers while the round is open; there is no timer unless the pack sets one, so the host
 * closes the round with Reveal (or it closes when everyone has answered).
 *
 * `wagerForm` is also the Daily Double's wager control (`buzzer.js`).
 * @module modes/final
 */

import { h } from "../dom.js";
import * as typed from "./typed.js";
import { formatScore, plural } from "../common.js";

/**
 * @typedef {{nickname: string, id: string, steps: number, wager?: number, answer?: string, right?: boolean}} RaceRow
 * @typedef {import("./choice.js").Question & {category?: string, clue?: string, accepted?: string[],
 *   race?: {rows?: RaceRow[], started?: number, finished?: number}}} FinalQuestion
 * @typedef {{steps?: number, max_wager?: number, wager?: number, clue?: string, answer?: string,
 *   accepted?: string[], right?: boolean, done?: boolean}} FinalProgress
 * @typedef {object} WagerOptions
 * @property {number} max the largest wager allowed (the smallest is 0)
 * @property {(wager: number) => void} onWager
 * @property {boolean} [disabled]
 * @property {number | null} [value] a wager to show in the box (one on its way)
 * @property {string} [error] why the server refused the last wager
 * @property {string} [zeroNote] what to say when the only wager possible is 0
 * @property {string} [why] a short note under "You can wager up to N"
 */

export const TYPES = ["final"];

/** @returns {string} */
export function instruction() {
  return "Wager, then answer the clue.";
}

/**
 * A score change with its sign: +250, −250 (a real minus sign), ±0.
 * @param {number} n
 * @returns {string}
 */
export function signed(n) {
  if (n > 0) return `+${formatScore(n)}`;
  if (n < 0) return `\u2212${formatScore(-n)}`;
  return "\u00b10";
}

/**
 * A wager: a number box bounded by `max`, quick buttons (0, half, all) and a button that sends it.
 * With `max` 0 the only wager is 0: no box, a button that wagers it.
 * @param {WagerOptions} opts
 * @returns {HTMLFormElement}
 */
export function wagerForm(opts) {
  const max = Math.max(0, Math.floor(opts.max));
  const disabled = !!opts.disabled;
  const form = h("form", { class: "wager-form stack", novalidate: true });
  const error = h("p", { class: "field-error", role: "alert", hidden: !opts.error }, opts.error || "");
  if (max === 0) {
    const send = h("button", { type: "submit", class: "btn btn-primary btn-block btn-big", disabled }, "Wager 0");
    form.append(h("p", { class: "wager-max" }, opts.zeroNote || "You have no points to wager: your wager is 0."), error, send);
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      if (!disabled) opts.onWager(0);
    });
    return form;
  }
  const input = h("input", {
    class: "input input-big wager-input",
    type: "number",
    min: "0",
    max: String(max),
    step: "1",
    inputmode: "numeric",
    enterkeyhint: "send",
    autocomplete: "off",
    placeholder: `0 to ${max}`,
    "aria-label": `Your wager, 0 to ${max}`,
    disabled,
    value: typeof opts.value === "number" ? String(opts.value) : "",
  });
  const send = h("button", { type: "submit", class: "btn btn-primary btn-block btn-big" }, "Wager");
  /** @returns {number | null} the wager typed, or null when it is not one */
  const read = () => {
    const text = input.value.trim();
    if (!/^\d+$/.test(text)) return null;
    const n = Number(text);
    return n <= max ? n : null;
  };
  const update = () => {
    const n = read();
    send.disabled = disabled || n === null;
    send.textContent = n === null ? "Wager" : `Wager ${formatScore(n)}`;
    const typed = input.value.trim() !== "";
    input.setAttribute("aria-invalid", String(typed && n === null));
    if (typed && n === null) {
      error.textContent = `Wager a whole number from 0 to ${formatScore(max)}.`;
      error.hidden = false;
    } else if (!opts.error || typed) {
      error.hidden = true;
    }
  };
  const half = Math.floor(max / 2);
  const quick = [
    ["0", 0],
    [`Half · ${formatScore(half)}`, half],
    [`All · ${formatScore(max)}`, max],
  ].map(([label, n]) => {
    const btn = h("button", { type: "button", class: "btn btn-secondary wager-quick-btn", disabled }, String(label));
    btn.addEventListener("click", () => {
      input.value = String(n);
      update();
      send.focus();
    });
    return btn;
  });
  input.addEventListener("input", update);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const n = read();
    if (!disabled && n !== null) opts.onWager(n);
  });
  form.append(
    h("p", { class: "wager-max" }, "You can wager up to ", h("strong", null, formatScore(max))),
    opts.why ? h("p", { class: "hint" }, opts.why) : null,
    input,
    h("div", { class: "wager-quick", role: "group", "aria-label": "Quick wagers" }, quick),
    error,
    send,
  );
  update();
  if (opts.error) error.hidden = false;
  return form;
}

/**
 * "Final round" over the category: big until the clue is shown, then smaller.
 * @param {FinalQuestion} q
 * @param {boolean} [small]
 * @returns {HTMLElement}
 */
function heading(q, small = false) {
  return h(
    "div",
    { class: `final-head${small ? " is-small" : ""}` },
    h("p", { class: "final-kicker" }, "Final round"),
    h("p", { class: "final-category" }, q.category || ""),
  );
}

/**
 * @param {FinalQuestion} q
 * @param {import("./index.js").PlayerInputContext} ctx
 * @returns {HTMLElement}
 */
export function playerInput(q, ctx) {
  const run = /** @type {FinalProgress} */ (ctx.progress || {});
  const steps = run.steps ?? 0;
  const pending = ctx.pending || null;
  const disabled = !!ctx.disabled;
  if (steps === 0) {
    const max = run.max_wager ?? 0;
    return h(
      "div",
      { class: "final-phone" },
      heading(q),
      wagerForm({
        max,
        disabled,
        value: pending && typeof pending.wager === "number" ? pending.wager : null,
        error: ctx.error,
        onWager: (wager) => ctx.onSubmit({ wager }),
        zeroNote: "You have no points, so you can only wager 0. Answer anyway, for glory!",
        why: "Only the category is known. The clue comes after your wager.",
      }),
    );
  }
  const wagered = h("p", { class: "final-wagered" }, "Your wager: ", h("strong", null, formatScore(run.wager ?? 0)));
  const clue = h("div", { class: "final-clue", "aria-label": "The clue" }, run.clue || "");
  if (steps >= 2 || run.done) {
    return h(
      "div",
      { class: "final-phone" },
      heading(q, true),
      clue,
      h(
        "div",
        { class: "result-card is-locked final-locked", "data-answer": "locked" },
        h("p", { class: "result-title" }, h("span", { class: "lock", "aria-hidden": "true" }, "✓ "), "Locked in"),
        h("p", { class: "final-locked-line" }, "Your answer: ", h("strong", null, run.answer || "")),
        h("p", { class: "final-locked-line" }, "Wager: ", h("strong", null, formatScore(run.wager ?? 0))),
      ),
    );
  }
  // The clue's answer is typed as in "type the answer" (judged by the same rule).
  const form = typed.playerInput({ max_length: 100 }, ctx, "Lock in answer");
  return h("div", { class: "final-phone" }, heading(q, true), wagered, clue, form);
}

/**
 * @param {FinalQuestion} q
 * @param {{wager?: number, text?: string}} answer
 * @returns {HTMLElement | null}
 */
export function summary(q, answer) {
  if (typeof answer.text === "string") return h("p", { class: "typed-summary" }, answer.text);
  if (typeof answer.wager === "number") return h("p", { class: "typed-summary" }, `Wager ${formatScore(answer.wager)}`);
  return null;
}

/**
 * The phone's own run at the reveal: its answer, and the wager won or lost.
 * @param {FinalQuestion} q
 * @param {FinalProgress} progress
 * @returns {HTMLElement | null}
 */
export function runSummary(q, progress) {
  if (!progress || !progress.steps) return null;
  const wager = progress.wager ?? 0;
  const right = !!progress.right;
  return h(
    "div",
    { class: `final-run ${right ? "is-right" : "is-wrong"}` },
    h("p", { class: "label" }, `Final round · ${q.category || ""}`),
    h("p", null, "Your answer: ", progress.answer ? h("strong", null, progress.answer) : h("span", { class: "muted" }, "none")),
    h(
      "p",
      { class: "final-delta" },
      right ? "Right" : progress.answer ? "Wrong" : "No answer",
      wager ? `: ${signed(right ? wager : -wager)}` : "",
      h("span", { class: "muted" }, ` (wager ${formatScore(wager)})`),
    ),
  );
}

/**
 * @param {string[]} accepted
 * @returns {HTMLElement[]}
 */
function key(accepted) {
  return [
    h("p", { class: "key-main" }, accepted[0] || ""),
    accepted.length > 1 ? h("p", { class: "key-also muted" }, "Also accepted: ", accepted.slice(1).join(" · ")) : null,
  ].filter((el) => el !== null);
}

/** More rows than this and the results are drawn as two tables side by side. */
const ONE_TABLE = 10;

/**
 * Every player's wager, answer and outcome (the race rows after the close): one table, or two
 * side by side when there are many.
 * @param {RaceRow[]} rows
 * @returns {HTMLElement}
 */
function results(rows) {
  if (rows.length <= ONE_TABLE) return resultsTable(rows);
  const half = Math.ceil(rows.length / 2);
  return h("div", { class: "final-tables" }, resultsTable(rows.slice(0, half)), resultsTable(rows.slice(half)));
}

/**
 * @param {RaceRow[]} rows
 * @returns {HTMLElement}
 */
function resultsTable(rows) {
  return h(
    "table",
    { class: "final-table" },
    h(
      "thead",
      null,
      h(
        "tr",
        null,
        h("th", { scope: "col", class: "col-name" }, "Player"),
        h("th", { scope: "col", class: "num col-wager" }, "Wager"),
        h("th", { scope: "col", class: "col-answer" }, "Answer"),
        h("th", { scope: "col", class: "num col-result" }, "Result"),
      ),
    ),
    h(
      "tbody",
      null,
      rows.map((row) => {
        const wager = row.wager ?? 0;
        return h(
          "tr",
          { class: row.right ? "is-right" : "is-wrong" },
          h("th", { scope: "row", class: "final-name" }, row.nickname),
          h("td", { class: "num" }, formatScore(wager)),
          h("td", { class: "final-answer-cell", title: row.answer || null }, row.answer ? row.answer : h("span", { class: "muted" }, "no answer")),
          h("td", { class: "num final-outcome" }, row.right ? "✓" : "✗", wager ? ` ${signed(row.right ? wager : -wager)}` : ""),
        );
      }),
    ),
  );
}

/**
 * @param {FinalQuestion} q
 * @param {import("./index.js").BoardContext} [ctx]
 * @returns {HTMLElement}
 */
export function board(q, ctx = {}) {
  const r = ctx.reveal;
  const race = q.race || {};
  const rows = race.rows || [];
  if (r) {
    const accepted = Array.isArray(r.accepted) ? r.accepted : [];
    return h(
      "div",
      { class: "mode-board final-board is-revealed" },
      h("p", { class: "final-kicker" }, "Final round · ", q.category || ""),
      h("p", { class: "final-clue" }, String(r.clue || "")),
      h("div", { class: "final-key" }, h("p", { class: "label" }, "The answer"), ...key(accepted)),
      rows.length ? results(rows) : h("p", { class: "mode-prompt" }, "Nobody wagered."),
      h(
        "p",
        { class: "key-count" },
        `${r.right ?? 0} of ${plural(r.answered ?? rows.length, "player")} right`,
        (r.answered ?? 0) > rows.length ? ` (the first ${rows.length} shown)` : "",
      ),
    );
  }
  const started = race.started ?? rows.length;
  const finished = race.finished ?? rows.filter((row) => row.steps >= 2).length;
  return h(
    "div",
    { class: "mode-board final-board" },
    heading(q),
    h(
      "div",
      { class: "final-stats" },
      h("p", { class: "final-stat" }, h("span", { class: "final-stat-num" }, String(started)), h("span", { class: "final-stat-label" }, "wagered")),
      h("p", { class: "final-stat" }, h("span", { class: "final-stat-num" }, String(finished)), h("span", { class: "final-stat-label" }, "answered")),
    ),
    rows.length
      ? h(
          "ul",
          { class: "final-chips", "aria-label": "Players in the final" },
          rows.map((row) =>
            h(
              "li",
              { class: `final-chip${row.steps >= 2 ? " is-done" : ""}`, title: row.steps >= 2 ? "answered" : "wagered" },
              h("span", { class: "final-chip-name" }, row.nickname),
              row.steps >= 2 ? h("span", { class: "final-chip-state", "aria-label": "answered" }, "✓") : null,
            ),
          ),
        )
      : null,
    h("p", { class: "mode-prompt" }, "Wager on your phone. The clue comes after."),
    ctx.host
      ? h(
          "div",
          { class: "host-key final-host" },
          h("p", { class: "label" }, "The clue (only you see this)"),
          h("p", { class: "final-host-clue" }, q.clue || ""),
          h("p", { class: "label" }, "Accepted"),
          ...key(q.accepted || []),
          h("p", { class: "hint" }, "No timer: Reveal closes the round. Anyone who wagered but has not answered loses the wager."),
        )
      : null,
  );
}

/**
 * The phone's reveal: the clue and the right answer.
 * @param {FinalQuestion} q
 * @param {import("./index.js").Reveal} reveal
 * @returns {HTMLElement | null}
 */
export function rightAnswer(q, reveal) {
  const accepted = Array.isArray(reveal.accepted) ? reveal.accepted : [];
  if (!accepted.length && !reveal.clue) return null;
  return h(
    "div",
    { class: "answer-box final-answer-box" },
    reveal.clue ? h("p", { class: "label" }, "The clue") : null,
    reveal.clue ? h("p", { class: "final-clue" }, String(reveal.clue)) : null,
    h("p", { class: "label" }, "The right answer"),
    ...key(accepted),
  );
}
