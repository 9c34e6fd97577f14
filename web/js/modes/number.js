// @ts-check
/**
 * Numeric questions (`number`): a number box on the phone, or a slider when the question has
 * `min` and `max`. After the reveal the screen shows the answer (on the slider's scale), how
 * many were right, the closest guess and the median guess.
 * @module modes/number
 */

import { h } from "../dom.js";
import { plural } from "../common.js";

/**
 * @typedef {import("./choice.js").Question & {min?: number, max?: number, step?: number,
 *   unit?: string, closest?: boolean, answer?: number, tolerance?: number}} NumberQuestion
 */

export const TYPES = ["number"];

/**
 * @param {NumberQuestion} q
 * @returns {boolean}
 */
function isSlider(q) {
  return typeof q.min === "number" && typeof q.max === "number";
}

/**
 * A number as people write it: no float noise, thin spaces between thousands.
 * @param {number} n
 * @returns {string}
 */
export function formatNumber(n) {
  const rounded = Number.parseFloat(n.toPrecision(12));
  return rounded.toLocaleString("en", { maximumFractionDigits: 6 }).replace(/,/g, "\u202f");
}

/**
 * @param {NumberQuestion} q
 * @param {number} n
 * @returns {string}
 */
function withUnit(q, n) {
  return q.unit ? `${formatNumber(n)} ${q.unit}` : formatNumber(n);
}

/**
 * @param {NumberQuestion} q
 * @returns {string}
 */
export function instruction(q) {
  return isSlider(q) ? "Slide to your answer, then press Send." : "Type a number, then press Send.";
}

/**
 * @param {NumberQuestion} q
 * @param {import("./index.js").PlayerInputContext} ctx
 * @returns {HTMLElement}
 */
export function playerInput(q, ctx) {
  const send = h("button", { type: "submit", class: "btn btn-primary btn-block btn-big" }, "Send");
  const form = h("form", { class: "number-form stack", novalidate: true });
  /** @type {() => number | null} */
  let read;
  if (isSlider(q)) {
    const min = /** @type {number} */ (q.min);
    const max = /** @type {number} */ (q.max);
    const step = q.step || (max - min) / 100;
    const start = min + Math.round((max - min) / 2 / step) * step;
    const value = h("output", { class: "slider-value", "aria-live": "polite" }, withUnit(q, start));
    const range = h("input", {
      class: "slider",
      type: "range",
      min: String(min),
      max: String(max),
      step: String(step),
      value: String(start),
      "aria-label": "Your answer",
    });
    const show = () => {
      value.textContent = withUnit(q, Number(range.value));
    };
    range.addEventListener("input", show);
    /** @param {number} by */
    const nudge = (by) => {
      range.value = String(Math.min(max, Math.max(min, Number(range.value) + by * step)));
      show();
    };
    const less = h("button", { type: "button", class: "btn btn-secondary nudge", "aria-label": "Less" }, "−");
    const more = h("button", { type: "button", class: "btn btn-secondary nudge", "aria-label": "More" }, "+");
    less.addEventListener("click", () => nudge(-1));
    more.addEventListener("click", () => nudge(1));
    form.append(
      value,
      h("div", { class: "slider-row" }, less, range, more),
      h("p", { class: "slider-ends muted" }, h("span", null, withUnit(q, min)), h("span", null, withUnit(q, max))),
    );
    read = () => Number(range.value);
  } else {
    const input = h("input", {
      class: "input input-big number-input",
      type: "text",
      inputmode: "decimal",
      autocomplete: "off",
      enterkeyhint: "send",
      placeholder: "Your number",
      "aria-label": "Your answer",
    });
    const error = h("p", { class: "field-error", role: "alert", hidden: true }, "Type a number, such as 42 or 3.5.");
    form.append(h("div", { class: "number-row" }, input, q.unit ? h("span", { class: "unit" }, q.unit) : null), error);
    read = () => {
      const raw = input.value.trim().replace(/\s/g, "").replace(",", ".");
      const n = raw === "" ? NaN : Number(raw);
      error.hidden = Number.isFinite(n);
      return Number.isFinite(n) ? n : null;
    };
    requestAnimationFrame(() => input.focus());
  }
  form.append(send);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const n = read();
    if (n !== null) ctx.onSubmit({ number: n });
  });
  return form;
}

