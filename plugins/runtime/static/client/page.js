// Page-level settings from set_page_config: title, icon, layout (the sidebar's initial state
// is SidebarControl's).

function iconHref(icon) {
  if (/^(https?:|data:|\/)/.test(icon)) return icon;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><text y=".9em" font-size="90">${icon}</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

// A ":material/name:" page icon as a PNG data URL: the glyph of the vendored Material Symbols
// font (style.css), drawn on a canvas once the font has loaded (a favicon cannot use page fonts).
async function materialIconHref(name) {
  const font = '56px "Material Symbols Rounded"';
  await document.fonts.load(font, name);
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 64;
  const g = canvas.getContext("2d");
  g.font = font;
  g.textAlign = "center";
  g.textBaseline = "middle";
  g.fillStyle = getComputedStyle(document.body).color || "#1f2330";
  g.fillText(name, 32, 32);
  return canvas.toDataURL("image/png");
}

let shownIcon = null;

export function applyPageConfig(config, defaultTitle) {
  document.title = config.title || defaultTitle;
  const link = document.querySelector('link[rel="icon"]');
  const material = /^:material\/([a-z0-9_]+):$/.exec(config.icon || "");
  shownIcon = config.icon || null;
  if (link && material) {
    const wanted = config.icon;
    materialIconHref(material[1]).then((href) => { if (shownIcon === wanted) link.href = href; });
  } else if (link) {
    link.href = config.icon ? iconHref(config.icon) : "data:,";
  }
  document.body.classList.toggle("layout-wide", config.layout === "wide");
  document.body.classList.toggle("layout-centered", config.layout !== "wide");
}
