/**
 * Chromium for the dashboard's browser tests: Debian's `chromium` package (Playwright's own
 * browser download is not reachable everywhere the tests run). CHROMIUM_PATH names another
 * Chromium or Chrome binary.
 */
import { access } from 'node:fs/promises';
import { firstExisting, provisionDebianPackage } from './debian.js';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The Chromium binary to drive, if one is installed. */
export async function findChromium(explicitPath = process.env.CHROMIUM_PATH): Promise<string | undefined> {
  if (explicitPath)
    return access(explicitPath).then(
      () => explicitPath,
      () => undefined,
    );
  return firstExisting(CANDIDATES);
}

export async function provisionChromium(): Promise<string> {
  const explicit = process.env.CHROMIUM_PATH;
  if (explicit) {
    const found = await findChromium(explicit);
    if (!found) throw new Error(`CHROMIUM_PATH=${explicit} does not exist`);
    return found;
  }
  return provisionDebianPackage('chromium', CANDIDATES, 'for the browser tests');
}
