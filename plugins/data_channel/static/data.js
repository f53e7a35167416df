// The page's reader of element data sent beside the WebSocket (kernel/contracts/data_channel.py):
// GET /_kernel/data/<id>?<params> answers an Arrow IPC stream, read with the vendored Apache Arrow
// reader (window.Arrow, loaded once, on the first fetch).
import { loadScript } from "/_kernel/static/client/elements.js";

const ARROW_URL = new URL("./vendor/apache-arrow/Arrow.es2015.min.js", import.meta.url).pathname;

// The Arrow table at `url` (with the query `params`), and how many bytes it took.
export async function fetchTable(url, params = {}) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null) query.set(k, String(v));
  const [response] = await Promise.all([
    fetch(query.size ? `${url}?${query}` : url, { credentials: "same-origin", cache: "no-store" }),
    loadScript(ARROW_URL),
  ]);
  if (!response.ok) throw new Error(`the data could not be fetched (HTTP ${response.status}: ${await response.text()})`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const table = window.Arrow.tableFromIPC(bytes);
  return { table, bytes: bytes.byteLength, metadata: table.schema.metadata };
}

// A JSON document an element sent beside the WebSocket (json_beside on the server): one row, column "json".
export async function fetchJson(url) {
  const { table } = await fetchTable(url);
  return JSON.parse(table.getChild("json").get(0));
}

// A table's rows as plain objects (what Vega takes): numbers stay numbers, dictionary columns strings.
export function rowObjects(table) {
  const names = table.schema.fields.map((f) => f.name);
  const columns = table.schema.fields.map((field) => {
    const vector = table.getChild(field.name);
    const values = window.Arrow.DataType.isDictionary(field.type) ? null : vector.toArray();
    // Numeric columns without nulls come back as a typed array; anything else is read value by value.
    if (ArrayBuffer.isView(values) && vector.nullCount === 0 && !(values instanceof BigInt64Array)) return values;
    const out = new Array(table.numRows);
    for (let i = 0; i < table.numRows; i++) {
      const v = vector.get(i);
      out[i] = typeof v === "bigint" ? Number(v) : v;
    }
    return out;
  });
  const rows = new Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const row = {};
    for (let c = 0; c < names.length; c++) row[names[c]] = columns[c][i];
    rows[i] = row;
  }
  return rows;
}

// The values of a table's column `i` as plain values: 64-bit integers as numbers, and what the
// field's "kernel:encoding" metadata says decoded: "datetime-ms" (milliseconds of wall time) as ISO
// text without a zone ("2020-01-01T00:00:00.000"), "json" (JSON text per cell) parsed.
export function columnValues(table, i) {
  const field = table.schema.fields[i];
  const vector = table.getChildAt(i);
  const encoding = field.metadata && field.metadata.get("kernel:encoding");
  const out = new Array(table.numRows);
  for (let r = 0; r < table.numRows; r++) {
    let v = vector.get(r);
    if (typeof v === "bigint") v = Number(v);
    if (v !== null && v !== undefined) {
      if (encoding === "datetime-ms") v = new Date(v).toISOString().slice(0, -1);
      else if (encoding === "json") v = JSON.parse(v);
    }
    out[r] = v ?? null;
  }
  return out;
}

// A table's rows as arrays of plain values (columnValues), of the columns named `names` (all if omitted).
export function rowArrays(table, names = null) {
  const fields = table.schema.fields;
  const picked = fields.map((f, i) => [f.name, i]).filter(([name]) => !names || names.includes(name));
  const columns = picked.map(([, i]) => columnValues(table, i));
  const rows = new Array(table.numRows);
  for (let r = 0; r < table.numRows; r++) rows[r] = columns.map((c) => c[r]);
  return rows;
}
