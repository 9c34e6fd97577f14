// @ts-check
/**
 * Results to the cloud on the host page (docs/sync.md): the sync panel of `/host` (what is
 * pending, delivered and failed, the last error, the next try, a progress bar while a push runs,
 * "Sync now", and the settings), and the "send this room's results" switch of `/host/{code}`.
 * Both poll the host's HTTP API (`/api/sync`, `/api/rooms/{code}/sync`).
 * @module host-sync
 */

import { $, h, replace, setText } from "./dom.js";
import { api, toast } from "./common.js";
import { keyHeaders } from "./host-common.js";

/**
 * @typedef {{busy: boolean, progress: {done: number, total: number} | null, failures: number,
 *   next_try_at: number | null, last_error: string | null, last_error_at: number | null,
 *   last_success_at: number | null, pending: number, delivered: number, failed: number,
 *   withdrawn: number}} Lane
 * @typedef {{id: number, target: string, seq: number | null, room: string, kind: string, state: string,
 *   size: number, sent: number, attempts: number, last_error: string | null}} Item
 * @typedef {{state: string, host: {id: string, name: string},
 *   cloud: Lane & {configured: boolean, url: string, key_id: string | null, source: string},
 *   notify: Lane & {configured: boolean, host: string | null, format: string | null},
 *   max_wait: number, items: Item[]}} SyncStatus
 */

const STATE_LABEL = /** @type {Record<string, string>} */ ({
  off: "Off",
  idle: "Up to date",
  due: "Sending soon",
  pushing: "Sending…",
  waiting: "Waiting to retry",
});

/** @param {number | null} ms */
function clock(ms) {
  return ms ? new Date(ms).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" }) : "";
}

/** @param {number} ms */
function inSeconds(ms) {
  const s = Math.max(0, Math.round((ms - Date.now()) / 1000));
  return s < 90 ? `in ${s} s` : `in ${Math.round(s / 60)} min`;
}

/** @param {number} bytes */
function size(bytes) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

const panel = {
  /** @type {SyncStatus | null} */
  status: null,
  /** @type {number | undefined} */
  timer: undefined,
};

