// @ts-check
/**
 * Lightning round (`lightning`): N questions in D minutes, each phone at its own pace.
 *
 * - Phone: "Item k of N", a strip of the items done (✓ right, ½ partly right, ✗ wrong: a
 *   colour and a symbol each), the round's points so far, and the next item drawn by its own
 *   type's module (choice, typed, number, order). Its answer fields go to `ctx.onSubmit`
 *   unchanged (the page adds the step). Each ack brings the next item at once, with a brief
 *   ✓/✗ flash of the last result (none with reduced motion; the strip and the "last" chip
 *   still say it). When all are answered: "All N answered: X right".
 * - Screen: while open, the live race from `q.race.rows` (never anyone's answers): a bar per
 *   player of the items answered out of N with the right ones in green, in the server's
 *   order; at the reveal, the items with their right answers and how many answered each.
 * - Host page: the same, plus every item with its key while the round is open (`q.items`).
 * @module modes/lightning
 */

import { h } from "../dom.js";
import { formatScore, plural } from "../common.js";
import { questionMedia } from "../media.js";
import { colourClass, shapeIcon } from "../shapes.js";
import * as choice from "./choice.js";
import * as number from "./number.js";
import * as order from "./order.js";
import * as typed from "./typed.js";

/**
 * @typedef {"right" | "partial" | "wrong"} Result
 * @typedef {Record<string, any> & {type: string, text: string, number?: number}} Item
 * @typedef {{steps?: number, count?: number, results?: Result[], points?: number, item?: Item, done?: boolean}} LightningProgress
 * @typedef {{nickname: string, id?: string, steps?: number, count?: number, right?: number, ms?: number}} Racer
 * @typedef {{rows?: Racer[], started?: number, finished?: number}} Race
 * @typedef {import("./choice.js").Question & {count?: number, race?: Race, items?: Item[]}} LightningQuestion
 */

export const TYPES = ["lightning"];

/**
 * The item types a round holds, each drawn by its own mode (imported directly: index.js imports this module).
 * @type {import("./index.js").Mode[]}
 */
const ITEM_MODES = [choice, typed, number, order];

/** How each result is shown: a symbol (never colour alone) and words for screen readers. */
const MARK = { right: "✓", partial: "½", wrong: "✗" };
const WORDS = { right: "right", partial: "partly right", wrong: "wrong" };
const SHORT = { right: "Right", partial: "Partly", wrong: "Wrong" };

/** The last run drawn (question and steps), so only a result that just came back flashes. */
const shown = { index: -1, steps: 0 };

/**
 * @param {string} type
 * @returns {import("./index.js").Mode | null}
 */
function itemMode(type) {
  return ITEM_MODES.find((m) => m.TYPES.includes(type)) || null;
}

/**
 * @param {unknown} value
 * @returns {Result}
 */
function asResult(value) {
  return value === "right" || value === "partial" ? value : "wrong";
}

/**
 * @param {LightningQuestion} q
 * @returns {string}
 */
export function instruction(q) {
  return `${plural(q.count ?? 0, "question")} at your own pace: the next comes as soon as you answer.`;
}

/**
 * Whether the run has grown since it was last drawn (so its newest result should flash).
 * @param {LightningQuestion} q
 * @param {number} steps
 * @returns {boolean}
 */
function grew(q, steps) {
  const fresh = shown.index === q.index && steps > shown.steps;
  if (shown.index !== q.index || steps > shown.steps) {
    shown.index = q.index;
    shown.steps = steps;
  }
  return fresh;
}

/**
 * The run as a strip of cells: one per item, the answered ones marked.
 * @param {number} count
 * @param {Result[]} results
 * @param {number | null} now the item being answered (counted from 0), or null
 * @returns {HTMLElement}
 */
function strip(count, results, now) {
  const cells = [];
  for (let i = 0; i < count; i++) {
    if (i < results.length) {
      const r = asResult(results[i]);
      cells.push(h("li", { class: `lt-cell is-${r}`, "aria-label": `Item ${i + 1}: ${WORDS[r]}` }, MARK[r]));
    } else if (i === now) {
      cells.push(h("li", { class: "lt-cell is-now", "aria-label": `Item ${i + 1}: now` }, String(i + 1)));
    } else {
      cells.push(h("li", { class: "lt-cell is-todo", "aria-label": `Item ${i + 1}: to do` }));
    }
  }
  return h("ol", { class: `lt-strip${count > 20 ? " is-long" : ""}`, "aria-label": "Your answers so far" }, cells);
}

