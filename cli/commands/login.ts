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
    .description("keep a base URL and API key (and the key's project) for the next commands (in ~/.config/heartbeat)")
    .option(
      '--dev [file]',
      "use `npm start`'s development credentials and API address (DATA_DIR/dev-credentials.json; DATA_DIR is .data unless set)",
    )
    .action(async (o: { dev?: string | boolean }) => {
      const g = globals(program);
      let url: string;
      let key: string;
      if (o.dev) {
        const file = typeof o.dev === 'string' ? o.dev : join(process.env.DATA_DIR ?? '.data', 'dev-credentials.json');
        const dev = JSON.parse(await readFile(file, 'utf8')) as { api_key: string; api_url?: string };
        // npm start notes where its API listens (API_PORT); 3000 is its default, for a file from before.
        url = g.url ?? dev.api_url ?? 'http://127.0.0.1:3000';
        key = dev.api_key;
      } else {
        if (!g.url || !g.key) throw new InvalidArgumentError('give --url and --key (or --dev)');
        url = g.url;
        key = g.key;
      }
      // The key names its project: checked before it is kept.
      const api = createHeartbeatClient({ baseUrl: url, apiKey: key });
      const grant = await unwrap(api.GET('/v1/key'));
      if (g.project && g.project !== grant.project.id) {
        throw new InvalidArgumentError(`this key belongs to project ${grant.project.id}, not ${g.project}`);
      }
      const creds: Credentials = { url, key, project_id: grant.project.id };
      const file = await writeCredentials(creds);
      print(
        program,
        { signed_in: true, url, project_id: grant.project.id, project: grant.project, key: grant.key },
        () =>
          `signed in to ${url}, project ${grant.project.name} (${grant.project.id}): ${grant.key.access} ` +
          `(kept in ${file})`,
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
