// Child process of bench/crypto.bench.ts, so each measurement has its own peak RSS.
//   node --import tsx bench/crypto-worker.ts node-loop BYTES
//   node --import tsx bench/crypto-worker.ts engine IN DIR FORMAT
//   node --import tsx bench/crypto-worker.ts copy IN DIR
// Prints one JSON line with seconds and maxRssMiB (process.resourceUsage().maxRSS).
import { createCipheriv, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
  AesKeyring,
  FILE_STREAM_CHUNK_BYTES,
  createEncryptor,
  decryptToFile,
  type WriteFormat,
} from '../src/core/crypto';

// The same chunk size the s3enc CLI uses for files, for every file row (engine and plain copy alike).
const chunk = { highWaterMark: FILE_STREAM_CHUNK_BYTES };

const rssMiB = (): number => process.resourceUsage().maxRSS / 1024;

async function nodeLoop(bytes: number): Promise<object> {
  // 64 KiB: the fastest size for Node's update() here (1 MiB outputs are mmap-allocated and page-faulted).
  const chunk = randomBytes(64 << 10);
  const cipher = createCipheriv('aes-256-gcm', randomBytes(32), randomBytes(12));
  const t0 = process.hrtime.bigint();
  for (let done = 0; done < bytes; done += chunk.length) cipher.update(chunk);
  cipher.final();
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, maxRssMiB: rssMiB() };
}

async function engine(input: string, dir: string, format: WriteFormat): Promise<object> {
  const keyring = new AesKeyring(randomBytes(32));
  const body = join(dir, 'engine.body');
  const plain = join(dir, 'engine.plain');
  const t0 = process.hrtime.bigint();
  const enc = await createEncryptor({ keyring, format });
  await pipeline(createReadStream(input, chunk), enc.stream, createWriteStream(body, chunk));
  const t1 = process.hrtime.bigint();
  await decryptToFile({ keyring, metadata: enc.metadata, source: createReadStream(body, chunk), destination: plain });
  const t2 = process.hrtime.bigint();
  rmSync(body);
  rmSync(plain);
  return { encryptSeconds: Number(t1 - t0) / 1e9, decryptSeconds: Number(t2 - t1) / 1e9, maxRssMiB: rssMiB() };
}

/** The I/O ceiling: the same file read and written with no crypto at all. */
async function copy(input: string, dir: string): Promise<object> {
  const out = join(dir, 'copy.bin');
  const t0 = process.hrtime.bigint();
  await pipeline(createReadStream(input, chunk), createWriteStream(out, chunk));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  rmSync(out);
  return { seconds, maxRssMiB: rssMiB() };
}

async function main(): Promise<void> {
  const [mode, ...args] = process.argv.slice(2);
  const result =
    mode === 'node-loop'
      ? await nodeLoop(Number(args[0]))
      : mode === 'engine'
        ? await engine(args[0], args[1], (args[2] ?? 'v3') as WriteFormat)
        : mode === 'copy'
          ? await copy(args[0], args[1])
          : mode === 'idle'
            ? { maxRssMiB: rssMiB() }
            : undefined;
  if (!result) throw new Error(`unknown mode ${mode}`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

void main();
