// @ts-check
/**
 * The pack editor's form fields: the question types it has a form for, the fields of each
 * (with the limits and defaults of `partyhost/packs/model.py`), changing a question's type
 * without losing what carries over, where a server message belongs in the form, and the
 * question as the phones and the screen would get it (for the preview).
 *
 * Every field is a `.field` with a visible `<label for>`, an input with a stable id, a hint
 * and an error slot (`data-error-for`) that `editor.js` fills with the server's messages.
 * Field keys are `q:PATH` for the current question (`q:options.2`) and `p:PATH` for the pack
 * (`p:settings.time_limit`), PATH being the server's `where` after `question N, `.
 * @module editor-fields
 */

import { h } from "./dom.js";

/** @typedef {{type: string, text?: string, [key: string]: any}} Q */
/** @typedef {import("./dom.js").Child} Child */
/**
 * What a field builder needs from the editor.
 * @typedef {object} Ctx
 * @property {boolean} ro the pack is read-only (bundled)
 * @property {(redraw?: boolean) => void} changed a value changed; `true` redraws the form
 * @property {(id: string) => void} focusAfter focus this element once the form is redrawn
 * @property {number} packTime the pack's seconds per question (for the placeholder)
 */

/** The types with a form, in the order of the type list, with the names a host reads. */
export const TYPES = [
  { type: "single", name: "One right answer", quiz: true },
  { type: "multi", name: "Pick all that apply", quiz: true },
  { type: "truefalse", name: "True or false", quiz: true },
  { type: "typed", name: "Type the answer", quiz: true },
  { type: "number", name: "Number / slider", quiz: true },
  { type: "order", name: "Put in order", quiz: true },
  { type: "buzzer", name: "Buzzer clue", quiz: true },
  { type: "poll", name: "Poll", quiz: false },
  { type: "scale", name: "Scale", quiz: false },
  { type: "wordcloud", name: "Word cloud", quiz: false },
  { type: "poker", name: "Planning poker", quiz: false },
];

/** Fields every question may have; they carry over when the type changes. */
const COMMON = ["text", "explanation", "time_limit", "image", "audio"];

/** The fields of each type beyond the common ones. */
const SPECIFIC = /** @type {Record<string, string[]>} */ ({
  single: ["options", "correct"],
  multi: ["options", "correct"],
  truefalse: ["correct"],
  typed: ["accepted", "typos"],
  number: ["answer", "tolerance", "closest", "min", "max", "step", "unit"],
  order: ["items"],
  poll: ["options", "multiple", "show_results", "anonymous"],
  scale: ["min", "max", "labels", "show_results", "anonymous"],
  wordcloud: ["max_entries", "max_length", "show_results", "anonymous"],
  poker: ["deck", "show_results", "anonymous"],
  buzzer: ["category", "value", "answer", "daily_double"],
});

/** The named poker decks (`partyhost/core/modes/poker.py`). */
export const DECKS = /** @type {Record<string, string[]>} */ ({
  fibonacci: ["0", "1", "2", "3", "5", "8", "13", "21", "34", "55", "89", "?", "\u2615"],
  tshirt: ["XS", "S", "M", "L", "XL", "XXL", "?", "\u2615"],
});

const LETTERS = "ABCDEFGH";

/** @param {string} type @returns {boolean} */
export function isKnown(type) {
  return type in SPECIFIC;
}

/** @param {string} type @returns {string} */
export function typeName(type) {
  const found = TYPES.find((t) => t.type === type);
  return found ? found.name : type;
}

/** @param {string} type @returns {boolean} whether the type runs on the pack's timer when it sets none */
export function timedByDefault(type) {
  const found = TYPES.find((t) => t.type === type);
  return found ? found.quiz && type !== "buzzer" : true;
}

// ------------------------------------------------------------------ changing the type

/** A question's fields from the types it was before, so switching back restores them. */
const stash = /** @type {WeakMap<Q, Record<string, Q>>} */ (new WeakMap());

/**
 * @param {any} list
 * @returns {string[] | null}
 */
function strings(list) {
  return Array.isArray(list) && list.every((s) => typeof s === "string") ? list : null;
}

/** @param {string[]} list @param {number} least @returns {string[]} */
function padded(list, least) {
  const out = [...list];
  while (out.length < least) out.push("");
  return out;
}

