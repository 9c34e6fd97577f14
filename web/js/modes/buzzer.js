// @ts-check
/**
 * Buzzers (`buzzer`): a clue of a board. Phones show one big buzzer; the projector shows the
 * clue and the queue of buzzes in the order they reached the host; the host page shows the
 * answer and marks the buzz that is up right or wrong. `boardGrid` draws the whole board
 * (categories × values) for the projector and, with clues to open, for the host.
 * @module modes/buzzer
 */

import { h } from "../dom.js";
import { formatScore, ordinal } from "../common.js";

/**
 * @typedef {{id: string, nickname: string, status: string}} Buzz
 * @typedef {import("./choice.js").Question & {category?: string, value?: number, answer?: string,
 *   buzzers?: Buzz[]}} BuzzerQuestion
 * @typedef {{category: string, clues: {index: number, value: number, status: string}[]}} BoardColumn
 */

export const TYPES = ["buzzer"];

/** @returns {string} */
export function instruction() {
  return "Buzz when you know it, then say the answer out loud.";
}

/**
 * @param {BuzzerQuestion} q
 * @param {import("./index.js").PlayerInputContext} ctx
 * @returns {HTMLElement}
 */
export function playerInput(q, ctx) {
  const button = h("button", { type: "button", class: "buzz-button", "aria-label": "Buzz" }, "BUZZ");
  button.addEventListener("click", () => ctx.onSubmit({ buzz: true }));
  return h("div", { class: "buzz-box" }, h("p", { class: "buzz-value" }, `${q.category || ""} · ${formatScore(q.value ?? 0)}`), button);
}

/**
 * The player's place in the queue.
 * @param {BuzzerQuestion} q
 * @param {{buzz?: boolean}} answer
 * @param {{id?: string}} [me]
 * @returns {HTMLElement | null}
 */
export function summary(q, answer, me) {
  if (answer.buzz !== true) return null;
  const queue = q.buzzers || [];
  const place = queue.findIndex((b) => b.id === me?.id);
  const mine = place >= 0 ? queue[place] : null;
  if (mine && mine.status === "up") return h("p", { class: "buzz-state is-up" }, "You're up! Say your answer.");
  if (mine && mine.status === "wrong") return h("p", { class: "buzz-state is-wrong" }, `Not right: −${formatScore(q.value ?? 0)}`);
  if (mine && mine.status === "right") return h("p", { class: "buzz-state is-right" }, "Right!");
  return h("p", { class: "buzz-state" }, place >= 0 ? `You buzzed ${ordinal(place + 1)}` : "You buzzed");
}

/**
 * @param {Buzz[]} queue
 * @returns {HTMLElement}
 */
function queueList(queue) {
  return h(
    "ol",
    { class: "buzz-queue", "aria-label": "Buzzes in the order they arrived" },
    queue.map((b, i) => h("li", { class: `buzz-row is-${b.status}` }, h("span", { class: "buzz-place" }, String(i + 1)), h("span", { class: "buzz-name" }, b.nickname), h("span", { class: "buzz-status" }, b.status === "up" ? "answering" : b.status === "waiting" ? "" : b.status))),
  );
}

/**
 * @param {BuzzerQuestion} q
 * @param {import("./index.js").BoardContext} [ctx]
 * @returns {HTMLElement}
 */
export function board(q, ctx = {}) {
  const r = ctx.reveal;
  const queue = q.buzzers || [];
  const up = queue.find((b) => b.status === "up");
  /** @type {HTMLElement | null} */
  let host = null;
  if (ctx.host && !r) {
    const right = h("button", { type: "button", class: "btn btn-primary", disabled: !up }, "✓ Right");
    const wrong = h("button", { type: "button", class: "btn btn-danger", disabled: !up }, "✗ Wrong");
    right.addEventListener("click", () => ctx.command && ctx.command("judge", { right: true }));
    wrong.addEventListener("click", () => ctx.command && ctx.command("judge", { right: false }));
    host = h(
      "div",
      { class: "host-key" },
      h("p", { class: "label" }, "Answer (only you see this)"),
      h("p", { class: "key-main" }, q.answer || ""),
      h("p", null, up ? `${up.nickname} is answering:` : "Waiting for a buzz…"),
      h("p", { class: "quick-buttons" }, right, wrong),
    );
  }
  return h(
    "div",
    { class: `mode-board buzz-board${r ? " is-revealed" : ""}` },
    h("p", { class: "buzz-value" }, `${q.category || ""} · ${formatScore(q.value ?? 0)}`),
    r ? h("p", { class: "key-main" }, r.answer || "") : null,
    queue.length ? queueList(queue) : h("p", { class: "mode-prompt" }, r ? "Nobody buzzed." : "Buzz on your phone!"),
    host,
  );
}

/**
 * @param {BuzzerQuestion} q
 * @param {import("./index.js").Reveal} reveal
 * @returns {HTMLElement | null}
 */
export function rightAnswer(q, reveal) {
  if (!reveal.answer) return null;
  return h("div", { class: "answer-box" }, h("p", { class: "label" }, "The answer"), h("p", { class: "key-main" }, reveal.answer));
}

/**
 * The board: one column per category, clues by value; done ones are dimmed. With `open`, the
 * clues not asked yet are buttons that open them (the host page).
 * @param {BoardColumn[]} columns
 * @param {((index: number) => void) | null} [open]
 * @returns {HTMLElement}
 */
export function boardGrid(columns, open) {
  return h(
    "div",
    { class: "board-grid", style: { "--columns": String(columns.length) } },
    columns.map((col) =>
      h(
        "div",
        { class: "board-column" },
        h("p", { class: "board-category" }, col.category),
        col.clues.map((clue) => {
          const label = formatScore(clue.value);
          if (open && clue.status === "open") {
            return h("button", { type: "button", class: "board-clue is-open", "aria-label": `Open ${col.category} for ${label}`, onclick: () => open(clue.index) }, label);
          }
          return h("span", { class: `board-clue is-${clue.status}` }, clue.status === "done" ? "" : label);
        }),
      ),
    ),
  );
}
