/** The Temporal SDK's log lines through the process's pino logger. */
import type { LogLevel, LogMetadata, Logger as SdkLogger } from '@temporalio/worker';
import type { Logger } from '../telemetry/logger.js';

const LEVELS = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/**
 * The Temporal SDK's log lines (its core, the worker, and workflow and activity `log` calls)
 * through the process's pino logger, so they read like the rest of the worker's output. The
 * SDK's own chatter (state changes) shows from warnings up unless LOG_LEVEL is debug or trace.
 */
export function sdkLogger(logger: Logger): SdkLogger {
  const sdk = logger.child({ component: 'temporal' });
  if (!['debug', 'trace'].includes(logger.level)) sdk.level = 'warn';
  const log = (level: LogLevel, message: string, meta?: LogMetadata) => sdk[LEVELS[level]](meta ?? {}, message);
  return {
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  };
}
