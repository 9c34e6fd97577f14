// @ts-check
/**
 * Choice questions: `single`, `multi` and `truefalse`.
 *
 * - `playerInput` draws the phone's answer buttons (one tap for single/truefalse; toggles and
 *   a Submit button for multi);
 * - `board` draws the options for the projector and the host, with distribution bars and the
 *   correct option(s) marked after the reveal (the host also sees the correct answer before);
 * - `summary` draws a chosen answer compactly ("▲ Mars");
 * - `rightAnswer` draws the right option(s) for the phone's reveal.
 * @module modes/choice
 */

import { h } from "../dom.js";
import { colourClass, letter, shapeIcon, shapeName } from "../shapes.js";

/**
 * @typedef {object} Question
 * @property {number} index
 * @property {number} [number]
 * @property {string} type
 * @property {string} text
 * @property {string[]} [options]
 * @property {number} [time_limit_ms]
 * @property {number} [remaining_ms]
 * @property {number} [answered]
 * @property {number[]} [correct] host only
 * @property {string} [image] a picture from the pack (`media/…`)
 * @property {string} [audio] a sound from the pack, played on the screen
 * @property {boolean} [scored] false for activities with no right answer (polls, scales, word clouds)
 * @property {Record<string, any>} [live] their results so far (screen and host only)
 * @property {boolean} [results_shown] host only: whether phones see their results after the close
 * @property {{nickname: string, answer: string}[]} [votes] host only: who answered what (not anonymous)
 *
 * @typedef {object} PlayerInputContext
 * @property {(answer: {choice: number[]}) => void} onSubmit
 * @property {boolean} [disabled]
 *
 * @typedef {object} OptionsContext
 * @property {number[] | null} [correct] correct option indexes (after the reveal, or for the host)
 * @property {number[] | null} [counts] answers per option (after the reveal)
 * @property {boolean} [revealed] dim wrong options and show the bars
 * @property {number[] | null} [mine] the player's own choice, marked "You"
 * @property {number} [answered] how many players answered (the base of the percentages)
 */

export const TYPES = ["single", "multi", "truefalse"];

/**
 * The option labels; true/false questions may come without options.
 * @param {Question} q
 * @returns {string[]}
 */
export function optionsOf(q) {
  if (Array.isArray(q.options) && q.options.length) return q.options.map(String);
  if (q.type === "truefalse") return ["True", "False"];
  return [];
}

/**
 * @param {Question} q
 * @returns {string}
 */
export function instruction(q) {
  if (q.type === "multi") return "Pick all that apply, then press Submit.";
  if (q.type === "truefalse") return "True or false?";
  return "Pick one answer.";
}

/**
 * "Option A, triangle: Mars"
 * @param {number} i
 * @param {string} label
 * @returns {string}
 */
export function optionName(i, label) {
  return `Option ${letter(i)}, ${shapeName(i)}: ${label}`;
}

/**
 * The coloured shape badge with its letter.
 * @param {number} i
 * @returns {HTMLElement}
 */
function badge(i) {
  return h("span", { class: "opt-badge", "aria-hidden": "true" }, shapeIcon(i), h("span", { class: "opt-letter" }, letter(i)));
}

/**
 * The phone's answer buttons.
 * @param {Question} q
 * @param {PlayerInputContext} ctx
 * @returns {HTMLElement}
 */
export function playerInput(q, ctx) {
  const labels = optionsOf(q);
  const multi = q.type === "multi";
  /** @type {Set<number>} */
  const picked = new Set();
  const grid = h("div", {
    class: `answer-grid answers-${labels.length}${multi ? " is-multi" : ""}${labels.some((l) => l.length > 50) ? " is-long" : ""}`,
    role: "group",
    "aria-label": "Answers",
  });
  /** @type {HTMLButtonElement[]} */
  const buttons = [];
  const submit = h(
    "button",
    { type: "button", class: "btn btn-primary btn-block submit-multi", disabled: true },
    "Submit",
  );

  const refreshSubmit = () => {
    submit.disabled = !!ctx.disabled || picked.size === 0;
    submit.textContent = picked.size ? `Submit ${picked.size} ${picked.size === 1 ? "answer" : "answers"}` : "Submit";
  };

  labels.forEach((label, i) => {
    const btn = h(
      "button",
      {
        type: "button",
        class: `answer ${colourClass(i)}`,
        "aria-label": optionName(i, label),
        "aria-pressed": multi ? "false" : null,
        disabled: !!ctx.disabled,
        dataset: { index: i },
      },
      badge(i),
      h("span", { class: "answer-label" }, label),
      multi ? h("span", { class: "answer-check", "aria-hidden": "true" }, "✓") : null,
    );
    btn.addEventListener("click", () => {
      if (ctx.disabled) return;
      if (multi) {
        if (picked.has(i)) picked.delete(i);
        else picked.add(i);
        btn.setAttribute("aria-pressed", String(picked.has(i)));
        btn.classList.toggle("is-picked", picked.has(i));
        refreshSubmit();
      } else {
        ctx.onSubmit({ choice: [i] });
      }
    });
    buttons.push(btn);
    grid.appendChild(btn);
  });

  if (!multi) return grid;
  submit.addEventListener("click", () => {
    if (picked.size) ctx.onSubmit({ choice: [...picked].sort((a, b) => a - b) });
  });
  return h("div", { class: "answer-multi" }, grid, submit);
}

