// @ts-check
/**
 * The pack editor (`/editor#PACK_ID`): write and change packs in the browser.
 *
 * Every question type has its own form fields (`editor-fields.js`); a type this editor does
 * not know is edited as JSON. Every change is checked by the server as you type
 * (`POST /api/packs/validate`, the same messages an import gives), each message shown next to
 * the field it is about and listed under the form, and saved a moment later
 * (`PUT /api/packs/{id}`): a valid pack is saved as the pack, one with problems as a draft, so
 * nothing typed is lost. Bundled packs are read-only and can be copied. The last deleted
 * question can be brought back (Undo, Ctrl+Z). Alt+↑/↓ moves the current question (or, in an
 * ordering item, that item).
 * @module editor
 */

import { $, h, replace, setText } from "./dom.js";
import { api } from "./common.js";
import { keyHeaders } from "./host-common.js";
import { modeFor } from "./modes/index.js";
import { questionMedia } from "./media.js";
import { TYPES, checkField, convert, field, isKnown, numberInput, parseWhere, placeOf, previewView, textInput, timedByDefault, typeFields, typeName } from "./editor-fields.js";

/** @typedef {import("./editor-fields.js").Q} Q */
/** @typedef {{format: string, id: string, title: string, description?: string,
 *   settings?: {time_limit?: number, points?: boolean, base_points?: number, late_join?: boolean}, questions: Q[]}} PackData */
/** @typedef {{where: string, message: string}} Problem */

const ed = {
  /** @type {PackData | null} */ pack: null,
  editable: false,
  current: 0,
  /** @type {Problem[]} */ problems: [],
  /** @type {{question: Q, index: number} | null} */ deleted: null,
  /** @type {number | undefined} */ checkTimer: undefined,
  /** @type {number | undefined} */ saveTimer: undefined,
  preview: "phone",
  status: "",
  /** @type {string | null} the element to focus after the next redraw */ focus: null,
};

const headers = () => ({ ...keyHeaders() });

/** Questions the host chose to edit as JSON (any type, such as one newer than this editor). */
const asJson = /** @type {WeakSet<Q>} */ (new WeakSet());
/** The type list's entry for that. */
const AS_JSON = "(json)";

// ------------------------------------------------------------------ packs list

async function loadList() {
  const [{ packs }, { drafts }] = await Promise.all([api("/api/packs"), api("/api/drafts", { headers: headers() })]);
  const ids = new Set(packs.map((/** @type {any} */ p) => p.id));
  const rows = [
    ...packs.map((/** @type {any} */ p) => ({ id: p.id, title: p.title, tag: p.source === "bundled" ? "bundled" : "" })),
    ...drafts.filter((/** @type {any} */ d) => !ids.has(d.id)).map((/** @type {any} */ d) => ({ id: d.id, title: d.title, tag: "draft" })),
  ];
  replace(
    $("#pack-list"),
    rows.map((r) => {
      const current = ed.pack !== null && ed.pack.id === r.id;
      return h(
        "li",
        { class: current ? "is-current" : "" },
        h(
          "button",
          { type: "button", "aria-current": current ? "true" : null, title: r.title || r.id, onclick: () => (location.hash = r.id) },
          h("span", { class: "pack-name" }, r.title || r.id),
          r.tag ? h("span", { class: "pack-tag" }, r.tag) : null,
        ),
      );
    }),
  );
}

/** @param {string} id */
async function open(id) {
  try {
    const data = await api(`/api/packs/${encodeURIComponent(id)}`, { headers: headers() });
    ed.pack = data.pack;
    ed.editable = data.editable;
    ed.problems = data.problems || [];
    ed.current = 0;
    ed.deleted = null;
    ed.status = data.draft ? "Draft: fix the problems listed under the form to play it." : "";
  } catch (err) {
    ed.pack = null;
    replace($("#form"), h("p", { class: "field-error" }, /** @type {Error} */ (err).message));
    return;
  }
  render();
  loadList();
}

