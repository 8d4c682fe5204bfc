/** Where `heartbeat login` keeps its base URL, API key and project, per user (0600). */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export interface Credentials {
  url: string;
  key: string;
  project_id: string;
}

export const credentialsFile = (home = homedir()) => join(home, '.config', 'heartbeat', 'cli.json');

export async function readCredentials(home?: string): Promise<Credentials | undefined> {
  try {
    return JSON.parse(await readFile(credentialsFile(home), 'utf8')) as Credentials;
  } catch {
    return undefined;
  }
}

export async function writeCredentials(c: Credentials, home?: string): Promise<string> {
  const file = credentialsFile(home);
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, JSON.stringify(c, null, 2) + '\n', { mode: 0o600 });
  return file;
}

export async function removeCredentials(home?: string): Promise<void> {
  await rm(credentialsFile(home), { force: true });
}
