/** Whether the ports a start wants are already taken. */
import { createServer } from 'node:net';

/** Whether something already listens on 127.0.0.1:`port` (binding it fails). */
export function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(true));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(false)));
  });
}

/** The ports of `wanted` that are taken, by name. */
export async function takenPorts(wanted: Record<string, number>): Promise<Array<[string, number]>> {
  const checks = await Promise.all(
    Object.entries(wanted).map(async ([name, port]) => [name, port, await portTaken(port)] as const),
  );
  return checks.filter(([, , taken]) => taken).map(([name, port]) => [name, port]);
}
