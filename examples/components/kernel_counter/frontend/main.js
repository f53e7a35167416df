// The counter's frontend, without any library: the messages of Streamlit's component
// protocol, written by hand (docs/components.md).
let clicks = 0;
let step = 1;
let label = "";

function send(type, data) {
  window.parent.postMessage({ isStreamlitMessage: true, type, ...data }, "*");
}

const button = document.getElementById("count");
button.addEventListener("click", () => {
  clicks += step;
  button.textContent = `${label}: ${clicks}`;
  send("streamlit:setComponentValue", { value: clicks, dataType: "json" });
});

window.addEventListener("message", (event) => {
  if (event.source !== window.parent || !event.data || event.data.type !== "streamlit:render") return;
  const { args, dfs, theme, disabled } = event.data;
  step = args.step;
  label = args.label;
  button.textContent = `${label}: ${clicks}`;
  button.disabled = disabled;
  if (theme) document.documentElement.style.setProperty("--text-color", theme.textColor);
  const list = document.getElementById("rows");
  list.replaceChildren();
  const rows = dfs.find((df) => df.key === "rows");
  // A data frame argument arrives as Arrow IPC bytes; this example only counts them.
  if (rows) list.append(Object.assign(document.createElement("li"), { textContent: `rows table: ${rows.value.data.data.length} bytes` }));
  send("streamlit:setFrameHeight", { height: document.body.scrollHeight });
});

send("streamlit:componentReady", { apiVersion: 1 });
