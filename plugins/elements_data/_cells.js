// Cell formatting shared by the dataframe and table renderers (column_config types and number formats).
import { safeUrl } from "/_kernel/static/client/elements.js";

const NAMED = {
  plain: (v) => String(v),
  localized: (v) => v.toLocaleString(),
  percent: (v) => `${(v * 100).toFixed(2)}%`,
  dollar: (v) => v.toLocaleString("en-US", { style: "currency", currency: "USD" }),
  euro: (v) => v.toLocaleString("en-US", { style: "currency", currency: "EUR" }),
  yen: (v) => v.toLocaleString("en-US", { style: "currency", currency: "JPY" }),
  accounting: (v) => (v < 0 ? `(${Math.abs(v).toFixed(2)})` : v.toFixed(2)),
  compact: (v) => new Intl.NumberFormat("en-US", { notation: "compact" }).format(v),
  scientific: (v) => v.toExponential(3),
  engineering: (v) => new Intl.NumberFormat("en-US", { notation: "engineering" }).format(v),
  bytes: (v) => {
    const units = ["B", "KB", "MB", "GB", "TB"];
    let i = 0;
    while (Math.abs(v) >= 1000 && i < units.length - 1) { v /= 1000; i++; }
    return i ? `${v.toFixed(1)}${units[i]}` : `${v}B`;
  },
};

// A printf-style subset: %d %i %f %.Nf %e %s %% with an optional "," thousands flag.
export function printf(fmt, value) {
  return fmt.replace(/%(,?)(\.(\d+))?([difes%])/g, (m, comma, _p, prec, conv) => {
    if (conv === "%") return "%";
    if (conv === "s") return String(value);
    let out;
    if (conv === "d" || conv === "i") out = Math.trunc(value).toString();
    else if (conv === "e") out = value.toExponential(prec === undefined ? 6 : Number(prec));
    else out = value.toFixed(prec === undefined ? 6 : Number(prec));
    if (comma) {
      const [int, frac] = out.split(".");
      out = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (frac !== undefined ? `.${frac}` : "");
    }
    return out;
  });
}

export function formatNumber(value, format) {
  if (typeof value !== "number" || !format) return String(value);
  const named = NAMED[format];
  return named ? named(value) : printf(format, value);
}

const SVG = "http://www.w3.org/2000/svg";
function spark(values, kind, cfg) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 100 20");
  svg.setAttribute("preserveAspectRatio", "none");
  svg.setAttribute("class", "k-cell-spark");
  const nums = values.filter((v) => typeof v === "number");
  if (!nums.length) return svg;
  const lo = cfg.y_min ?? Math.min(...nums);
  const hi = cfg.y_max ?? Math.max(...nums);
  const span = hi - lo || 1;
  const y = (v) => 19 - ((v - lo) / span) * 18;
  if (kind === "bar_chart") {
    const w = 100 / nums.length;
    nums.forEach((v, i) => {
      const r = document.createElementNS(SVG, "rect");
      r.setAttribute("x", String(i * w + 0.5));
      r.setAttribute("width", String(Math.max(w - 1, 0.5)));
      r.setAttribute("y", String(y(v)));
      r.setAttribute("height", String(20 - y(v)));
      svg.append(r);
    });
    return svg;
  }
  const pts = nums.map((v, i) => `${nums.length === 1 ? 50 : (i / (nums.length - 1)) * 100},${y(v)}`).join(" ");
  if (kind === "area_chart") {
    const p = document.createElementNS(SVG, "polygon");
    p.setAttribute("points", `0,20 ${pts} 100,20`);
    svg.append(p);
  }
  const line = document.createElementNS(SVG, "polyline");
  line.setAttribute("points", pts);
  svg.append(line);
  return svg;
}

