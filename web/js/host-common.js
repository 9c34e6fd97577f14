// @ts-check
/**
 * What the two host pages share: the host key (for pages not on the host laptop), fetching
 * host-only files with it, phase names and the full-page message.
 * @module host-common
 */

import { $, setText, showView } from "./dom.js";
import { store } from "./common.js";

/**
 * @typedef {import("./modes/choice.js").Question} Question
 * @typedef {import("./play.js").Reveal} Reveal
 * @typedef {import("./play.js").LeaderRow} LeaderRow
 * @typedef {{time_limit?: number, points?: boolean, base_points?: number, late_join?: boolean,
 *   max_players?: number, classroom?: boolean, nickname_filter?: boolean | null}} Settings
 * @typedef {import("./play.js").RoomView & {settings?: Settings, host_url?: string, screen_url?: string}} HostRoom
 * @typedef {{id: string, nickname: string, score?: number, connected?: boolean, answered?: boolean,
 *   correct?: number, team?: number | null}} HostPlayer
 * @typedef {{type: "state", room: HostRoom, question?: Question, reveal?: Reveal,
 *   leaderboard?: LeaderRow[], podium?: LeaderRow[], players?: HostPlayer[],
 *   show?: import("./host-show.js").ShowItem[], team_leaderboard?: import("./teams.js").TeamRow[],
 *   board?: import("./modes/buzzer.js").BoardColumn[]}} HostState
 * @typedef {{id: string, title: string, description?: string, questions?: number, source?: string}} Pack
 */

export const KEY_STORE = "partyhost:hostkey";

/**
 * The host key: from `#key=` (the host QR code) or `?key=`, then remembered and taken out of
 * the address bar; or from an earlier visit.
 * @returns {string}
 */
export function hostKey() {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get("key");
  const fromQuery = new URLSearchParams(location.search).get("key");
  const fromUrl = fromHash || fromQuery;
  if (fromUrl) {
    store.set(KEY_STORE, fromUrl);
    history.replaceState(null, "", location.pathname);
  }
  return fromUrl || store.get(KEY_STORE) || "";
}

/** @returns {Record<string, string>} */
export function keyHeaders() {
  const key = hostKey();
  return key ? { "X-Partyhost-Key": key } : {};
}

/**
 * Fetch a host-only file (export, host QR) with the host key and save or show it.
 * @param {string} url
 * @returns {Promise<Blob>}
 */
export async function fetchHostFile(url) {
  const res = await fetch(url, { headers: keyHeaders() });
  if (!res.ok) {
    let message = `The server answered ${res.status}.`;
    try {
      const data = await res.json();
      if (data && data.error && data.error.message) message = data.error.message;
    } catch {
      /* not JSON */
    }
    throw new Error(message);
  }
  return res.blob();
}

export const PHASE_LABEL = /** @type {Record<string, string>} */ ({
  lobby: "Lobby",
  question: "Question",
  reveal: "Answer shown",
  leaderboard: "Leaderboard",
  ended: "Ended",
});

/** @param {string} title @param {string} text */
export function showMessage(title, text) {
  setText($("#message-title"), title);
  setText($("#message-text"), text);
  showView(document, "message");
}
