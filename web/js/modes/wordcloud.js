// @ts-check
/**
 * Word clouds (`wordcloud`): phones type a few short entries; the projector draws the cloud.
 *
 * The layout is our own: words are sized by the square root of their count, measured with a
 * canvas, and placed biggest first along an Archimedean spiral out from the centre, each at the
 * first spot where its box overlaps no word placed before. It is deterministic (the same words
 * give the same picture), drawn as SVG text, and scales with the screen. The host page lists
 * every group with its count and a button to hide or show it.
 * @module modes/wordcloud
 */

import { h, svg } from "../dom.js";
import { plural } from "../common.js";

/**
 * @typedef {{key: string, text: string, count: number}} Word
 * @typedef {import("./choice.js").Question & {max_entries?: number, max_length?: number,
 *   live?: {words?: Word[], groups?: number, hidden?: string[]}}} CloudQuestion
 * @typedef {{word: Word, x: number, y: number, size: number, colour: number}} Placed
 */

export const TYPES = ["wordcloud"];

/** The cloud's own units: the SVG viewBox; the page scales it. */
const WIDTH = 1000;
const HEIGHT = 520;
const MIN_SIZE = 26;
const MAX_SIZE = 110;
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif';

/**
 * @param {CloudQuestion} q
 * @returns {string}
 */
export function instruction(q) {
  const most = q.max_entries || 3;
  return most === 1 ? "Type one word or a short phrase, then press Send." : `Type up to ${most} words or short phrases, then press Send.`;
}

/**
 * @param {CloudQuestion} q
 * @param {import("./index.js").PlayerInputContext} ctx
 * @returns {HTMLElement}
 */
export function playerInput(q, ctx) {
  const most = q.max_entries || 3;
  const longest = q.max_length || 30;
  const inputs = Array.from({ length: most }, (_, i) =>
    h("input", {
      class: "input cloud-input",
      type: "text",
      maxlength: String(longest),
      autocomplete: "off",
      spellcheck: "false",
      enterkeyhint: i === most - 1 ? "send" : "next",
      placeholder: most === 1 ? "Your word" : `Word ${i + 1}${i ? " (optional)" : ""}`,
      "aria-label": most === 1 ? "Your word" : `Word ${i + 1}`,
    }),
  );
  const send = h("button", { type: "submit", class: "btn btn-primary btn-block btn-big", disabled: true }, "Send");
  const entries = () => inputs.map((el) => el.value.trim().replace(/\s+/g, " ")).filter(Boolean);
  for (const el of inputs) el.addEventListener("input", () => (send.disabled = entries().length === 0));
  const form = h("form", { class: "cloud-form stack", novalidate: true }, inputs, h("p", { class: "hint" }, `Up to ${longest} characters each.`), send);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const list = entries();
    if (list.length) ctx.onSubmit({ entries: list });
  });
  requestAnimationFrame(() => inputs[0].focus());
  return form;
}

/**
 * @param {CloudQuestion} q
 * @param {{entries?: string[]}} answer
 * @returns {HTMLElement | null}
 */
export function summary(q, answer) {
  if (!Array.isArray(answer.entries)) return null;
  return h("ul", { class: "cloud-summary" }, answer.entries.map((t) => h("li", null, t)));
}

/** @type {CanvasRenderingContext2D | null} */
let measurer = null;

/**
 * The width of `text` at `size` units, in the same units.
 * @param {string} text
 * @param {number} size
 * @returns {number}
 */
function measure(text, size) {
  if (!measurer) measurer = document.createElement("canvas").getContext("2d");
  if (!measurer) return text.length * size * 0.6;
  measurer.font = `800 ${size}px ${FONT}`;
  return measurer.measureText(text).width;
}

/**
 * Place words biggest first along a spiral; a word that finds no room is left out.
 * @param {Word[]} words biggest first
 * @returns {Placed[]}
 */