/**
 * The same question as another type: the common fields, the options (or items) when both
 * types have them, a typed answer as a buzzer answer and back, and whatever this question
 * had as that type before.
 * @param {string} type
 * @param {Q} old
 * @returns {Q}
 */
export function convert(type, old) {
  const saved = { ...(stash.get(old) || {}) };
  if (isKnown(old.type)) saved[old.type] = old;
  /** @type {Q} */
  const q = { type };
  for (const key of COMMON) if (old[key] !== undefined) q[key] = old[key];
  if (q.text === undefined) q.text = "";
  const before = saved[type];
  if (before) for (const key of SPECIFIC[type] || []) if (before[key] !== undefined) q[key] = structuredClone(before[key]);
  Object.assign(q, carried(type, old, q));
  stash.set(q, saved);
  return q;
}

/**
 * The fields a new question of this type starts with, with what carries over from `old`.
 * @param {string} type
 * @param {Q} old
 * @param {Q} q the question so far (restored fields included)
 * @returns {Record<string, any>}
 */
function carried(type, old, q) {
  const options = strings(old.options) || strings(old.items);
  const out = /** @type {Record<string, any>} */ ({});
  if (type === "single" || type === "multi" || type === "poll") out.options = padded(options || strings(q.options) || [], 2);
  if (type === "order") out.items = padded(options || strings(q.items) || [], 3);
  if (type === "single") {
    const right = old.type === "multi" && Array.isArray(old.correct) ? old.correct[0] : old.type === "single" ? old.correct : q.correct;
    out.correct = Number.isInteger(right) && right < out.options.length ? right : 0;
  } else if (type === "multi") {
    const right = old.type === "single" ? [old.correct] : Array.isArray(q.correct) ? q.correct : [];
    const kept = right.filter((/** @type {any} */ i) => Number.isInteger(i) && i < out.options.length);
    out.correct = kept.length ? kept : [0];
  } else if (type === "truefalse") {
    out.correct = typeof q.correct === "boolean" ? q.correct : true;
  } else if (type === "typed") {
    out.accepted = old.type === "buzzer" && old.answer ? [old.answer] : strings(q.accepted) || [""];
  } else if (type === "buzzer") {
    out.category = typeof q.category === "string" ? q.category : "";
    out.answer = old.type === "typed" && strings(old.accepted) && old.accepted[0] ? old.accepted[0] : typeof q.answer === "string" ? q.answer : "";
  }
  if (["poll", "scale", "wordcloud", "poker"].includes(type) && typeof old.show_results === "boolean") out.show_results = old.show_results;
  if (["poll", "scale", "wordcloud"].includes(type) && ["poll", "scale", "wordcloud"].includes(old.type) && typeof old.anonymous === "boolean") {
    out.anonymous = old.anonymous;
  }
  return out;
}

// ------------------------------------------------------------------ where a message belongs

/** Names pydantic gives the members of a union, which say nothing to a host. */
const BRANCH = /^(constrained-[\w-]+|literal\[.*\]|list\[.*\]|float|int|str|bool|none)$/;

/**
 * A server `where` ("question 3, deck.list[constrained-str].0") as the question it names
 * (counted from 0; null for the pack) and the field path ("deck.0").
 * @param {string} where
 * @returns {{question: number | null, path: string, branch: string}}
 */
export function parseWhere(where) {
  const m = /^question (\d+)(?:, (.*))?$/.exec(where);
  const raw = m ? m[2] || "" : where === "the pack" ? "" : where;
  let branch = "";
  const parts = [];
  for (const part of raw ? raw.split(".") : []) {
    if (BRANCH.test(part)) {
      if (part.startsWith("literal[")) branch = "literal";
      else if (part.startsWith("list[")) branch = "list";
    } else parts.push(part);
  }
  return { question: m ? Number(m[1]) - 1 : null, path: parts.join("."), branch };
}

/** Messages about a whole question that are really about one of its fields. */
const ABOUT = [
  [/^a slider needs both min and max/, "max"],
  [/^min \(.*\) must be below max/, "max"],
  [/^answer .* is outside min and max/, "answer"],
  [/^step is for a slider/, "step"],
  [/^correct /, "options"],
  [/^the option /, "options"],
  [/^the item /, "items"],
  [/^the card /, "deck"],
  [/^the accepted answer /, "accepted"],
];

