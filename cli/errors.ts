/**
 * How a command fails: an exit code scripts branch on (1 the API refused, 2 wrong usage, 3 the
 * service unreachable or failing, 4 not signed in), and the error as a line on stderr for people
 * or as `{"error": {…}}` on stdout for scripts (--json).
 */
import { CommanderError, InvalidArgumentError } from 'commander';
import { HeartbeatApiError } from '../client/index.js';
import { colourFor, painter } from './format.js';
import { SignedOut } from './session.js';

export const EXIT = { refused: 1, usage: 2, unavailable: 3, signedOut: 4 } as const;

interface Failure {
  exitCode: number;
  error: {
    status?: number;
    code: string;
    message: string;
    details?: Array<{ field: string; code: string; message: string }>;
    request_id?: string;
  };
}

function failureOf(err: unknown): Failure {
  if (err instanceof CommanderError) return { exitCode: EXIT.usage, error: { code: 'usage', message: err.message } };
  if (err instanceof SignedOut)
    return { exitCode: EXIT.signedOut, error: { code: 'not_signed_in', message: err.message } };
  if (err instanceof HeartbeatApiError) {
    const refused = err.status >= 400 && err.status < 500;
    return {
      exitCode: refused ? EXIT.refused : EXIT.unavailable,
      error: {
        status: err.status,
        code: err.code,
        message: err.message,
        details: err.details,
        ...(err.requestId && { request_id: err.requestId }),
      },
    };
  }
  return { exitCode: EXIT.unavailable, error: { code: 'internal_error', message: (err as Error).message } };
}

/**
 * Says what went wrong and returns the exit code. Commander has already printed its own usage
 * errors for people (one line and the hint to --help); scripts get them as JSON.
 */
export function report(err: unknown, json: boolean): number {
  if (err instanceof CommanderError && err.exitCode === 0) return 0;
  const { exitCode, error } = failureOf(err);
  if (json) {
    console.log(JSON.stringify({ error }, null, 2));
    return exitCode;
  }
  // Commander's own, already printed; an InvalidArgumentError that reaches here is a command's.
  if (err instanceof CommanderError && !(err instanceof InvalidArgumentError)) return exitCode;
  const paint = painter(colourFor(process.stderr));
  const id = error.request_id ? paint('dim', ` (request ${error.request_id})`) : '';
  const code = error.status ? ` [${error.code}]` : '';
  const details = (error.details ?? []).map((d) => `\n  ${d.field}: ${d.message} (${d.code})`).join('');
  console.error(`${paint('red', 'heartbeat:')} ${error.message}${code}${id}${details}`);
  return exitCode;
}
