/**
 * Re-sealing stored secrets under the current SECRETS_KEY (`npm run admin -- rotate-secrets`):
 * bots' webhook secrets and MCP header values, each row written only if unchanged since it was read.
 */
import { sql } from 'kysely';
import type { SecretBox, SecretPurpose } from '../../secrets.js';
import type { Db } from '../client.js';

export interface RotationResult {
  /** Rows written again under the current key. */
  resealed: number;
  /** Rows already under the current key. */
  current: number;
  /** Rows holding a value that was never sealed, left as they are (unless sealPlaintext). */
  plaintext: number;
  /** Rows sealed under a key neither SECRETS_KEY nor SECRETS_KEY_PREVIOUS, left as they are. */
  unreadable: number;
}

type Resealed = string | 'plaintext' | 'unreadable';

/** A stored value sealed under the current key; a plaintext value only when the operator said so. */
function reseal(box: SecretBox, stored: string, purpose: SecretPurpose, sealPlaintext: boolean): Resealed {
  if (!stored.startsWith('enc:')) return sealPlaintext ? box.seal(stored, purpose) : 'plaintext';
  try {
    return box.seal(box.open(stored, purpose), purpose);
  } catch {
    return 'unreadable';
  }
}

const leftAs = (v: Resealed): v is 'plaintext' | 'unreadable' => v === 'plaintext' || v === 'unreadable';

type Opts = { sealPlaintext: boolean };

/** Every stored secret under the current key: what it was sealed under opens with SECRETS_KEY_PREVIOUS. */
export async function rotateSecrets(db: Db, box: SecretBox, opts: Opts): Promise<RotationResult> {
  const result: RotationResult = { resealed: 0, current: 0, plaintext: 0, unreadable: 0 };
  await rotateWebhookSecrets(db, box, opts, result);
  await rotateToolHeaders(db, box, opts, result);
  return result;
}

async function rotateWebhookSecrets(db: Db, box: SecretBox, opts: Opts, result: RotationResult) {
  const bots = await db
    .selectFrom('bots')
    .select(['id', 'webhook_secret'])
    .where('webhook_secret', 'is not', null)
    .execute();
  for (const bot of bots) {
    const stored = bot.webhook_secret!;
    if (box.isCurrent(stored)) {
      result.current++;
      continue;
    }
    const sealed = reseal(box, stored, 'webhook_secret', opts.sealPlaintext);
    if (leftAs(sealed)) {
      result[sealed]++;
      continue;
    }
    await db
      .updateTable('bots')
      .set({ webhook_secret: sealed })
      .where('id', '=', bot.id)
      .where('webhook_secret', '=', stored)
      .execute();
    result.resealed++;
  }
}

async function rotateToolHeaders(db: Db, box: SecretBox, opts: Opts, result: RotationResult) {
  const tools = await db.selectFrom('bot_tools').select(['id', 'headers']).execute();
  for (const tool of tools) {
    const values = Object.values(tool.headers);
    if (values.length === 0) continue;
    if (values.every((v) => box.isCurrent(v))) {
      result.current++;
      continue;
    }
    const entries = Object.entries(tool.headers).map(([k, v]) => [k, reseal(box, v, 'mcp_header', opts.sealPlaintext)]);
    const left = entries.map(([, v]) => v!).find(leftAs);
    if (left) {
      result[left]++;
      continue;
    }
    await db
      .updateTable('bot_tools')
      .set({ headers: JSON.stringify(Object.fromEntries(entries)) })
      .where('id', '=', tool.id)
      .where(sql<boolean>`headers = ${JSON.stringify(tool.headers)}::jsonb`)
      .execute();
    result.resealed++;
  }
}
