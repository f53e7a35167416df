// Typed-text matching of options for filter_mode: "fuzzy" (the typed characters appear in
// order), "contains" (a substring), "prefix" (the start); case-insensitive. null: no typing.
export function matches(mode, text, query) {
  const t = String(text).toLowerCase();
  const q = String(query).toLowerCase();
  if (!q) return true;
  if (mode === "prefix") return t.startsWith(q);
  if (mode === "contains") return t.includes(q);
  let i = 0;
  for (const ch of t) if (ch === q[i]) i += 1;
  return i >= q.length;
}

// Fill a <datalist> with the options (index, text) that match what is typed in `input`.
export function fillSuggestions(list, input, options, mode) {
  list.replaceChildren();
  for (const [, text] of options) {
    if (mode != null && !matches(mode, text, input.value)) continue;
    const option = document.createElement("option");
    option.value = text;
    list.append(option);
  }
}

// Type-ahead on a closed native <select>: typed characters (within a second of each other)
// pick the first option that matches by `mode`; with mode null typing does nothing. A space
// that does not continue a typed query is left to the browser (it opens the drop-down).
export function typeAhead(select, getMode, onPick) {
  let typed = "";
  let last = 0;
  select.addEventListener("keydown", (e) => {
    if (!e.key || e.key.length !== 1 || e.ctrlKey || e.metaKey || e.altKey) return;
    const now = Date.now();
    if (e.key === " " && (!typed || now - last > 1000)) return;
    e.preventDefault();
    const mode = getMode();
    if (mode == null) return;
    typed = now - last > 1000 ? e.key : typed + e.key;
    last = now;
    const option = [...select.options].find((o) => !o.disabled && o.value !== "" && matches(mode, o.text, typed));
    if (option && option.value !== select.value) {
      select.value = option.value;
      onPick();
    }
  });
}
