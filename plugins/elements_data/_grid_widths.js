// Column widths of the dataframe grid, fitted to their content and to the grid's container.
// Each column is as wide as its header and the widest of the rows at hand (the first page), between
// MIN_WIDTH and MAX_WIDTH. A grid whose width is "stretch" (or a number of pixels) grows its columns
// in proportion to fill that width; when they are too wide together, the widest columns give way
// first, down to the same share, and only then does the grid scroll sideways.
import { fillCell } from "./_cells.js";

const MIN_WIDTH = 50;
const MAX_WIDTH = 400;
const SAMPLE_ROWS = 200;
const SORT_MARK = 14; // room for the " ↑" the header shows when sorted by the column
const BOX = 24; // a checkbox cell's content

const MEDIA_WIDTHS = { image: 100, audio: 250, video: 250 };

let canvas = null;

function textWidth(text, font) {
  if (!canvas) canvas = document.createElement("canvas");
  const g = canvas.getContext("2d");
  g.font = font;
  return g.measureText(text).width;
}

// Natural width of one column from its header text and its values (the cell text the grid would show).
export function naturalWidth(col, label, values, font, headFont, padding) {
  let widest = textWidth(label, headFont) + SORT_MARK;
  // Media cells are not drawn to be measured (a detached <img> or <audio> would still load its URL).
  const media = MEDIA_WIDTHS[(col.config && col.config.type) || ""];
  if (media) return Math.min(MAX_WIDTH, Math.max(media, Math.ceil(widest + padding)));
  const probe = document.createElement("div");
  const seen = new Set();
  for (const value of values) {
    probe.replaceChildren();
    probe.className = "";
    fillCell(probe, value, col, "None");
    const text = probe.textContent;
    if (seen.has(text)) continue;
    seen.add(text);
    const box = probe.querySelector("input, svg, img, .k-cell-progress") ? BOX : 0;
    widest = Math.max(widest, textWidth(text, font) + box);
  }
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, Math.ceil(widest + padding)));
}

// The widths to use for `natural` widths (null entries are fixed: `fixed[i]`) in `available` pixels.
export function fitWidths(natural, fixed, available, stretch) {
  const widths = natural.map((w, i) => fixed[i] ?? w);
  if (!(available > 0)) return widths;
  const free = widths.map((_, i) => fixed[i] === null || fixed[i] === undefined);
  const used = widths.reduce((a, b) => a + b, 0);
  const fixedSum = widths.reduce((a, w, i) => a + (free[i] ? 0 : w), 0);
  const room = available - fixedSum;
  const freeSum = used - fixedSum;
  if (freeSum <= 0 || room <= 0) return widths;
  if (used < available) {
    if (!stretch) return widths;
    const scale = room / freeSum;
    const out = widths.map((w, i) => (free[i] ? Math.floor(w * scale) : w));
    // the pixels lost to rounding go to the last free column, so the columns end at the container's edge
    const last = free.lastIndexOf(true);
    out[last] += available - out.reduce((a, b) => a + b, 0);
    return out;
  }
  // Too wide: cap the free columns at the width `cap` that makes them fit (none below MIN_WIDTH).
  const sorted = widths.filter((_, i) => free[i]).sort((a, b) => a - b);
  let cap = MIN_WIDTH;
  let below = 0;
  for (let k = 0; k < sorted.length; k++) {
    const candidate = (room - below) / (sorted.length - k);
    if (candidate <= sorted[k]) {
      cap = Math.max(MIN_WIDTH, Math.floor(candidate));
      break;
    }
    below += sorted[k];
  }
  return widths.map((w, i) => (free[i] ? Math.min(w, cap) : w));
}

// The values of column `k` (0: the index) in the rows at hand.
export function sampleValues(rows, k) {
  const out = [];
  const n = Math.min(rows.length, SAMPLE_ROWS);
  for (let r = 0; r < n; r++) out.push(rows[r][k]);
  return out;
}
