/**
 * Secrets at rest: webhook signing secrets and MCP header values are stored sealed with
 * AES-256-GCM under a key from the configuration (SECRETS_KEY), so a copy of the database alone
 * does not give them away. A value stored before sealing existed is read as it is.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'enc:v1:';

export interface SecretBox {
  seal(plain: string): string;
  open(stored: string): string;
}

/** A 32-byte key, given base64-encoded. */
export function parseSecretsKey(encoded: string): Buffer {
  const key = Buffer.from(encoded, 'base64');
  if (key.length !== 32) throw new Error('SECRETS_KEY must be 32 bytes, base64-encoded (openssl rand -base64 32)');
  return key;
}

export function newSecretsKey(): string {
  return randomBytes(32).toString('base64');
}

export function createSecretBox(key: Buffer): SecretBox {
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    open(stored) {
      if (!stored.startsWith(PREFIX)) return stored;
      const raw = Buffer.from(stored.slice(PREFIX.length), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

/** The box for a configuration whose SECRETS_KEY must be set (the API and worker processes). */
export function secretBoxFor(config: { secretsKey?: string }): SecretBox {
  if (!config.secretsKey) {
    throw new Error(
      'SECRETS_KEY is not set: the key that seals webhook secrets and MCP header values at rest ' +
        '(32 bytes, base64: openssl rand -base64 32). `npm start` creates one in DATA_DIR.',
    );
  }
  return createSecretBox(parseSecretsKey(config.secretsKey));
}
