// Page-level settings from set_page_config: title, icon, layout (the sidebar's initial state
// is SidebarControl's).

function iconHref(icon) {
  if (/^(https?:|data:|\/)/.test(icon)) return icon;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><text y=".9em" font-size="90">${icon}</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

export function applyPageConfig(config, defaultTitle) {
  document.title = config.title || defaultTitle;
  const link = document.querySelector('link[rel="icon"]');
  if (link) link.href = config.icon ? iconHref(config.icon) : "data:,";
  document.body.classList.toggle("layout-wide", config.layout === "wide");
  document.body.classList.toggle("layout-centered", config.layout !== "wide");
}