// ------------------------------------------------------------------ changes

/** Something changed: redraw (or just the preview), check soon, save a little later. */
function changed(redraw = true) {
  if (redraw) render();
  else {
    renderPreview();
    refreshPick();
  }
  clearTimeout(ed.checkTimer);
  clearTimeout(ed.saveTimer);
  setStatus("Unsaved changes…");
  ed.checkTimer = window.setTimeout(check, 300);
  ed.saveTimer = window.setTimeout(save, 1000);
}

async function check() {
  if (!ed.pack) return;
  try {
    ed.problems = (await api("/api/packs/validate", { method: "POST", body: ed.pack, headers: headers() })).problems;
  } catch {
    return;
  }
  renderProblems();
}

async function save() {
  if (!ed.pack || !ed.editable) return;
  clearTimeout(ed.saveTimer);
  ed.saveTimer = undefined;
  try {
    const res = await api(`/api/packs/${encodeURIComponent(ed.pack.id)}`, { method: "PUT", body: ed.pack, headers: headers() });
    ed.problems = res.problems;
    setStatus(res.saved === "pack" ? "Saved." : `Saved as a draft: fix ${res.problems.length} ${res.problems.length === 1 ? "problem" : "problems"} to play it.`);
    renderProblems();
    loadList();
  } catch (err) {
    setStatus(`Not saved: ${/** @type {Error} */ (err).message}`);
  }
}

/** @param {string} text */
function setStatus(text) {
  ed.status = text;
  const el = document.getElementById("status");
  if (el) setText(el, text);
}

/** @param {number} from @param {number} to */
function move(from, to) {
  const qs = /** @type {PackData} */ (ed.pack).questions;
  if (to < 0 || to >= qs.length) return;
  const [q] = qs.splice(from, 1);
  qs.splice(to, 0, q);
  ed.current = to;
  changed();
}

function removeCurrent() {
  const qs = /** @type {PackData} */ (ed.pack).questions;
  const [question] = qs.splice(ed.current, 1);
  ed.deleted = { question, index: ed.current };
  ed.current = Math.max(0, Math.min(ed.current, qs.length - 1));
  showToast(`Question deleted.`, "Undo", undo);
  changed();
}

function undo() {
  if (!ed.deleted || !ed.pack) return;
  ed.pack.questions.splice(ed.deleted.index, 0, ed.deleted.question);
  ed.current = ed.deleted.index;
  ed.deleted = null;
  hideToast();
  changed();
}

/** @param {string} text @param {string} label @param {() => void} action */
function showToast(text, label, action) {
  const toast = $("#toast");
  replace(toast, h("span", null, text), h("button", { class: "btn btn-secondary btn-small", type: "button", onclick: action }, label));
  toast.hidden = false;
}

function hideToast() {
  $("#toast").hidden = true;
}

// ------------------------------------------------------------------ rendering

/** @returns {import("./editor-fields.js").Ctx} */
function context() {
  const settings = (ed.pack && ed.pack.settings) || {};
  return {
    ro: !ed.editable,
    changed,
    focusAfter: (id) => (ed.focus = id),
    packTime: typeof settings.time_limit === "number" ? settings.time_limit : 20,
  };
}

/** @param {Q} item @param {number} i @returns {string} */
function pickLabel(item, i) {
  return `${i + 1}. ${typeof item.text === "string" && item.text ? item.text : "(no text yet)"}`;
}

/** The current question's entry in the list follows its text as it is typed. */
function refreshPick() {
  const q = ed.pack && ed.pack.questions[ed.current];
  const label = document.querySelector(`#q-pick-${ed.current} .q-pick-text`);
  if (q && label) setText(label, pickLabel(q, ed.current));
  const type = document.querySelector(`#q-pick-${ed.current} .q-pick-type`);
  if (q && type) setText(type, typeName(q.type));
}

