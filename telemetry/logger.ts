/**
 * The processes' logger (pino): JSON, one object a line, for machines; coloured lines for people
 * on a terminal (LOG_FORMAT=auto), or as LOG_FORMAT says. Secrets are redacted wherever they
 * appear by name.
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

/** LOG_LEVEL and LOG_FORMAT, as config.ts reads them. */
export interface LogSettings {
  logLevel: string;
  logFormat?: 'json' | 'pretty' | 'auto';
}

export function createLogger(config: LogSettings, name: string, destination?: DestinationStream): Logger {
  const format = config.logFormat ?? 'json';
  const readable = format === 'pretty' || (format === 'auto' && !destination && process.stdout.isTTY);
  const stream =
    destination ??
    (readable
      ? pretty({ colorize: true, sync: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' })
      : undefined);
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
    stream,
  );
}

/** The (message, error) logging shape the services take, on top of a pino logger. */
export function logWith(logger: Logger) {
  return (message: string, err?: unknown) => (err ? logger.warn({ err }, message) : logger.info(message));
}
