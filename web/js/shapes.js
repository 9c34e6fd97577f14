// @ts-check
/**
 * Each answer option has a SHAPE, a COLOUR and a LETTER besides its label, so players who
 * cannot tell the colours apart (and screen readers) can still play. Colours are set in
 * app.css (`.opt-0` … `.opt-7`); all take white text at ≥ 4.5:1.
 * @module shapes
 */

import { svg } from "./dom.js";

/** @typedef {{name: string, draw: () => SVGElement}} Shape */

/**
 * @param {number} cx
 * @param {number} cy
 * @param {number} r
 * @param {number} n
 * @param {number} [r2] inner radius for a star
 * @returns {string}
 */
function polygon(cx, cy, r, n, r2) {
  const pts = [];
  const steps = r2 ? n * 2 : n;
  for (let i = 0; i < steps; i++) {
    const rad = r2 && i % 2 ? r2 : r;
    const a = -Math.PI / 2 + (i * 2 * Math.PI) / steps;
    pts.push(`${(cx + rad * Math.cos(a)).toFixed(2)},${(cy + rad * Math.sin(a)).toFixed(2)}`);
  }
  return pts.join(" ");
}

/** @type {Shape[]} */
export const SHAPES = [
  { name: "triangle", draw: () => svg("polygon", { points: "12,2.5 22.5,21 1.5,21" }) },
  { name: "diamond", draw: () => svg("polygon", { points: "12,1.5 22.5,12 12,22.5 1.5,12" }) },
  { name: "circle", draw: () => svg("circle", { cx: 12, cy: 12, r: 10 }) },
  { name: "square", draw: () => svg("rect", { x: 3, y: 3, width: 18, height: 18, rx: 1.5 }) },
  { name: "pentagon", draw: () => svg("polygon", { points: polygon(12, 12.8, 11, 5) }) },
  { name: "star", draw: () => svg("polygon", { points: polygon(12, 12.8, 11.5, 5, 5) }) },
  { name: "hexagon", draw: () => svg("polygon", { points: polygon(12, 12, 11, 6) }) },
  {
    name: "cross",
    draw: () =>
      svg("polygon", { points: "8.5,2 15.5,2 15.5,8.5 22,8.5 22,15.5 15.5,15.5 15.5,22 8.5,22 8.5,15.5 2,15.5 2,8.5 8.5,8.5" }),
  },
];

/**
 * @param {number} index
 * @returns {string} "A", "B", …
 */
export function letter(index) {
  return String.fromCharCode(65 + (index % 26));
}

/**
 * @param {number} index
 * @returns {string}
 */
export function shapeName(index) {
  return SHAPES[index % SHAPES.length].name;
}

/**
 * The option's shape as an inline SVG icon (decorative: the caller labels the option).
 * @param {number} index
 * @returns {SVGElement}
 */
export function shapeIcon(index) {
  const shape = SHAPES[index % SHAPES.length];
  return svg(
    "svg",
    { class: "shape", viewBox: "0 0 24 24", "aria-hidden": "true", focusable: "false" },
    shape.draw(),
  );
}

/**
 * CSS class for an option's colour.
 * @param {number} index
 * @returns {string}
 */
export function colourClass(index) {
  return `opt-${index % SHAPES.length}`;
}
