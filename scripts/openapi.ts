/**
 * `npm run openapi`: writes the API's OpenAPI document to client/openapi.json and the client's
 * types (client/schema.d.ts) generated from it with openapi-typescript. A test checks that both
 * match what the API serves, so the document, the client and the server cannot drift apart.
 */
import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { createApp } from '../api/app.js';
import { repoFile } from '../dev/util.js';
import { createSecretBox } from '../secrets.js';

/** The base URL the committed document names (`npm start`'s API). */
export const DOCUMENT_BASE = 'http://127.0.0.1:3000';

/** The API's OpenAPI document, as served, and the TypeScript types generated from it. */
export async function renderOpenApi(): Promise<{ document: string; types: string }> {
  // Serving the document touches neither the database nor Temporal.
  const app = createApp({ db: {} as never, temporal: {} as never, secrets: createSecretBox(Buffer.alloc(32)) });
  const spec = (await (await app.request(`${DOCUMENT_BASE}/openapi.json`)).json()) as Record<string, unknown>;
  const document = JSON.stringify(spec, null, 2) + '\n';
  const header = "// Generated from the API's OpenAPI document by `npm run openapi`. Do not edit.\n";
  const types = header + astToString(await openapiTS(spec as never));
  return { document, types };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { document, types } = await renderOpenApi();
  await writeFile(repoFile('client', 'openapi.json'), document);
  await writeFile(repoFile('client', 'schema.d.ts'), types);
  console.log('client/openapi.json and client/schema.d.ts written');
}
