// @ts-check
/**
 * Buzzers (`buzzer`): a clue of a board. Phones show one big buzzer; the projector shows the
 * clue and the queue of buzzes in the order they reached the host; the host page shows the
 * answer and marks the buzz that is up right or wrong. `boardGrid` draws the whole board
 * (categories × values) for the projector and, with clues to open, for the host.
 *
 * A Daily Double (`q.daily_double`) is one player's: the one in control of the board
 * (`q.control`), or, while nobody is, the first to claim it. That phone wagers (0 to the larger
 * of its score and `q.top_value`) instead of buzzing; the others are told who plays it. The
 * clue's text arrives with the wager, which the projector and the host page show (the buzzer
 * row's `wager`), and the host judges once.
 * @module modes/buzzer
 */

import { h } from "../dom.js";
import { formatScore, ordinal } from "../common.js";
import { signed, wagerForm } from "./final.js";

/**
 * @typedef {{id: string, nickname: string, status: string, wager?: number}} Buzz
 * @typedef {import("./choice.js").Question & {category?: string, value?: number, answer?: string,
 *   buzzers?: Buzz[], daily_double?: boolean, control?: string | null, top_value?: number}} BuzzerQuestion
 * @typedef {{category: string, clues: {index: number, value: number, status: string}[]}} BoardColumn
 */

export const TYPES = ["buzzer"];

/**
 * @param {BuzzerQuestion} [q]
 * @returns {string}
 */
export function instruction(q) {
  if (q && q.daily_double) return "A Daily Double: one player wagers, then answers out loud.";
  return "Buzz when you know it, then say the answer out loud.";
}

/**
 * @param {BuzzerQuestion} q
 * @param {import("./index.js").PlayerInputContext} ctx
 * @returns {HTMLElement}
 */
export function playerInput(q, ctx) {
  if (q.daily_double) return dailyDoubleInput(q, ctx);
  const button = h("button", { type: "button", class: "buzz-button", "aria-label": "Buzz" }, "BUZZ");
  button.addEventListener("click", () => ctx.onSubmit({ buzz: true }));
  return h("div", { class: "buzz-box" }, h("p", { class: "buzz-value" }, `${q.category || ""} · ${formatScore(q.value ?? 0)}`), button);
}

/**
 * Whose a Daily Double is, as far as this page knows: the player who wagered, the one in
 * control (named from `players` when the page has them), or nobody yet.
 * @param {BuzzerQuestion} q
 * @param {{id: string, nickname: string}[]} [players]
 * @returns {{id: string | null, name: string}}
 */
function dailyDoublePlayer(q, players) {
  const claimed = (q.buzzers || [])[0];
  if (claimed) return { id: claimed.id, name: claimed.nickname };
  if (!q.control) return { id: null, name: "" };
  const known = (players || []).find((p) => p.id === q.control);
  return { id: q.control, name: known ? known.nickname : "" };
}

/**
 * A Daily Double on a phone: the wager for the player it belongs to, who plays it for the others.
 * @param {BuzzerQuestion} q
 * @param {import("./index.js").PlayerInputContext} ctx
 * @returns {HTMLElement}
 */
function dailyDoubleInput(q, ctx) {
  const me = ctx.me || {};
  const who = dailyDoublePlayer(q);
  const mine = who.id ? who.id === me.id : true; // nobody in control, nobody claimed it: anyone may
  const head = [h("p", { class: "dd-banner" }, "Daily Double!"), h("p", { class: "buzz-value" }, `${q.category || ""} · ${formatScore(q.value ?? 0)}`)];
  if (!mine) {
    return h(
      "div",
      { class: "dd-box" },
      ...head,
      who.name ? h("p", { class: "dd-who" }, `${who.name} plays this one`) : null,
      h("p", { class: "dd-note" }, "Only one player answers a Daily Double. Sit back and listen."),
    );
  }
  const max = Math.max(Number(me.score ?? 0), q.top_value ?? 0);
  return h(
    "div",
    { class: "dd-box" },
    ...head,
    h("p", { class: "dd-who" }, q.control ? "It's yours: wager, then answer out loud." : "Nobody has the board: wager first and it's yours."),
    wagerForm({
      max,
      disabled: !!ctx.disabled,
      onWager: (wager) => ctx.onSubmit({ wager }),
      why: "Your score or the board's top value, whichever is more. Right wins the wager, wrong loses it.",
    }),
  );
}

/**
 * The player's place in the queue (or, on a Daily Double, their wager).
 * @param {BuzzerQuestion} q
 * @param {{buzz?: boolean, wager?: number}} answer
 * @param {{id?: string}} [me]
 * @returns {HTMLElement | null}
 */
export function summary(q, answer, me) {
  if (typeof answer.wager === "number") {
    const mine = (q.buzzers || []).find((b) => b.id === me?.id);
    const state =
      mine && mine.status === "right"
        ? h("p", { class: "buzz-state is-right" }, `Right! ${signed(answer.wager)}`)
        : mine && mine.status === "wrong"
          ? h("p", { class: "buzz-state is-wrong" }, `Not right: ${signed(-answer.wager)}`)
          : h("p", { class: "buzz-state is-up" }, "You're up! Answer out loud.");
    return h("div", { class: "dd-box" }, h("p", { class: "label" }, "Daily Double"), h("p", { class: "typed-summary" }, `Wager ${formatScore(answer.wager)}`), state);
  }
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
  const dd = q.daily_double ? dailyDoublePlayer(q, ctx.players) : null;
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
      h(
        "p",
        null,
        up
          ? dd
            ? `Read the clue to ${up.nickname}, then judge the answer (once):`
            : `${up.nickname} is answering:`
          : dd
            ? `Waiting for ${dd.name || "a player"} to wager…`
            : "Waiting for a buzz…",
      ),
      h("p", { class: "quick-buttons" }, right, wrong),
    );
  }
  if (dd) {
    const judged = queue.find((b) => b.status === "right" || b.status === "wrong");
    const line = judged
      ? `${judged.nickname}: ${judged.status === "right" ? "right, wins" : "wrong, loses"} ${formatScore(judged.wager ?? 0)}`
      : up
        ? `${up.nickname} wagers ${formatScore(up.wager ?? 0)}`
        : r
          ? "Nobody played it."
          : dd.name
            ? `${dd.name} plays this one: waiting for the wager`
            : q.control
              ? "The player in control plays this one: waiting for the wager"
              : "Nobody has the board: the first to wager plays it";
    return h(
      "div",
      { class: `mode-board buzz-board dd-board${r ? " is-revealed" : ""}` },
      h("p", { class: "dd-banner" }, "Daily Double"),
      h("p", { class: "buzz-value" }, `${q.category || ""} · ${formatScore(q.value ?? 0)}`),
      r ? h("p", { class: "key-main" }, r.answer || "") : null,
      h("p", { class: "dd-who" }, line),
      host,
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
