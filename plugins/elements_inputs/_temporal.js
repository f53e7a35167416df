// Text of a date/time slider's numeric value (see dates.py): days since 0001-01-01, seconds since
// midnight, or seconds since 1970 (a naive datetime).
const ORDINAL_1970 = 719163;
const pad = (n) => String(n).padStart(2, "0");

export function temporalText(kind, value) {
  const n = Number(value);
  if (kind === "date") return new Date((n - ORDINAL_1970) * 86400000).toISOString().slice(0, 10);
  if (kind === "time") return `${pad(Math.floor(n / 3600))}:${pad(Math.floor((n % 3600) / 60))}`;
  return new Date(n * 1000).toISOString().slice(0, 16).replace("T", " ");
}
