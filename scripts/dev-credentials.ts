/** `npm start`'s development project, API key and bot, kept in DATA_DIR and reused. */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../db/client.js';
import { findKeyOwner, issueApiKey } from '../db/queries/api-keys.js';
import { findBot, insertBot } from '../db/queries/bots.js';
import { createProject } from '../db/queries/projects.js';

export interface DevCredentials {
  project_id: string;
  api_key: string;
  bot_id: string;
  /** Where `npm start` serves the API (API_PORT), for `heartbeat login --dev`; written once it listens. */
  api_url?: string;
}

/**
 * A development project on the `dev` plan (one-minute heartbeats) with an API key and a heartbeat-enabled bot, kept in
 * DATA_DIR/dev-credentials.json and reused while its key still works.
 */
export async function ensureDevCredentials(
  db: Db,
  dataDir: string,
): Promise<{ file: string; credentials: DevCredentials; created: boolean }> {
  const file = join(dataDir, 'dev-credentials.json');
  try {
    const saved = JSON.parse(await readFile(file, 'utf8')) as DevCredentials;
    const owner = await findKeyOwner(db, saved.api_key);
    const bot = await findBot(db, saved.project_id, saved.bot_id);
    if (owner && !owner.revoked && owner.project.id === saved.project_id && bot)
      return { file, credentials: saved, created: false };
  } catch {
    // no usable file: make new credentials below
  }
  const project = await createProject(db, 'Development', 'dev');
  const { key } = await issueApiKey(db, project.id, 'development');
  const bot = await insertBot(db, {
    project_id: project.id,
    name: 'Dev bot',
    model: 'gpt-4o-mini',
    instruction: 'You are a helpful assistant.',
    heartbeat: true,
  });
  const credentials = { project_id: project.id, api_key: key, bot_id: bot.id };
  await writeFile(file, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
  return { file, credentials, created: true };
}

/** Notes where the API listens, so `heartbeat login --dev` finds it on whatever port it was given. */
export async function recordApiUrl(file: string, credentials: DevCredentials, apiUrl: string): Promise<void> {
  await writeFile(file, JSON.stringify({ ...credentials, api_url: apiUrl }, null, 2) + '\n', { mode: 0o600 });
}
