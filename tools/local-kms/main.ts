// Process entry of the local KMS: `node --import tsx tools/local-kms/main.ts [--master-key-file F] [--port N]
// [--ready-file F]`. Prints (and writes to --ready-file) {"kmsEndpoint": "http://127.0.0.1:PORT"} once listening.
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createKmsServer } from './server';

export function readMasterKey(file: string): Buffer {
  const hex = readFileSync(file, 'utf8').replace(/\s+/g, '');
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error(`${file} must hold a 32-byte key as 64 hex digits`);
  return Buffer.from(hex, 'hex');
}

function main(): void {
  const { values } = parseArgs({
    options: {
      'master-key-file': { type: 'string' },
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      'ready-file': { type: 'string' },
    },
  });
  const masterKey = values['master-key-file'] ? readMasterKey(values['master-key-file']) : randomBytes(32);
  const server = createKmsServer({ masterKey });
  server.listen(Number(values.port), values.host, () => {
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    const ready = JSON.stringify({ kmsEndpoint: `http://${values.host}:${port}` });
    const readyFile = values['ready-file'];
    if (readyFile) {
      writeFileSync(`${readyFile}.tmp`, ready); // rename: a poller never sees half a file
      renameSync(`${readyFile}.tmp`, readyFile);
    }
    process.stdout.write(`${ready}\n`);
  });
  const shutdown = () => server.close(() => process.exit(0));
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

if (require.main === module) main();
