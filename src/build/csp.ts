/**
 * The site's Content-Security-Policy. Astro writes it into every built page as a <meta>
 * tag (`security.csp` in astro.config.mjs, with `script-src` and `style-src` and their
 * hashes); a host that can set headers sends HEADER_POLICY as well (see README.md), which
 * also forbids framing, a directive that a <meta> tag cannot carry.
 */

/** Everything but scripts and styles, which Astro's own options set. */
export const DIRECTIVES = [
  "default-src 'self'",
  // Plotly draws a heatmap as a data: image.
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "worker-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
] as const;

/**
 * The directives with a live-session server on another origin allowed to connect
 * (`PUBLIC_CLASSROOM_URL` at build time, e.g. `https://class.example.org`): its https and
 * wss forms are added to `connect-src`. Without one, `'self'` covers a server that serves
 * the site too (`npm run classroom`), websocket included.
 */
export function directivesFor(sessionServer: string | undefined) {
  if (!sessionServer) return [...DIRECTIVES];
  const url = new URL(sessionServer);
  const secure = url.protocol === 'https:' || url.protocol === 'wss:';
  const http = `${secure ? 'https' : 'http'}://${url.host}`;
  const ws = `${secure ? 'wss' : 'ws'}://${url.host}`;
  return DIRECTIVES.map((d) =>
    d === "connect-src 'self'" ? (`connect-src 'self' ${http} ${ws}` as const) : d,
  );
}

/** The whole policy as one header: only the site's own scripts and stylesheets, no style attributes. */
export const HEADER_POLICY = [
  ...directivesFor(process.env['PUBLIC_CLASSROOM_URL']),
  "script-src 'self'",
  "style-src 'self'",
  "style-src-attr 'none'",
  "frame-ancestors 'none'",
].join('; ');