/** @param {SyncStatus} s */
function renderStatus(s) {
  const box = $("#sync-status");
  const cloud = s.cloud;
  const badge = h("span", { class: `sync-state sync-${s.state}`, "data-state": s.state }, STATE_LABEL[s.state] || s.state);
  const where = cloud.configured
    ? h("span", null, "to ", h("b", null, cloud.url), h("span", { class: "muted" }, ` (key ${cloud.key_id})`))
    : h("span", { class: "muted" }, "No cloud set up: results stay on this laptop and nothing is sent.");
  const counts = h(
    "ul",
    { class: "sync-counts" },
    h("li", null, h("b", { id: "sync-pending" }, String(cloud.pending)), " pending"),
    h("li", null, h("b", null, String(cloud.delivered)), " delivered"),
    h("li", { class: cloud.failed ? "is-bad" : "" }, h("b", null, String(cloud.failed)), " failed"),
    h("li", null, h("b", null, String(cloud.withdrawn)), " kept here"),
  );
  /** @type {HTMLElement | null} */
  let progress = null;
  if (cloud.busy && cloud.progress && cloud.progress.total > 0) {
    const share = Math.min(100, Math.round((100 * cloud.progress.done) / cloud.progress.total));
    progress = h(
      "div",
      { class: "sync-progress" },
      h(
        "div",
        { class: "sync-bar", role: "progressbar", "aria-valuemin": "0", "aria-valuemax": "100", "aria-valuenow": String(share), "aria-label": "Sending results" },
        h("div", { class: "sync-bar-fill", style: { width: `${share}%` } }),
      ),
      h("span", { class: "muted small" }, `${size(cloud.progress.done)} of ${size(cloud.progress.total)} (${share}%)`),
    );
  }
  const lines = [];
  if (cloud.last_error && cloud.pending && !cloud.busy) {
    lines.push(h("p", { class: "sync-error", role: "status" }, `Last error (${clock(cloud.last_error_at)}): ${cloud.last_error}`));
  }
  if (cloud.pending && cloud.next_try_at && !cloud.busy) {
    lines.push(h("p", { class: "muted small" }, `Next try ${inSeconds(cloud.next_try_at)} (${clock(cloud.next_try_at)}).`));
  }
  if (cloud.last_success_at) {
    lines.push(h("p", { class: "muted small" }, `Last delivery at ${clock(cloud.last_success_at)}.`));
  }
  if (s.notify.configured || s.notify.delivered || s.notify.pending) {
    const n = s.notify;
    const text = n.configured ? `Webhook (${n.format}, ${n.host}): ` : "Webhook (not set up): ";
    lines.push(
      h("p", { class: "small" }, text, `${n.pending} pending, ${n.delivered} sent, ${n.failed} failed`, n.last_error && n.pending ? ` · last error: ${n.last_error}` : ""),
    );
  }
  const failed = s.items.filter((i) => i.state === "failed");
  const failures = failed.length
    ? h(
        "div",
        { class: "sync-failed" },
        h("p", { class: "label" }, "Refused by the cloud"),
        h(
          "ul",
          null,
          failed.map((i) => h("li", null, h("b", null, i.target === "cloud" ? `Room ${i.room} (#${i.seq})` : `Message for ${i.room}`), `: ${i.last_error || "refused"}`)),
        ),
      )
    : null;
  const now = h("button", { class: "btn btn-secondary btn-small", type: "button", id: "sync-now", disabled: !cloud.configured && !s.notify.configured }, "Sync now");
  now.addEventListener("click", syncNow);
  replace(
    box,
    h("div", { class: "sync-head" }, badge, where, now),
    counts,
    progress,
    lines,
    failures,
  );
}

function renderForm() {
  const s = panel.status;
  if (!s) return;
  const url = /** @type {HTMLInputElement} */ ($("#sync-url"));
  const key = /** @type {HTMLInputElement} */ ($("#sync-key"));
  const notify = /** @type {HTMLInputElement} */ ($("#sync-notify"));
  if (document.activeElement && $("#sync-form").contains(document.activeElement)) return; // the host is typing
  url.value = s.cloud.url || "";
  key.placeholder = s.cloud.key_id ? `${s.cloud.key_id}:… (saved; leave empty to keep)` : "KEYID:SECRET";
  notify.placeholder = s.notify.configured ? `set (${s.notify.host}); leave empty to keep` : "the incoming-webhook address Slack or Teams gave you";
  setText($("#sync-source"), s.cloud.source === "flags" ? "Set with --cloud-url for this run; saving here replaces it and is kept for later runs." : "");
}

async function load() {
  try {
    const data = await api("/api/sync", { headers: keyHeaders() });
    panel.status = /** @type {SyncStatus} */ (data.sync);
    renderStatus(panel.status);
    renderForm();
  } catch (err) {
    replace($("#sync-status"), h("p", { class: "field-error" }, `Could not read the sync state: ${/** @type {Error} */ (err).message}`));
  }
  schedule();
}

function schedule() {
  window.clearTimeout(panel.timer);
  const fast = panel.status && (panel.status.cloud.busy || panel.status.state === "due");
  panel.timer = window.setTimeout(load, fast ? 500 : 2000);
}

async function syncNow() {
  const button = /** @type {HTMLButtonElement} */ ($("#sync-now"));
  button.disabled = true;
  try {
    const data = await api("/api/sync/now", { method: "POST", headers: keyHeaders() });
    panel.status = data.sync;
    renderStatus(/** @type {SyncStatus} */ (panel.status));
  } catch (err) {
    toast(/** @type {Error} */ (err).message);
  }
  schedule();
}