function render() {
  const pack = ed.pack;
  if (!pack) return;
  const form = $("#form");
  const active = document.activeElement && document.activeElement.id && form.contains(document.activeElement) ? document.activeElement.id : null;
  const ctx = context();
  const ro = ctx.ro;
  const settings = pack.settings || (pack.settings = {});
  /** @param {"time_limit" | "base_points"} name @returns {(v: number | undefined) => void} */
  const setting = (name) => (v) => {
    if (v === undefined) delete settings[name];
    else settings[name] = v;
    // The question's "default: N s" follows the pack's seconds.
    const own = /** @type {HTMLInputElement | null} */ (document.getElementById("q-time"));
    if (name === "time_limit" && own && own.dataset.timed) own.placeholder = `default: ${v ?? 20} s`;
  };

  const q = pack.questions[ed.current];
  replace(
    form,
    ro
      ? h("p", { class: "hint" }, "This pack comes with partyhost and is read-only. ",
          h("button", { class: "btn btn-primary btn-small", type: "button", id: "copy-pack", onclick: copyPack }, "Copy to edit"))
      : null,
    field("p:title", "Pack title", textInput(ctx, "pack-title", pack.title, (v) => {
      pack.title = v;
      const name = document.querySelector("#pack-list li.is-current .pack-name");
      if (name) setText(name, v || pack.id);
    }, { maxlength: 80 }), "Up to 80 characters."),
    field("p:description", "Description", textInput(ctx, "pack-description", pack.description || "", (v) => (v ? (pack.description = v) : delete pack.description), { maxlength: 300, placeholder: "default: none" })),
    h(
      "div",
      { class: "editor-fields" },
      field("p:settings.time_limit", "Seconds per question", numberInput(ctx, "pack-time", settings.time_limit, setting("time_limit"), { min: 5, max: 300, step: 1, placeholder: "default: 20 s" }), "5 to 300"),
      field("p:settings.base_points", "Points for a right answer", numberInput(ctx, "pack-points", settings.base_points, setting("base_points"), { min: 1, max: 100000, step: 1, placeholder: "default: 1000" }), "1 to 100000"),
    ),
    h(
      "div",
      { class: "editor-checks" },
      checkField(ctx, "p:settings.points", "pack-speed", "Speed points (faster answers score more)", settings.points !== false, (on) => (on ? delete settings.points : (settings.points = false))),
      checkField(ctx, "p:settings.late_join", "pack-late-join", "Players may join after the start", settings.late_join !== false, (on) => (on ? delete settings.late_join : (settings.late_join = false))),
    ),
    h("h2", { class: "panel-title" }, `Questions (${pack.questions.length})`),
    h(
      "ol",
      { class: "editor-questions", "aria-label": "Questions" },
      pack.questions.map((item, i) =>
        h(
          "li",
          { class: `${i === ed.current ? "is-current" : ""}${problemsOf(i).length ? " has-problem" : ""}` },
          h(
            "button",
            { type: "button", class: "btn btn-ghost btn-small q-pick", id: `q-pick-${i}`, "aria-current": i === ed.current ? "true" : null, onclick: () => { ed.current = i; render(); } },
            h("span", { class: "q-pick-text" }, pickLabel(item, i)),
            h("span", { class: "q-pick-type" }, typeName(item.type)),
          ),
        ),
      ),
    ),
    ro ? null : h(
      "div",
      { class: "editor-row" },
      h("button", { class: "btn btn-secondary btn-small", type: "button", id: "add-question", onclick: () => addQuestion(pack.questions[ed.current]) }, "＋ Add question"),
      h("button", { class: "btn btn-ghost btn-small", type: "button", id: "move-up", "aria-label": "Move question up", disabled: ed.current === 0, onclick: () => move(ed.current, ed.current - 1) }, "↑"),
      h("button", { class: "btn btn-ghost btn-small", type: "button", id: "move-down", "aria-label": "Move question down", disabled: ed.current >= pack.questions.length - 1, onclick: () => move(ed.current, ed.current + 1) }, "↓"),
      h("button", { class: "btn btn-ghost btn-small", type: "button", id: "duplicate-question", onclick: () => { pack.questions.splice(ed.current + 1, 0, structuredClone(pack.questions[ed.current])); ed.current += 1; changed(); } }, "Duplicate"),
      h("button", { class: "btn btn-danger btn-small", type: "button", id: "delete-question", disabled: pack.questions.length < 2, onclick: removeCurrent }, "Delete"),
    ),
    q ? questionForm(q, ctx) : null,
    h("h2", { class: "label editor-problems-title", id: "problems-title" }, "Problems"),
    h("ul", { class: "editor-problems", id: "problems", "aria-labelledby": "problems-title" }),
    h("p", { class: "editor-status", id: "status", role: "status" }, ed.status),
  );
  renderProblems();
  renderPreview();
  const focus = ed.focus || active;
  ed.focus = null;
  const target = focus ? document.getElementById(focus) : null;
  if (target && !(/** @type {HTMLInputElement} */ (target).disabled)) target.focus();
}

