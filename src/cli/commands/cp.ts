// s3enc cp: local→S3, S3→local and S3→S3 with any SSE mode or client-side encryption. The same core job the
// extension's upload/download commands use (src/core/transfer/copy-job.ts).
import {
  HEADER_MODES,
  isKmsHeader,
  isKmsMode,
  modeForSseHeader,
  MODES,
  orList,
  SSE_HEADER_VALUES,
  sseHeaderFor,
} from '../../core/encryption/modes';
import { parseArgs } from 'node:util';
import { COMMITMENT_POLICIES, INSTRUCTION_SUFFIX, type CommitmentPolicy, type WriteFormat } from '../../core/crypto';
import { AES256_KEY_BYTES, parseAes256Key } from '../../core/keys/key-material';
import { createS3Client } from '../../core/s3/connection';
import { runCopyJob } from '../../core/transfer/copy-job';
import { parseLocation } from '../../core/transfer/locations';
import { parseKmsContext, type SseChoice } from '../../core/transfer/sse-params';
import { MIB } from '../../core/transfer/upload';
import type { CliCommand } from '../command';
import { KEY_OPTIONS_HELP, keyOptionSpecs, keyringFromOptions, parseContextOption } from '../crypto-options';
import { connectionFromFlags, connectionOptionSpecs } from '../connection-options';
import { UsageError } from '../errors';
import { parseIntegerOption } from '../integer-option';
import { readKeyFile } from '../input-files';
import { Interrupts } from '../interrupt';
import { TtyProgress } from '../progress';

// --sse takes S3's own header values; which of them use KMS or a bucket key comes from the mode table.
const KMS_VALUES = SSE_HEADER_VALUES.filter((v) => isKmsHeader(v));
const BUCKET_KEY_VALUES = HEADER_MODES.filter((m) => MODES[m].bucketKey).map((m) => sseHeaderFor(m));

const HELP = `Usage: s3enc cp SRC DST [options]

Copies local→S3, S3→local or S3→S3 (server-side). SRC/DST: a local path or s3://bucket/key.
A destination ending in / (or an existing folder) keeps the source name.

Server-side encryption (uploads and S3→S3; default: none sent, so the bucket default applies):
  --sse ${SSE_HEADER_VALUES.join('|')}
  --sse-kms-key-id ID        KMS key for ${KMS_VALUES.join(' / ')}
  --sse-kms-context JSON     KMS encryption context
  --bucket-key               enable an S3 Bucket Key (${BUCKET_KEY_VALUES.join(' / ')})
  --sse-c-key-file FILE      SSE-C key (32 bytes raw, base64 or hex); on downloads, the key to read with
  --source-sse-c-key-file F  S3→S3: key of an SSE-C source object
  --allow-http-loopback      allow SSE-C over plain HTTP to a loopback endpoint (local test servers)
  --allow-kms-key-change     let an in-place S3→S3 copy replace the object's KMS key

Client-side encryption (uploads encrypt, downloads decrypt):
  --cse aes|rsa|kms          with the key options below
  --format v2|v3             object format to write (default v3; v2 for older readers)
  --instruction-file         store the key envelope in KEY${INSTRUCTION_SUFFIX} instead of metadata
  --raw                      download a CSE object's ciphertext as stored
  --legacy                   downloads: also read V1-era objects (AES-CBC content, legacy key wraps; unauthenticated)
  --commitment-policy P      downloads: ${COMMITMENT_POLICIES.join(' | ')}
                             (default REQUIRE_ENCRYPT_ALLOW_DECRYPT: reads V2 and V3)
  --cse-memory MiB           downloads: objects up to this size are authenticated in memory and written once;
                             bigger ones wait on disk as ciphertext (default 64; 0: always on disk)
  A CSE download writes the file only after the whole object authenticated; an object without an S3
  Encryption Client envelope is refused (NotClientSideEncrypted).
${KEY_OPTIONS_HELP}

Transfer:
  --recursive                every file under a folder / every object under a prefix
  --part-size MiB            multipart part size (default 16)
  --multipart-threshold MiB  objects at least this big use multipart (default 16)
  --concurrency N            parts in flight (default 4)
  --json                     one JSON summary line on stdout
  --profile P, --region R, --endpoint URL, --path-style   as for s3enc ls
`;

