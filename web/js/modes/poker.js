// @ts-check
/**
 * Planning poker (`poker`): phones pick a card; the projector shows face-down cards for who has
 * voted, then turns them all at once at the reveal, with the spread, the consensus and the mean.
 * @module modes/poker
 */

import { h } from "../dom.js";
import { plural } from "../common.js";

/**
 * @typedef {import("./choice.js").Question & {deck?: string[], live?: {votes?: number, voters?: string[]}}} PokerQuestion
 */

export const TYPES = ["poker"];

/** @returns {string} */
export function instruction() {
  return "Pick your card. Nobody sees it until the reveal.";
}

/**
 * @param {string} card
 * @returns {string}
 */
function cardName(card) {
  if (card === "?") return "Not sure";
  if (card === "\u2615") return "Break, please";
  return card;
}

/**
 * @param {PokerQuestion} q
 * @param {import("./index.js").PlayerInputContext} ctx
 * @returns {HTMLElement}
 */
export function playerInput(q, ctx) {
  return h(
    "div",
    { class: "poker-deck", role: "group", "aria-label": "Your card" },
    (q.deck || []).map((card) => {
      const btn = h("button", { type: "button", class: "poker-card", "aria-label": `Card ${cardName(card)}` }, card);
      btn.addEventListener("click", () => ctx.onSubmit({ card }));
      return btn;
    }),
  );
}

/**
 * @param {PokerQuestion} q
 * @param {{card?: string}} answer
 * @returns {HTMLElement | null}
 */
export function summary(q, answer) {
  return typeof answer.card === "string" ? h("p", { class: "poker-card is-face is-mine", "aria-label": `Card ${cardName(answer.card)}` }, answer.card) : null;
}

/**
 * @param {PokerQuestion} q
 * @param {import("./index.js").BoardContext} [ctx]
 * @returns {HTMLElement}
 */
export function board(q, ctx = {}) {
  const r = ctx.reveal;
  if (r && r.results_hidden) return h("p", { class: "mode-prompt" }, "The cards are on the big screen.");
  if (!r) {
    const live = q.live || {};
    const voters = live.voters || [];
    const votes = live.votes ?? q.answered ?? 0;
    return h(
      "div",
      { class: "mode-board poker-board" },
      h(
        "ul",
        { class: "poker-table", "aria-label": `${plural(votes, "card")} down` },
        voters.length
          ? voters.map((name) => h("li", { class: "poker-seat" }, h("span", { class: "poker-card is-back", "aria-hidden": "true" }), h("span", { class: "poker-name" }, name)))
          : Array.from({ length: votes }, () => h("li", { class: "poker-seat" }, h("span", { class: "poker-card is-back", "aria-hidden": "true" }))),
      ),
      h("p", { class: "mode-prompt" }, votes ? `${plural(votes, "card")} down` : "Pick your card on your phone"),
    );
  }
  /** @type {{nickname: string, card: string}[]} */
  const votes = Array.isArray(r.votes) ? r.votes : [];
  /** @type {{card: string, count: number}[]} */
  const cards = Array.isArray(r.cards) ? r.cards : [];
  const spread = r.spread ? (r.spread.low === r.spread.high ? r.spread.low : `${r.spread.low} – ${r.spread.high}`) : "–";
  return h(
    "div",
    { class: "mode-board poker-board is-revealed" },
    votes.length
      ? h(
          "ul",
          { class: "poker-table" },
          votes.map((v) => h("li", { class: "poker-seat" }, h("span", { class: `poker-card is-face${r.consensus ? " is-agreed" : ""}` }, v.card), h("span", { class: "poker-name" }, v.nickname))),
        )
      : h(
          "ul",
          { class: "poker-table" },
          cards.map((c) => h("li", { class: "poker-seat" }, h("span", { class: "poker-card is-face" }, c.card), h("span", { class: "poker-name" }, `× ${c.count}`))),
        ),
    r.consensus
      ? h("p", { class: "poker-verdict is-consensus" }, `Consensus: ${r.consensus}`)
      : h("p", { class: "poker-verdict" }, `Spread ${spread}`, typeof r.mean === "number" ? ` · mean ${r.mean}` : ""),
    !r.consensus && cards.length > 1 ? h("p", { class: "key-count" }, "Talk it over, then vote again.") : null,
  );
}

/** @returns {null} */
export function rightAnswer() {
  return null;
}
