// @ts-check
/**
 * The pack editor (`/editor#PACK_ID`): write and change packs in the browser.
 *
 * Every change is checked by the server as you type (`POST /api/packs/validate`, the same
 * messages an import gives) and saved a moment later (`PUT /api/packs/{id}`): a valid pack is
 * saved as the pack, one with problems as a draft, so nothing typed is lost. Bundled packs are
 * read-only and can be copied. The last deleted question can be brought back (Undo, Ctrl+Z).
 * Alt+↑/↓ moves the current question.
 * @module editor
 */

import { $, h, replace, setText } from "./dom.js";
import { api } from "./common.js";
import { keyHeaders } from "./host-common.js";
import { modeFor } from "./modes/index.js";
import { questionMedia } from "./media.js";

/** @typedef {{type: string, text: string, options?: string[], correct?: any, explanation?: string,
 *   time_limit?: number, image?: string, [key: string]: any}} Q */
/** @typedef {{format: string, id: string, title: string, description?: string,
 *   settings?: {time_limit?: number, points?: boolean, base_points?: number}, questions: Q[]}} PackData */
/** @typedef {{where: string, message: string}} Problem */

const CHOICE = ["single", "multi", "truefalse"];
const LETTERS = "ABCDEF";

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
};

const headers = () => ({ ...keyHeaders() });

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
    rows.map((r) =>
      h(
        "li",
        { class: ed.pack && ed.pack.id === r.id ? "is-current" : "" },
        h("button", { type: "button", onclick: () => (location.hash = r.id) }, r.title || r.id, r.tag ? ` (${r.tag})` : ""),
      ),
    ),
  );
}

async function open(id) {
  try {
    const data = await api(`/api/packs/${encodeURIComponent(id)}`, { headers: headers() });
    ed.pack = data.pack;
    ed.editable = data.editable;
    ed.problems = data.problems || [];
    ed.current = 0;
    ed.deleted = null;
    ed.status = data.draft ? "Draft: fix the problems below to play it." : "";
  } catch (err) {
    ed.pack = null;
    replace($("#form"), h("p", { class: "field-error" }, /** @type {Error} */ (err).message));
    return;
  }
  render();
  loadList();
}

// ------------------------------------------------------------------ changes

