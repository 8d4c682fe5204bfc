/** The dashboard's stylesheet, htmx (served from node_modules, no CDN) and icon, cached by browsers. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Hono } from 'hono';
import { STYLES } from '../styles.js';

const HTMX = readFileSync(createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js'), 'utf8');

/** A heart with a pulse line, in the dashboard's accent colour. */
const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><path fill="#2454d6" d="M16 29 3.6 16.9A7.6 7.6 0 0 1 16 6.6a7.6 7.6 0 0 1 12.4 10.3Z"/><path fill="none" stroke="#fff" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round" d="M6 16h5l2.5-4.5 3.5 9 2.5-4.5H26"/></svg>`;

export const assetRoutes = () =>
  new Hono()
    .get('/favicon.svg', (c) =>
      c.body(FAVICON, 200, { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=86400' }),
    )
    // Browsers and tools ask for /favicon.ico whatever the page says: they are sent to the SVG.
    .get('/favicon.ico', (c) => c.redirect('/favicon.svg', 301))
    .get('/assets/dashboard.css', (c) =>
      c.body(STYLES, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }),
    )
    .get('/assets/htmx.min.js', (c) =>
      c.body(HTMX, 200, {
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'public, max-age=86400',
      }),
    );
