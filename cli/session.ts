/**
 * What every command shares: the global options (--json, --url, --key, --project), the signed-in
 * client, and printing for people or scripts.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { createHeartbeatClient, type HeartbeatClient } from '../client/index.js';
import { readCredentials } from './credentials.js';
import { colourFor, painter, type Paint } from './format.js';

export class SignedOut extends Error {}

export interface GlobalOptions {
  json?: boolean;
  url?: string;
  key?: string;
  project?: string;
}

export const integer = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('a whole number');
  return n;
};

/** The program's global options, as read by any of its commands. */
export const globals = (program: Command) => program.opts<GlobalOptions>();

export const isJson = (program: Command) => Boolean(globals(program).json);

/** Styles for standard output: colour on a terminal unless NO_COLOR says otherwise. */
export const stdoutPaint = (): Paint => painter(colourFor(process.stdout));

/** JSON for scripts with --json, else the text for people. */
export const print = (program: Command, value: unknown, text: (paint: Paint) => string) =>
  console.log(isJson(program) ? JSON.stringify(value, null, 2) : text(stdoutPaint()));

/** The API, key and project from the options or the kept credentials. */
export async function session(program: Command): Promise<{ api: HeartbeatClient; projectId: string; url: string }> {
  const saved = await readCredentials();
  const o = globals(program);
  const url = o.url ?? saved?.url;
  const key = o.key ?? saved?.key;
  const projectId = o.project ?? saved?.project_id;
  if (!url || !key || !projectId)
    throw new SignedOut(
      'not signed in: run `heartbeat login --dev` beside `npm start`, or `heartbeat login --url … --key …`',
    );
  return { api: createHeartbeatClient({ baseUrl: url, apiKey: key }), projectId, url };
}