// Fill `cell` with `value` shown as column `col` ({type, config, format}) says. `onToggle(checked)`, given
// for an editable boolean column, makes its checkbox enabled; for a keyed ButtonColumn it is
// `onToggle(label)`, called by a click on the button of that label. `html` is a MarkdownColumn cell as the
// server rendered it (HTML escaped there); without it (a cell just edited) the text shows as text.
export function fillCell(cell, value, col, placeholder, onToggle, html) {
  const cfg = col.config || {};
  const kind = cfg.type || "column";
  if (value === null || value === undefined) {
    cell.classList.add("k-null");
    cell.textContent = placeholder ?? "None";
    return;
  }
  if (kind === "checkbox" || (kind === "column" && col.type === "bool")) {
    const box = document.createElement("input");
    box.type = "checkbox";
    box.checked = !!value;
    // An editable column's checkbox looks (and is) enabled; the grid toggles it (onToggle).
    box.disabled = !onToggle;
    if (onToggle) box.addEventListener("change", () => onToggle(box.checked));
    cell.append(box);
    return;
  }
  if (kind === "link" && !safeUrl(String(value))) {
    // A javascript:, vbscript: or data: URL is shown as text, never as a link.
    cell.classList.add("k-unsafe-link");
    cell.textContent = String(value);
    return;
  }
  if (kind === "link") {
    const a = document.createElement("a");
    a.href = String(value);
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    let text = String(value);
    if (cfg.display_text) {
      const m = /\(.*\)/.test(cfg.display_text) ? new RegExp(cfg.display_text).exec(text) : null;
      text = m ? (m[1] ?? m[0]) : cfg.display_text;
    }
    a.textContent = text;
    cell.append(a);
    return;
  }
  if (kind === "button") {
    // One button per label: a list cell makes several, an empty cell none. A click reports its label.
    const labels = value === null || value === undefined ? [] : Array.isArray(value) ? value : [value];
    for (const label of labels) {
      if (label === null || label === undefined) continue;
      const button = document.createElement("button");
      button.type = "button";
      button.className = `k-cell-button k-btn-${cfg.button_type || "secondary"}`;
      button.textContent = String(label);
      button.disabled = !onToggle;
      if (onToggle) {
        button.addEventListener("click", (event) => {
          event.stopPropagation();
          onToggle(String(label));
        });
      }
      cell.append(button);
    }
    return;
  }
  if (kind === "markdown") {
    cell.classList.add("k-cell-markdown");
    if (typeof html === "string") cell.innerHTML = html;
    else cell.textContent = String(value);
    return;
  }
  if (kind === "audio" || kind === "video") {
    if (!safeUrl(String(value))) {
      cell.classList.add("k-unsafe-link");
      cell.textContent = String(value);
      return;
    }
    const media = document.createElement(kind);
    media.src = String(value);
    media.controls = true;
    media.preload = "none";
    media.className = `k-cell-${kind}`;
    cell.append(media);
    return;
  }
  if (kind === "multiselect") {
    const colors = cfg.color || [];
    for (const item of Array.isArray(value) ? value : [value]) {
      const chip = document.createElement("span");
      chip.className = "k-chip";
      const i = (cfg.options || []).indexOf(item);
      chip.textContent = i >= 0 && cfg.option_labels ? cfg.option_labels[i] : String(item);
      const color = colors.length === 1 ? colors[0] : i >= 0 ? colors[i] : undefined;
      if (color) chip.dataset.color = color;
      cell.append(chip);
    }
    return;
  }
  if (kind === "image") {
    const img = document.createElement("img");
    img.src = String(value);
    img.className = "k-cell-img";
    img.alt = "";
    cell.append(img);
    return;
  }
  if (kind === "progress") {
    const lo = cfg.min_value ?? 0;
    const hi = cfg.max_value ?? 100;
    const bar = document.createElement("div");
    bar.className = "k-cell-progress";
    const fill = document.createElement("span");
    fill.style.width = `${Math.max(0, Math.min(1, (value - lo) / (hi - lo))) * 100}%`;
    bar.append(fill);
    const label = document.createElement("small");
    label.textContent = formatNumber(value, cfg.format);
    cell.append(bar, label);
    return;
  }
  if (kind.endsWith("_chart")) {
    cell.append(spark(Array.isArray(value) ? value : [], kind, cfg));
    return;
  }
  if (kind === "list" || col.type === "list") {
    for (const item of Array.isArray(value) ? value : [value]) {
      const chip = document.createElement("span");
      chip.className = "k-chip";
      chip.textContent = typeof item === "object" ? JSON.stringify(item) : String(item);
      cell.append(chip);
    }
    return;
  }
  if (kind === "json" || (typeof value === "object")) {
    cell.textContent = JSON.stringify(value);
    return;
  }
  if (typeof value === "number") {
    cell.textContent = cfg.format ? formatNumber(value, cfg.format) : defaultNumber(value, col);
    cell.classList.add("k-num");
    return;
  }
  if (kind === "selectbox" && cfg.options && cfg.option_labels) {
    const i = cfg.options.indexOf(value);
    cell.textContent = i >= 0 ? cfg.option_labels[i] : String(value);
    return;
  }
  if (typeof value === "string" && (TEMPORAL.has(col.type) || TEMPORAL.has(kind))) {
    cell.textContent = formatTemporal(value, kind === "column" ? col.type : kind, col.format);
    return;
  }
  cell.textContent = String(value);
}

// A number without a column_config format: a float column shows every value with the column's decimals
// (chosen on the server from the whole column), so the values of one column line up.
function defaultNumber(value, col) {
  if (col.type !== "float" || !Number.isFinite(value)) return String(value);
  const decimals = col.format && Number.isInteger(col.format.decimals) ? col.format.decimals : 4;
  return Math.abs(value) >= 1e21 ? value.toExponential(decimals) : value.toFixed(decimals);
}

const TEMPORAL = new Set(["datetime", "date", "time"]);

// One format per temporal column (the server sends ISO text): datetimes as "YYYY-MM-DD HH:MM:SS", with
// milliseconds in every row when some value of the column has them; dates as "YYYY-MM-DD"; times as sent.
export function formatTemporal(value, kind, format) {
  const text = value.replace("T", " ").replace(/Z$/, "");
  if (kind === "date") return text.slice(0, 10);
  if (kind === "time") return /^\d{4}-\d\d-\d\d /.test(text) ? text.slice(11) : text;
  if (!/^\d{4}-\d\d-\d\d/.test(text)) return text;
  const [day, time = "00:00:00.000"] = text.split(" ");
  const [clock, fraction = "000"] = time.split(".");
  const seconds = clock.length === 5 ? `${clock}:00` : clock;
  return format && format.precision === "ms" ? `${day} ${seconds}.${fraction.padEnd(3, "0").slice(0, 3)}`
    : `${day} ${seconds}`;
}

// Pixel width a column's config asks for ("small", "medium", "large", px), or null: fitted to its content.
export function configuredWidth(col) {
  const w = col.config && col.config.width;
  if (typeof w === "number") return w;
  if (w === "small") return 75;
  if (w === "medium") return 200;
  if (w === "large") return 400;
  return null;
}

// Pixel width of a column before its content is measured (kept for callers outside the grid).
export function columnWidth(col) {
  return configuredWidth(col) ?? (["int", "float", "bool"].includes(col.type) ? 100 : 150);
}

export function columnLabel(col) {
  return (col.config && col.config.label) || col.name;
}
