/** The dashboard in a real browser (Debian's Chromium by playwright-core) on the real stack, signed in. */
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { createStack, seedProject, serveStack, type Seed, type Stack } from './stack.js';

/** Set up before a file's tests (signed in with the seeded project's key), closed after them. */
export function browserSuite(plan = 'dev') {
  const suite = {} as { stack: Stack; seed: Seed; base: string; page: Page };
  let served: Awaited<ReturnType<typeof serveStack>> | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    suite.stack = await createStack();
    suite.seed = await seedProject(suite.stack.db, plan);
    served = await serveStack(suite.stack);
    suite.base = served.url;
    browser = await chromium.launch({
      executablePath: inject('chromiumPath'),
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
    });
    suite.page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // A busy machine is slow, never wrong: actions wait for what they need, within generous limits.
    suite.page.setDefaultTimeout(30_000);
    await suite.page.goto(`${suite.base}/sign-in`);
    await suite.page.getByLabel('API key').fill(suite.seed.key);
    await suite.page.getByRole('button', { name: 'Sign in' }).click();
    await suite.page.getByRole('heading', { name: 'Heartbeats' }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
    await suite.stack?.close();
  });
  return suite;
}
