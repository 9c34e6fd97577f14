// @ts-check
/**
 * Ordering questions (`order`): the phone lists the items with buttons to move each one up or
 * down, then sends the order. The screen lists the items as shown (lettered) while the
 * question is open, and in the right order after the reveal.
 * @module modes/order
 */

import { h } from "../dom.js";
import { plural } from "../common.js";
import { colourClass, letter } from "../shapes.js";

/**
 * @typedef {import("./choice.js").Question & {correct?: number[]}} OrderQuestion
 */

export const TYPES = ["order"];

/** @returns {string} */
export function instruction() {
  return "Put the items in order (first at the top), then press Send.";
}

/**
 * @param {number} i
 * @returns {HTMLElement}
 */
function tag(i) {
  return h("span", { class: `order-tag ${colourClass(i)}`, "aria-hidden": "true" }, letter(i));
}

/**
 * @param {OrderQuestion} q
 * @param {import("./index.js").PlayerInputContext} ctx
 * @returns {HTMLElement}
 */
export function playerInput(q, ctx) {
  const labels = q.options || [];
  const order = labels.map((_, i) => i);
  const list = h("ol", { class: "order-list", "aria-label": "Your order" });
  const draw = (/** @type {number | null} */ focusItem, /** @type {string} */ focusDir) => {
    list.replaceChildren(
      ...order.map((item, place) => {
        const up = h("button", { type: "button", class: "btn btn-small btn-secondary move", "aria-label": `Move ${labels[item]} up`, disabled: place === 0, dataset: { item, dir: "up" } }, "▲");
        const down = h(
          "button",
          { type: "button", class: "btn btn-small btn-secondary move", "aria-label": `Move ${labels[item]} down`, disabled: place === order.length - 1, dataset: { item, dir: "down" } },
          "▼",
        );
        up.addEventListener("click", () => move(place, -1, item, "up"));
        down.addEventListener("click", () => move(place, 1, item, "down"));
        return h("li", { class: "order-item" }, h("span", { class: "order-place" }, String(place + 1)), tag(item), h("span", { class: "order-label" }, labels[item]), up, down);
      }),
    );
    if (focusItem !== null) {
      const target = /** @type {HTMLButtonElement | null} */ (list.querySelector(`[data-item="${focusItem}"][data-dir="${focusDir}"]`));
      if (target && !target.disabled) target.focus();
      else /** @type {HTMLButtonElement | null} */ (list.querySelector(`[data-item="${focusItem}"]:not(:disabled)`))?.focus();
    }
  };
  /**
   * @param {number} place
   * @param {number} by
   * @param {number} item
   * @param {string} dir
   */
  const move = (place, by, item, dir) => {
    const to = place + by;
    if (to < 0 || to >= order.length) return;
    [order[place], order[to]] = [order[to], order[place]];
    draw(item, dir);
  };
  draw(null, "");
  const send = h("button", { type: "button", class: "btn btn-primary btn-block btn-big" }, "Send this order");
  send.addEventListener("click", () => ctx.onSubmit({ order: [...order] }));
  return h("div", { class: "order-input stack" }, list, send);
}

/**
 * @param {OrderQuestion} q
 * @param {number[]} order
 * @param {string} cls
 * @returns {HTMLElement}
 */
function ordered(q, order, cls) {
  const labels = q.options || [];
  return h(
    "ol",
    { class: `order-summary ${cls}` },
    order.map((item, place) => h("li", null, h("span", { class: "order-place" }, String(place + 1)), tag(item), h("span", { class: "order-label" }, labels[item] ?? "?"))),
  );
}

/**
 * @param {OrderQuestion} q
 * @param {{order?: number[]}} answer
 * @returns {HTMLElement | null}
 */
export function summary(q, answer) {
  return Array.isArray(answer.order) ? ordered(q, answer.order, "is-mine") : null;
}

/**
 * @param {OrderQuestion} q
 * @param {import("./index.js").BoardContext} [ctx]
 * @returns {HTMLElement}
 */
export function board(q, ctx = {}) {
  const r = ctx.reveal;
  if (r && Array.isArray(r.correct)) {
    return h(
      "div",
      { class: "mode-board order-board is-revealed" },
      ordered(q, r.correct, "is-key"),
      h("p", { class: "key-count" }, `${r.right ?? 0} of ${plural(r.answered ?? 0, "answer")} all in place · ${r.partly ?? 0} partly right`),
    );
  }
  return h(
    "div",
    { class: "mode-board order-board" },
    ctx.host && Array.isArray(q.correct)
      ? h("div", { class: "host-key" }, h("p", { class: "label" }, "The right order (only you see this)"), ordered(q, q.correct, "is-key"))
      : h("ul", { class: "order-shown" }, (q.options || []).map((label, i) => h("li", null, tag(i), h("span", { class: "order-label" }, label)))),
    ctx.host ? null : h("p", { class: "mode-prompt" }, "Put them in order on your phone"),
  );
}

/**
 * @param {OrderQuestion} q
 * @param {import("./index.js").Reveal} reveal
 * @returns {HTMLElement | null}
 */
export function rightAnswer(q, reveal) {
  if (!Array.isArray(reveal.correct)) return null;
  return h("div", { class: "answer-box" }, h("p", { class: "label" }, "The right order"), ordered(q, reveal.correct, "is-key"));
}
