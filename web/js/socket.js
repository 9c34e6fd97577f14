// @ts-check
/**
 * A WebSocket that keeps itself alive on a flaky LAN.
 *
 * - sends made while closed are queued (unless `{queue: false}`) and flushed after `onopen`;
 * - reconnects with full-jitter exponential backoff (random 0..min(cap, base * 2^n));
 * - sends a `ping` every few seconds and treats a silent connection as dead;
 * - reconnects at once on `online`, on the page becoming visible, and on `pageshow`
 *   (a phone waking up or a page restored from the back/forward cache);
 * - calls `onopen` on every (re)connect so the page re-sends its hello
 *   (`join` / `resume` / `watch` / `host`).
 * @module socket
 */

/**
 * @typedef {"connecting" | "open" | "reconnecting" | "offline" | "closed"} Status
 *
 * @typedef {object} SocketOptions
 * @property {(sock: ReconnectingSocket) => void} [onopen] called on every (re)connect, before the queue is flushed
 * @property {(msg: any) => void} [onmessage] called with each parsed JSON frame (`pong` included)
 * @property {(status: Status, info: {attempt: number, everOpened: boolean}) => void} [onstatus]
 * @property {number} [baseDelay] backoff base in ms (250)
 * @property {number} [maxDelay] backoff cap in ms (4000)
 * @property {number} [pingEvery] heartbeat interval in ms (5000)
 * @property {number} [deadAfter] no frame for this long means dead, in ms (12000)
 */

