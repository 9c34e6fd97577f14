// @ts-check
/**
 * The host's start page (`/host`): choose or import a question pack, change the settings,
 * create a room, and list the rooms on this laptop.
 * @module host-setup
 */

import { $, h, replace, setText, showView } from "./dom.js";
import { api, plural, store } from "./common.js";
import { KEY_STORE, PHASE_LABEL, hostKey, keyHeaders } from "./host-common.js";

/**
 * @typedef {import("./host-common.js").Pack} Pack
 * @typedef {import("./host-common.js").Settings} Settings
 */

const setup = {
  /** @type {Pack[]} */
  packs: [],
  /** @type {string} */
  selected: "",
};

async function loadPacks() {
  const box = $("#packs");
  try {
    const data = await api("/api/packs");
    setup.packs = data.packs || [];
  } catch (err) {
    replace(box, h("p", { class: "field-error" }, `Could not load the packs: ${/** @type {Error} */ (err).message}`));
    return;
  }
  if (!setup.selected || !setup.packs.some((p) => p.id === setup.selected)) {
    setup.selected = setup.packs.length ? setup.packs[0].id : "";
  }
  renderPacks();
}

function renderPacks() {
  const box = $("#packs");
  if (!setup.packs.length) {
    replace(box, h("p", { class: "muted" }, "No packs yet. Import one below."));
  } else {
    replace(
      box,
      setup.packs.map((p) => {
        const input = h("input", {
          type: "radio",
          name: "pack",
          value: p.id,
          class: "pack-radio",
          checked: p.id === setup.selected,
          onchange: () => {
            setup.selected = p.id;
            renderPacks();
          },
        });
        return h(
          "label",
          { class: `pack${p.id === setup.selected ? " is-selected" : ""}` },
          input,
          h(
            "span",
            { class: "pack-body" },
            h("span", { class: "pack-title" }, p.title || p.id),
            p.description ? h("span", { class: "pack-desc" }, p.description) : null,
            h(
              "span",
              { class: "pack-meta" },
              typeof p.questions === "number" ? plural(p.questions, "question") : "",
              p.source ? h("span", { class: `badge badge-${p.source}` }, p.source) : null,
            ),
          ),
        );
      }),
    );
  }
  /** @type {HTMLButtonElement} */ ($("#create")).disabled = !setup.selected;
}

/** @param {Event} ev */
async function importPack(ev) {
  const input = /** @type {HTMLInputElement} */ (ev.target);
  const file = input.files && input.files[0];
  const errorBox = $("#import-error");
  const status = $("#import-status");
  errorBox.hidden = true;
  if (!file) return;
  setText(status, `Importing ${file.name}…`);
  let body;
  try {
    body = JSON.parse(await file.text());
  } catch {
    setText(status, "");
    errorBox.textContent = `${file.name} is not a valid JSON file.`;
    errorBox.hidden = false;
    input.value = "";
    return;
  }
  try {
    const data = await api(`/api/packs?filename=${encodeURIComponent(file.name)}`, { method: "POST", body, headers: keyHeaders() });
    const pack = data && data.pack;
    setText(status, pack ? `Imported “${pack.title || pack.id}”.` : "Imported.");
    if (pack && pack.id) setup.selected = pack.id;
    await loadPacks();
  } catch (err) {
    setText(status, "");
    errorBox.textContent = /** @type {Error} */ (err).message;
    errorBox.hidden = false;
  } finally {
    input.value = "";
  }
}