/**
 * The field a message is about, and whether to show it at all: of the two messages a union
 * gives (a named deck, or a list of cards), only the one for what the question holds.
 * @param {{where: string, message: string}} problem
 * @param {Q | undefined} q the question it names, if any
 * @returns {{question: number | null, path: string} | null}
 */
export function placeOf(problem, q) {
  const { question, path, branch } = parseWhere(problem.where);
  if (q && branch) {
    const value = q[path.split(".")[0]];
    if (branch === "literal" && Array.isArray(value)) return null;
    if (branch === "list" && typeof value === "string") return null;
  }
  // A choice question's right answers are marked on its options.
  if (q && (q.type === "single" || q.type === "multi") && path.split(".")[0] === "correct") return { question, path: "options" };
  if (question !== null && !path) {
    for (const [pattern, field] of ABOUT) if (/** @type {RegExp} */ (pattern).test(problem.message)) return { question, path: /** @type {string} */ (field) };
  }
  return { question, path };
}

// ------------------------------------------------------------------ field builders

/**
 * A labelled field: label, input, then its hint and the server's message about it.
 * @param {string} key `q:PATH` or `p:PATH`
 * @param {string} label the visible label
 * @param {HTMLElement} input an input with an id
 * @param {string} [hint] a line under the input
 * @returns {HTMLElement}
 */
export function field(key, label, input, hint) {
  input.dataset.key = key;
  const error = h("p", { class: "field-error", id: `${input.id}-error`, "data-error-for": key });
  const note = hint ? h("p", { class: "hint", id: `${input.id}-hint` }, hint) : null;
  input.setAttribute("aria-describedby", [note ? note.id : "", error.id].filter(Boolean).join(" "));
  return h("div", { class: "field", "data-field": key }, h("label", { class: "label", for: input.id }, label), input, h("div", { class: "field-after" }, note, error));
}

/**
 * A text input bound to a value.
 * @param {Ctx} ctx
 * @param {string} id
 * @param {string} value
 * @param {(v: string) => void} set
 * @param {Record<string, any>} [extra] more attributes (maxlength, placeholder, class)
 * @returns {HTMLInputElement}
 */
export function textInput(ctx, id, value, set, extra = {}) {
  return h("input", {
    class: "input",
    id,
    value,
    disabled: ctx.ro,
    autocomplete: "off",
    oninput: (/** @type {Event} */ e) => {
      set(/** @type {HTMLInputElement} */ (e.target).value);
      ctx.changed(false);
    },
    ...extra,
  });
}

/**
 * A number input; empty means "not set" (the default applies).
 * @param {Ctx} ctx
 * @param {string} id
 * @param {number | undefined} value
 * @param {(v: number | undefined) => void} set
 * @param {Record<string, any>} [extra] min, max, step, placeholder
 * @returns {HTMLInputElement}
 */
export function numberInput(ctx, id, value, set, extra = {}) {
  return h("input", {
    class: "input",
    id,
    type: "number",
    step: "any",
    inputmode: "decimal",
    value: typeof value === "number" ? String(value) : "",
    disabled: ctx.ro,
    oninput: (/** @type {Event} */ e) => {
      const raw = /** @type {HTMLInputElement} */ (e.target).value.trim();
      const n = Number(raw);
      set(raw === "" || !Number.isFinite(n) ? undefined : n);
      ctx.changed(false);
    },
    ...extra,
  });
}

/**
 * A checkbox with its label after it (a `.check`), with an error slot.
 * @param {Ctx} ctx
 * @param {string} key
 * @param {string} id
 * @param {string} label
 * @param {boolean} checked
 * @param {(on: boolean) => void} set
 * @param {boolean} [redraw] redraw the form after a change
 * @returns {HTMLElement}
 */
export function checkField(ctx, key, id, label, checked, set, redraw = false) {
  const box = h("input", {
    type: "checkbox",
    id,
    checked,
    disabled: ctx.ro,
    "data-key": key,
    "aria-describedby": `${id}-error`,
    onchange: (/** @type {Event} */ e) => {
      set(/** @type {HTMLInputElement} */ (e.target).checked);
      ctx.changed(redraw);
    },
  });
  return h(
    "div",
    { class: "field field-check", "data-field": key },
    h("label", { class: "check", for: id }, box, label),
    h("p", { class: "field-error", id: `${id}-error`, "data-error-for": key }),
  );
}