/**
 * @param {Result[]} results
 * @returns {number}
 */
function rightCount(results) {
  return results.filter((r) => r === "right").length;
}

/**
 * The phone: the run so far and the next item, drawn by the item's own mode.
 * @param {LightningQuestion} q
 * @param {import("./index.js").PlayerInputContext} ctx
 * @returns {HTMLElement}
 */
export function playerInput(q, ctx) {
  /** @type {LightningProgress} */
  const progress = ctx.progress || {};
  const count = progress.count ?? q.count ?? 0;
  const results = (Array.isArray(progress.results) ? progress.results : []).map(asResult);
  const points = progress.points ?? 0;
  const fresh = grew(q, results.length);
  const last = results.length ? results[results.length - 1] : null;
  const item = !progress.done && progress.item ? progress.item : null;
  const pointsLine = h("p", { class: "lt-points" }, `${formatScore(points)} points`);

  if (!ctx.progress) {
    return h("div", { class: "lt-phone" }, h("p", { class: "lead center" }, "Get ready…"));
  }
  if (!item) {
    return h(
      "div",
      { class: "lt-phone is-done", "data-lightning": "done" },
      h("p", { class: "lt-done-title" }, `All ${count} answered: ${rightCount(results)} right`),
      strip(count, results, null),
      pointsLine,
      fresh && last ? flash(last) : null,
    );
  }

  const k = item.number ?? results.length + 1;
  const mode = itemMode(item.type);
  const pending = ctx.pending || null;
  /** @type {import("../dom.js").Child} */
  let answer;
  if (!mode) {
    answer = h("p", { class: "lead" }, "This kind of question can't be answered on this page yet.");
  } else if (pending) {
    answer = h(
      "div",
      { class: "lt-sending" },
      h("p", { class: "muted" }, h("span", { class: "spinner", "aria-hidden": "true" }), " Your answer"),
      mode.summary(item, pending),
    );
  } else {
    const hint = item.type === "multi" || item.type === "order" ? h("p", { class: "lt-hint muted" }, mode.instruction(item)) : null;
    answer = h(
      "fieldset",
      { class: "lt-fields", disabled: !!ctx.disabled },
      h("legend", { class: "sr-only" }, `Item ${k}`),
      hint,
      mode.playerInput(item, {
        disabled: !!ctx.disabled,
        onSubmit: (/** @type {import("./index.js").Answer} */ fields) => {
          if (!ctx.disabled) ctx.onSubmit(fields);
        },
      }),
    );
  }
  return h(
    "div",
    { class: "lt-phone", "data-lightning": String(k) },
    h(
      "div",
      { class: "lt-top" },
      h("p", { class: "lt-count" }, `Item ${k} of ${count}`),
      last
        ? h(
            "p",
            { class: `lt-last is-${last}`, role: "status", "aria-label": `Last one ${WORDS[last]}` },
            `${MARK[last]} ${SHORT[last]}`,
          )
        : null,
      pointsLine,
    ),
    strip(count, results, k - 1),
    ctx.error ? h("p", { class: "field-error lt-error", role: "alert" }, ctx.error) : null,
    h(
      "div",
      { class: "lt-item" },
      h("h2", { class: "lt-item-text" }, item.text),
      questionMedia(item, "phone"),
      answer,
      fresh && last ? flash(last) : null,
    ),
  );
}

/**
 * A brief big ✓ / ½ / ✗ over the next item (decorative: the "last one" chip says it in words).
 * @param {Result} r
 * @returns {HTMLElement}
 */
function flash(r) {
  return h("div", { class: `lt-flash is-${r}`, "aria-hidden": "true" }, h("span", { class: "lt-flash-mark" }, MARK[r]));
}

/**
 * The phone's reveal: the run's strip and its points.
 * @param {LightningQuestion} q
 * @param {Record<string, any>} progress
 * @returns {HTMLElement | null}
 */
