/**
 * Secrets at rest: a sealed value names its key and its purpose, a value never sealed is not used,
 * and SECRETS_KEY rotates: the previous key still opens what it sealed until rotate-secrets has
 * sealed every stored secret again under the new one.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, type Db } from '../../db/client.js';
import { insertBot } from '../../db/queries/bots.js';
import { createProject } from '../../db/queries/projects.js';
import { rotateSecrets } from '../../db/queries/secrets.js';
import { createSecretBox, keyId, secretBoxFor, SecretUnreadableError } from '../../secrets.js';

const oldKey = Buffer.alloc(32, 1);
const newKey = Buffer.alloc(32, 2);

let db: Db;
beforeAll(() => {
  db = createDb(inject('databaseUrl'));
});
afterAll(async () => {
  await db?.destroy();
});

describe('a sealed secret', () => {
  const box = createSecretBox(oldKey);

  it('names the key it was sealed under and opens only for its own purpose', () => {
    const sealed = box.seal('whsec_abc', 'webhook_secret');
    expect(sealed.startsWith(`enc:v2:${keyId(oldKey)}:`)).toBe(true);
    expect(box.open(sealed, 'webhook_secret')).toBe('whsec_abc');
    // A webhook secret copied into a session cookie or an MCP header does not open there.
    expect(() => box.open(sealed, 'session')).toThrow();
    expect(() => box.open(sealed, 'mcp_header')).toThrow();
  });

  it('is refused when it was never sealed, instead of being used as it is', () => {
    expect(() => box.open('whsec_planted', 'webhook_secret')).toThrow(SecretUnreadableError);
  });

  it('opens under a new SECRETS_KEY only while the old one is SECRETS_KEY_PREVIOUS', () => {
    const sealed = box.seal('token', 'mcp_header');
    const b64 = (k: Buffer) => k.toString('base64');
    expect(() => secretBoxFor({ secretsKey: b64(newKey) }).open(sealed, 'mcp_header')).toThrow(/neither SECRETS_KEY/);
    const rotated = secretBoxFor({ secretsKey: b64(newKey), secretsKeyPrevious: b64(oldKey) });
    expect(rotated.open(sealed, 'mcp_header')).toBe('token');
    expect(rotated.isCurrent(rotated.seal('token', 'mcp_header'))).toBe(true);
  });
});

describe('rotate-secrets', () => {
  it('seals every stored secret under the new key, so the old key can be dropped', async () => {
    const oldBox = createSecretBox(oldKey);
    const newBox = createSecretBox(newKey, [oldKey]);
    // In a transaction rolled back at the end: other test files share this database.
    await expect(
      db.transaction().execute(async (trx) => {
        const project = await createProject(trx, `secrets ${randomUUID()}`, 'pro');
        const bot = await insertBot(trx, {
          project_id: project.id,
          name: 'b',
          model: 'm',
          instruction: '',
          heartbeat: true,
          webhook_secret: oldBox.seal('whsec_one', 'webhook_secret'),
        });
        const plainBot = await insertBot(trx, {
          project_id: project.id,
          name: 'p',
          model: 'm',
          instruction: '',
          heartbeat: true,
          webhook_secret: 'whsec_stored_before_sealing',
        });
        const headers = { Authorization: oldBox.seal('Bearer t', 'mcp_header') };
        const tool = await trx
          .insertInto('bot_tools')
          .values({
            project_id: project.id,
            bot_id: bot.id,
            server_label: 'docs',
            server_url: 'https://mcp.example/mcp',
            headers: JSON.stringify(headers),
          })
          .returningAll()
          .executeTakeFirstOrThrow();

        const first = await rotateSecrets(trx, newBox, { sealPlaintext: false });
        expect(first.resealed).toBeGreaterThanOrEqual(2);
        expect(first.plaintext).toBeGreaterThanOrEqual(1);
        const onlyNew = createSecretBox(newKey);
        const read = (id: string) => trx.selectFrom('bots').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        expect(onlyNew.open((await read(bot.id)).webhook_secret!, 'webhook_secret')).toBe('whsec_one');
        const storedTool = await trx
          .selectFrom('bot_tools')
          .selectAll()
          .where('id', '=', tool.id)
          .executeTakeFirstOrThrow();
        expect(onlyNew.open(storedTool.headers.Authorization!, 'mcp_header')).toBe('Bearer t');
        // A value never sealed is left and counted until the operator asks for it to be sealed.
        expect((await read(plainBot.id)).webhook_secret).toBe('whsec_stored_before_sealing');
        await rotateSecrets(trx, newBox, { sealPlaintext: true });
        expect(onlyNew.open((await read(plainBot.id)).webhook_secret!, 'webhook_secret')).toBe(
          'whsec_stored_before_sealing',
        );
        throw new Rollback();
      }),
    ).rejects.toBeInstanceOf(Rollback);
  });
});

class Rollback extends Error {}
