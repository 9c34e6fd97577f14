// @ts-check
/**
 * Small things every page needs: the room code from the URL, ordinals, the countdown,
 * the connection banner, toasts, localStorage that never throws, and JSON fetch with the
 * server's error envelope.
 * @module common
 */

import { h, setText } from "./dom.js";

/**
 * @typedef {{code: string, message: string}} ApiErrorBody
 * @typedef {import("./socket.js").Status} Status
 */

/**
 * The room code from a path like `/join/kqxw` or `/screen/KQXW/` (upper-cased), or "".
 * @param {string} [pathname]
 * @returns {string}
 */
export function roomCodeFromPath(pathname = location.pathname) {
  const parts = pathname.split("/").filter(Boolean);
  if (parts.length < 2) return "";
  const code = decodeURIComponent(parts[1]).trim().toUpperCase();
  return /^[A-Z0-9]{3,8}$/.test(code) ? code : "";
}

/**
 * 1 → "1st", 2 → "2nd", 3 → "3rd", 11 → "11th", 22 → "22nd".
 * @param {number} n
 * @returns {string}
 */
export function ordinal(n) {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}

/**
 * Seconds left on a countdown, as shown.
 * @param {number} secs
 * @returns {string}
 */
export function formatSeconds(secs) {
  // A long round (a Wordle race's 3 minutes) counts in minutes, so a countdown stays short.
  return secs >= 100 ? `${Math.floor(secs / 60)}:${String(secs % 60).padStart(2, "0")}` : String(secs);
}

/**
 * A score with a true minus sign when negative (a lost wager, a wrong buzz).
 * @param {number} n
 * @returns {string}
 */
export function formatScore(n) {
  const value = Number(n || 0);
  // A lost wager or a wrong buzz: a true minus sign, not a hyphen.
  return value < 0 ? `\u2212${Math.abs(value).toLocaleString()}` : value.toLocaleString();
}

/**
 * @param {number} n
 * @param {string} one
 * @param {string} [many]
 * @returns {string}
 */
export function plural(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

/** localStorage that survives private mode and full quotas. */
export const store = {
  /** @param {string} key @returns {any} */
  get(key) {
    try {
      const raw = localStorage.getItem(key);
      return raw === null ? null : JSON.parse(raw);
    } catch {
      return null;
    }
  },
  /** @param {string} key @param {any} value */
  set(key, value) {
    try {
      localStorage.setItem(key, JSON.stringify(value));
    } catch {
      /* private mode: keep going without persistence */
    }
  },
  /** @param {string} key */
  remove(key) {
    try {
      localStorage.removeItem(key);
    } catch {
      /* ignore */
    }
  },
};

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

/**
 * A random id of `[A-Za-z0-9_-]`. Uses crypto.getRandomValues, which (unlike
 * crypto.randomUUID) also exists on plain http:// LAN pages.
 * @param {number} [length]
 * @returns {string}
 */
export function randomId(length = 16) {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  let out = "";
  for (const b of bytes) out += ID_ALPHABET[b & 63];
  return out;
}

/**
 * A countdown drawn from the server's `remaining_ms`, counted from the moment the frame
 * arrived (the phone's clock is never compared with the server's).
 */
export class Countdown {
  /**
   * @param {(remainingMs: number, info: {paused: boolean, limitMs: number}) => void} onTick
   */
  constructor(onTick) {
    this.onTick = onTick;
    this.deadline = 0;
    this.remaining = 0;
    this.limit = 0;
    this.paused = false;
    this.running = false;
    /** @type {number | undefined} */
    this.timer = undefined;
  }

  /**
   * Re-sync from a state frame.
   * @param {number} remainingMs
   * @param {number} limitMs
   * @param {boolean} paused
   */
  sync(remainingMs, limitMs, paused) {
    this.remaining = Math.max(0, remainingMs || 0);
    this.limit = limitMs || 0;
    this.paused = paused;
    this.deadline = performance.now() + this.remaining;
    this.running = true;
    this._tick();
    clearInterval(this.timer);
    if (!paused) this.timer = window.setInterval(() => this._tick(), 100);
  }

  stop() {
    this.running = false;
    clearInterval(this.timer);
  }

  /** @returns {number} */
  get remainingMs() {
    if (this.paused) return this.remaining;
    return Math.max(0, this.deadline - performance.now());
  }

  _tick() {
    const left = this.remainingMs;
    this.onTick(left, { paused: this.paused, limitMs: this.limit });
    if (left <= 0 && !this.paused) clearInterval(this.timer);
  }
}

/**
 * Announces countdown milestones to screen readers (the visual number is aria-hidden:
 * reading out every second would drown everything else).
 * @param {HTMLElement} live an element with aria-live="polite"
 * @returns {(remainingMs: number, paused: boolean) => void}
 */
export function timerAnnouncer(live) {
  let last = "";
  return (remainingMs, paused) => {
    const s = Math.ceil(remainingMs / 1000);
    let text = "";
    if (paused) text = "Paused";
    else if (s <= 0) text = "Time is up";
    else if (s <= 5) text = "5 seconds left";
    else if (s <= 10) text = "10 seconds left";
    if (text && text !== last) setText(live, text);
    last = text;
  };
}

/**
 * Wire the calm "Reconnecting…" banner to the socket status. It appears only after a short
 * delay, so a quick reconnect does not flash.
 * @param {HTMLElement} banner
 * @returns {(status: Status) => void}
 */
export function connectionBanner(banner) {
  /** @type {number | undefined} */
  let timer;
  const label = banner.querySelector(".banner-text") || banner;
  return (status) => {
    clearTimeout(timer);
    if (status === "open" || status === "closed") {
      banner.hidden = true;
      return;
    }
    const text =
      status === "offline"
        ? "Offline: waiting for the network…"
        : status === "connecting"
          ? "Connecting…"
          : "Reconnecting…";
    timer = window.setTimeout(() => {
      setText(label, text);
      banner.hidden = false;
    }, 700);
  };
}

/**
 * Show a short message in a toast at the bottom of the page.
 * @param {string} message
 * @param {"error" | "info"} [kind]
 */
export function toast(message, kind = "error") {
  let region = document.getElementById("toasts");
  if (!region) {
    region = h("div", { id: "toasts", class: "toasts", role: "status", "aria-live": "polite" });
    document.body.appendChild(region);
  }
  const item = h("div", { class: `toast toast-${kind}` }, message);
  region.appendChild(item);
  setTimeout(() => item.classList.add("toast-out"), 4500);
  setTimeout(() => item.remove(), 5000);
}

export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} message
   */
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/**
 * fetch JSON; a non-2xx answer throws ApiError with the envelope's code and message.
 * @param {string} url
 * @param {{method?: string, body?: any, headers?: Record<string, string>}} [opts]
 * @returns {Promise<any>}
 */
export async function api(url, opts = {}) {
  /** @type {RequestInit} */
  const init = { method: opts.method || "GET", headers: { Accept: "application/json", ...opts.headers } };
  if (opts.body !== undefined) {
    init.body = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
    /** @type {Record<string, string>} */ (init.headers)["Content-Type"] = "application/json";
  }
  let res;
  try {
    res = await fetch(url, init);
  } catch {
    throw new ApiError(0, "network", "Cannot reach the partyhost server.");
  }
  let data = null;
  try {
    data = await res.json();
  } catch {
    /* not JSON */
  }
  if (!res.ok) {
    const err = data && data.error;
    throw new ApiError(
      res.status,
      (err && err.code) || `http_${res.status}`,
      (err && err.message) || `The server answered ${res.status}.`,
    );
  }
  return data;
}