/**
 * An optional setting: a field that is removed from the question when it holds its default.
 * @param {Q} q
 * @param {string} name
 * @returns {(v: any) => void}
 */
function setter(q, name) {
  return (v) => {
    if (v === undefined || v === "") delete q[name];
    else q[name] = v;
  };
}

/**
 * @typedef {object} ListSpec
 * @property {string} key `q:options`
 * @property {string} id id prefix of the inputs (`q-option` gives `q-option-0`…)
 * @property {string} legend the group's visible title
 * @property {string} [hint]
 * @property {string[]} items
 * @property {number} min
 * @property {number} max
 * @property {number} maxlength
 * @property {string} noun one item, for the labels ("Option", "Item", "Card")
 * @property {(i: number) => string} mark the short visible label of row i ("A", "1")
 * @property {string} add the add button's text
 * @property {string} [addId]
 * @property {string} [inputClass] extra class of each input
 * @property {string} [placeholder]
 * @property {boolean} [movable] rows have ↑ ↓ (and Alt+↑/↓ in the input)
 * @property {boolean} [compact] a wrapping grid of small rows (cards)
 * @property {(i: number) => Child} [extra] more controls in row i (the "right" mark)
 * @property {(i: number) => void} [removed] after row i is removed (fix what points at rows)
 * @property {(from: number, to: number) => void} [moved]
 */

/**
 * A list of short texts to add to, remove from and (if movable) reorder.
 * @param {Ctx} ctx
 * @param {ListSpec} spec
 * @returns {HTMLElement}
 */
export function listField(ctx, spec) {
  const { items, ro } = { items: spec.items, ro: ctx.ro };
  const move = (/** @type {number} */ from, /** @type {number} */ to, /** @type {string} */ focus) => {
    if (to < 0 || to >= items.length) return;
    const [item] = items.splice(from, 1);
    items.splice(to, 0, item);
    if (spec.moved) spec.moved(from, to);
    ctx.focusAfter(`${spec.id}-${to}${focus}`);
    ctx.changed(true);
  };
  const rows = items.map((item, i) => {
    const input = h("input", {
      class: `input${spec.inputClass ? ` ${spec.inputClass}` : ""}`,
      id: `${spec.id}-${i}`,
      value: item,
      maxlength: spec.maxlength,
      placeholder: spec.placeholder || null,
      autocomplete: "off",
      disabled: ro,
      "data-key": `${spec.key}.${i}`,
      "aria-describedby": `${spec.id}-${i}-error`,
      oninput: (/** @type {Event} */ e) => {
        items[i] = /** @type {HTMLInputElement} */ (e.target).value;
        ctx.changed(false);
      },
      onkeydown: (/** @type {KeyboardEvent} */ e) => {
        if (spec.movable && !ro && e.altKey && (e.key === "ArrowUp" || e.key === "ArrowDown")) {
          e.preventDefault();
          e.stopPropagation();
          move(i, i + (e.key === "ArrowUp" ? -1 : 1), "");
        }
      },
    });
    const name = `${spec.noun} ${spec.mark(i)}`;
    return h(
      "div",
      { class: "editor-option", "data-field": `${spec.key}.${i}` },
      h("label", { class: "editor-mark", for: input.id, title: name }, h("span", { class: "sr-only" }, `${spec.noun} `), spec.mark(i)),
      input,
      h(
        "span",
        { class: "editor-tools" },
        spec.extra ? spec.extra(i) : null,
        spec.movable && !ro
          ? [
              h("button", { class: "btn btn-ghost btn-small", type: "button", id: `${spec.id}-${i}-up`, disabled: i === 0, "aria-label": `Move ${name.toLowerCase()} up`, onclick: () => move(i, i - 1, "-up") }, "↑"),
              h("button", { class: "btn btn-ghost btn-small", type: "button", id: `${spec.id}-${i}-down`, disabled: i === items.length - 1, "aria-label": `Move ${name.toLowerCase()} down`, onclick: () => move(i, i + 1, "-down") }, "↓"),
            ]
          : null,
        ro
          ? null
          : h(
              "button",
              {
                class: "btn btn-ghost btn-small",
                type: "button",
                disabled: items.length <= spec.min,
                "aria-label": `Remove ${name.toLowerCase()}`,
                onclick: () => {
                  items.splice(i, 1);
                  if (spec.removed) spec.removed(i);
                  ctx.focusAfter(`${spec.id}-${Math.min(i, items.length - 1)}`);
                  ctx.changed(true);
                },
              },
              "✕",
            ),
      ),
      h("p", { class: "field-error", id: `${spec.id}-${i}-error`, "data-error-for": `${spec.key}.${i}` }),
    );
  });
  return h(
    "fieldset",
    { class: `field field-list${spec.compact ? " is-compact" : ""}`, "data-field": spec.key },
    h("legend", { class: "label" }, spec.legend),
    spec.hint ? h("p", { class: "hint", id: `${spec.id}-hint` }, spec.hint) : null,
    h("div", { class: "editor-rows" }, rows),
    ro || items.length >= spec.max
      ? null
      : h(
          "button",
          {
            class: "btn btn-ghost btn-small editor-add",
            type: "button",
            id: spec.addId || `${spec.id}-add`,
            onclick: () => {
              items.push("");
              ctx.focusAfter(`${spec.id}-${items.length - 1}`);
              ctx.changed(true);
            },
          },
          spec.add,
        ),
    h("p", { class: "field-error", id: `${spec.id}-error`, "data-error-for": spec.key }),
  );
}