/**
 * The options for the screen and the host: the key marked for the host, and after the reveal
 * the key and the distribution bars for everyone.
 * @param {Question} q
 * @param {import("./index.js").BoardContext} [ctx]
 * @returns {HTMLElement}
 */
export function board(q, ctx = {}) {
  // The pack editor's preview passes the options context directly (`correct`, `counts`).
  if (ctx.correct || ctx.counts) return options(q, /** @type {OptionsContext} */ (ctx));
  const r = ctx.reveal || null;
  if (r) return options(q, { correct: r.correct, counts: r.counts || null, revealed: true, answered: r.answered });
  return options(q, { correct: ctx.host ? q.correct || null : null });
}

/**
 * The options with (after the reveal) distribution bars.
 * @param {Question} q
 * @param {OptionsContext} [ctx]
 * @returns {HTMLElement}
 */
export function options(q, ctx = {}) {
  const labels = optionsOf(q);
  const correct = new Set(ctx.correct || []);
  const counts = ctx.counts || null;
  const mine = new Set(ctx.mine || []);
  // Percent of the players who answered (for multi, the shares add up to more than 100).
  const total = ctx.answered || (counts ? counts.reduce((a, b) => a + b, 0) : 0);
  return h(
    "ol",
    { class: `board board-${labels.length}${ctx.revealed ? " is-revealed" : ""}` },
    labels.map((label, i) => {
      const isCorrect = correct.has(i);
      const count = counts ? counts[i] || 0 : null;
      const pct = count !== null && total ? Math.min(100, Math.round((count / total) * 100)) : 0;
      const parts = [optionName(i, label)];
      if (count !== null) parts.push(`${count} ${count === 1 ? "answer" : "answers"}`);
      if (isCorrect) parts.push("correct");
      if (mine.has(i)) parts.push("your answer");
      return h(
        "li",
        {
          class: `board-opt ${colourClass(i)}${isCorrect ? " is-correct" : ""}${ctx.revealed && !isCorrect ? " is-wrong" : ""}`,
          "aria-label": parts.join(", "),
          style: count !== null ? { "--fill": `${pct}%` } : null,
        },
        count !== null ? h("span", { class: "bar", "aria-hidden": "true" }) : null,
        badge(i),
        h("span", { class: "board-label" }, label),
        mine.has(i) ? h("span", { class: "you-tag", "aria-hidden": "true" }, "You") : null,
        count !== null
          ? h("span", { class: "board-count", "aria-hidden": "true" }, String(count), h("small", null, ` ${pct}%`))
          : null,
        isCorrect ? h("span", { class: "tick", "aria-hidden": "true", title: "Correct" }, "✓") : null,
      );
    }),
  );
}

/**
 * A chosen answer, compactly: shape badge(s) + label(s).
 * @param {Question} q
 * @param {{choice?: number[]}} answer
 * @returns {HTMLElement | null}
 */
export function summary(q, answer) {
  return Array.isArray(answer.choice) && answer.choice.length ? picked(q, answer.choice) : null;
}

/**
 * The right option(s), for the phone's reveal.
 * @param {Question} q
 * @param {import("./index.js").Reveal} reveal
 * @returns {HTMLElement | null}
 */
export function rightAnswer(q, reveal) {
  const correct = Array.isArray(reveal.correct) ? reveal.correct : [];
  if (!correct.length) return null;
  return h(
    "div",
    { class: "answer-box" },
    h("p", { class: "label" }, correct.length > 1 ? "The right answers" : "The right answer"),
    picked(q, correct),
  );
}

/**
 * @param {Question} q
 * @param {number[]} choice
 * @returns {HTMLElement}
 */
function picked(q, choice) {
  const labels = optionsOf(q);
  return h(
    "ul",
    { class: "choice-summary" },
    choice.map((i) =>
      h(
        "li",
        { class: `summary-opt ${colourClass(i)}`, "aria-label": optionName(i, labels[i] ?? "?") },
        badge(i),
        h("span", { class: "summary-label" }, labels[i] ?? "?"),
      ),
    ),
  );
}
