// @ts-check
/**
 * The host's start page (`/host`): choose or import a question pack, change the settings,
 * create a room, and list the rooms on this laptop.
 * @module host-setup
 */

import { $, h, replace, setText, showView } from "./dom.js";
import { api, plural, store } from "./common.js";
import { KEY_STORE, PHASE_LABEL, hostKey, keyHeaders } from "./host-common.js";
import { startSyncPanel } from "./host-sync.js";
import { importFile, packActions, reportView } from "./editor-files.js";

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
            p.id === setup.selected ? packActions(p, showImportError) : null,
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
  try {
    const data = await importFile(file);
    const pack = data && data.pack;
    replace(status, pack ? `Imported “${pack.title || pack.id}”. ` : "Imported. ", data.report ? reportView(data.report) : null);
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

/** @param {string} message */
function showImportError(message) {
  const errorBox = $("#import-error");
  errorBox.textContent = message;
  errorBox.hidden = false;
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

/**
 * The network panel: the address phones use (every join link and QR code follows the pick),
 * the mDNS name, and the venue's Wi-Fi for the projector's lobby.
 * @returns {HTMLElement}
 */
function networkPanel() {
  const addresses = h("div", { id: "lan-choices", class: "stack", role: "radiogroup", "aria-labelledby": "network-heading" });
  const mdnsLine = h("p", { class: "hint", id: "mdns-status" }, "");
  const ssid = h("input", { id: "wifi-ssid", class: "input", name: "ssid", maxlength: 32, autocomplete: "off" });
  const password = h("input", { id: "wifi-password", class: "input", name: "password", type: "password", maxlength: 63, autocomplete: "off" });
  const status = h("p", { class: "hint", id: "wifi-status", "aria-live": "polite" }, "");
  const wifiForm = h(
    "form",
    { id: "wifi-form", class: "stack", novalidate: true },
    h("h3", { class: "label" }, "Venue Wi-Fi (optional)"),
    h("p", { class: "hint" }, "The projector's lobby then shows “1. join this Wi-Fi, 2. scan to play”. The password stays on this laptop: it is never shown again here or sent to phones."),
    h("label", { class: "label", for: "wifi-ssid" }, "Wi-Fi name"),
    ssid,
    h("label", { class: "label", for: "wifi-password" }, "Password (leave empty to keep the one set; none for an open network)"),
    password,
    h("div", { class: "wifi-buttons" }, h("button", { class: "btn btn-secondary", type: "submit" }, "Show on the projector"), h("button", { class: "btn btn-ghost", type: "button", id: "wifi-clear" }, "Remove")),
    status,
  );

  /** @param {any} wifi */
  const showWifi = (wifi) => {
    ssid.value = wifi.ssid || "";
    password.value = "";
    password.placeholder = wifi.password_set ? "•••••••• (set)" : "";
    setText(status, wifi.ssid ? `Shown on the projector: ${wifi.ssid}${wifi.password_set ? " (with its password)" : " (open network)"}.` : "No Wi-Fi shown.");
  };

  /** @param {any} lan */
  const showLan = (lan) => {
    const choices = lan.choices || [];
    if (!lan.urls || !lan.urls.length) {
      replace(addresses, h("p", { class: "field-error" }, "No network found: phones cannot join until this laptop is on a Wi-Fi or a cable. The host page still works here."));
    } else {
      replace(
        addresses,
        choices.map((/** @type {string} */ url) =>
          h(
            "label",
            { class: "check" },
            h("input", { type: "radio", name: "lan-url", value: url, checked: url === lan.chosen, onchange: () => choose(url) }),
            h("span", { class: "join-url-small" }, url),
          ),
        ),
      );
    }
    const m = lan.mdns;
    setText(mdnsLine, !m ? "Not announced on the network (listening on this laptop only)." : m.name ? `Announced on the network as ${m.name}.` : `Network name: ${m.status}.`);
  };

  /** @param {string} url */
  async function choose(url) {
    try {
      showLan(await api("/api/lan", { method: "POST", body: { url }, headers: keyHeaders() }));
    } catch (err) {
      replace(addresses, h("p", { class: "field-error" }, `Could not change the address: ${/** @type {Error} */ (err).message}`));
    }
  }

  /** @param {{ssid: string, password?: string}} body */
  async function saveWifi(body) {
    try {
      showWifi((await api("/api/wifi", { method: "POST", body, headers: keyHeaders() })).wifi);
    } catch (err) {
      setText(status, `Could not save: ${/** @type {Error} */ (err).message}`);
    }
  }

  wifiForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    /** @type {{ssid: string, password?: string}} */
    const body = { ssid: ssid.value.trim() };
    if (password.value) body.password = password.value;
    saveWifi(body);
  });
  wifiForm.querySelector("#wifi-clear")?.addEventListener("click", () => saveWifi({ ssid: "" }));

  api("/api/lan").then(showLan, () => setText(mdnsLine, "Could not read the addresses."));
  api("/api/wifi", { headers: keyHeaders() }).then(
    (data) => showWifi(data.wifi),
    () => {
      wifiForm.hidden = true;
    },
  );
  return h(
    "section",
    { class: "panel panel-wide", "aria-labelledby": "network-heading", id: "network" },
    h("h2", { id: "network-heading", class: "panel-title" }, "Network: where phones join"),
    h("p", { class: "hint" }, "Pick the address of the network the phones are on. Every join link and QR code follows."),
    addresses,
    mdnsLine,
    wifiForm,
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
  $(".setup-grid").append(networkPanel());
  loadPacks();
  loadRooms();
  startSyncPanel();
}