export const cpCommand: CliCommand = {
  name: 'cp',
  summary: 'Upload, download or copy with SSE-S3/KMS/DSSE/SSE-C or client-side encryption',
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        ...keyOptionSpecs,
        sse: { type: 'string' },
        'sse-kms-key-id': { type: 'string' },
        'sse-kms-context': { type: 'string' },
        'bucket-key': { type: 'boolean' },
        'sse-c-key-file': { type: 'string' },
        'source-sse-c-key-file': { type: 'string' },
        'allow-http-loopback': { type: 'boolean', default: false },
        'allow-kms-key-change': { type: 'boolean', default: false },
        cse: { type: 'string' },
        format: { type: 'string' },
        'instruction-file': { type: 'boolean', default: false },
        raw: { type: 'boolean', default: false },
        legacy: { type: 'boolean', default: false },
        'commitment-policy': { type: 'string' },
        'cse-memory': { type: 'string' },
        recursive: { type: 'boolean', default: false },
        'part-size': { type: 'string' },
        'multipart-threshold': { type: 'string' },
        concurrency: { type: 'string' },
        json: { type: 'boolean', default: false },
        ...connectionOptionSpecs,
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    if (positionals.length !== 2) throw new UsageError('expected SRC and DST');
    const [source, destination] = positionals;
    const src = parseLocation(source);
    const dst = parseLocation(destination);
    const conn = connectionFromFlags(values);
    const sse = sseChoiceFromFlags(values);
    const sseCKey = values['sse-c-key-file'] ? readSseCKey(values['sse-c-key-file'], '--sse-c-key-file') : undefined;
    const sourceSseCKey = values['source-sse-c-key-file']
      ? readSseCKey(values['source-sse-c-key-file'], '--source-sse-c-key-file')
      : undefined;
    const writeSse: SseChoice = sseCKey && dst.kind === 's3' ? { mode: 'SSE-C', key: sseCKey } : sse;
    if (sseCKey && values.sse) throw new UsageError('--sse and --sse-c-key-file are different modes; give one');
    const cse = values.cse;
    if (cse !== undefined && !['aes', 'rsa', 'kms'].includes(cse))
      throw new UsageError('--cse must be aes, rsa or kms');
    const format = (values.format ?? 'v3') as WriteFormat;
    if (format !== 'v2' && format !== 'v3') throw new UsageError('--format must be v2 or v3');
    const policy = values['commitment-policy'];
    if (policy !== undefined && !COMMITMENT_POLICIES.includes(policy as CommitmentPolicy)) {
      throw new UsageError(`--commitment-policy must be one of ${COMMITMENT_POLICIES.join(', ')}`);
    }
    const cseDownload = cse !== undefined && src.kind === 's3' && dst.kind === 'local';
    if ((values.legacy || policy !== undefined) && !cseDownload) {
      throw new UsageError('--legacy and --commitment-policy apply to client-side decryption: downloads with --cse');
    }
    if (values['cse-memory'] !== undefined && !cseDownload)
      throw new UsageError('--cse-memory applies to client-side decryption: downloads with --cse');
    const memoryBytes =
      values['cse-memory'] === undefined
        ? undefined
        : parseIntegerOption('cse-memory', values['cse-memory'], 0, MAX_CSE_MEMORY_MIB) * MIB;
    const keyring = cse ? keyringFromOptions(values) : undefined;
    const context = cse ? parseContextOption(values.context) : undefined;
    const client = createS3Client(conn, { allowSseCOverHttpLoopback: values['allow-http-loopback'] });
    const progress = new TtyProgress();
    const interrupts = new Interrupts();
    try {
      const report = await interrupts.transfers.run(({ signal, onCleanup }) =>
        runCopyJob({
          client,
          source,
          destination,
          recursive: values.recursive,
          write: {
            sse: writeSse,
            cse:
              keyring && dst.kind === 's3' && src.kind === 'local'
                ? { keyring, format, envelope: values['instruction-file'] ? 'instruction-file' : 'metadata', context }
                : undefined,
          },
          read: {
            sseCKey: src.kind === 's3' && dst.kind === 'local' ? sseCKey : sourceSseCKey,
            cse:
              keyring && src.kind === 's3'
                ? {
                    keyring,
                    context,
                    legacy: values.legacy,
                    commitmentPolicy: policy as CommitmentPolicy | undefined,
                    memoryBytes,
                  }
                : undefined,
            raw: values.raw,
          },
          allowKmsKeyChange: values['allow-kms-key-change'],
          multipart: {
            ...(values['part-size'] !== undefined ? { partSizeBytes: mib(values['part-size'], '--part-size') } : {}),
            ...(values['multipart-threshold'] !== undefined
              ? { thresholdBytes: mib(values['multipart-threshold'], '--multipart-threshold') }
              : {}),
            ...(values.concurrency !== undefined
              ? { concurrency: parseIntegerOption('concurrency', values.concurrency, 1) }
              : {}),
          },
          signal,
          onCleanup,
          onBytes: (n) => progress.add(n),
          onItem: (item) => progress.item(`${item.source} → ${item.destination}`),
        }),
      );
      progress.done();
      if (interrupts.signal) return interrupted(interrupts);
      const seconds = report.elapsedMs / 1000;
      if (values.json) {
        process.stdout.write(
          `${JSON.stringify({ ok: true, direction: report.direction, objects: report.items.length, bytes: report.bytes, seconds, items: report.items })}\n`,
        );
      } else {
        for (const i of report.items)
          process.stdout.write(
            `${report.direction}: ${i.source} → ${i.destination} (${i.bytes} bytes, ${i.encryption})\n`,
          );
      }
      return 0;
    } catch (err) {
      if (interrupts.signal) return interrupted(interrupts, progress);
      throw err;
    } finally {
      progress.done();
      interrupts.dispose();
      client.destroy();
    }
  },
};