// ------------------------------------------------------------------ the fields of each type

/**
 * The fields of one question type, after its text; null for a type this editor has no form for.
 * @param {Q} q
 * @param {Ctx} ctx
 * @returns {Child[] | null}
 */
export function typeFields(q, ctx) {
  switch (q.type) {
    case "single":
    case "multi":
      return choiceFields(q, ctx);
    case "truefalse":
      return [
        h(
          "fieldset",
          { class: "field", "data-field": "q:correct" },
          h("legend", { class: "label" }, "Right answer"),
          h(
            "div",
            { class: "editor-row", role: "radiogroup" },
            [true, false].map((v) =>
              h(
                "label",
                { class: "check" },
                h("input", { type: "radio", name: "tf", id: `q-tf-${v}`, checked: q.correct === v, disabled: ctx.ro, onchange: () => { q.correct = v; ctx.changed(false); } }),
                v ? "True" : "False",
              ),
            ),
          ),
          h("p", { class: "field-error", "data-error-for": "q:correct" }),
        ),
      ];
    case "typed":
      return typedFields(q, ctx);
    case "number":
      return numberFields(q, ctx);
    case "order":
      q.items = strings(q.items) || padded([], 3);
      return [
        listField(ctx, {
          key: "q:items", id: "q-item", legend: "Items, in the right order", hint: "3 to 8. Players see them shuffled and put them back in this order.",
          items: q.items, min: 3, max: 8, maxlength: 120, noun: "Item", mark: (i) => String(i + 1), add: "＋ Add item", movable: true,
        }),
      ];
    case "poll":
      q.options = strings(q.options) || padded([], 2);
      return [
        listField(ctx, {
          key: "q:options", id: "q-option", legend: "Options", hint: "2 to 8; none of them is right.", inputClass: "q-option",
          items: q.options, min: 2, max: 8, maxlength: 120, noun: "Option", mark: (i) => LETTERS[i] || String(i + 1), add: "＋ Add option", addId: "add-option",
        }),
        h("div", { class: "editor-checks" },
          checkField(ctx, "q:multiple", "q-multiple", "Players may pick several", q.multiple === true, (on) => setter(q, "multiple")(on || undefined))),
        resultsFields(q, ctx, true),
      ];
    case "scale":
      return scaleFields(q, ctx);
    case "wordcloud":
      return [
        h(
          "div",
          { class: "editor-fields" },
          field("q:max_entries", "Entries per player", numberInput(ctx, "q-max-entries", q.max_entries, setter(q, "max_entries"), { min: 1, max: 5, step: 1, placeholder: "default: 3" }), "1 to 5"),
          field("q:max_length", "Letters per entry", numberInput(ctx, "q-max-length", q.max_length, setter(q, "max_length"), { min: 1, max: 40, step: 1, placeholder: "default: 30" }), "1 to 40"),
        ),
        resultsFields(q, ctx, true),
      ];
    case "poker":
      return pokerFields(q, ctx);
    case "buzzer":
      return [
        h(
          "div",
          { class: "editor-fields" },
          field("q:category", "Category", textInput(ctx, "q-category", q.category ?? "", (v) => (q.category = v), { maxlength: 40, placeholder: "e.g. Rivers" }), "A column of the board; up to 40 characters."),
          field("q:value", "Points", numberInput(ctx, "q-value", q.value, setter(q, "value"), { min: 1, max: 100000, step: 1, placeholder: "default: 100" }), "Won if right, lost if wrong."),
        ),
        field("q:answer", "Answer", textInput(ctx, "q-answer", q.answer ?? "", (v) => (q.answer = v), { maxlength: 200 }), "For you to judge by; everyone sees it at the reveal."),
        h("div", { class: "editor-checks" },
          checkField(ctx, "q:daily_double", "q-daily-double", "Daily Double (the player in control wagers and answers alone)", q.daily_double === true, (on) => setter(q, "daily_double")(on || undefined))),
      ];
    default:
      return null;
  }
}