export function runSummary(q, progress) {
  const results = (Array.isArray(progress.results) ? progress.results : []).map(asResult);
  const count = progress.count ?? q.count ?? results.length;
  return h(
    "div",
    { class: "lt-run" },
    strip(count, results, null),
    h(
      "p",
      { class: "lt-run-line" },
      `${rightCount(results)} of ${count} right`,
      h("span", { class: "muted" }, ` · ${formatScore(progress.points ?? 0)} points`),
    ),
  );
}

/**
 * An item's answer key in a few words: the right option(s), the accepted answer, the number,
 * the right order.
 * @param {Item} item its key fields (the host's `q.items`, or a reveal's `items`)
 * @returns {import("../dom.js").Child}
 */
function keyOf(item) {
  if (choice.TYPES.includes(item.type)) {
    const labels = choice.optionsOf(/** @type {any} */ (item));
    const correct = Array.isArray(item.correct) ? item.correct : [];
    return correct.map((i) =>
      h("span", { class: `lt-key-opt ${colourClass(i)}` }, shapeIcon(i), h("span", null, labels[i] ?? "?")),
    );
  }
  if (item.type === "typed") {
    const accepted = Array.isArray(item.accepted) ? item.accepted : [];
    return [accepted[0] ?? "", accepted.length > 1 ? h("small", { class: "muted" }, ` (or ${accepted.slice(1).join(", ")})`) : null];
  }
  if (item.type === "number" && typeof item.answer === "number") {
    const unit = item.unit ? ` ${item.unit}` : "";
    const tolerance = typeof item.tolerance === "number" && item.tolerance > 0 ? ` ± ${number.formatNumber(item.tolerance)}` : "";
    return `${number.formatNumber(item.answer)}${unit}${tolerance}`;
  }
  if (item.type === "order" && Array.isArray(item.correct)) {
    const labels = Array.isArray(item.options) ? item.options : [];
    return item.correct.map((i) => labels[i] ?? "?").join(" → ");
  }
  return "";
}

/**
 * How many got an item right, when its reveal says (a multiple choice does not).
 * @param {Item} item
 * @returns {number | null}
 */
function rightOf(item) {
  if (typeof item.right === "number") return item.right;
  if ((item.type === "single" || item.type === "truefalse") && Array.isArray(item.counts) && Array.isArray(item.correct)) {
    return item.correct.reduce((sum, i) => sum + (item.counts[i] ?? 0), 0);
  }
  return null;
}

/**
 * The items with their keys, numbered; with a reveal's counts, how many answered and got each right.
 * @param {Item[]} items
 * @param {boolean} counted the items carry their reveal counts
 * @returns {HTMLElement}
 */
function keyList(items, counted) {
  return h(
    "ol",
    { class: `lt-keys${counted ? "" : " is-plain"}${items.length > 8 ? " is-many" : ""}`, "aria-label": "The answers" },
    items.map((item, i) => {
      const right = counted ? rightOf(item) : null;
      const answered = item.answered ?? 0;
      return h(
        "li",
        { class: "lt-key" },
        h("span", { class: "lt-key-num" }, String(i + 1)),
        h("span", { class: "lt-key-text" }, item.text),
        h("span", { class: "lt-key-answer" }, keyOf(item)),
        counted
          ? h(
              "span",
              { class: "lt-key-count" },
              right === null ? `${answered} answered` : `${right} of ${answered} right`,
            )
          : null,
      );
    }),
  );
}

/**
 * One player's line in the race: items answered out of N, the right ones in green.
 * @param {Racer} racer
 * @param {number} place counted from 0
 * @param {number} count
 * @returns {HTMLElement}
 */
