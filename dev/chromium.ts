/**
 * Chromium for the dashboard's browser tests: Debian's `chromium` package (Playwright's own
 * browser download is not reachable everywhere the tests run), installed once per machine with
 * apt-get, as root or through sudo. CHROMIUM_PATH names another Chromium or Chrome binary.
 */
import { access } from 'node:fs/promises';
import { run, step } from './util.js';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** The Chromium binary to drive, if one is installed. */
export async function findChromium(explicitPath = process.env.CHROMIUM_PATH): Promise<string | undefined> {
  if (explicitPath) return (await exists(explicitPath)) ? explicitPath : undefined;
  for (const path of CANDIDATES) if (await exists(path)) return path;
  return undefined;
}

export async function provisionChromium(): Promise<string> {
  const found = await findChromium();
  if (found) return found;
  if (process.env.CHROMIUM_PATH) throw new Error(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist`);
  const asRoot = process.getuid?.() === 0;
  const sudo = asRoot ? [] : ['sudo', '-n'];
  const apt = (...args: string[]) =>
    asRoot
      ? run('apt-get', args, { DEBIAN_FRONTEND: 'noninteractive' })
      : run(sudo[0]!, [...sudo.slice(1), 'apt-get', ...args]);
  step('provision', "Installing Debian's chromium package for the browser tests (apt-get)…");
  try {
    await apt('update', '-qq');
    await apt('install', '-y', '-qq', '--no-install-recommends', 'chromium');
  } catch (err) {
    throw new Error(
      `could not install chromium with apt-get (${(err as Error).message.split('\n')[0]}); ` +
        'install Debian\'s "chromium" package, or set CHROMIUM_PATH to a Chromium binary',
    );
  }
  const installed = await findChromium();
  if (!installed) throw new Error('apt-get installed chromium, but no chromium binary was found');
  return installed;
}