/** @param {Q} q @param {Ctx} ctx @returns {Child[]} */
function choiceFields(q, ctx) {
  const options = (q.options = strings(q.options) || padded([], 2));
  const multi = q.type === "multi";
  const isRight = (/** @type {number} */ i) => (multi ? (Array.isArray(q.correct) ? q.correct : []).includes(i) : q.correct === i);
  return [
    listField(ctx, {
      key: "q:options", id: "q-option", legend: multi ? "Options: tick every right one" : "Options: mark the right one",
      hint: "2 to 6.", inputClass: "q-option", items: options, min: 2, max: 6, maxlength: 120, noun: "Option",
      mark: (i) => LETTERS[i] || String(i + 1), add: "＋ Add option", addId: "add-option",
      extra: (i) =>
        h(
          "label",
          { class: "editor-right" },
          h("input", {
            type: multi ? "checkbox" : "radio", name: "right", id: `q-right-${i}`, checked: isRight(i), disabled: ctx.ro,
            "aria-label": `Option ${LETTERS[i]} is right`,
            onchange: (/** @type {Event} */ e) => {
              const on = /** @type {HTMLInputElement} */ (e.target).checked;
              const now = Array.isArray(q.correct) ? q.correct : [];
              if (multi) q.correct = on ? [...now.filter((c) => c !== i), i].sort((a, b) => a - b) : now.filter((c) => c !== i);
              else q.correct = i;
              ctx.changed(false);
            },
          }),
          h("span", { "aria-hidden": "true" }, "Right"),
        ),
      removed: (i) => {
        if (multi) q.correct = (Array.isArray(q.correct) ? q.correct : []).filter((c) => c !== i).map((c) => (c > i ? c - 1 : c));
        else if (q.correct === i || q.correct >= options.length) q.correct = 0;
        else if (q.correct > i) q.correct -= 1;
      },
    }),
  ];
}

/** @param {Q} q @param {Ctx} ctx @returns {Child[]} */
function typedFields(q, ctx) {
  const accepted = (q.accepted = strings(q.accepted) || [""]);
  return [
    listField(ctx, {
      key: "q:accepted", id: "q-accepted", legend: "Accepted answers",
      hint: "1 to 20. Case, accents, punctuation and spaces never matter.",
      items: accepted, min: 1, max: 20, maxlength: 100, noun: "Accepted answer", mark: (i) => String(i + 1), add: "＋ Add another accepted answer",
    }),
    h("div", { class: "editor-checks" },
      checkField(ctx, "q:typos", "q-typos", "Forgive a small typo", q.typos !== false, (on) => setter(q, "typos")(on ? undefined : false))),
  ];
}

