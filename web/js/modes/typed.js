// @ts-check
/**
 * Typed answers (`typed`): the phone has a text box; the screen asks for the answer while the
 * question is open and shows the accepted answer(s) and how many got it right after the reveal.
 * The host page also shows the accepted answers while the question is open.
 * @module modes/typed
 */

import { h } from "../dom.js";
import { plural } from "../common.js";

/**
 * @typedef {import("./choice.js").Question & {max_length?: number, accepted?: string[]}} TypedQuestion
 */

export const TYPES = ["typed"];

/** @returns {string} */
export function instruction() {
  return "Type your answer, then press Send.";
}

/**
 * @param {TypedQuestion} q
 * @param {import("./index.js").PlayerInputContext} ctx
 * @param {string} [label] the send button's words
 * @returns {HTMLElement}
 */
export function playerInput(q, ctx, label = "Send") {
  const max = q.max_length || 100;
  const disabled = !!ctx.disabled;
  // A step on its way (a final's answer) stays in the box while it is sent.
  const sending = ctx.pending && typeof ctx.pending.text === "string" ? ctx.pending.text : "";
  const input = h("input", {
    class: "input input-big typed-input",
    type: "text",
    maxlength: String(max),
    autocomplete: "off",
    autocapitalize: "off",
    spellcheck: "false",
    enterkeyhint: "send",
    placeholder: "Your answer",
    "aria-label": "Your answer",
    disabled,
    value: sending,
  });
  const send = h("button", { type: "submit", class: "btn btn-primary btn-block btn-big", disabled: disabled || !sending }, label);
  input.addEventListener("input", () => {
    send.disabled = disabled || !input.value.trim();
  });
  const error = ctx.error ? h("p", { class: "field-error", role: "alert" }, ctx.error) : null;
  const form = h("form", { class: "typed-form stack", novalidate: true }, input, error, send);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = input.value.trim().replace(/\s+/g, " ");
    if (text && !disabled) ctx.onSubmit({ text });
  });
  if (!disabled) requestAnimationFrame(() => input.focus());
  return form;
}

/**
 * @param {TypedQuestion} q
 * @param {{text?: string}} answer
 * @returns {HTMLElement | null}
 */
export function summary(q, answer) {
  return typeof answer.text === "string" ? h("p", { class: "typed-summary" }, answer.text) : null;
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

/**
 * @param {TypedQuestion} q
 * @param {import("./index.js").BoardContext} [ctx]
 * @returns {HTMLElement}
 */
export function board(q, ctx = {}) {
  const r = ctx.reveal;
  if (r) {
    const accepted = Array.isArray(r.accepted) ? r.accepted : [];
    return h(
      "div",
      { class: "mode-board typed-board is-revealed" },
      h("p", { class: "label" }, "The answer"),
      ...key(accepted),
      h("p", { class: "key-count" }, `${r.right ?? 0} of ${plural(r.answered ?? 0, "answer")} right`),
    );
  }
  return h(
    "div",
    { class: "mode-board typed-board" },
    h("p", { class: "mode-icon", "aria-hidden": "true" }, "⌨"),
    h("p", { class: "mode-prompt" }, "Type your answer on your phone"),
    ctx.host && q.accepted ? h("div", { class: "host-key" }, h("p", { class: "label" }, "Accepted (only you see this)"), ...key(q.accepted)) : null,
  );
}

/**
 * @param {TypedQuestion} q
 * @param {import("./index.js").Reveal} reveal
 * @returns {HTMLElement | null}
 */
export function rightAnswer(q, reveal) {
  const accepted = Array.isArray(reveal.accepted) ? reveal.accepted : [];
  if (!accepted.length) return null;
  return h("div", { class: "answer-box" }, h("p", { class: "label" }, "The right answer"), ...key(accepted));
}
