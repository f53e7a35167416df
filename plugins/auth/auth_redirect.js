// st.login / st.logout: send the browser to the login or logout route of this app,
// with the page's own path and query, to come back to it afterwards.
const ROUTES = ["/_kernel/auth/login", "/_kernel/auth/logout"];

export function render(el, props) {
  el.hidden = true;
  const target = new URL(props.url, window.location.origin);
  if (target.origin !== window.location.origin || !ROUTES.includes(target.pathname)) return;
  target.searchParams.set("next", window.location.pathname + window.location.search);
  window.location.assign(target.href);
}

export function update(el, props, ctx, old) {
  if (old.seq !== props.seq || old.url !== props.url) return false;
  return true;
}