/** A new question after the current one, of the same type (a single choice after an unknown type). @param {Q | undefined} q */
function addQuestion(q) {
  const pack = /** @type {PackData} */ (ed.pack);
  const type = q && isKnown(q.type) ? q.type : "single";
  pack.questions.splice(ed.current + 1, 0, convert(type, { type: "", text: "" }));
  ed.current += 1;
  ed.focus = "q-text";
  changed();
}

/**
 * The current question: its type, text, the fields of its type, timer, explanation, picture.
 * @param {Q} q
 * @param {import("./editor-fields.js").Ctx} ctx
 */
function questionForm(q, ctx) {
  const pack = /** @type {PackData} */ (ed.pack);
  const index = ed.current;
  const ro = ctx.ro;
  const known = isKnown(q.type) && !asJson.has(q);
  const typeSelect = h(
    "select",
    {
      class: "input",
      id: "q-type",
      disabled: ro,
      onchange: (/** @type {Event} */ e) => {
        const type = /** @type {HTMLSelectElement} */ (e.target).value;
        if (type === AS_JSON) {
          asJson.add(pack.questions[index]);
          ed.focus = "q-json";
          render();
        } else if (isKnown(type)) {
          pack.questions[index] = convert(type, pack.questions[index]);
          changed();
        }
      },
    },
    h("optgroup", { label: "Quiz: has a right answer" },
      TYPES.filter((t) => t.quiz).map((t) => h("option", { value: t.type, selected: q.type === t.type }, t.name))),
    h("optgroup", { label: "No right answer" },
      TYPES.filter((t) => !t.quiz).map((t) => h("option", { value: t.type, selected: q.type === t.type }, t.name))),
    h("optgroup", { label: "Advanced" },
      isKnown(q.type) ? null : h("option", { value: q.type, selected: true }, `${String(q.type)} (edited as JSON)`),
      h("option", { value: AS_JSON, selected: known ? false : isKnown(q.type) }, "Any type, as JSON")),
  );
  const fields = known ? typeFields(q, ctx) : null;
  const imageInput = h("input", { type: "file", accept: "image/png,image/jpeg,image/gif,image/webp", class: "file-input", id: "q-image", disabled: ro,
    onchange: (/** @type {Event} */ e) => uploadImage(/** @type {HTMLInputElement} */ (e.target), index) });
  return h(
    "fieldset",
    { class: "q-form" },
    h("legend", { class: "panel-title" }, `Question ${index + 1}`),
    field("q:type", "Type", typeSelect),
    h("p", { class: "field-error", "data-error-for": "q:" }),
    fields
      ? [field("q:text", q.type === "buzzer" ? "Clue" : "Question", textInput(ctx, "q-text", typeof q.text === "string" ? q.text : "", (v) => (q.text = v), { maxlength: 300 }), "Up to 300 characters."), fields]
      : jsonField(q, index, ctx),
    // As JSON, the timer and the explanation are in the JSON (a newer type may have other limits).
    fields ? commonFields(q, ctx) : null,
    h(
      "div",
      { class: "field", "data-field": "q:image" },
      h("span", { class: "label", id: "q-image-label" }, "Picture"),
      h("div", { class: "editor-row" },
        q.image ? h("img", { class: "editor-thumb", src: `/${q.image}`, alt: "This question's picture" }) : h("span", { class: "hint" }, "default: none"),
        imageInput,
        h("label", { class: "btn btn-ghost btn-small", for: "q-image" }, q.image ? "Change picture" : "Add a picture"),
        q.image && !ro ? h("button", { class: "btn btn-ghost btn-small", type: "button", onclick: () => { delete pack.questions[index].image; changed(); } }, "Remove picture") : null),
      h("p", { class: "field-error", "data-error-for": "q:image" }),
    ),
  );
}

