// @ts-check
/**
 * Polls (`poll`): no right answer. Phones pick one option (or several when `multiple`); the
 * projector draws the votes as bars while the poll is open; phones see the bars after the
 * close if the host shows results. The bars are shared with `scale.js` (`bars`).
 * @module modes/poll
 */

import { h } from "../dom.js";
import { plural } from "../common.js";
import { colourClass, letter } from "../shapes.js";

/**
 * @typedef {import("./choice.js").Question & {multiple?: boolean, live?: {counts?: number[]},
 *   votes?: {nickname: string, answer: string}[]}} PollQuestion
 */

export const TYPES = ["poll"];

/**
 * @param {PollQuestion} q
 * @returns {string}
 */
export function instruction(q) {
  return q.multiple ? "Pick all you like, then press Send." : "Pick one.";
}

/**
 * @param {number} i
 * @returns {HTMLElement}
 */
function tag(i) {
  return h("span", { class: `order-tag ${colourClass(i)}`, "aria-hidden": "true" }, letter(i));
}

/**
 * @param {PollQuestion} q
 * @param {import("./index.js").PlayerInputContext} ctx
 * @returns {HTMLElement}
 */
export function playerInput(q, ctx) {
  const labels = q.options || [];
  /** @type {Set<number>} */
  const picked = new Set();
  const send = h("button", { type: "button", class: "btn btn-primary btn-block btn-big", disabled: true }, "Send");
  const list = h(
    "div",
    { class: "poll-options", role: "group", "aria-label": "Options" },
    labels.map((label, i) => {
      const btn = h(
        "button",
        { type: "button", class: "poll-option", "aria-pressed": q.multiple ? "false" : null, "aria-label": `${letter(i)}: ${label}` },
        tag(i),
        h("span", { class: "order-label" }, label),
        q.multiple ? h("span", { class: "answer-check", "aria-hidden": "true" }, "✓") : null,
      );
      btn.addEventListener("click", () => {
        if (!q.multiple) {
          ctx.onSubmit({ choice: [i] });
          return;
        }
        if (picked.has(i)) picked.delete(i);
        else picked.add(i);
        btn.setAttribute("aria-pressed", String(picked.has(i)));
        btn.classList.toggle("is-picked", picked.has(i));
        send.disabled = picked.size === 0;
      });
      return btn;
    }),
  );
  if (!q.multiple) return list;
  send.addEventListener("click", () => {
    if (picked.size) ctx.onSubmit({ choice: [...picked].sort((a, b) => a - b) });
  });
  return h("div", { class: "stack" }, list, send);
}

/**
 * @param {PollQuestion} q
 * @param {{choice?: number[]}} answer
 * @returns {HTMLElement | null}
 */
export function summary(q, answer) {
  if (!Array.isArray(answer.choice)) return null;
  const labels = q.options || [];
  return h(
    "ul",
    { class: "order-summary" },
    answer.choice.map((i) => h("li", null, tag(i), h("span", { class: "order-label" }, labels[i] ?? "?"))),
  );
}

/**
 * Labelled bars, one per row: the share of `total` each count is.
 * @param {string[]} labels
 * @param {number[]} counts
 * @param {number} total the base of the percentages (people who answered)
 * @param {(i: number) => HTMLElement | null} [badge]
 * @returns {HTMLElement}
 */
export function bars(labels, counts, total, badge) {
  const most = Math.max(1, ...counts);
  return h(
    "ol",
    { class: "bars" },
    labels.map((label, i) => {
      const count = counts[i] || 0;
      const pct = total ? Math.round((count / total) * 100) : 0;
      return h(
        "li",
        { class: `bar-row${count === most && count > 0 ? " is-top" : ""}`, "aria-label": `${label}: ${plural(count, "vote")}, ${pct}%` },
        badge ? badge(i) : null,
        h("span", { class: "bar-label", "aria-hidden": "true" }, label),
        h("span", { class: "bar-track", "aria-hidden": "true" }, h("span", { class: `bar-fill ${colourClass(i)}`, style: { "--share": String(count / most) } })),
        h("span", { class: "bar-count", "aria-hidden": "true" }, String(count), h("small", null, ` ${pct}%`)),
      );
    }),
  );
}

/**
 * @param {PollQuestion} q
 * @param {import("./index.js").BoardContext} [ctx]
 * @returns {HTMLElement}
 */
export function board(q, ctx = {}) {
  const r = ctx.reveal;
  const counts = (r && r.counts) || (q.live && q.live.counts) || null;
  const labels = q.options || [];
  if (r && r.results_hidden) return h("p", { class: "mode-prompt" }, "The results are on the big screen.");
  const answered = r ? r.answered ?? 0 : q.answered ?? 0;
  const total = q.multiple ? answered : counts ? counts.reduce((/** @type {number} */ a, /** @type {number} */ b) => a + b, 0) : 0;
  return h(
    "div",
    { class: `mode-board poll-board${r ? " is-revealed" : ""}` },
    bars(labels, counts || labels.map(() => 0), total, tag),
    q.multiple ? h("p", { class: "muted" }, "Several answers each: the shares add up to more than 100%.") : null,
    ctx.host && q.votes ? votes(q.votes) : null,
  );
}

/**
 * Who voted for what, for the host when the poll is not anonymous.
 * @param {{nickname: string, answer: string}[]} list
 * @returns {HTMLElement}
 */
export function votes(list) {
  return h(
    "details",
    { class: "votes" },
    h("summary", null, `Who answered what (${list.length}, only you see this)`),
    h("ul", null, list.map((v) => h("li", null, h("strong", null, v.nickname), `: ${v.answer}`))),
  );
}

/**
 * @returns {null}
 */
export function rightAnswer() {
  return null;
}
