import crypto from 'node:crypto';
import type { TopLevelSpec } from 'vega-lite';

/**
 * Charts drawn by Vega-Lite on the server, as SVG in the page: no browser JavaScript, no network
 * (inline data only, the loader refuses anything else). Each chart gets a <title> and <desc> and
 * role="img"; the same numbers are always in the table beside it, which is what a screen reader
 * user reads. Rendered SVG is kept in a small per-process LRU keyed by a hash of the spec, so the
 * cache can never serve another chart's figures, and a refresh (new numbers) makes a new key.
 */
export interface BarDatum {
  category: string;
  series: string;
  value: number;
}

const FONT = 'Fira Sans, Segoe UI, Helvetica, Arial, sans-serif';
// Colours with at least 3:1 contrast against white (WCAG 1.4.11 for graphical objects).
const COLOURS = ['#0b6a7a', '#8a4a00', '#5b3e96', '#2e6b2e'];

const cache = new Map<string, string>();
// Two charts for each of 342 municipalities plus the national and organisation views, at about 10–30 KB each.
const CACHE_SIZE = 1000;

/**
 * Vega and Vega-Lite, loaded when the first chart is drawn: some 45 MB of memory that a process
 * serving only families' pages never needs. The loader loads nothing: a spec that names a URL
 * fails instead of reaching the network.
 */
let engine: Promise<{ vega: typeof import('vega'); compile: (typeof import('vega-lite'))['compile']; noNetwork: ReturnType<(typeof import('vega'))['loader']> }> | null = null;
function chartEngine() {
  engine ??= (async () => {
    const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
    const noNetwork = vega.loader();
    noNetwork.load = async () => {
      throw new Error('charts load no data from outside');
    };
    return { vega, compile: vegaLite.compile, noNetwork };
  })();
  return engine;
}

export async function barChart(options: { id: string; title: string; description: string; data: BarDatum[]; horizontal?: boolean; axisTitle: string; width?: number }): Promise<string> {
  const series = [...new Set(options.data.map((d) => d.series))];
  const categories = [...new Set(options.data.map((d) => d.category))];
  const horizontal = options.horizontal ?? false;
  const width = options.width ?? 560;
  const spec: TopLevelSpec = {
    width: horizontal ? width - 240 : width - 80,
    height: horizontal ? Math.max(60, categories.length * series.length * 18) : 220,
    background: 'white',
    data: { values: options.data },
    mark: { type: 'bar', tooltip: false },
    encoding: {
      [horizontal ? 'y' : 'x']: { field: 'category', type: 'nominal', sort: categories, title: null, axis: { labelLimit: 220, labelAngle: 0 } },
      [horizontal ? 'x' : 'y']: { field: 'value', type: 'quantitative', title: options.axisTitle, axis: { format: ',d', tickMinStep: 1 } },
      [horizontal ? 'yOffset' : 'xOffset']: { field: 'series', type: 'nominal', sort: series },
      color: { field: 'series', type: 'nominal', sort: series, scale: { range: COLOURS.slice(0, series.length) }, legend: { title: null, orient: 'bottom' } },
    },
    config: { font: FONT, aria: false, axis: { labelFontSize: 12, titleFontSize: 12, labelColor: '#1a1a1a', titleColor: '#1a1a1a' }, legend: { labelFontSize: 12, labelColor: '#1a1a1a' }, locale: { number: { decimal: ',', thousands: '.', grouping: [3], currency: ['€ ', ''] } } },
  } as TopLevelSpec;
  const key = crypto.createHash('sha256').update(JSON.stringify([spec, options.id, options.title, options.description])).digest('base64url');
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const { vega, compile, noNetwork } = await chartEngine();
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none', loader: noNetwork });
  let svg: string;
  try {
    svg = await view.toSVG();
  } finally {
    view.finalize();
  }
  const result = accessibleSvg(svg, options.id, options.title, options.description);
  cache.set(key, result);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return result;
}

const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The root <svg> as an image named by its own <title> and described by its <desc>. */
export function accessibleSvg(svg: string, id: string, title: string, description: string): string {
  const open = /^<svg\b[^>]*>/.exec(svg);
  if (!open) throw new Error('not an SVG');
  const attrs = open[0]
    .replace(/^<svg/, '')
    .replace(/>$/, '')
    .replace(/\s(width|height)="[^"]*"/g, '')
    .replace(/\sclass="[^"]*"/, '');
  // The image is one whole, named by its title: the roles and labels Vega puts on its parts go.
  const body = svg.slice(open[0].length).replace(/\s(role|aria-roledescription|aria-label|aria-hidden)="[^"]*"/g, '');
  return `<svg${attrs} class="kansrijk-chart__svg" role="img" aria-labelledby="${id}-title ${id}-desc" focusable="false"><title id="${id}-title">${escapeXml(title)}</title><desc id="${id}-desc">${escapeXml(description)}</desc>${body}`;
}
