/**
 * Plotly, loaded only when a plot comes near the viewport, with only the trace types a
 * page asks for registered on its core.
 */
import 'virtual:plotly.css';

export type TraceKind = 'scatter' | 'scatter3d' | 'heatmap' | 'bar';

/** The part of Plotly's API the site uses. */
export interface PlotlyApi {
  react(el: HTMLElement, data: object[], layout?: object, config?: object): Promise<unknown>;
  purge(el: HTMLElement): void;
  register(modules: unknown[]): void;
}

const modules: Record<TraceKind, () => Promise<unknown>> = {
  scatter: () => import('plotly.js/lib/scatter'),
  scatter3d: () => import('plotly.js/lib/scatter3d'),
  heatmap: () => import('plotly.js/lib/heatmap'),
  bar: () => import('plotly.js/lib/bar'),
};

let core: Promise<PlotlyApi> | null = null;
const registered = new Set<TraceKind>();

const unwrap = (m: unknown): unknown => (m as { default?: unknown }).default ?? m;

/**
 * Plotly adds its rules to a <style> of its own, which the site's policy refuses; it skips
 * that when this marker exists, and the same rules come from virtual:plotly.css.
 */
function keepPlotlyFromInjectingStyles(): void {
  const id = 'plotly.js-style-global';
  if (document.getElementById(id)) return;
  const marker = document.createElement('meta');
  marker.id = id;
  marker.className = 'no-inline-styles';
  document.head.append(marker);
}

/**
 * Plotly also writes a few style attributes on SVG nodes (`attr('style', …)`: a heatmap's
 * pixelated image, a colour bar's rects). The policy refuses those, so on SVG elements a
 * style attribute set by a script goes through CSSOM instead, to the same effect.
 */
function svgStylesThroughCssom(): void {
  const proto = SVGElement.prototype as SVGElement & { cssomStyles?: true };
  if (proto.cssomStyles) return;
  const setAttribute = Element.prototype.setAttribute;
  Object.defineProperties(proto, {
    cssomStyles: { value: true },
    setAttribute: {
      configurable: true,
      writable: true,
      value(this: SVGElement, name: string, value: string): void {
        if (name.toLowerCase() === 'style') this.style.cssText = String(value);
        else setAttribute.call(this, name, value);
      },
    },
  });
}

export async function loadPlotly(kinds: readonly TraceKind[]): Promise<PlotlyApi> {
  keepPlotlyFromInjectingStyles();
  svgStylesThroughCssom();
  core ??= import('plotly.js/lib/core').then((m) => unwrap(m) as PlotlyApi);
  const plotly = await core;
  const missing = kinds.filter((k) => !registered.has(k));
  if (missing.length > 0) {
    const loaded = await Promise.all(missing.map((k) => modules[k]().then(unwrap)));
    plotly.register(loaded);
    missing.forEach((k) => registered.add(k));
  }
  return plotly;
}

/** Runs `start` once the element is within a screen of the viewport. */
export function whenNear(el: Element, start: () => void): void {
  if (typeof IntersectionObserver === 'undefined') {
    start();
    return;
  }
  const io = new IntersectionObserver(
    (entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        io.disconnect();
        start();
      }
    },
    { rootMargin: '100% 0px' },
  );
  io.observe(el);
}