/** @param {Q} q @param {Ctx} ctx @returns {Child[]} */
function numberFields(q, ctx) {
  const stepHint = () =>
    typeof q.min === "number" && typeof q.max === "number" && q.max > q.min ? `default: ${+((q.max - q.min) / 100).toPrecision(6)}` : "default: 1/100 of the range";
  const step = numberInput(ctx, "q-step", q.step, setter(q, "step"), { min: 0, placeholder: stepHint() });
  const bound = (/** @type {"min" | "max"} */ name) => (/** @type {number | undefined} */ v) => {
    setter(q, name)(v);
    step.placeholder = stepHint();
  };
  return [
    h(
      "div",
      { class: "editor-fields" },
      field("q:answer", "Right answer", numberInput(ctx, "q-answer", q.answer, setter(q, "answer"), { placeholder: "a number" })),
      field("q:tolerance", "Tolerance (±)", numberInput(ctx, "q-tolerance", q.tolerance, setter(q, "tolerance"), { min: 0, placeholder: "default: 0" }), "How far off still counts."),
      field("q:unit", "Unit", textInput(ctx, "q-unit", q.unit ?? "", setter(q, "unit"), { maxlength: 20, placeholder: "default: none" }), "Shown after the number, e.g. %."),
    ),
    h("div", { class: "editor-checks" },
      checkField(ctx, "q:closest", "q-closest", "Also reward the closest guesses", q.closest === true, (on) => setter(q, "closest")(on || undefined))),
    h(
      "fieldset",
      { class: "field editor-sub", "data-field": "q:slider" },
      h("legend", { class: "label" }, "Slider"),
      h("p", { class: "hint" }, "Give both min and max to answer on a slider; leave them empty for a number box."),
      h(
        "div",
        { class: "editor-fields" },
        field("q:min", "Min", numberInput(ctx, "q-min", q.min, bound("min"), { placeholder: "default: no slider" })),
        field("q:max", "Max", numberInput(ctx, "q-max", q.max, bound("max"), { placeholder: "default: no slider" })),
        field("q:step", "Step", step),
      ),
    ),
  ];
}

/** @param {Q} q @param {Ctx} ctx @returns {Child[]} */
function scaleFields(q, ctx) {
  const labels = strings(q.labels);
  const low = labels ? labels[0] : "";
  const high = labels ? labels[1] ?? "" : "";
  const setLabel = (/** @type {0 | 1} */ end) => (/** @type {string} */ v) => {
    const now = strings(q.labels) || ["", ""];
    const next = end === 0 ? [v, now[1] ?? ""] : [now[0] ?? "", v];
    if (!next[0] && !next[1]) delete q.labels;
    else q.labels = next;
  };
  return [
    h(
      "div",
      { class: "editor-fields" },
      field("q:min", "Lowest number", numberInput(ctx, "q-min", q.min, setter(q, "min"), { min: 0, max: 10, step: 1, placeholder: "default: 1" }), "0 to 10"),
      field("q:max", "Highest number", numberInput(ctx, "q-max", q.max, setter(q, "max"), { min: 1, max: 10, step: 1, placeholder: "default: 5" }), "1 to 10"),
    ),
    h(
      "div",
      { class: "editor-fields", "data-field": "q:labels" },
      field("q:labels.0", "Label of the lowest", textInput(ctx, "q-label-low", low, setLabel(0), { maxlength: 40, placeholder: "default: none" }), "e.g. Not at all"),
      field("q:labels.1", "Label of the highest", textInput(ctx, "q-label-high", high, setLabel(1), { maxlength: 40, placeholder: "default: none" }), "e.g. Very"),
      h("p", { class: "field-error editor-wide", "data-error-for": "q:labels" }),
    ),
    resultsFields(q, ctx, true),
  ];
}

/** @param {Q} q @param {Ctx} ctx @returns {Child[]} */
function pokerFields(q, ctx) {
  const custom = Array.isArray(q.deck);
  const named = custom ? "custom" : typeof q.deck === "string" ? q.deck : "fibonacci";
  /** @type {[string, string, string][]} */
  const choices = [
    ["fibonacci", "Fibonacci", DECKS.fibonacci.join(" ")],
    ["tshirt", "T-shirt sizes", DECKS.tshirt.join(" ")],
    ["custom", "Your own cards", "2 to 20 cards of up to 12 characters"],
  ];
  const pick = (/** @type {string} */ which) => {
    const before = Array.isArray(q.deck) ? q.deck : DECKS[typeof q.deck === "string" ? q.deck : "fibonacci"] || DECKS.fibonacci;
    if (which === "custom") q.deck = stash.get(q)?.customDeck || [...before];
    else {
      if (Array.isArray(q.deck)) stash.set(q, { ...(stash.get(q) || {}), customDeck: /** @type {any} */ (q.deck) });
      if (which === "fibonacci") delete q.deck;
      else q.deck = which;
    }
    ctx.focusAfter(`q-deck-${which}`);
    ctx.changed(true);
  };
  return [
    h(
      "fieldset",
      { class: "field", "data-field": "q:deck" },
      h("legend", { class: "label" }, "Deck"),
      h(
        "div",
        { class: "editor-choices", role: "radiogroup" },
        choices.map(([value, label, cards]) =>
          h(
            "label",
            { class: "check" },
            h("input", { type: "radio", name: "deck", id: `q-deck-${value}`, value, checked: named === value, disabled: ctx.ro, "aria-describedby": `q-deck-${value}-cards`, onchange: () => pick(value) }),
            h("span", { class: "choice-name" }, label, h("span", { class: "hint", id: `q-deck-${value}-cards` }, cards)),
          ),
        ),
      ),
      custom
        ? listField(ctx, {
            key: "q:deck", id: "q-card", legend: "Your cards", hint: "In the order players see them.",
            items: /** @type {string[]} */ (q.deck), min: 2, max: 20, maxlength: 12, noun: "Card", mark: (i) => String(i + 1), add: "＋ Add card", compact: true,
          })
        : h("p", { class: "hint" }, "default: Fibonacci. ? means not sure, ☕ asks for a break."),
      custom ? null : h("p", { class: "field-error", "data-error-for": "q:deck" }),
    ),
    resultsFields(q, ctx, false),
  ];
}

