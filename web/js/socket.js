// @ts-check
/**
 * A WebSocket that keeps itself alive on a flaky LAN.
 *
 * - sends made while closed are queued (unless `{queue: false}`) and flushed after `onopen`;
 * - reconnects with full-jitter exponential backoff (random 0..min(cap, base * 2^n));
 * - gives up a connection attempt that gets no answer within a few seconds: a host that is
 *   frozen (a closed laptop lid, SIGSTOP) still completes the TCP handshake in its kernel, so
 *   without a deadline every phone would sit in one hung attempt and all of them would land
 *   at the same instant when the host wakes; with it, they keep retrying at jittered times;
 * - a reconnect whose socket took long to open (it was held by a frozen or swamped host, and
 *   the other phones' attempts were most likely held with it) waits a random moment before its
 *   hello, so the phones that were waiting on the host do not all resume in the same instant;
 * - sends a `ping` every few seconds and treats a silent connection as dead;
 * - drops the connection on `offline` (the network is gone: the socket is dead even if it
 *   looks open) and retries only slowly until `online`, then reconnects at once;
 * - reconnects at once on the page becoming visible and on `pageshow` (a phone waking up
 *   or a page restored from the back/forward cache) unless the connection is fresh;
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
 * @property {number} [connectTimeout] an attempt with no frame from the server by then is given up, in ms (4000)
 * @property {number} [offlineDelay] retry interval while the browser says it is offline, in ms (10000)
 * @property {number} [slowOpen] a reconnect that took longer than this to open was held by the host, in ms (1000)
 * @property {number} [wakeSpread] such a reconnect waits a random 0..wakeSpread ms before its hello (2000)
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
    this.connectTimeout = options.connectTimeout ?? 4000;
    this.offlineDelay = options.offlineDelay ?? 10000;
    this.slowOpen = options.slowOpen ?? 1000;
    this.wakeSpread = options.wakeSpread ?? 2000;
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
    /** when the current attempt started (performance.now()) */
    this.attemptAt = 0;
    /** the server has sent a frame on the current connection */
    this.answered = false;
    /** @type {number | undefined} */
    this.retryTimer = undefined;
    /** @type {number | undefined} */
    this.connectTimer = undefined;
    /** @type {number | undefined} */
    this.helloTimer = undefined;
    /** @type {number | undefined} */
    this.heartbeatTimer = undefined;

    this._onOnline = () => this.reconnectNow();
    this._onOffline = () => this.goOffline();
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
    if (this.isOpen && this.ws) {
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
    clearTimeout(this.connectTimer);
    clearTimeout(this.helloTimer);
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

  /**
   * Drop the current connection (if any) and connect again without waiting. An attempt that
   * started less than a second ago is left to finish (`visibilitychange` and `pageshow` often
   * fire together).
   */
  reconnectNow() {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    this.attempt = 0;
    if (this.ws && this.ws.readyState === WebSocket.CONNECTING && performance.now() - this.attemptAt < 1000) return;
    if (this.ws) this._drop();
    this._connect();
  }

  /** The browser lost its network: the socket is dead even if it still looks open. */
  goOffline() {
    if (this.stopped) return;
    if (this.ws) this._drop();
    this._scheduleRetry();
  }

  /**
   * The page came back to the foreground. A socket that heard nothing for longer than the
   * heartbeat interval (timers are throttled in the background, and a phone may have slept)
   * is replaced at once; a fresher one is probed with a ping and a short deadline; a closed
   * one reconnects at once.
   */
  checkNow() {
    if (this.stopped) return;
    if (!this.ws || this.ws.readyState > WebSocket.OPEN) {
      this.reconnectNow();
      return;
    }
    // Connecting, or open and waiting to say hello: the connect timeout watches it.
    if (this.ws.readyState !== WebSocket.OPEN || this.status !== "open") return;
    if (Date.now() - this.lastFrameAt > this.pingEvery + 1000) {
      this.reconnectNow();
      return;
    }
    const ws = this.ws;
    const sentAt = Date.now();
    this._ping();
    setTimeout(() => {
      if (!this.stopped && this.ws === ws && this.lastFrameAt < sentAt) this.reconnectNow();
    }, 2000);
  }

  _connect() {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    this._setStatus(navigator.onLine === false ? "offline" : this.everOpened ? "reconnecting" : "connecting");
    /** @type {WebSocket} */
    let ws;
    try {
      ws = new WebSocket(this.url);
    } catch {
      this._scheduleRetry();
      return;
    }
    this.ws = ws;
    this.answered = false;
    this.attemptAt = performance.now();
    // No frame from the server in time (a frozen or swamped host): give this attempt up and go
    // back to the jittered backoff. The deadline runs until the first frame, not only until
    // the upgrade, so a host that accepts and then says nothing is caught as well.
    clearTimeout(this.connectTimer);
    this.connectTimer = window.setTimeout(() => this._giveUp(ws), this.connectTimeout);
    ws.onopen = () => {
      const slow = this.everOpened && performance.now() - this.attemptAt > this.slowOpen;
      const wait = slow ? Math.random() * this.wakeSpread : 0;
      // The server must still say something within the connect timeout after the hello.
      clearTimeout(this.connectTimer);
      this.connectTimer = window.setTimeout(() => this._giveUp(ws), wait + this.connectTimeout);
      clearTimeout(this.helloTimer);
      if (wait > 0) this.helloTimer = window.setTimeout(() => this._opened(ws), wait);
      else this._opened(ws);
    };
    ws.onmessage = (ev) => {
      this.lastFrameAt = Date.now();
      if (!this.answered) {
        this.answered = true;
        clearTimeout(this.connectTimer);
      }
      if (this.status !== "open") this._setStatus("open");
      if (typeof ev.data !== "string") return;
      let msg;
      try {
        msg = JSON.parse(ev.data);
      } catch {
        console.warn("partyhost: frame is not JSON", ev.data);
        return;
      }
      // A frame from the server means this connection really works: reset the backoff.
      // Not an error, though: a full host says `server_full` and closes, and phones must
      // keep backing off instead of hammering it.
      if (!msg || msg.type !== "error") this.attempt = 0;
      try {
        this.opts.onmessage?.(msg);
      } catch (err) {
        console.error(err);
      }
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      clearTimeout(this.connectTimer);
      clearTimeout(this.helloTimer);
      clearInterval(this.heartbeatTimer);
      this._scheduleRetry();
    };
    ws.onerror = () => {
      /* onclose follows */
    };
  }

  /**
   * The socket is open (and any wake-up wait is over): say hello, flush the queue, start the heartbeat.
   * @param {WebSocket} ws
   */
  _opened(ws) {
    if (this.ws !== ws || ws.readyState !== WebSocket.OPEN) return;
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
  }

  /**
   * No frame from the server in time: give this attempt up and back off.
   * @param {WebSocket} ws
   */
  _giveUp(ws) {
    if (this.ws !== ws || this.answered) return;
    this._drop();
    this._scheduleRetry();
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
    clearTimeout(this.connectTimer);
    clearTimeout(this.helloTimer);
    clearInterval(this.heartbeatTimer);
    if (!ws) return;
    this._detach(ws);
    try {
      ws.close(4000, "given up");
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
    const offline = navigator.onLine === false;
    // Offline, an attempt fails at once, and the browser counts failures against the page
    // (Chromium delays a page's next WebSocket after many): so only an occasional try, in
    // case the `online` event never comes; `online` itself reconnects at once.
    const delay = offline
      ? this.offlineDelay * (0.5 + Math.random() / 2)
      : Math.random() * Math.min(this.maxDelay, this.baseDelay * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 16);
    this._setStatus(offline ? "offline" : this.everOpened ? "reconnecting" : "connecting");
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
