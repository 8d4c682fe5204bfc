import { pino, type DestinationStream, type Logger } from 'pino';
import type { Config } from './config.js';

export type { Logger };

/** JSON logs (one object a line), with secrets redacted wherever they appear by name. */
export function createLogger(config: Pick<Config, 'logLevel'>, name: string, destination?: DestinationStream): Logger {
  return pino(
    {
      name,
      level: config.logLevel,
      redact: {
        paths: [
          'headers',
          '*.headers',
          'authorization',
          '*.authorization',
          'webhook_secret',
          '*.webhook_secret',
          'api_key',
          '*.api_key',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

/** The (message, error) logging shape the services take, on top of a pino logger. */
export function logWith(logger: Logger) {
  return (message: string, err?: unknown) => (err ? logger.warn({ err }, message) : logger.info(message));
}