/** @param {SubmitEvent} ev */
async function save(ev) {
  ev.preventDefault();
  const errorBox = $("#sync-form-error");
  errorBox.hidden = true;
  const url = /** @type {HTMLInputElement} */ ($("#sync-url")).value.trim();
  const key = /** @type {HTMLInputElement} */ ($("#sync-key")).value.trim();
  const notify = /** @type {HTMLInputElement} */ ($("#sync-notify")).value.trim();
  const clearNotify = /** @type {HTMLInputElement} */ ($("#sync-notify-off")).checked;
  /** @type {Record<string, string>} */
  const body = { cloud_url: url, notify_format: /** @type {HTMLSelectElement} */ ($("#sync-format")).value };
  if (key) body.cloud_key = key;
  if (notify || clearNotify) body.notify_url = clearNotify ? "" : notify;
  try {
    const data = await api("/api/sync/settings", { method: "POST", body, headers: keyHeaders() });
    panel.status = data.sync;
    /** @type {HTMLInputElement} */ ($("#sync-key")).value = "";
    /** @type {HTMLInputElement} */ ($("#sync-notify")).value = "";
    /** @type {HTMLInputElement} */ ($("#sync-notify-off")).checked = false;
    toast(url ? "Saved. Results go to the cloud from now on." : "Saved. Nothing is sent to a cloud.", "info");
    /** @type {HTMLDetailsElement} */ ($("#sync-panel .sync-settings")).open = false;
    renderStatus(/** @type {SyncStatus} */ (panel.status));
    renderForm();
  } catch (err) {
    errorBox.textContent = /** @type {Error} */ (err).message;
    errorBox.hidden = false;
  }
}

/** The sync panel of the start page (`#sync-panel` in host.html). */
export function startSyncPanel() {
  $("#sync-form").addEventListener("submit", (ev) => save(/** @type {SubmitEvent} */ (ev)));
  load();
}

/**
 * The switch "Send this room's results to the cloud" for the room's control page. It stays hidden
 * while no cloud and no webhook are set up.
 * @param {string} code
 * @returns {HTMLElement}
 */
export function roomSyncSwitch(code) {
  const codeEnc = encodeURIComponent(code);
  const input = h("input", { type: "checkbox", id: "room-sync", checked: true });
  const note = h("span", { class: "muted small", id: "room-sync-note" }, "");
  const box = h("div", { class: "room-sync", hidden: true }, h("label", { class: "check" }, input, "Send this room's results to the cloud"), note);
  /** @type {number | undefined} */
  let timer;

  /** @param {any} data */
  function show(data) {
    box.hidden = !data.cloud && !data.notify && !(data.items || []).length;
    input.checked = data.sync;
    const item = (data.items || []).filter((/** @type {Item} */ i) => i.target === "cloud").pop();
    let text = data.sync ? "Sent when the game ends (or when the internet is back)." : "Kept on this laptop.";
    if (item) {
      text = {
        pending: `Waiting to be sent (#${item.seq}).`,
        delivered: `Delivered (#${item.seq}).`,
        failed: `Refused by the cloud: ${item.last_error || ""}`,
        withdrawn: "Kept on this laptop.",
      }[item.state] || text;
      if (item.kind === "withdrawn" && item.state === "pending") text = "Kept on this laptop.";
    }
    setText(note, text);
  }

  async function refresh() {
    window.clearTimeout(timer);
    try {
      show(await api(`/api/rooms/${codeEnc}/sync`, { headers: keyHeaders() }));
    } catch {
      /* a page off the laptop without the key, or the host is restarting: try again later */
    }
    timer = window.setTimeout(refresh, 3000);
  }

  input.addEventListener("change", async () => {
    input.disabled = true;
    try {
      show(await api(`/api/rooms/${codeEnc}/sync`, { method: "POST", body: { sync: input.checked }, headers: keyHeaders() }));
    } catch (err) {
      input.checked = !input.checked;
      toast(/** @type {Error} */ (err).message);
    } finally {
      input.disabled = false;
    }
  });
  refresh();
  return box;
}
