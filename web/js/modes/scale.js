// @ts-check
/**
 * Scales and ratings (`scale`): phones tap a number from `min` to `max`; the projector shows
 * how many picked each value as columns, and the mean.
 * @module modes/scale
 */

import { h } from "../dom.js";
import { plural } from "../common.js";
import { votes } from "./poll.js";

/**
 * @typedef {import("./choice.js").Question & {min?: number, max?: number, labels?: string[],
 *   live?: {counts?: number[], mean?: number | null}, votes?: {nickname: string, answer: string}[]}} ScaleQuestion
 */

export const TYPES = ["scale"];

/** @returns {string} */
export function instruction() {
  return "Tap a number.";
}

/**
 * @param {ScaleQuestion} q
 * @returns {number[]}
 */
function values(q) {
  const min = q.min ?? 1;
  const max = q.max ?? 5;
  return Array.from({ length: max - min + 1 }, (_, i) => min + i);
}

/**
 * @param {ScaleQuestion} q
 * @returns {HTMLElement | null}
 */
function ends(q) {
  if (!q.labels || q.labels.length !== 2) return null;
  return h("p", { class: "scale-labels" }, h("span", null, `${q.min ?? 1}: ${q.labels[0]}`), h("span", null, `${q.max ?? 5}: ${q.labels[1]}`));
}

/**
 * @param {ScaleQuestion} q
 * @param {import("./index.js").PlayerInputContext} ctx
 * @returns {HTMLElement}
 */
export function playerInput(q, ctx) {
  const all = values(q);
  return h(
    "div",
    { class: "stack" },
    h(
      "div",
      { class: `scale-buttons${all.length > 6 ? " is-wide" : ""}`, role: "group", "aria-label": "Your rating" },
      all.map((n) => {
        const btn = h("button", { type: "button", class: "scale-button" }, String(n));
        btn.addEventListener("click", () => ctx.onSubmit({ number: n }));
        return btn;
      }),
    ),
    ends(q),
  );
}

/**
 * @param {ScaleQuestion} q
 * @param {{number?: number}} answer
 * @returns {HTMLElement | null}
 */
export function summary(q, answer) {
  return typeof answer.number === "number" ? h("p", { class: "number-summary" }, String(answer.number)) : null;
}

/**
 * @param {ScaleQuestion} q
 * @param {import("./index.js").BoardContext} [ctx]
 * @returns {HTMLElement}
 */
export function board(q, ctx = {}) {
  const r = ctx.reveal;
  if (r && r.results_hidden) return h("p", { class: "mode-prompt" }, "The results are on the big screen.");
  const all = values(q);
  const counts = (r && r.counts) || (q.live && q.live.counts) || all.map(() => 0);
  const mean = r ? r.mean : q.live ? q.live.mean : null;
  const most = Math.max(1, ...counts);
  return h(
    "div",
    { class: `mode-board scale-board${r ? " is-revealed" : ""}` },
    h(
      "ol",
      { class: "columns", "aria-label": "Answers per value" },
      all.map((n, i) =>
        h(
          "li",
          { class: "column", "aria-label": `${n}: ${plural(counts[i] || 0, "answer")}` },
          h("span", { class: "column-count", "aria-hidden": "true" }, String(counts[i] || 0)),
          h("span", { class: "column-bar", style: { "--share": String((counts[i] || 0) / most) }, "aria-hidden": "true" }),
          h("span", { class: "column-value", "aria-hidden": "true" }, String(n)),
        ),
      ),
    ),
    ends(q),
    h("p", { class: "key-count" }, typeof mean === "number" ? `Mean ${mean.toFixed(2).replace(/\.?0+$/, "")}` : "No answers yet"),
    ctx.host && q.votes ? votes(q.votes) : null,
  );
}

/** @returns {null} */
export function rightAnswer() {
  return null;
}
