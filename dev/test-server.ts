/** The Java time-skipping test server, provisioned through Maven where the SDK cannot download its own. */
import { spawn } from 'node:child_process';
import { access, mkdir, readFile, rm, writeFile, chmod, readdir } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { formatSeconds, freePort, repoFile, run, step } from './util.js';

/**
 * The Java time-skipping test server, for machines where the Temporal SDK cannot download its
 * own. Maven resolves `io.temporal:temporal-test-server` into the per-user cache; a launcher
 * script starts it with flags chosen for a fast JVM start, because the SDK gives the server
 * only a few seconds to answer.
 */
export const JAVA_TEST_SERVER_VERSION = '1.38.0';
const POM = repoFile('dev', 'test-server-pom', 'pom.xml');

export interface TestServerChoice {
  /** `sdk`: let the SDK download its test server; `java`: run the launcher at `path`. */
  type: 'sdk' | 'java';
  path?: string;
  startupMs?: number;
}

export function testServerChoiceFile(cacheDir: string): string {
  return join(cacheDir, 'test-server.json');
}

export async function readTestServerChoice(cacheDir: string): Promise<TestServerChoice> {
  try {
    return JSON.parse(await readFile(testServerChoiceFile(cacheDir), 'utf8')) as TestServerChoice;
  } catch {
    throw new Error('The time-skipping test server is not provisioned yet: run `npm run provision` first.');
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Whether the SDK's own test-server download can work here (its host answers quickly). */
export async function sdkDownloadReachable(): Promise<boolean> {
  try {
    const response = await fetch('https://temporal.download/', { method: 'HEAD', signal: AbortSignal.timeout(5000) });
    return response.status < 500;
  } catch {
    return false;
  }
}

export async function provisionJavaTestServer(cacheDir: string): Promise<string> {
  const home = join(cacheDir, 'temporal-test-server', JAVA_TEST_SERVER_VERSION);
  const lib = join(home, 'lib');
  const launcher = join(home, 'temporal-test-server');
  const archive = join(home, 'classes.jsa');
  if ((await exists(launcher)) && (await exists(archive))) return launcher;

  for (const tool of ['java', 'mvn']) {
    await run(tool, ['-version'], {}).catch(() => {
      throw new Error(
        `\`${tool}\` is not available. The Java time-skipping test server needs Java 11+ and Maven ` +
          '(or internet access, so the Temporal SDK can download its own test server).',
      );
    });
  }
  step('provision', `Resolving io.temporal:temporal-test-server:${JAVA_TEST_SERVER_VERSION} with Maven…`);
  const started = Date.now();
  await rm(lib, { recursive: true, force: true });
  await mkdir(home, { recursive: true });
  await run('mvn', [
    '-q',
    '-B',
    '-f',
    POM,
    'dependency:copy-dependencies',
    `-DoutputDirectory=${lib}`,
    '-DincludeScope=runtime',
  ]).catch((err: Error) => {
    throw new Error(`Maven could not resolve the test server: ${err.message}\nCheck access to Maven Central.`);
  });
  step(
    'provision',
    `Test server resolved in ${formatSeconds(Date.now() - started)} (${(await readdir(lib)).length} jars).`,
  );

  // Class-data sharing: a dynamic archive of the classes the server loads at start-up, dumped
  // once here, lets later starts map them instead of parsing and verifying every jar.
  await writeLauncher(launcher, lib, `-XX:ArchiveClassesAtExit=${archive}`);
  await startAndStop(launcher);
  if (!(await exists(archive))) throw new Error('The JVM did not write its class-data archive.');
  await writeLauncher(launcher, lib, `-XX:SharedArchiveFile=${archive}`);
  return launcher;
}

async function writeLauncher(path: string, lib: string, cdsFlag: string): Promise<void> {
  // SerialGC and tiered compilation capped at C1 start fastest on small machines; the server
  // holds little state, so neither costs the tests anything measurable.
  const script = [
    '#!/bin/sh',
    '# Starts the Temporal Java time-skipping test server: <port> [--enable-time-skipping]',
    `exec java -Xshare:auto ${cdsFlag} -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k \\`,
    `  -cp '${lib}/*' io.temporal.testserver.TestServer "$@"`,
    '',
  ].join('\n');
  await writeFile(path, script);
  await chmod(path, 0o755);
}

/** Starts the launcher, waits until its port accepts connections, stops it; returns the start-up time. */
export async function startAndStop(launcher: string): Promise<number> {
  const port = await freePort();
  const started = Date.now();
  const child = spawn(launcher, [String(port), '--enable-time-skipping'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));
  try {
    while (!(await canConnect(port))) {
      if (child.exitCode !== null) throw new Error(`The test server exited with ${child.exitCode}:\n${stderr}`);
      if (Date.now() - started > 60_000)
        throw new Error(`The test server did not open port ${port} in 60 s:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    return Date.now() - started;
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolveConnect) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolveConnect(true);
    });
    socket.once('error', () => resolveConnect(false));
  });
}

export async function writeTestServerChoice(cacheDir: string, choice: TestServerChoice): Promise<void> {
  await mkdir(cacheDir, { recursive: true });
  await writeFile(testServerChoiceFile(cacheDir), JSON.stringify(choice, null, 2));
}