/** @returns {string} */
export function defaultUrl() {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${location.host}/ws`;
}

export class ReconnectingSocket {
  /**
   * @param {string} url
   * @param {SocketOptions} [options]
   */
  constructor(url, options = {}) {
    this.url = url;
    this.opts = options;
    this.baseDelay = options.baseDelay ?? 250;
    this.maxDelay = options.maxDelay ?? 4000;
    this.pingEvery = options.pingEvery ?? 5000;
    this.deadAfter = options.deadAfter ?? 12000;
    /** @type {WebSocket | null} */
    this.ws = null;
    /** @type {string[]} */
    this.queue = [];
    this.attempt = 0;
    this.everOpened = false;
    this.stopped = false;
    /** @type {Status} */
    this.status = "connecting";
    this.lastFrameAt = 0;
    this._lastPing = 0;
    /** @type {number | undefined} */
    this.retryTimer = undefined;
    /** @type {number | undefined} */
    this.heartbeatTimer = undefined;

    this._onOnline = () => this.reconnectNow();
    this._onOffline = () => this._setStatus("offline");
    this._onVisible = () => {
      if (document.visibilityState === "visible") this.checkNow();
    };
    this._onPageShow = (/** @type {PageTransitionEvent} */ e) => {
      if (e.persisted) this.reconnectNow();
      else this.checkNow();
    };
    window.addEventListener("online", this._onOnline);
    window.addEventListener("offline", this._onOffline);
    document.addEventListener("visibilitychange", this._onVisible);
    window.addEventListener("pageshow", this._onPageShow);
  }

  /** Open the connection (call once). */
  start() {
    this._connect();
    return this;
  }

  /** @returns {boolean} */
  get isOpen() {
    return !!this.ws && this.ws.readyState === WebSocket.OPEN && this.status === "open";
  }

  /**
   * Send one JSON frame. While closed it is queued, unless `queue` is false (then dropped).
   * @param {object} msg
   * @param {{queue?: boolean}} [opts]
   * @returns {boolean} whether it went out now
   */
  send(msg, opts = {}) {
    const text = JSON.stringify(msg);
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(text);
      return true;
    }
    if (opts.queue !== false && !this.stopped) this.queue.push(text);
    return false;
  }

  /** Stop for good (kicked, no such room, page leaving). */
  close() {
    this.stopped = true;
    this.queue = [];
    clearTimeout(this.retryTimer);
    clearInterval(this.heartbeatTimer);
    window.removeEventListener("online", this._onOnline);
    window.removeEventListener("offline", this._onOffline);
    document.removeEventListener("visibilitychange", this._onVisible);
    window.removeEventListener("pageshow", this._onPageShow);
    if (this.ws) {
      this._detach(this.ws);
      try {
        this.ws.close(1000);
      } catch {
        /* already closed */
      }
      this.ws = null;
    }
    this._setStatus("closed");
  }

  /** Drop the current connection (if any) and connect again without waiting. */
  reconnectNow() {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    this.attempt = 0;
    if (this.ws && this.ws.readyState === WebSocket.CONNECTING) return;
    if (this.ws) this._drop();
    this._connect();
  }

  /**
   * The page came back to the foreground: a socket that looks open may be dead after a sleep,
   * so probe it with a ping and give it a short deadline; a closed one reconnects at once.
   */
  checkNow() {
    if (this.stopped) return;
    if (!this.ws || this.ws.readyState > WebSocket.OPEN) {
      this.reconnectNow();
      return;
    }
    if (this.ws.readyState === WebSocket.OPEN) {
      const sentAt = Date.now();
      this._ping();
      setTimeout(() => {
        if (!this.stopped && this.ws && this.lastFrameAt < sentAt) this.reconnectNow();
      }, 3000);
    }
  }

  _connect() {
    if (this.stopped) return;
    this._setStatus(this.everOpened ? "reconnecting" : "connecting");
    /** @type {WebSocket} */
    let ws;
    try {
      ws = new WebSocket(this.url);
    } catch {
      this._scheduleRetry();
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      this.lastFrameAt = Date.now();
      this.everOpened = true;
      this._setStatus("open");
      clearInterval(this.heartbeatTimer);
      this.heartbeatTimer = window.setInterval(() => this._heartbeat(), 1000);
      try {
        this.opts.onopen?.(this);
      } catch (err) {
        console.error(err);
      }
      const pending = this.queue;
      this.queue = [];
      for (const text of pending) ws.send(text);
    };
    ws.onmessage = (ev) => {
      this.lastFrameAt = Date.now();
      // A frame from the server means this connection really works: reset the backoff.
      this.attempt = 0;
      if (this.status !== "open") this._setStatus("open");
      if (typeof ev.data !== "string") return;
      let msg;
      try {
        msg = JSON.parse(ev.data);
      } catch {
        console.warn("partyhost: frame is not JSON", ev.data);
        return;
      }
      try {
        this.opts.onmessage?.(msg);
      } catch (err) {
        console.error(err);
      }
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      clearInterval(this.heartbeatTimer);
      this._scheduleRetry();
    };
    ws.onerror = () => {
      /* onclose follows */
    };
  }

  _heartbeat() {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return;
    const now = Date.now();
    if (now - this.lastFrameAt > this.deadAfter) {
      this._drop();
      this._scheduleRetry();
      return;
    }
    if (now - this._lastPing >= this.pingEvery) this._ping();
  }

  _ping() {
    this._lastPing = Date.now();
    try {
      this.ws?.send(JSON.stringify({ type: "ping", t: this._lastPing }));
    } catch {
      /* onclose follows */
    }
  }

  /** Close the current socket without letting its close event schedule anything. */
  _drop() {
    const ws = this.ws;
    this.ws = null;
    clearInterval(this.heartbeatTimer);
    if (!ws) return;
    this._detach(ws);
    try {
      ws.close(4000, "heartbeat timeout");
    } catch {
      /* ignore */
    }
  }

  /** @param {WebSocket} ws */
  _detach(ws) {
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
  }

  _scheduleRetry() {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    const ceiling = Math.min(this.maxDelay, this.baseDelay * 2 ** this.attempt);
    const delay = Math.random() * ceiling;
    this.attempt = Math.min(this.attempt + 1, 16);
    this._setStatus(navigator.onLine === false ? "offline" : this.everOpened ? "reconnecting" : "connecting");
    this.retryTimer = window.setTimeout(() => this._connect(), delay);
  }

  /** @param {Status} status */
  _setStatus(status) {
    if (this.stopped && status !== "closed") return;
    if (this.status === status) return;
    this.status = status;
    this.opts.onstatus?.(status, { attempt: this.attempt, everOpened: this.everOpened });
  }
}