/**
 * The timer and the explanation, which every type has.
 * @param {Q} q
 * @param {import("./editor-fields.js").Ctx} ctx
 * @returns {HTMLElement[]}
 */
function commonFields(q, ctx) {
  const timed = timedByDefault(q.type);
  return [
    h(
      "div",
      { class: "editor-fields" },
      field(
        "q:time_limit",
        "Time limit",
        numberInput(ctx, "q-time", q.time_limit, (v) => (v === undefined ? delete q.time_limit : (q.time_limit = v)), {
          min: 0, max: 300, step: 1, placeholder: timed ? `default: ${ctx.packTime} s` : "default: no timer", "data-timed": timed ? "yes" : null,
        }),
        timed ? "Seconds; empty: the pack's; 0: no timer." : "Seconds; 0 or empty: the host closes it.",
      ),
    ),
    field("q:explanation", "Explanation", textInput(ctx, "q-explanation", q.explanation || "", (v) => (v ? (q.explanation = v) : delete q.explanation), { maxlength: 500, placeholder: "default: none" }), "Shown to everyone at the reveal."),
  ];
}

/**
 * A question of a type this editor has no form for, as JSON (the advanced fallback).
 * @param {Q} q @param {number} index @param {import("./editor-fields.js").Ctx} ctx
 * @returns {HTMLElement}
 */
function jsonField(q, index, ctx) {
  const pack = /** @type {PackData} */ (ed.pack);
  const area = h(
    "textarea",
    {
      class: "input editor-json",
      id: "q-json",
      rows: Math.min(16, JSON.stringify(q, null, 2).split("\n").length + 1),
      spellcheck: "false",
      disabled: ctx.ro,
      oninput: (/** @type {Event} */ e) => {
        const error = document.getElementById("q-json-error");
        let value;
        try {
          value = JSON.parse(/** @type {HTMLTextAreaElement} */ (e.target).value);
        } catch (err) {
          if (error) setText(error, `Not valid JSON yet: ${/** @type {Error} */ (err).message}`);
          setStatus("Not valid JSON yet.");
          return;
        }
        if (!value || typeof value !== "object" || Array.isArray(value) || typeof value.type !== "string") {
          if (error) setText(error, 'A question is an object with a "type", such as {"type": "wordle", "text": "…"}.');
          return;
        }
        if (error) setText(error, "");
        if (asJson.has(pack.questions[index])) asJson.add(value);
        pack.questions[index] = value;
        changed(false);
      },
      // Another type typed into the JSON shows in the type list once the box is left, and one
      // the editor knows gets its form (unless the host asked for JSON: picking a type does that).
      onchange: () => {
        const now = pack.questions[index];
        if (now.type !== q.type || (isKnown(now.type) && !asJson.has(now))) render();
      },
    },
    JSON.stringify(q, null, 2),
  );
  return field(
    "q:json",
    "Question as JSON (advanced)",
    area,
    isKnown(q.type)
      ? "Every field of the question, as docs/packs.md describes them; any type the host knows (such as wordle). Pick a type above to get its form back."
      : `This editor has no form for "${String(q.type)}" questions: edit all of its fields here, as docs/packs.md describes them.`,
  );
}