export function layout(words) {
  if (!words.length) return [];
  const top = words[0].count;
  /** @type {{x0: number, y0: number, x1: number, y1: number}[]} */
  const boxes = [];
  /** @type {Placed[]} */
  const placed = [];
  words.forEach((word, i) => {
    // Fewer words get bigger type; the biggest word always gets the most room.
    const max = Math.max(MIN_SIZE + 10, MAX_SIZE - words.length * 0.9);
    const size = MIN_SIZE + (max - MIN_SIZE) * Math.sqrt(word.count / top);
    const w = measure(word.text, size) + 10;
    const hgt = size * 1.02 + 4;
    for (let t = 0; t < 2400; t++) {
      const angle = 0.19 * t;
      const radius = 2.4 * angle;
      const x = WIDTH / 2 + radius * Math.cos(angle) * 1.7 - w / 2;
      const y = HEIGHT / 2 + radius * Math.sin(angle) - hgt / 2;
      if (x < 0 || y < 0 || x + w > WIDTH || y + hgt > HEIGHT) {
        if (radius > WIDTH) break;
        continue;
      }
      const box = { x0: x, y0: y, x1: x + w, y1: y + hgt };
      if (boxes.some((b) => box.x0 < b.x1 && box.x1 > b.x0 && box.y0 < b.y1 && box.y1 > b.y0)) continue;
      boxes.push(box);
      placed.push({ word, x: x + w / 2, y: y + hgt * 0.78, size, colour: i % 8 });
      return;
    }
  });
  return placed;
}

/**
 * The cloud as SVG text.
 * @param {Word[]} words
 * @returns {HTMLElement}
 */
export function cloud(words) {
  const placed = layout(words);
  const label = words.map((w) => `${w.text} (${w.count})`).join(", ");
  return h(
    "div",
    { class: "cloud", role: "img", "aria-label": words.length ? `Word cloud: ${label}` : "No words yet" },
    /** @type {any} */ (
      svg(
        "svg",
        { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: "cloud-svg", "aria-hidden": "true" },
        placed.map((p) =>
          svg("text", { x: p.x.toFixed(1), y: p.y.toFixed(1), "font-size": p.size.toFixed(1), class: `cloud-word cloud-${p.colour}`, "text-anchor": "middle" }, p.word.text),
        ),
      )
    ),
    words.length ? null : h("p", { class: "mode-prompt cloud-empty" }, "Words appear here as they arrive"),
  );
}

/**
 * The host's list: every group with its count, and Hide / Show.
 * @param {Word[]} words
 * @param {string[]} hidden
 * @param {import("./index.js").BoardContext} ctx
 * @returns {HTMLElement}
 */
function hostList(words, hidden, ctx) {
  const gone = new Set(hidden);
  return h(
    "ul",
    { class: "cloud-list", "aria-label": "Words" },
    words.map((w) => {
      const isHidden = gone.has(w.key);
      const btn = h(
        "button",
        { type: "button", class: "btn btn-small btn-ghost", "aria-label": `${isHidden ? "Show" : "Hide"} ${w.text}` },
        isHidden ? "Show" : "Hide",
      );
      btn.addEventListener("click", () => ctx.command && ctx.command(isHidden ? "show_entry" : "hide_entry", { entry: w.key }));
      return h(
        "li",
        { class: `cloud-item${isHidden ? " is-hidden" : ""}` },
        h("span", { class: "cloud-text" }, w.text),
        h("span", { class: "cloud-count" }, String(w.count)),
        isHidden ? h("span", { class: "badge" }, "hidden") : null,
        btn,
      );
    }),
  );
}

/**
 * @param {CloudQuestion} q
 * @param {import("./index.js").BoardContext} [ctx]
 * @returns {HTMLElement}
 */
export function board(q, ctx = {}) {
  const r = ctx.reveal;
  if (r && r.results_hidden) return h("p", { class: "mode-prompt" }, "The results are on the big screen.");
  const source = r || q.live || {};
  /** @type {Word[]} */
  const words = Array.isArray(source.words) ? source.words : [];
  if (ctx.host) {
    const hidden = Array.isArray(source.hidden) ? source.hidden : [];
    const shown = words.filter((w) => !hidden.includes(w.key));
    return h(
      "div",
      { class: "mode-board cloud-board is-host" },
      cloud(shown),
      words.length ? hostList(words, hidden, ctx) : null,
    );
  }
  return h(
    "div",
    { class: `mode-board cloud-board${r ? " is-revealed" : ""}` },
    cloud(words),
    r ? h("p", { class: "key-count" }, `${plural(r.answered ?? 0, "player")} · ${plural(source.groups ?? words.length, "different word")}`) : null,
  );
}

/** @returns {null} */
export function rightAnswer() {
  return null;
}
