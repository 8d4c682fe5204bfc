/** `login` and `logout`: keep or forget the base URL, API key and project the other commands use. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { createHeartbeatClient, unwrap } from '../../client/index.js';
import { removeCredentials, writeCredentials, type Credentials } from '../credentials.js';
import { globals, print } from '../session.js';

export function registerLogin(program: Command) {
  program
    .command('login')
    .description('keep a base URL, API key and project for the next commands (in ~/.config/heartbeat)')
    .option('--dev [file]', "use `npm start`'s development credentials (.data/dev-credentials.json)")
    .action(async (o: { dev?: string | boolean }) => {
      const g = globals(program);
      let creds: Credentials;
      if (o.dev) {
        const file = typeof o.dev === 'string' ? o.dev : join('.data', 'dev-credentials.json');
        const dev = JSON.parse(await readFile(file, 'utf8')) as { api_key: string; project_id: string };
        creds = { url: g.url ?? 'http://127.0.0.1:3000', key: dev.api_key, project_id: dev.project_id };
      } else {
        if (!g.url || !g.key || !g.project)
          throw new InvalidArgumentError('give --url, --key and --project (or --dev)');
        creds = { url: g.url, key: g.key, project_id: g.project };
      }
      // Check the key before keeping it.
      const api = createHeartbeatClient({ baseUrl: creds.url, apiKey: creds.key });
      await unwrap(api.GET('/v1/bot/readall', { params: { query: { project_id: creds.project_id, per_page: 1 } } }));
      const file = await writeCredentials(creds);
      print(
        program,
        { signed_in: true, url: creds.url, project_id: creds.project_id },
        () => `signed in to ${creds.url} (kept in ${file})`,
      );
    });

  program
    .command('logout')
    .description('forget the kept credentials')
    .action(async () => {
      await removeCredentials();
      print(program, { signed_in: false }, () => 'signed out');
    });
}