/**
 * @param {NumberQuestion} q
 * @param {{number?: number}} answer
 * @returns {HTMLElement | null}
 */
export function summary(q, answer) {
  return typeof answer.number === "number" ? h("p", { class: "number-summary" }, withUnit(q, answer.number)) : null;
}

/**
 * The slider's scale with markers at the given values.
 * @param {NumberQuestion} q
 * @param {{value: number, cls: string, label: string}[]} marks
 * @returns {HTMLElement}
 */
function scale(q, marks) {
  const min = /** @type {number} */ (q.min);
  const max = /** @type {number} */ (q.max);
  const at = (/** @type {number} */ v) => `${(((Math.min(max, Math.max(min, v)) - min) / (max - min)) * 100).toFixed(2)}%`;
  return h(
    "div",
    { class: "scale", role: "img", "aria-label": `Scale from ${withUnit(q, min)} to ${withUnit(q, max)}` },
    h("div", { class: "scale-track" }),
    marks.map((m) => h("span", { class: `scale-mark ${m.cls}`, style: { left: at(m.value) } }, h("span", { class: "scale-label" }, m.label))),
    h("span", { class: "scale-end scale-min" }, withUnit(q, min)),
    h("span", { class: "scale-end scale-max" }, withUnit(q, max)),
  );
}

/**
 * @param {NumberQuestion} q
 * @param {import("./index.js").BoardContext} [ctx]
 * @returns {HTMLElement}
 */
export function board(q, ctx = {}) {
  const r = ctx.reveal;
  if (r && typeof r.answer === "number") {
    const tolerance = typeof r.tolerance === "number" && r.tolerance > 0 ? ` ± ${formatNumber(r.tolerance)}` : "";
    /** @type {{value: number, cls: string, label: string}[]} */
    const marks = [{ value: r.answer, cls: "is-answer", label: withUnit(q, r.answer) }];
    if (typeof r.median === "number") marks.push({ value: r.median, cls: "is-median", label: `median ${formatNumber(r.median)}` });
    return h(
      "div",
      { class: "mode-board number-board is-revealed" },
      h("p", { class: "label" }, "The answer"),
      h("p", { class: "key-main" }, withUnit(q, r.answer), tolerance ? h("small", null, tolerance) : null),
      isSlider(q) ? scale(q, marks) : null,
      h(
        "p",
        { class: "key-count" },
        `${r.right ?? 0} of ${plural(r.answered ?? 0, "answer")} right`,
        typeof r.closest === "number" ? ` · closest guess ${withUnit(q, r.closest)}` : "",
        !isSlider(q) && typeof r.median === "number" ? ` · median ${withUnit(q, r.median)}` : "",
      ),
    );
  }
  const host = ctx.host && typeof q.answer === "number";
  return h(
    "div",
    { class: "mode-board number-board" },
    isSlider(q)
      ? scale(q, host ? [{ value: /** @type {number} */ (q.answer), cls: "is-answer", label: withUnit(q, /** @type {number} */ (q.answer)) }] : [])
      : h("p", { class: "mode-icon", "aria-hidden": "true" }, "#"),
    h("p", { class: "mode-prompt" }, isSlider(q) ? "Slide to your answer on your phone" : "Type a number on your phone"),
    q.closest ? h("p", { class: "muted" }, "The closest guesses win.") : null,
    host
      ? h(
          "p",
          { class: "host-key" },
          `Answer (only you see this): ${withUnit(q, /** @type {number} */ (q.answer))}`,
          q.tolerance ? ` ± ${formatNumber(q.tolerance)}` : "",
        )
      : null,
  );
}

/**
 * @param {NumberQuestion} q
 * @param {import("./index.js").Reveal} reveal
 * @returns {HTMLElement | null}
 */
export function rightAnswer(q, reveal) {
  if (typeof reveal.answer !== "number") return null;
  return h(
    "div",
    { class: "answer-box" },
    h("p", { class: "label" }, "The right answer"),
    h("p", { class: "key-main" }, withUnit(q, reveal.answer)),
    typeof reveal.closest === "number" && q.closest ? h("p", { class: "muted" }, `Closest guess: ${withUnit(q, reveal.closest)}`) : null,
  );
}
