/**
 * Secrets at rest: webhook signing secrets, MCP header values and dashboard sessions are sealed
 * with AES-256-GCM, so a copy of the database alone does not give them away.
 *
 * Each purpose has a key of its own derived from SECRETS_KEY (HKDF), and a sealed value names its
 * purpose as associated data and the key it was sealed under (`enc:v2:<key id>:…`), so a value
 * copied to another purpose does not open, and SECRETS_KEY can be rotated: values sealed under
 * SECRETS_KEY_PREVIOUS still open until `npm run admin -- rotate-secrets` has sealed them again.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

const PREFIX = 'enc:v2:';
/** Sealed before key ids and purposes existed: the key itself, no associated data. */
const LEGACY_PREFIX = 'enc:v1:';

/** What a sealed value is for: bound into it, and into the key that seals it. */
export type SecretPurpose = 'webhook_secret' | 'mcp_header' | 'session';

export interface SecretBox {
  seal(plain: string, purpose: SecretPurpose): string;
  open(stored: string, purpose: SecretPurpose): string;
  /** Whether a stored value is sealed under the current key in the current format. */
  isCurrent(stored: string): boolean;
}

/** A stored value the service will not use: not sealed, or sealed under a key it does not have. */
export class SecretUnreadableError extends Error {
  override name = 'SecretUnreadableError';
}

/** A 32-byte key, given base64-encoded. */
export function parseSecretsKey(encoded: string, name = 'SECRETS_KEY'): Buffer {
  const key = Buffer.from(encoded, 'base64');
  if (key.length !== 32) throw new Error(`${name} must be 32 bytes, base64-encoded (openssl rand -base64 32)`);
  return key;
}

export function newSecretsKey(): string {
  return randomBytes(32).toString('base64');
}

/** A key's public name: the first 8 hex digits of its SHA-256 (names the key, reveals nothing of it). */
export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

function purposeKey(key: Buffer, purpose: SecretPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `heartbeat ${purpose}`, 32));
}

function gcmOpen(key: Buffer, raw: Buffer, aad?: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  if (aad) decipher.setAAD(aad);
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

/** The box sealing under `current`, and opening what `current` or any of `previous` sealed. */
export function createSecretBox(current: Buffer, previous: Buffer[] = []): SecretBox {
  const keys = new Map([current, ...previous].map((k) => [keyId(k), k]));
  const currentId = keyId(current);
  return {
    seal(plain, purpose) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', purposeKey(current, purpose), iv);
      cipher.setAAD(Buffer.from(purpose));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${PREFIX}${currentId}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    open(stored, purpose) {
      if (stored.startsWith(LEGACY_PREFIX)) return openLegacy(keys, stored);
      if (!stored.startsWith(PREFIX)) throw new SecretUnreadableError('a stored secret is not sealed');
      const [id, body] = stored.slice(PREFIX.length).split(':', 2) as [string, string | undefined];
      const key = keys.get(id);
      if (!key || body === undefined) {
        throw new SecretUnreadableError(
          `a stored secret is sealed under key ${id}, which is neither SECRETS_KEY nor SECRETS_KEY_PREVIOUS`,
        );
      }
      return gcmOpen(purposeKey(key, purpose), Buffer.from(body, 'base64'), Buffer.from(purpose));
    },
    isCurrent: (stored) => stored.startsWith(`${PREFIX}${currentId}:`),
  };
}

/** A value sealed before key ids: tried under each key the box has. */
function openLegacy(keys: Map<string, Buffer>, stored: string): string {
  const raw = Buffer.from(stored.slice(LEGACY_PREFIX.length), 'base64');
  for (const key of keys.values()) {
    try {
      return gcmOpen(key, raw);
    } catch {
      // Not this key: the next one.
    }
  }
  throw new SecretUnreadableError(
    'a stored secret is sealed under a key that is neither SECRETS_KEY nor SECRETS_KEY_PREVIOUS',
  );
}

/** The box for a configuration whose SECRETS_KEY must be set (the API and worker processes). */
export function secretBoxFor(config: { secretsKey?: string; secretsKeyPrevious?: string }): SecretBox {
  if (!config.secretsKey) {
    throw new Error(
      'SECRETS_KEY is not set: the key that seals webhook secrets and MCP header values at rest ' +
        '(32 bytes, base64: openssl rand -base64 32). `npm start` creates one in DATA_DIR.',
    );
  }
  const previous = (config.secretsKeyPrevious ?? '')
    .split(',')
    .filter((k) => k.trim() !== '')
    .map((k) => parseSecretsKey(k.trim(), 'SECRETS_KEY_PREVIOUS'));
  return createSecretBox(parseSecretsKey(config.secretsKey), previous);
}