type Flags = Record<string, string | boolean | undefined>;

function sseChoiceFromFlags(v: Flags): SseChoice {
  const sse = v.sse as string | undefined;
  const keyId = v['sse-kms-key-id'] as string | undefined;
  const ctx = v['sse-kms-context'] as string | undefined;
  const kmsOnly = `--sse-kms-key-id and --sse-kms-context need --sse ${orList(KMS_VALUES)}`;
  if (sse === undefined) {
    if (keyId || ctx) throw new UsageError(kmsOnly);
    return { mode: 'bucket-default' };
  }
  const mode = modeForSseHeader(sse);
  if (!mode) throw new UsageError(`--sse must be ${orList(SSE_HEADER_VALUES)}, got '${sse}'`);
  if (!isKmsMode(mode)) {
    if (keyId || ctx) throw new UsageError(kmsOnly);
    return { mode };
  }
  const context = ctx ? parseKmsContext(ctx) : undefined;
  return { mode, keyId, context, ...(v['bucket-key'] && MODES[mode].bucketKey ? { bucketKey: true } : {}) };
}

export function readSseCKey(path: string, option: string): Buffer {
  const raw = readKeyFile(path, option);
  const { key } = parseAes256Key(raw, `${option} ${path}`);
  raw.fill(0);
  if (key.length !== AES256_KEY_BYTES) throw new UsageError(`${option} must hold a 32-byte key`);
  return key;
}

/** --cse-memory's ceiling: one Buffer holds the body (Node 20's limit is 4 GiB). */
const MAX_CSE_MEMORY_MIB = 2048;

function mib(raw: string, option: string): number {
  return parseIntegerOption(option, raw, 1, Math.floor(Number.MAX_SAFE_INTEGER / MIB)) * MIB;
}

/** After an interrupted transfer cleaned up: one line saying what was cleaned up, and 128 + the signal. */
function interrupted(interrupts: Interrupts, progress?: TtyProgress): number {
  progress?.done();
  process.stderr.write(`${interrupts.summary()}\n`);
  return interrupts.exitCode;
}
