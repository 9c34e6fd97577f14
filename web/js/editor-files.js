// @ts-check
/**
 * Pack files on the host page and in the editor: import any format partyhost reads (the
 * server finds the format from the name and the first bytes), show what was taken and
 * skipped, and download exports.
 * @module editor-files
 */

import { h } from "./dom.js";
import { fetchHostFile, keyHeaders } from "./host-common.js";

/** What the file picker offers: every format `POST /api/packs/import` reads. */
export const ACCEPT = ".json,.zip,.xlsx,.gift,.txt,.xml,.csv,.tsv,.aiken";
export const EXPORTS = [
  { format: "json", label: "JSON" },
  { format: "zip", label: "Zip with pictures" },
  { format: "gift", label: "GIFT (Moodle)" },
  { format: "csv", label: "CSV" },
];

/**
 * @typedef {{where: string, text?: string, reason?: string, notes?: string[]}} ReportItem
 * @typedef {{format: string, taken: ReportItem[], skipped: ReportItem[], notes?: ReportItem[]}} Report
 */

/**
 * Upload a file as it is (bytes, not JSON) to the import route.
 * @param {File} file
 * @returns {Promise<{pack: import("./host-common.js").Pack, report: Report}>}
 */
export async function importFile(file) {
  let res;
  try {
    res = await fetch(`/api/packs/import?filename=${encodeURIComponent(file.name)}`, {
      method: "POST",
      headers: { "Content-Type": "application/octet-stream", Accept: "application/json", ...keyHeaders() },
      body: file,
    });
  } catch {
    throw new Error("Cannot reach the partyhost server.");
  }
  let data = null;
  try {
    data = await res.json();
  } catch {
    /* not JSON */
  }
  if (!res.ok) throw new Error((data && data.error && data.error.message) || `The server answered ${res.status}.`);
  return data;
}

/**
 * What an import took and skipped, as a short summary with the details folded away.
 * @param {Report} report
 * @returns {HTMLElement}
 */
export function reportView(report) {
  const skipped = [...(report.skipped || []), ...(report.notes || [])];
  const changed = (report.taken || []).filter((t) => t.notes && t.notes.length);
  const summary = `${report.taken.length} ${report.taken.length === 1 ? "question" : "questions"} imported` +
    (skipped.length ? `, ${skipped.length} skipped or changed` : "");
  if (!skipped.length && !changed.length) return h("p", { class: "import-report" }, summary);
  return h(
    "details",
    { class: "import-report" },
    h("summary", null, summary),
    h(
      "ul",
      null,
      skipped.map((s) => h("li", null, h("strong", null, `${s.where}: `), s.reason || "")),
      changed.map((t) => h("li", null, h("strong", null, `${t.where}: `), (t.notes || []).join("; "))),
    ),
  );
}

/**
 * Download a pack export with the host key.
 * @param {string} id
 * @param {string} format
 */
export async function downloadPack(id, format) {
  const blob = await fetchHostFile(`/api/packs/${encodeURIComponent(id)}/export?format=${format}`);
  const ext = format === "gift" ? "gift.txt" : format;
  const link = h("a", { href: URL.createObjectURL(blob), download: `${id}.${ext}` });
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/**
 * Export and edit links for one pack, for the host page's pack list.
 * @param {import("./host-common.js").Pack} pack
 * @param {(message: string) => void} onError
 * @returns {HTMLElement}
 */
export function packActions(pack, onError) {
  return h(
    "span",
    { class: "pack-actions" },
    h("a", { class: "btn btn-ghost btn-small", href: `/editor#${encodeURIComponent(pack.id)}` }, pack.source === "bundled" ? "View / copy" : "Edit"),
    EXPORTS.map((e) =>
      h(
        "button",
        {
          type: "button",
          class: "btn btn-ghost btn-small",
          "aria-label": `Export ${pack.title || pack.id} as ${e.label}`,
          onclick: () => downloadPack(pack.id, e.format).catch((err) => onError(/** @type {Error} */ (err).message)),
        },
        e.format.toUpperCase(),
      ),
    ),
  );
}
