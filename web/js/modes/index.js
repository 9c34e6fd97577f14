// @ts-check
/**
 * Game modes by question type. Each mode module exports `TYPES`, `playerInput`, `board`,
 * `summary`, `optionsOf` and `instruction` (see modes/choice.js). A new mode (poll, word
 * cloud, buzzer) is one new module imported here: static imports only, no string-built
 * dynamic imports.
 * @module modes
 */

import * as choice from "./choice.js";

/** @typedef {typeof choice} Mode */

/** @type {Mode[]} */
const MODES = [choice];

/**
 * The mode that draws questions of this type, or null when this client does not know it.
 * @param {string} type
 * @returns {Mode | null}
 */
export function modeFor(type) {
  return MODES.find((m) => m.TYPES.includes(type)) || null;
}
