/** The dashboard's stylesheet and htmx (served from node_modules, no CDN), cached by browsers. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Hono } from 'hono';
import { STYLES } from '../styles.js';

const HTMX = readFileSync(createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js'), 'utf8');

export const assetRoutes = () =>
  new Hono()
    .get('/assets/dashboard.css', (c) =>
      c.body(STYLES, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }),
    )
    .get('/assets/htmx.min.js', (c) =>
      c.body(HTMX, 200, {
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'public, max-age=86400',
      }),
    );
