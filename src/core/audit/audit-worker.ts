// Entry of an audit worker thread (dist/audit-worker.js in the bundles): counts the data files it is sent, one
// at a time, and answers each with its tally as plain data, or a typed error.
import { parentPort } from 'node:worker_threads';
import { auditLocalDataFile } from './audit-data-file';
import { InventoryError } from './errors';
import type { WorkerReply, WorkerRequest } from './audit-worker-protocol';

const port = parentPort;
if (!port) throw new Error('audit-worker runs as a worker thread');
port.on('message', (req: WorkerRequest) => {
  const reply = (r: WorkerReply): void => port.postMessage(r);
  auditLocalDataFile(req.job, req.options, (rows, bytes) => reply({ type: 'progress', rows, bytes })).then(
    (tally) => reply({ type: 'done', tally: tally.toJSON() }),
    (err: unknown) =>
      reply({
        type: 'error',
        code: err instanceof InventoryError ? err.code : undefined,
        message: err instanceof Error ? err.message : String(err),
      }),
  );
});