function raceRow(racer, place, count) {
  const n = racer.count || count || 1;
  const steps = Math.min(racer.steps ?? 0, n);
  const right = Math.min(racer.right ?? 0, steps);
  const done = steps >= n;
  const pct = (/** @type {number} */ x) => `${((x / n) * 100).toFixed(2)}%`;
  return h(
    "li",
    {
      class: `lt-row${done ? " is-done" : ""}`,
      "aria-label": `${place + 1}. ${racer.nickname}: ${steps} of ${n} answered, ${right} right${done ? ", finished" : ""}`,
    },
    h("span", { class: "lt-place", "aria-hidden": "true" }, String(place + 1)),
    h("span", { class: "lt-name", "aria-hidden": "true" }, racer.nickname),
    h(
      "span",
      { class: "lt-track", "aria-hidden": "true", style: { "--n": String(n) } },
      h("span", { class: "lt-fill is-answered", style: { width: pct(steps) } }),
      h("span", { class: "lt-fill is-right", style: { width: pct(right) } }),
    ),
    h(
      "span",
      { class: "lt-tally", "aria-hidden": "true" },
      h("span", { class: "lt-tally-right" }, `${right} ✓`),
      h("span", { class: "lt-tally-steps" }, done ? "done" : `${steps}/${n}`),
    ),
  );
}

/**
 * The live race: every player's progress (never their answers), in the server's order.
 * @param {LightningQuestion} q
 * @param {number | null} players how many play (when the page knows), else those who started
 * @returns {HTMLElement}
 */
function race(q, players) {
  const race = q.race || {};
  const rows = Array.isArray(race.rows) ? race.rows : [];
  const count = q.count ?? 0;
  if (!rows.length) {
    return h(
      "div",
      { class: "lt-race-box is-empty" },
      h("p", { class: "mode-icon", "aria-hidden": "true" }, "⚡"),
      h("p", { class: "mode-prompt" }, `${count ? `${plural(count, "question")}: a` : "A"}nswer them on your phone, as fast as you can`),
    );
  }
  // One column for a few players; two for more, smaller from 13 on (24 rows at most).
  const many = rows.length > 6;
  return h(
    "div",
    { class: "lt-race-box" },
    h(
      "ol",
      {
        class: `lt-race${rows.length <= 3 ? " is-few" : ""}${many ? " is-many" : ""}${rows.length > 12 ? " is-crowd" : ""}`,
        "aria-label": "The race",
        style: many ? { "--half": String(Math.ceil(rows.length / 2)) } : null,
      },
      rows.map((racer, place) => raceRow(racer, place, count)),
    ),
    h(
      "p",
      { class: "lt-race-foot" },
      h("span", { class: "lt-finished" }, `${race.finished ?? 0} of ${players ?? race.started ?? rows.length} finished`),
      h("span", { class: "lt-legend" }, h("span", { class: "lt-swatch is-right", "aria-hidden": "true" }), "right"),
      h("span", { class: "lt-legend" }, h("span", { class: "lt-swatch is-answered", "aria-hidden": "true" }), "answered"),
    ),
  );
}

/**
 * The projector and the host page: the race while open (the host also gets the keys), the
 * items with their keys at the reveal.
 * @param {LightningQuestion} q
 * @param {import("./index.js").BoardContext} [ctx]
 * @returns {HTMLElement}
 */
export function board(q, ctx = {}) {
  const r = ctx.reveal;
  if (r) {
    const items = Array.isArray(r.items) ? r.items : [];
    return h(
      "div",
      { class: "mode-board lt-board is-revealed" },
      keyList(items, true),
      h(
        "p",
        { class: "key-count" },
        `${r.finished ?? 0} of ${plural(r.answered ?? 0, "player")} answered all ${items.length || q.count || 0}`,
      ),
    );
  }
  return h(
    "div",
    { class: `mode-board lt-board${ctx.host ? " is-host" : ""}` },
    race(q, Array.isArray(ctx.players) ? ctx.players.length : null),
    ctx.host && Array.isArray(q.items)
      ? h("div", { class: "host-key lt-host-keys" }, h("p", { class: "label" }, "The answers (only you see this)"), keyList(q.items, false))
      : null,
  );
}

/**
 * A lightning round has no one answer to sum up: the phone's reveal draws the run
 * (`runSummary`) and the keys (`rightAnswer`).
 * @returns {null}
 */
export function summary() {
  return null;
}

/**
 * The phone's reveal: every item with its key.
 * @param {LightningQuestion} q
 * @param {import("./index.js").Reveal} reveal
 * @returns {HTMLElement | null}
 */
export function rightAnswer(q, reveal) {
  const items = Array.isArray(reveal.items) ? reveal.items : [];
  if (!items.length) return null;
  return h("div", { class: "answer-box lt-answers" }, h("p", { class: "label" }, "The answers"), keyList(items, false));
}
