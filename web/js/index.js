// @ts-check
/**
 * The start page: type a room code (4-5 letters, any case) and go to `/join/CODE`.
 * @module index
 */

import { $ } from "./dom.js";

const form = /** @type {HTMLFormElement} */ ($("#code-form"));
const input = /** @type {HTMLInputElement} */ ($("#code"));
const error = $("#code-error");

/** @param {string} raw @returns {string} */
function clean(raw) {
  return raw.toUpperCase().replace(/[^A-Z]/g, "");
}

input.addEventListener("input", () => {
  const pos = input.selectionStart;
  const cleaned = clean(input.value).slice(0, 5);
  if (cleaned !== input.value) {
    input.value = cleaned;
    if (pos !== null) input.setSelectionRange(Math.min(pos, cleaned.length), Math.min(pos, cleaned.length));
  }
  error.hidden = true;
  input.removeAttribute("aria-invalid");
});

form.addEventListener("submit", (ev) => {
  ev.preventDefault();
  const code = clean(input.value);
  if (code.length < 4 || code.length > 5) {
    error.textContent = "A game code has 4 or 5 letters.";
    error.hidden = false;
    input.setAttribute("aria-invalid", "true");
    input.focus();
    return;
  }
  location.href = `/join/${code}`;
});

// `/?code=ABCD` (or a code typed before the script loaded) goes straight on.
const given = new URLSearchParams(location.search).get("code");
if (given) input.value = clean(given).slice(0, 5);
input.focus();
