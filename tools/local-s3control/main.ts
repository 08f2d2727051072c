// Process entry: `node --import tsx tools/local-s3control/main.ts [--ready-file F] [--task-delay-ms N]`.
// RGW's coordinates come from S3ENC_LIVE_ENV (as written by tools/local-s3/dev-up.mjs). Prints
// {"controlEndpoint","s3Endpoint","accountId"} once listening.
import { renameSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startStandIn } from './server';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'ready-file': { type: 'string' },
      'task-delay-ms': { type: 'string' },
      'control-port': { type: 'string' },
      's3-port': { type: 'string' },
    },
  });
  const raw = process.env.S3ENC_LIVE_ENV;
  if (!raw)
    throw new Error(
      'S3ENC_LIVE_ENV is not set: start RGW first (node tools/local-s3/dev-up.mjs) and source its env.sh',
    );
  const env = JSON.parse(raw) as { s3Endpoint: string; region: string; accessKeyId: string; secretAccessKey: string };
  const standIn = await startStandIn({
    rgwEndpoint: env.s3Endpoint,
    region: env.region,
    accessKeyId: env.accessKeyId,
    secretAccessKey: env.secretAccessKey,
    taskDelayMs: values['task-delay-ms'] ? Number(values['task-delay-ms']) : undefined,
    controlPort: values['control-port'] ? Number(values['control-port']) : undefined,
    s3Port: values['s3-port'] ? Number(values['s3-port']) : undefined,
  });
  const ready = JSON.stringify({
    controlEndpoint: standIn.controlEndpoint,
    s3Endpoint: standIn.s3Endpoint,
    accountId: standIn.accountId,
  });
  if (values['ready-file']) {
    writeFileSync(`${values['ready-file']}.tmp`, ready);
    renameSync(`${values['ready-file']}.tmp`, values['ready-file']);
  }
  process.stdout.write(`${ready}\n`);
  const shutdown = () => void standIn.close().then(() => process.exit(0));
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(`local-s3control: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