/** @param {HTMLInputElement} input @param {number} index the question (as JSON, its object changes as it is typed) */
async function uploadImage(input, index) {
  const file = input.files && input.files[0];
  if (!file) return;
  setStatus(`Uploading ${file.name}…`);
  try {
    const res = await fetch(`/api/media?filename=${encodeURIComponent(file.name)}`, { method: "POST", body: file, headers: { "Content-Type": "application/octet-stream", ...headers() } });
    const data = await res.json();
    if (!res.ok) throw new Error((data.error && data.error.message) || `The server answered ${res.status}.`);
    const q = ed.pack && ed.pack.questions[index];
    if (!q) return;
    q.image = data.path;
    ed.focus = "q-image";
    changed();
  } catch (err) {
    setStatus(`Picture not added: ${/** @type {Error} */ (err).message}`);
  }
}

// ------------------------------------------------------------------ problems

/**
 * The server's problems, each with the question and field it is about; the two messages a
 * union field gives are narrowed to the one that fits, and repeats are dropped.
 * @returns {{problem: Problem, question: number | null, path: string}[]}
 */
function placedProblems() {
  const seen = new Set();
  const out = [];
  for (const problem of ed.problems) {
    const { question } = parseWhere(problem.where);
    const q = question !== null && ed.pack ? ed.pack.questions[question] : undefined;
    const place = placeOf(problem, q);
    if (!place) continue;
    const key = `${place.question}|${place.path}|${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ problem, ...place });
  }
  return out;
}

/** @param {number} index @returns {Problem[]} */
function problemsOf(index) {
  return ed.problems.filter((p) => parseWhere(p.where).question === index);
}

/**
 * The error slot for a field path: the field itself, else the nearest enclosing one, else the
 * question's (or nothing, for the pack).
 * @param {string} scope "q" or "p"
 * @param {string} path
 * @returns {Element | null}
 */
function slotFor(scope, path) {
  const form = document.getElementById("form");
  if (!form) return null;
  let parts = path ? path.split(".") : [];
  for (;;) {
    const slot = form.querySelector(`[data-error-for="${CSS.escape(`${scope}:${parts.join(".")}`)}"]`);
    if (slot) return slot;
    if (!parts.length) return null;
    parts = parts.slice(0, -1);
  }
}

/** @param {number | null} question @param {string} path */
function goTo(question, path) {
  if (question !== null && question !== ed.current) {
    ed.current = question;
    render();
  }
  const scope = question === null ? "p" : "q";
  const slot = slotFor(scope, path);
  const key = slot && slot.getAttribute("data-error-for");
  const input = key ? document.querySelector(`[data-key="${CSS.escape(key)}"]`) : null;
  const target = /** @type {HTMLElement | null} */ (input || (slot && slot.closest("[data-field]")));
  if (target) {
    target.scrollIntoView({ block: "center" });
    if (target.matches("input, select, textarea")) target.focus();
  }
}

function renderProblems() {
  const list = document.getElementById("problems");
  if (!list) return;
  const placed = placedProblems();
  replace(
    list,
    placed.map(({ problem, question, path }) => {
      const where = question === null ? path || "the pack" : path ? `question ${question + 1}, ${path}` : `question ${question + 1}`;
      const text = `${where}: ${problem.message}`;
      return h("li", null, question === null && !path ? text : h("button", { type: "button", class: "link-button", onclick: () => goTo(question, path) }, text));
    }),
  );
  const title = document.getElementById("problems-title");
  if (title) title.hidden = placed.length === 0;

  // Next to the fields: the pack's, and the current question's.
  /** @type {Map<Element, string[]>} */
  const slots = new Map();
  for (const { problem, question, path } of placed) {
    if (question !== null && question !== ed.current) continue;
    const slot = slotFor(question === null ? "p" : "q", path);
    if (!slot) continue;
    const known = slots.get(slot) || [];
    if (!known.includes(problem.message)) known.push(problem.message);
    slots.set(slot, known);
  }
  const form = /** @type {HTMLElement} */ (document.getElementById("form"));
  for (const slot of form.querySelectorAll("[data-error-for]")) {
    if (slot.id === "q-json-error") continue; // its own message: JSON that does not parse yet
    setText(slot, (slots.get(slot) || []).join(" · "));
  }
  for (const input of form.querySelectorAll("[data-key]")) {
    const slot = form.querySelector(`[data-error-for="${CSS.escape(input.getAttribute("data-key") || "")}"]`);
    if (slot && slot.textContent) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }
  document.querySelectorAll(".editor-questions li").forEach((li, i) => li.classList.toggle("has-problem", problemsOf(i).length > 0));
}

// ------------------------------------------------------------------ preview

function renderPreview() {
  const box = $("#preview");
  const q = ed.pack && ed.pack.questions[ed.current];
  if (!q) {
    replace(box);
    return;
  }
  const view = previewView(q, ed.current);
  const mode = modeFor(q.type);
  const none = h("p", { class: "muted" }, "No preview for this type.");
  let drawn = null;
  try {
    if (ed.preview === "phone") {
      drawn = h("div", { class: "preview-phone page-play" },
        h("h1", { class: "q-text" }, view.text), questionMedia(view, "phone"),
        mode ? mode.playerInput(view, { onSubmit: () => {}, disabled: false }) : none);
    } else {
      const right = q.type === "truefalse" ? [q.correct ? 0 : 1] : q.type === "multi" ? q.correct || [] : q.type === "single" ? [q.correct] : null;
      drawn = h("div", { class: "preview-screen" },
        h("section", { class: "q-stage" }, h("h1", { class: "q-stage-text" }, view.text), questionMedia(view, "screen"),
          mode ? mode.board(view, right ? { correct: right } : {}) : none));
    }
  } catch {
    drawn = none; // half-typed values a mode cannot draw yet
  }
  replace(box, drawn);
}

async function copyPack() {
  if (!ed.pack) return;
  const res = await api(`/api/packs/${encodeURIComponent(ed.pack.id)}/copy`, { method: "POST", headers: headers() });
  location.hash = res.pack.id;
}

// ------------------------------------------------------------------ start

// The preview is a look at the question, not a form: inert, so a phone view's answer box (which
// takes the focus when drawn) never pulls the focus out of the field being typed in.
$("#preview").inert = true;
$("#new-pack").addEventListener("click", async () => {
  const res = await api("/api/packs/new", { method: "POST", headers: headers() });
  location.hash = res.id;
});
for (const which of ["phone", "screen"]) {
  $(`#preview-${which}`).addEventListener("click", () => {
    ed.preview = which;
    $("#preview-phone").setAttribute("aria-pressed", String(which === "phone"));
    $("#preview-screen").setAttribute("aria-pressed", String(which === "screen"));
    renderPreview();
  });
}
document.addEventListener("keydown", (e) => {
  if (!ed.pack || !ed.editable) return;
  const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
  if ((e.ctrlKey || e.metaKey) && e.key === "z" && !typing && ed.deleted) {
    e.preventDefault();
    undo();
  } else if (e.altKey && (e.key === "ArrowUp" || e.key === "ArrowDown")) {
    e.preventDefault();
    move(ed.current, ed.current + (e.key === "ArrowUp" ? -1 : 1));
  }
});
window.addEventListener("hashchange", () => open(decodeURIComponent(location.hash.slice(1))));
window.addEventListener("beforeunload", () => {
  if (ed.saveTimer) save();
});
loadList();
if (location.hash.length > 1) open(decodeURIComponent(location.hash.slice(1)));