/** Something changed: redraw, check soon, save a little later. */
function changed(redraw = true) {
  if (redraw) render();
  else renderPreview();
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

/** @param {string} type @param {Q} [old] @returns {Q} */
function blank(type, old) {
  const base = { type, text: old ? old.text : "" };
  if (old && old.explanation) Object.assign(base, { explanation: old.explanation });
  if (old && old.image) Object.assign(base, { image: old.image });
  if (old && old.time_limit) Object.assign(base, { time_limit: old.time_limit });
  if (type === "truefalse") return { ...base, correct: true };
  const options = old && old.options && old.options.length >= 2 ? old.options : ["", ""];
  return { ...base, options, correct: type === "multi" ? [0] : 0 };
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

function render() {
  const pack = ed.pack;
  if (!pack) return;
  const form = $("#form");
  const ro = !ed.editable;
  const settings = pack.settings || (pack.settings = {});
  /** @param {string} label @param {HTMLElement} field */
  const field = (label, field) => h("label", { class: "label" }, label, field);
  const text = (/** @type {string} */ value, /** @type {(v: string) => void} */ set, /** @type {Record<string, any>} */ extra = {}) =>
    h("input", { class: "input", value, disabled: ro, oninput: (/** @type {Event} */ e) => { set(/** @type {HTMLInputElement} */ (e.target).value); changed(false); }, ...extra });
  const number = (/** @type {number | undefined} */ value, /** @type {(v: number | undefined) => void} */ set, /** @type {Record<string, any>} */ extra = {}) =>
    h("input", { class: "input", type: "number", value: value ?? "", disabled: ro, oninput: (/** @type {Event} */ e) => { const v = /** @type {HTMLInputElement} */ (e.target).value; set(v === "" ? undefined : Number(v)); changed(false); }, ...extra });

  const q = pack.questions[ed.current];
  replace(
    form,
    ro
      ? h("p", { class: "hint" }, "This pack comes with partyhost and is read-only. ",
          h("button", { class: "btn btn-primary btn-small", type: "button", id: "copy-pack", onclick: copyPack }, "Copy to edit"))
      : null,
    field("Pack title", text(pack.title, (v) => (pack.title = v), { id: "pack-title", maxlength: 80 })),
    field("Description", text(pack.description || "", (v) => (pack.description = v), { maxlength: 300 })),
    h(
      "div",
      { class: "editor-row" },
      field("Seconds per question", number(settings.time_limit, (v) => (v === undefined ? delete settings.time_limit : (settings.time_limit = v)), { min: 5, max: 300, id: "pack-time" })),
      field("Points for a right answer", number(settings.base_points, (v) => (v === undefined ? delete settings.base_points : (settings.base_points = v)), { min: 1, max: 100000 })),
      h("label", { class: "check" }, h("input", { type: "checkbox", checked: settings.points !== false, disabled: ro, onchange: (/** @type {Event} */ e) => { settings.points = /** @type {HTMLInputElement} */ (e.target).checked; changed(false); } }), "Speed points"),
    ),
    h("h2", { class: "panel-title" }, `Questions (${pack.questions.length})`),
    h(
      "ol",
      { class: "editor-questions", "aria-label": "Questions" },
      pack.questions.map((item, i) =>
        h(
          "li",
          { class: `${i === ed.current ? "is-current" : ""}${problemsOf(i).length ? " has-problem" : ""}` },
          h("button", { type: "button", class: "btn btn-ghost btn-small q-pick", "aria-current": i === ed.current ? "true" : null, onclick: () => { ed.current = i; render(); } },
            `${i + 1}. ${item.text || "(no text yet)"}`),
        ),
      ),
    ),
    ro ? null : h(
      "div",
      { class: "editor-row" },
      h("button", { class: "btn btn-secondary btn-small", type: "button", id: "add-question", onclick: () => { pack.questions.splice(ed.current + 1, 0, blank("single")); ed.current += 1; changed(); } }, "＋ Add question"),
      h("button", { class: "btn btn-ghost btn-small", type: "button", "aria-label": "Move question up", onclick: () => move(ed.current, ed.current - 1) }, "↑"),
      h("button", { class: "btn btn-ghost btn-small", type: "button", "aria-label": "Move question down", onclick: () => move(ed.current, ed.current + 1) }, "↓"),
      h("button", { class: "btn btn-ghost btn-small", type: "button", onclick: () => { pack.questions.splice(ed.current + 1, 0, structuredClone(q)); ed.current += 1; changed(); } }, "Duplicate"),
      h("button", { class: "btn btn-danger btn-small", type: "button", id: "delete-question", disabled: pack.questions.length < 2, onclick: removeCurrent }, "Delete"),
    ),
    q ? questionForm(q, ro, text, number) : null,
    h("ul", { class: "editor-problems", id: "problems", "aria-live": "polite" }),
    h("p", { class: "editor-status", id: "status", role: "status" }, ed.status),
  );
  renderProblems();
  renderPreview();
}

/**
 * @param {Q} q @param {boolean} ro
 * @param {(value: string, set: (v: string) => void, extra?: Record<string, any>) => HTMLElement} text
 * @param {(value: number | undefined, set: (v: number | undefined) => void, extra?: Record<string, any>) => HTMLElement} number
 */
function questionForm(q, ro, text, number) {
  const pack = /** @type {PackData} */ (ed.pack);
  const index = ed.current;
  const known = CHOICE.includes(q.type);
  const typeSelect = h(
    "select",
    { class: "input", id: "q-type", disabled: ro, onchange: (/** @type {Event} */ e) => { pack.questions[index] = blank(/** @type {HTMLSelectElement} */ (e.target).value, q); changed(); } },
    [["single", "One right answer"], ["multi", "Pick all that apply"], ["truefalse", "True or false"]].map(([v, l]) => h("option", { value: v, selected: q.type === v }, l)),
    known ? null : h("option", { value: q.type, selected: true }, q.type),
  );
  let answers;
  if (q.type === "truefalse") {
    answers = h("div", { class: "editor-row", role: "radiogroup", "aria-label": "Right answer" },
      [true, false].map((v) => h("label", { class: "check" }, h("input", { type: "radio", name: "tf", checked: q.correct === v, disabled: ro, onchange: () => { q.correct = v; changed(false); } }), v ? "True" : "False")));
  } else if (known) {
    const options = /** @type {string[]} */ (q.options);
    const isRight = (/** @type {number} */ i) => (q.type === "multi" ? (q.correct || []).includes(i) : q.correct === i);
    answers = h("div", { class: "stack" },
      options.map((option, i) => h("div", { class: "editor-option" },
        h("input", { type: q.type === "multi" ? "checkbox" : "radio", name: "right", checked: isRight(i), disabled: ro, "aria-label": `Option ${LETTERS[i]} is right`,
          onchange: (/** @type {Event} */ e) => {
            const on = /** @type {HTMLInputElement} */ (e.target).checked;
            if (q.type === "multi") q.correct = on ? [...(q.correct || []), i].sort() : (q.correct || []).filter((/** @type {number} */ c) => c !== i);
            else q.correct = i;
            changed(false);
          } }),
        text(option, (v) => (options[i] = v), { "aria-label": `Option ${LETTERS[i]}`, maxlength: 120, class: "input q-option" }),
        h("button", { class: "btn btn-ghost btn-small", type: "button", disabled: ro || options.length <= 2, "aria-label": `Remove option ${LETTERS[i]}`,
          onclick: () => {
            options.splice(i, 1);
            if (q.type === "multi") q.correct = (q.correct || []).filter((/** @type {number} */ c) => c !== i).map((/** @type {number} */ c) => (c > i ? c - 1 : c));
            else if (q.correct >= options.length || q.correct === i) q.correct = 0;
            changed();
          } }, "✕"))),
      ro || options.length >= 6 ? null : h("button", { class: "btn btn-ghost btn-small", type: "button", id: "add-option", onclick: () => { options.push(""); changed(); } }, "＋ Add option"));
  } else {
    answers = h("textarea", { class: "input", rows: 6, disabled: ro, "aria-label": "Question as JSON",
      oninput: (/** @type {Event} */ e) => { try { pack.questions[index] = JSON.parse(/** @type {HTMLTextAreaElement} */ (e.target).value); changed(false); } catch { setStatus("Not valid JSON yet."); } } },
      JSON.stringify(q, null, 2));
  }
  const imageInput = h("input", { type: "file", accept: "image/png,image/jpeg,image/gif,image/webp", class: "file-input", id: "q-image", disabled: ro,
    onchange: (/** @type {Event} */ e) => uploadImage(/** @type {HTMLInputElement} */ (e.target), q) });
  return h(
    "fieldset",
    { class: "stack q-form" },
    h("legend", { class: "panel-title" }, `Question ${index + 1}`),
    h("label", { class: "label" }, "Type", typeSelect),
    h("label", { class: "label" }, "Question", text(q.text, (v) => (q.text = v), { id: "q-text", maxlength: 300 })),
    answers,
    h("div", { class: "editor-row" },
      h("label", { class: "label" }, "Seconds (empty: the pack's)", number(q.time_limit, (v) => (v === undefined ? delete q.time_limit : (q.time_limit = v)), { min: 5, max: 300, id: "q-time" }))),
    h("label", { class: "label" }, "Explanation (shown at the reveal)", text(q.explanation || "", (v) => (v ? (q.explanation = v) : delete q.explanation), { maxlength: 500, id: "q-explanation" })),
    h("div", { class: "editor-row" },
      q.image ? h("img", { class: "editor-thumb", src: `/${q.image}`, alt: "This question's picture" }) : null,
      h("label", { class: "btn btn-ghost btn-small", for: "q-image" }, q.image ? "Change picture" : "Add a picture"),
      imageInput,
      q.image && !ro ? h("button", { class: "btn btn-ghost btn-small", type: "button", onclick: () => { delete q.image; changed(); } }, "Remove picture") : null),
  );
}

/** @param {HTMLInputElement} input @param {Q} q */
async function uploadImage(input, q) {
  const file = input.files && input.files[0];
  if (!file) return;
  setStatus(`Uploading ${file.name}…`);
  try {
    const res = await fetch(`/api/media?filename=${encodeURIComponent(file.name)}`, { method: "POST", body: file, headers: { "Content-Type": "application/octet-stream", ...headers() } });
    const data = await res.json();
    if (!res.ok) throw new Error((data.error && data.error.message) || `The server answered ${res.status}.`);
    q.image = data.path;
    changed();
  } catch (err) {
    setStatus(`Picture not added: ${/** @type {Error} */ (err).message}`);
  }
}

/** @param {number} index @returns {Problem[]} */
function problemsOf(index) {
  return ed.problems.filter((p) => p.where === `question ${index + 1}` || p.where.startsWith(`question ${index + 1},`));
}

function renderProblems() {
  const list = document.getElementById("problems");
  if (!list) return;
  replace(list, ed.problems.map((p) => h("li", null, `${p.where}: ${p.message}`)));
  document.querySelectorAll(".editor-questions li").forEach((li, i) => li.classList.toggle("has-problem", problemsOf(i).length > 0));
}

function renderPreview() {
  const box = $("#preview");
  const q = ed.pack && ed.pack.questions[ed.current];
  if (!q) {
    replace(box);
    return;
  }
  const view = { index: ed.current, number: ed.current + 1, type: q.type, text: q.text || "…", options: q.options, image: q.image };
  const mode = modeFor(q.type);
  if (ed.preview === "phone") {
    replace(box, h("div", { class: "preview-phone page-play" },
      h("h1", { class: "q-text" }, view.text), questionMedia(view, "phone"),
      mode ? mode.playerInput(view, { onSubmit: () => {}, disabled: false }) : h("p", { class: "muted" }, "No preview for this type.")));
  } else {
    const right = q.type === "truefalse" ? [q.correct ? 0 : 1] : q.type === "multi" ? q.correct || [] : [q.correct];
    replace(box, h("div", { class: "preview-screen" },
      h("section", { class: "q-stage" }, h("h1", { class: "q-stage-text" }, view.text), questionMedia(view, "screen"),
        mode ? mode.board(view, { correct: right }) : null)));
  }
}

async function copyPack() {
  if (!ed.pack) return;
  const res = await api(`/api/packs/${encodeURIComponent(ed.pack.id)}/copy`, { method: "POST", headers: headers() });
  location.hash = res.pack.id;
}

// ------------------------------------------------------------------ start

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
