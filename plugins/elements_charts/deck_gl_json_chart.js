// Renderer of "deck_gl_json_chart" (st.pydeck_chart): pydeck's JSON turned into deck.gl layers and views by
// @deck.gl/json's JSONConverter, drawn by deck.gl (both vendored from npm, loaded only by pages with a deck).
// No base map: the layers show on a plain background. With an "id" the deck is a widget: clicked objects are
// reported as {selection: {indices: {layerId: [i]}, objects: {layerId: [object]}}} and highlighted.
import { asyncChart, loadScript, make, useStylesheet } from "/_kernel/static/client/elements.js";

useStylesheet(new URL("./charts.css", import.meta.url));

let library = null;

// deck.gl's bundle and the JSON converter's both set window.deck: keep the first, add the converter to it.
function loadDeck([coreUrl, jsonUrl]) {
  if (!library) {
    library = (async () => {
      await loadScript(coreUrl);
      const core = window.deck;
      await loadScript(jsonUrl);
      const json = window.deck;
      window.deck = core;
      const classes = {};
      for (const [name, value] of Object.entries(core)) {
        if (typeof value === "function" && /^[A-Z]/.test(name)) classes[name] = value;
      }
      const configuration = new json.JSONConfiguration({
        classes,
        enumerations: { COORDINATE_SYSTEM: core.COORDINATE_SYSTEM },
      });
      return { core, converter: new json.JSONConverter({ configuration }) };
    })();
  }
  return library;
}

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

// A tooltip template with {field} replaced by the hovered object's values (escaped in HTML templates).
function fill(template, object, html) {
  return template.replace(/\{([^{}]+)\}/g, (_, key) => {
    const value = object[key.trim()] ?? object.properties?.[key.trim()];
    const text = value == null ? "" : String(value);
    return html ? text.replace(/[&<>"']/g, (c) => ESCAPES[c]) : text;
  });
}

function tooltipOf(spec) {
  if (!spec) return null;
  return ({ object }) => {
    if (!object) return null;
    if (spec === true) return { text: JSON.stringify(object, null, 1) };
    const out = {};
    if (spec.html) out.html = fill(spec.html, object, true);
    else if (spec.text) out.text = fill(spec.text, object, false);
    if (spec.style) out.style = spec.style;
    return out;
  };
}

const HIGHLIGHT = [255, 75, 75, 220];

function plain(object) {
  try {
    return JSON.parse(JSON.stringify(object ?? null));
  } catch {
    return null;
  }
}

// The layers with the picked object of each highlighted (deck.gl highlights one object per layer).
function highlighted(layers, picked) {
  return layers.map((layer) => {
    const list = picked[layer.id];
    if (!list || !list.length) return layer;
    return layer.clone({ highlightedObjectIndex: list[list.length - 1].index, highlightColor: HIGHLIGHT });
  });
}

function report(box, ctx) {
  const indices = {};
  const objects = {};
  for (const [layerId, list] of Object.entries(box.kernelPicked)) {
    indices[layerId] = list.map((p) => p.index);
    objects[layerId] = list.map((p) => p.object);
  }
  const selection = { indices, objects };
  box.closest(".k-el")?.setAttribute("data-selection", JSON.stringify(selection));
  ctx.widgets.set(box.kernelProps.id, { selection });
}

// A click picks (or, clicked again, unpicks) an object; in "multi-object" mode clicks add to the selection;
// a click on no object clears it.
function pick(box, info, ctx) {
  const props = box.kernelProps;
  if (!props.id) return;
  const layerId = info && info.layer && info.index >= 0 ? info.layer.id : null;
  let picked = box.kernelPicked;
  if (layerId === null) {
    if (!Object.keys(picked).length) return;
    picked = {};
  } else if (props.selection_mode === "multi-object") {
    const list = [...(picked[layerId] || [])];
    const at = list.findIndex((p) => p.index === info.index);
    if (at >= 0) list.splice(at, 1);
    else list.push({ index: info.index, object: plain(info.object) });
    picked = { ...picked, [layerId]: list };
    if (!list.length) delete picked[layerId];
  } else {
    const same = picked[layerId]?.[0]?.index === info.index;
    picked = same ? {} : { [layerId]: [{ index: info.index, object: plain(info.object) }] };
  }
  box.kernelPicked = picked;
  box.kernelDeck.setProps({ layers: highlighted(box.kernelLayers, picked) });
  report(box, ctx);
}

// The spec with the layers' large data put back: the server sent it beside the stream
// (props.datasets: [{layer, url, rows}]), one Arrow table per layer, read back into rows.
async function withLayerData(props) {
  const spec = props.spec || {};
  if (!props.datasets || !props.datasets.length) return spec;
  const { fetchTable, rowObjects } = await import(props.client);
  const tables = await Promise.all(props.datasets.map((d) => fetchTable(d.url)));
  const layers = [...spec.layers];
  props.datasets.forEach((d, i) => {
    layers[d.layer] = { ...layers[d.layer], data: rowObjects(tables[i].table) };
  });
  return { ...spec, layers };
}

async function draw(el, props, ctx) {
  let box = el.querySelector(".k-deck");
  if (!box) {
    box = make("div", "k-deck k-chart-box");
    el.append(box);
  }
  box.style.height = `${props.height}px`;
  box.style.width = typeof props.width === "number" ? `${props.width}px` : "100%";
  if (props.alt) box.setAttribute("aria-label", props.alt);
  box.setAttribute("role", "img");
  const [{ core, converter }, spec] = await Promise.all([loadDeck(props.bundle), withLayerData(props)]);
  const deckProps = converter.convert(spec);
  box.kernelProps = props;
  if (!box.kernelPicked || box.kernelSelectionId !== props.id) {
    box.kernelSelectionId = props.id;
    box.kernelPicked = {};
  }
  box.kernelLayers = deckProps.layers || [];
  const settings = {
    initialViewState: { longitude: 0, latitude: 0, zoom: 1 },
    controller: true,
    ...deckProps,
    layers: highlighted(box.kernelLayers, box.kernelPicked),
    getTooltip: tooltipOf(props.tooltip),
    onClick: (info) => pick(box, info, ctx),
    // What deck.gl found under the pointer ("layerId:index", or "" over none), once it has picked there.
    onHover: (info) => {
      box.dataset.hover = info.layer && info.index >= 0 ? `${info.layer.id}:${info.index}` : "";
    },
    onAfterRender: () => {
      box.kernelRendered = true;
    },
  };
  box.kernelRendered = false;
  if (box.kernelDeck) {
    box.kernelDeck.setProps(settings);
  } else {
    box.kernelDeck = new core.Deck({ ...settings, parent: box, width: "100%", height: "100%" });
  }
  await shown(box.kernelDeck, box);
  box.dataset.layers = String((deckProps.layers || []).length);
}

// Resolves once the deck shows these props: initialised, every layer's data loaded, and a frame drawn since
// they were set (or none needed). Only then is the chart "drawn" and can a click pick its objects.
function shown(deck, box) {
  return new Promise((resolve) => {
    const check = () => {
      const layers = deck.isInitialized ? deck.layerManager?.getLayers() : null;
      const ready = layers && layers.every((layer) => layer.isLoaded);
      if (ready && (box.kernelRendered || !deck.needsRedraw({ clearRedrawFlags: false }))) resolve();
      else setTimeout(check, 50);
    };
    check();
  });
}

const chart = asyncChart(draw);

export function render(el, props, ctx) {
  chart.render(el, props, ctx);
}

export function update(el, props, ctx) {
  return chart.update(el, props, ctx);
}
