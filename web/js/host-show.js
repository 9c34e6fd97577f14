// @ts-check
/**
 * The show on the host's control page: every activity of the room in order, with the
 * upcoming ones movable and removable, a quick form to type a poll, a word cloud, a rating or a
 * planning-poker round on the spot (question, options, Enter) or to add a Wordle race with a word
 * drawn by the host, and a pack to add. All through host commands
 * (`add`, `add_pack`, `move`, `remove`: docs/protocol.md).
 * @module host-show
 */

import { h, replace, setText } from "./dom.js";
import { api, plural, toast } from "./common.js";
import { boardGrid } from "./modes/buzzer.js";

/**
 * @typedef {{index: number, type: string, text: string, status: string}} ShowItem
 * @typedef {(action: string, extra?: Record<string, any>) => void} Command
 */

const TYPE_LABEL = /** @type {Record<string, string>} */ ({
  single: "quiz",
  multi: "quiz",
  truefalse: "true/false",
  typed: "type it",
  number: "number",
  order: "order",
  poll: "poll",
  scale: "rating",
  wordcloud: "word cloud",
  poker: "poker",
  buzzer: "buzzer",
  wordle: "Wordle race",
  lightning: "lightning round",
  final: "final round",
});

/** @type {{list: HTMLElement | null, packs: HTMLSelectElement | null, board: HTMLElement | null, signature: string, boardSignature: string}} */
const ui = { list: null, packs: null, board: null, signature: "", boardSignature: "" };

/**
 * The panel, built once; `renderShow` fills in the list.
 * @param {Command} command
 * @returns {HTMLElement}
 */
export function buildShow(command) {
  ui.list = h("ol", { class: "show-list", "aria-label": "The show" });
  ui.board = h("div", { class: "host-board" });
  const kind = h(
    "select",
    { class: "input", "aria-label": "Kind of activity", id: "quick-kind" },
    h("option", { value: "poll" }, "Poll"),
    h("option", { value: "wordcloud" }, "Word cloud"),
    h("option", { value: "scale" }, "Rating 1 to 5"),
    h("option", { value: "poker" }, "Planning poker"),
    h("option", { value: "wordle" }, "Wordle race (3 minutes)"),
  );
  const text = h("input", { class: "input", id: "quick-text", type: "text", maxlength: "300", placeholder: "Question, e.g. Pizza or pasta?", "aria-label": "Question" });
  const options = h("textarea", {
    class: "input",
    id: "quick-options",
    rows: "3",
    placeholder: "Options, one per line (a poll needs 2 to 8)",
    "aria-label": "Options, one per line",
  });
  const error = h("p", { class: "field-error", role: "alert", hidden: true });
  kind.addEventListener("change", () => {
    options.hidden = kind.value !== "poll";
    text.placeholder =
      kind.value === "wordle"
        ? "Title (optional): partyhost picks the word"
        : kind.value === "poker"
          ? "Story, e.g. Export the report as PDF"
          : "Question, e.g. Pizza or pasta?";
  });
  /** @param {boolean} next */
  const add = (next) => {
    const question = quickQuestion(kind.value, text.value, options.value);
    if (typeof question === "string") {
      error.textContent = question;
      error.hidden = false;
      return;
    }
    error.hidden = true;
    const place = next ? nextPlace() : null;
    command("add", place === null ? { question } : { question, position: place });
    text.value = "";
    options.value = "";
    // Ready to type the next poll; a Wordle race needs no typing, so Space starts the game again.
    if (kind.value === "wordle") text.blur();
    else text.focus();
  };
  const form = h(
    "form",
    { class: "quick-add stack", novalidate: true, "aria-label": "Add an activity now" },
    h("div", { class: "quick-row" }, kind, text),
    options,
    error,
    h(
      "div",
      { class: "quick-buttons" },
      h("button", { type: "submit", class: "btn btn-primary btn-small" }, "Add next"),
      h("button", { type: "button", class: "btn btn-secondary btn-small", onclick: () => add(false) }, "Add at the end"),
    ),
  );
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    add(true);
  });
  ui.packs = h("select", { class: "input", "aria-label": "Pack to add" }, h("option", { value: "" }, "Loading packs…"));
  const packButton = h("button", { type: "button", class: "btn btn-secondary btn-small" }, "Add pack at the end");
  packButton.addEventListener("click", () => {
    const id = ui.packs ? ui.packs.value : "";
    if (id) command("add_pack", { pack: id });
  });
  loadPacks();
  return h(
    "section",
    { class: "panel control-show", "aria-labelledby": "show-title" },
    h("h2", { class: "panel-title", id: "show-title" }, "The show"),
    ui.board,
    ui.list,
    h("h3", { class: "sub-title" }, "Add an activity now"),
    form,
    h("div", { class: "quick-row" }, ui.packs, packButton),
  );
}

