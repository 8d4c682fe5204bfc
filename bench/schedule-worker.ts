// The Schedules baseline's worker, in a process of its own like the heartbeat worker: it runs the
// ticks' workflows and activities and reports each tick to the benchmark over IPC.
import { createRequire } from 'node:module';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';

const require = createRequire(import.meta.url);
Runtime.install({ logger: new DefaultLogger('WARN') });
const native = await NativeConnection.connect({ address: process.argv[2]! });
const worker = await Worker.create({
  connection: native,
  taskQueue: 'bench-schedules',
  workflowsPath: require.resolve('./baseline-workflows.ts'),
  activities: {
    async tick({ scheduled }: { scheduled: string }) {
      const started = Date.now();
      process.send!({ nominal: Date.parse(scheduled), started, finished: Date.now() });
    },
  },
  maxCachedWorkflows: 300,
  maxConcurrentActivityTaskExecutions: 200,
  maxConcurrentWorkflowTaskExecutions: 50,
});
process.on('disconnect', () => worker.shutdown());
process.send!({ ready: true });
await worker.run();
await native.close();