/** @param {SubmitEvent} ev */
async function createRoom(ev) {
  ev.preventDefault();
  const errorBox = $("#create-error");
  errorBox.hidden = true;
  const keyField = /** @type {HTMLInputElement} */ ($("#host-key"));
  if (keyField.value.trim()) store.set(KEY_STORE, keyField.value.trim());
  const timeLimit = Number(/** @type {HTMLInputElement} */ ($("#time-limit")).value);
  const basePoints = Number(/** @type {HTMLInputElement} */ ($("#base-points")).value);
  if (!Number.isFinite(timeLimit) || timeLimit < 5 || timeLimit > 300) {
    errorBox.textContent = "Time per question must be between 5 and 300 seconds.";
    errorBox.hidden = false;
    return;
  }
  // Only the settings the host changed: the others keep the pack's own defaults.
  /** @type {Settings} */
  const settings = {};
  const touched = (/** @type {string} */ id) => $(`#${id}`).dataset.touched === "1";
  if (touched("time-limit")) settings.time_limit = Math.round(timeLimit);
  if (touched("points")) settings.points = /** @type {HTMLInputElement} */ ($("#points")).checked;
  if (touched("base-points") && Number.isFinite(basePoints)) settings.base_points = Math.round(basePoints);
  if (touched("late-join")) settings.late_join = /** @type {HTMLInputElement} */ ($("#late-join")).checked;
  if (touched("classroom")) settings.classroom = /** @type {HTMLInputElement} */ ($("#classroom")).checked;
  const maxPlayers = /** @type {HTMLInputElement} */ ($("#max-players")).value.trim();
  if (maxPlayers) {
    const n = Number(maxPlayers);
    if (!Number.isInteger(n) || n < 1 || n > 10000) {
      errorBox.textContent = "Most players must be a whole number from 1 to 10,000 (or empty for no limit).";
      errorBox.hidden = false;
      return;
    }
    settings.max_players = n;
  }
  const button = /** @type {HTMLButtonElement} */ ($("#create"));
  button.disabled = true;
  button.textContent = "Creating…";
  try {
    /** @type {{pack: string, settings?: Settings}} */
    const body = { pack: setup.selected };
    if (Object.keys(settings).length) body.settings = settings;
    const data = await api("/api/rooms", { method: "POST", body, headers: keyHeaders() });
    location.href = `/host/${encodeURIComponent(data.room.code)}`;
  } catch (err) {
    errorBox.textContent = /** @type {Error} */ (err).message;
    errorBox.hidden = false;
    button.disabled = false;
    button.textContent = "Create room";
  }
}

/** @param {any} value @returns {string} */
function formatWhen(value) {
  if (value === null || value === undefined || value === "") return "";
  const d = typeof value === "number" ? new Date(value < 1e12 ? value * 1000 : value) : new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

async function loadRooms() {
  const box = $("#rooms");
  let rooms;
  try {
    rooms = (await api("/api/rooms")).rooms || [];
  } catch (err) {
    replace(box, h("p", { class: "field-error" }, `Could not load the games: ${/** @type {Error} */ (err).message}`));
    return;
  }
  if (!rooms.length) {
    replace(box, h("p", { class: "muted" }, "No games yet."));
    return;
  }
  replace(
    box,
    h(
      "table",
      { class: "rooms-table" },
      h(
        "thead",
        null,
        h("tr", null, ["Code", "Pack", "Phase", "Players", "Created", ""].map((t) => h("th", { scope: "col" }, t))),
      ),
      h(
        "tbody",
        null,
        rooms.map((/** @type {any} */ r) =>
          h(
            "tr",
            null,
            h("td", null, h("a", { class: "code-link", href: `/host/${encodeURIComponent(r.code)}` }, r.code)),
            h("td", null, r.title || ""),
            h("td", null, h("span", { class: `phase phase-${r.phase}` }, PHASE_LABEL[r.phase] || r.phase || "")),
            h("td", { class: "num" }, String(r.players ?? 0)),
            h("td", null, formatWhen(r.created_at)),
            h(
              "td",
              null,
              h(
                "span",
                { class: "row-links" },
                h("a", { href: `/host/${encodeURIComponent(r.code)}` }, "Control"),
                h("a", { href: `/screen/${encodeURIComponent(r.code)}`, target: "_blank", rel: "noopener" }, "Screen"),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

export function startSetup() {
  showView(document, "setup");
  document.title = "Host a game · partyhost";
  const keyField = /** @type {HTMLInputElement} */ ($("#host-key"));
  keyField.value = hostKey();
  $("#import-file").addEventListener("change", importPack);
  $("#settings").addEventListener("submit", (ev) => createRoom(/** @type {SubmitEvent} */ (ev)));
  const points = /** @type {HTMLInputElement} */ ($("#points"));
  const base = /** @type {HTMLInputElement} */ ($("#base-points"));
  points.addEventListener("change", () => {
    base.disabled = !points.checked;
  });
  for (const id of ["time-limit", "points", "base-points", "late-join", "classroom"]) {
    const el = $(`#${id}`);
    const mark = () => {
      el.dataset.touched = "1";
    };
    el.addEventListener("input", mark);
    el.addEventListener("change", mark);
  }
  loadPacks();
  loadRooms();
}