/**
 * Who sees the results of an activity with no right answer.
 * @param {Q} q @param {Ctx} ctx @param {boolean} anonymousByDefault
 * @returns {HTMLElement}
 */
function resultsFields(q, ctx, anonymousByDefault) {
  return h(
    "div",
    { class: "editor-checks" },
    checkField(ctx, "q:show_results", "q-show-results", "Phones see the results after the close", q.show_results !== false, (on) => setter(q, "show_results")(on ? undefined : false)),
    checkField(
      ctx, "q:anonymous", "q-anonymous", anonymousByDefault ? "Anonymous (nobody sees who answered what)" : "Anonymous (the reveal hides who picked which card)",
      typeof q.anonymous === "boolean" ? q.anonymous : anonymousByDefault,
      (on) => setter(q, "anonymous")(on === anonymousByDefault ? undefined : on),
    ),
  );
}

// ------------------------------------------------------------------ preview

/** @param {any} v @param {number} lo @param {number} hi @param {number} fallback @returns {number} */
function clamp(v, lo, hi, fallback) {
  return Number.isInteger(v) && v >= lo && v <= hi ? v : fallback;
}

/**
 * The question as phones and the screen get it while it is open (what `public()` of its mode
 * in `partyhost/core/modes/` sends), from what is typed so far: values out of range fall back
 * to the defaults so the preview never draws a thousand buttons.
 * @param {Q} q
 * @param {number} index
 * @returns {Record<string, any>}
 */
export function previewView(q, index) {
  /** @type {Record<string, any>} */
  const view = { index, number: index + 1, type: q.type, text: q.text || "…", image: q.image };
  const list = (/** @type {any} */ v) => (strings(v) || []).map((s) => s || "…");
  switch (q.type) {
    case "single":
    case "multi":
    case "poll":
      view.options = list(q.options);
      view.multiple = q.multiple === true;
      break;
    case "typed":
      view.max_length = 100;
      break;
    case "number": {
      const slider = typeof q.min === "number" && typeof q.max === "number" && q.min < q.max;
      if (slider) {
        view.min = q.min;
        view.max = q.max;
        if (typeof q.step === "number" && q.step > 0 && (q.max - q.min) / q.step <= 1000) view.step = q.step;
      }
      if (typeof q.unit === "string" && q.unit) view.unit = q.unit;
      view.closest = q.closest === true;
      break;
    }
    case "order": {
      const items = list(q.items);
      view.options = items.length > 1 ? [...items.slice(1), items[0]] : items;
      break;
    }
    case "scale": {
      const min = clamp(q.min, 0, 10, 1);
      const max = clamp(q.max, 1, 10, 5);
      view.min = min < max ? min : 1;
      view.max = min < max ? max : 5;
      if (strings(q.labels) && q.labels.length === 2) view.labels = q.labels;
      break;
    }
    case "wordcloud":
      view.max_entries = clamp(q.max_entries, 1, 5, 3);
      view.max_length = clamp(q.max_length, 1, 40, 30);
      break;
    case "poker":
      view.deck = Array.isArray(q.deck) ? list(q.deck).slice(0, 20) : DECKS[q.deck] || DECKS.fibonacci;
      break;
    case "buzzer":
      view.category = q.category || "";
      view.value = clamp(q.value, 1, 100000, 100);
      break;
    default:
      if (strings(q.options)) view.options = list(q.options);
  }
  return view;
}
