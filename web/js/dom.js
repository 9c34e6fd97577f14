// @ts-check
/**
 * Tiny DOM helpers. User text (nicknames, question text, options) is ALWAYS set with
 * textContent / text nodes: nothing from the server or a player ever goes through innerHTML.
 * @module dom
 */

/**
 * @typedef {Node | string | number | null | undefined | false | any[]} Child  (arrays of children nest)
 * @typedef {Record<string, any>} Props
 *   `class` (string), `text` (string, set as textContent), `on<event>` (listener),
 *   `dataset` (object), `style` (object), `hidden`/`disabled`/`checked`/`value` (properties),
 *   anything else becomes an attribute (`aria-label`, `type`, `href`, ...). `null`/`false` skip.
 */

const SVG_NS = "http://www.w3.org/2000/svg";

/**
 * @param {Element} el
 * @param {Props | null | undefined} props
 */
function applyProps(el, props) {
  if (!props) return;
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") {
      el.setAttribute("class", String(value));
    } else if (key === "text") {
      el.textContent = String(value);
    } else if (key === "dataset" && el instanceof HTMLElement) {
      for (const [k, v] of Object.entries(value)) el.dataset[k] = String(v);
    } else if (key === "style" && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) {
        /** @type {HTMLElement} */ (el).style.setProperty(k, String(v));
      }
    } else if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2), value);
    } else if (["hidden", "disabled", "checked", "value", "selected"].includes(key) && key in el) {
      /** @type {any} */ (el)[key] = value;
    } else {
      el.setAttribute(key, value === true ? "" : String(value));
    }
  }
}

/**
 * @param {Node} parent
 * @param {Child[]} children
 */
function appendChildren(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) appendChildren(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
}

/**
 * Build an HTML element. Strings among the children become text nodes (escaped).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Props | null} [props]
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  applyProps(el, props);
  appendChildren(el, children);
  return el;
}

/**
 * Build an SVG element.
 * @param {string} tag
 * @param {Props | null} [props]
 * @param {...Child} children
 * @returns {SVGElement}
 */
export function svg(tag, props, ...children) {
  const el = /** @type {SVGElement} */ (document.createElementNS(SVG_NS, tag));
  applyProps(el, props);
  appendChildren(el, children);
  return el;
}

/**
 * Replace all children of `el`.
 * @param {Element} el
 * @param {...Child} children
 * @returns {Element}
 */
export function replace(el, ...children) {
  el.replaceChildren();
  appendChildren(el, children);
  return el;
}

/**
 * querySelector that throws when the element is missing (a page bug, not a runtime case).
 * @template {Element} [T=HTMLElement]
 * @param {string} selector
 * @param {ParentNode} [root]
 * @returns {T}
 */
export function $(selector, root = document) {
  const el = root.querySelector(selector);
  if (!el) throw new Error(`missing element ${selector}`);
  return /** @type {T} */ (el);
}

/**
 * Set text only when it changed (avoids needless layout and screen-reader chatter).
 * @param {Element} el
 * @param {string | number} text
 */
export function setText(el, text) {
  const s = String(text);
  if (el.textContent !== s) el.textContent = s;
}

/**
 * Show exactly one of several sibling views (elements with `data-view`).
 * @param {ParentNode} root
 * @param {string} name
 */
export function showView(root, name) {
  for (const el of root.querySelectorAll("[data-view]")) {
    /** @type {HTMLElement} */ (el).hidden = /** @type {HTMLElement} */ (el).dataset.view !== name;
  }
}
