// @ts-check
/**
 * Game modes by question type. Each mode module exports:
 *
 * - `TYPES`: the question types it draws;
 * - `instruction(q)`: one line telling a player what to do;
 * - `playerInput(q, {onSubmit})`: the phone's input; `onSubmit` takes the answer's fields
 *   (`{choice: [1]}`, `{text: "Paris"}`: the one field `docs/protocol.md` names for the type);
 * - `summary(q, answer, me)`: an answer (its fields) drawn compactly, for "Your answer";
 * - `board(q, ctx)`: the question on the projector and the host page (ctx: `reveal`, `host`);
 * - `rightAnswer(q, reveal)`: the key for the phone's reveal, or null.
 *
 * A stepped mode (its questions say `stepped: true`: a Wordle race, a lightning round, a final
 * wager) takes several answers per player. Its `playerInput` gets the run so far
 * (`ctx.progress`, the server's view of it) and draws the run and the next step's input; its
 * `board` draws the screen's race (`q.race`); and `runSummary(q, progress)` draws the finished
 * run on the phone's reveal.
 *
 * A new mode is one new module imported here: static imports only, no string-built dynamic
 * imports.
 * @module modes
 */

import * as buzzer from "./buzzer.js";
import * as choice from "./choice.js";
import * as final from "./final.js";
import * as lightning from "./lightning.js";
import * as number from "./number.js";
import * as order from "./order.js";
import * as poker from "./poker.js";
import * as poll from "./poll.js";
import * as scale from "./scale.js";
import * as typed from "./typed.js";
import * as wordcloud from "./wordcloud.js";
import * as wordle from "./wordle.js";

/**
 * @typedef {Record<string, any>} Answer  one answer field: `{choice: [1]}`, `{text: "Paris"}`
 * @typedef {Record<string, any> & {index: number, answered?: number, explanation?: string}} Reveal
 * @typedef {object} BoardContext
 * @property {Reveal | null} [reveal] the reveal (after the question closed)
 * @property {boolean} [host] drawn for the host: the question holds its answer key
 * @property {(action: string, extra?: Record<string, any>) => void} [command] the host page's commands (hide a word)
 * @property {number[] | null} [correct] choices only: option indexes to mark right (the pack editor's preview)
 * @property {number[] | null} [counts] choices only: answers per option
 * @property {{id: string, nickname: string}[]} [players] the room's players (the screen and the host page), to name them
 * @typedef {object} PlayerInputContext
 * @property {(answer: Answer) => void} onSubmit
 * @property {boolean} [disabled]
 * @property {Record<string, any> | null} [progress] stepped modes: the run so far, as the server sent it
 * @property {Answer | null} [pending] stepped modes: the step on its way to the server
 * @property {string} [error] stepped modes: why the server refused the last step
 * @property {Record<string, any>} [me] the phone's own part of the state (score, id)
 * @typedef {object} Mode
 * @property {string[]} TYPES
 * @property {(q: any) => string} instruction
 * @property {(q: any, ctx: PlayerInputContext) => HTMLElement} playerInput
 * @property {(q: any, answer: Answer, me?: {id?: string}) => HTMLElement | null} summary
 * @property {(q: any, ctx?: BoardContext) => HTMLElement} board
 * @property {(q: any, reveal: Reveal) => HTMLElement | null} rightAnswer
 * @property {(q: any, progress: Record<string, any>) => HTMLElement | null} [runSummary]
 */

/** The fields an answer can travel in (`docs/protocol.md`, `answer`). */
export const ANSWER_FIELDS = ["choice", "text", "number", "order", "entries", "card", "buzz", "guess", "wager"];

/** @type {Mode[]} */
const MODES = [choice, typed, number, order, poll, scale, wordcloud, poker, buzzer, lightning, final, wordle];

/**
 * The mode that draws questions of this type, or null when this client does not know it.
 * @param {string} type
 * @returns {Mode | null}
 */
export function modeFor(type) {
  return MODES.find((m) => m.TYPES.includes(type)) || null;
}

/**
 * The answer fields of a frame (`ack`, `me.answer`, a pending answer), or null if it has none.
 * @param {Record<string, any> | null | undefined} frame
 * @returns {Answer | null}
 */
export function answerOf(frame) {
  if (!frame) return null;
  for (const field of ANSWER_FIELDS) {
    if (frame[field] !== undefined && frame[field] !== null) return { [field]: frame[field] };
  }
  return null;
}