/** @type {ShowItem[]} */
let current = [];

/** @returns {number | null} the place right after the question on now (null: the end) */
function nextPlace() {
  const on = current.findIndex((i) => i.status === "upcoming");
  return on === -1 ? null : on;
}

/**
 * A question in the pack format from the quick form, or a message saying what is missing.
 * @param {string} kind
 * @param {string} rawText
 * @param {string} rawOptions
 * @returns {Record<string, any> | string}
 */
export function quickQuestion(kind, rawText, rawOptions) {
  const text = rawText.trim();
  // A Wordle race's word is drawn by the host from partyhost's own list, never typed here.
  if (kind === "wordle") return text ? { type: "wordle", text } : { type: "wordle" };
  if (!text) return "Type the question first.";
  if (kind === "poker") return { type: "poker", text };
  if (kind === "wordcloud") return { type: "wordcloud", text };
  if (kind === "scale") return { type: "scale", text, min: 1, max: 5 };
  const options = rawOptions
    .split("\n")
    .map((o) => o.trim())
    .filter(Boolean);
  if (options.length < 2) return "A poll needs at least two options, one per line.";
  if (options.length > 8) return "A poll has at most eight options.";
  return { type: "poll", text, options };
}

async function loadPacks() {
  if (!ui.packs) return;
  try {
    const data = await api("/api/packs");
    const packs = /** @type {{id: string, title: string, questions?: number}[]} */ (data.packs || []);
    replace(
      ui.packs,
      h("option", { value: "" }, "Add a pack…"),
      packs.map((p) => h("option", { value: p.id }, `${p.title || p.id}${typeof p.questions === "number" ? ` (${plural(p.questions, "question")})` : ""}`)),
    );
  } catch (err) {
    replace(ui.packs, h("option", { value: "" }, "Packs could not be loaded"));
    toast(`Could not load the packs: ${/** @type {Error} */ (err).message}`);
  }
}

/**
 * The buzzer board, when the show has buzzer clues: a clue not asked yet opens with a click
 * (from the lobby, a reveal or a leaderboard).
 * @param {import("./modes/buzzer.js").BoardColumn[] | undefined} columns
 * @param {boolean} canOpen
 * @param {Command} command
 */
export function renderBoard(columns, canOpen, command) {
  if (!ui.board) return;
  const signature = JSON.stringify([columns || null, canOpen]);
  if (signature === ui.boardSignature) return;
  ui.boardSignature = signature;
  if (!columns) {
    replace(ui.board);
    return;
  }
  replace(
    ui.board,
    h("p", { class: "muted small" }, canOpen ? "Pick a clue to open it:" : "The board (close the clue on now to pick another):"),
    boardGrid(columns, canOpen ? (index) => command("open", { index }) : null),
  );
}

/**
 * @param {ShowItem[] | undefined} items
 * @param {Command} command
 */
export function renderShow(items, command) {
  if (!ui.list || !items) return;
  current = items;
  const signature = JSON.stringify(items);
  if (signature === ui.signature) return;
  ui.signature = signature;
  const upcoming = items.filter((i) => i.status === "upcoming").map((i) => i.index);
  const first = upcoming[0];
  const last = upcoming[upcoming.length - 1];
  replace(
    ui.list,
    items.map((item) => {
      const movable = item.status === "upcoming";
      return h(
        "li",
        { class: `show-item is-${item.status}` },
        h("span", { class: "show-number" }, String(item.index + 1)),
        h("span", { class: "badge" }, TYPE_LABEL[item.type] || item.type),
        h("span", { class: "show-text" }, item.text),
        item.status === "current" ? h("span", { class: "badge badge-now" }, "now") : null,
        item.status === "skipped" ? h("span", { class: "muted small" }, "skipped") : null,
        movable
          ? h(
              "span",
              { class: "show-tools" },
              h("button", { type: "button", class: "btn btn-small btn-ghost", "aria-label": `Move “${item.text}” up`, disabled: item.index === first, onclick: () => command("move", { index: item.index, to: item.index - 1 }) }, "▲"),
              h("button", { type: "button", class: "btn btn-small btn-ghost", "aria-label": `Move “${item.text}” down`, disabled: item.index === last, onclick: () => command("move", { index: item.index, to: item.index + 1 }) }, "▼"),
              h("button", { type: "button", class: "btn btn-small btn-ghost", "aria-label": `Remove “${item.text}”`, onclick: () => command("remove", { index: item.index }) }, "✕"),
            )
          : null,
      );
    }),
  );
  const title = document.getElementById("show-title");
  if (title) setText(title, `The show (${plural(items.length, "activity", "activities")})`);
}
