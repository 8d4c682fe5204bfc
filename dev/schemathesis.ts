/**
 * Schemathesis (property-based API testing from the OpenAPI document), from PyPI into a virtual
 * environment in the per-user cache, once per machine: the tests fuzz the API with it.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { run, step } from './util.js';

export const SCHEMATHESIS_VERSION = '4.32.5';

export async function provisionSchemathesis(cacheDir: string): Promise<string> {
  const home = join(cacheDir, 'schemathesis', SCHEMATHESIS_VERSION);
  const st = join(home, 'bin', 'st');
  const ready = await access(st).then(
    () => true,
    () => false,
  );
  if (ready) return st;
  step('provision', `Installing schemathesis ${SCHEMATHESIS_VERSION} from PyPI into ${home}…`);
  await run('python3', ['-m', 'venv', home]).catch((err: Error) => {
    throw new Error(`python3 -m venv failed (Python 3.9+ with venv is needed for the API fuzz test): ${err.message}`);
  });
  await run(join(home, 'bin', 'pip'), ['install', '--quiet', `schemathesis==${SCHEMATHESIS_VERSION}`]);
  return st;
}
