// Builds the workflow bundle and writes it to the file named by the first argument (see bundle.ts).
import { writeFile } from 'node:fs/promises';
import { bundleWorkflowCode } from '@temporalio/worker';
import { bundleOptions } from './worker.js';

const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: (m: string) => console.error(m) };
const { code } = await bundleWorkflowCode({ ...bundleOptions(), logger: quiet });
await writeFile(process.argv[2]!, code);
