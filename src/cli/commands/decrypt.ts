// s3enc decrypt: offline decryption of an S3 Encryption Client object (body + metadata JSON, optionally
// the instruction file). The output file appears only after the content authenticates.
import { constants, createReadStream } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { COMMITMENT_POLICIES, FILE_STREAM_CHUNK_BYTES, decryptToFile, type CommitmentPolicy } from '../../core/crypto';
import { InvalidMetadata } from '../../core/crypto/errors';
import type { CliCommand } from '../command';
import { KEY_OPTIONS_HELP, keyOptionSpecs, keyringFromOptions, parseContextOption } from '../crypto-options';
import { UsageError } from '../errors';
import { unreadableFile } from '../input-files';
import { Interrupts } from '../interrupt';

const HELP = `Usage: s3enc decrypt --metadata META.json [--instruction INSTR.json] --in BODY --out FILE
                     <key options> [--legacy] [--commitment-policy POLICY]

Decrypts an object written by an AWS S3 Encryption Client (V1 with --legacy, V2, V3). META.json is the
object's user metadata with the x-amz-meta- prefix removed. FILE is written only if the content authenticates.
  --legacy                   allow V1-era algorithms (AES-CBC content; AES-ECB, RSA-PKCS1, kms, AESWrap wraps)
  --commitment-policy P      ${COMMITMENT_POLICIES.join(' | ')}
                             (default REQUIRE_ENCRYPT_ALLOW_DECRYPT: reads V2 and V3)

${KEY_OPTIONS_HELP}

Exit 0 on success; 1 with one line "<Type>: <message>" on stderr on failure (AuthenticationFailed,
CommitmentMismatch, ContextMismatch, LegacyDisabled, InvalidMetadata, WrongKey, UnsupportedAlgorithm).
`;

export const decryptCommand: CliCommand = {
  name: 'decrypt',
  summary: 'Decrypt a client-side encrypted object body with its metadata',
  async run(args) {
    const { values } = parseArgs({
      args,
      strict: true,
      options: {
        ...keyOptionSpecs,
        metadata: { type: 'string' },
        instruction: { type: 'string' },
        in: { type: 'string' },
        out: { type: 'string' },
        legacy: { type: 'boolean', default: false },
        'commitment-policy': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    const { metadata: metadataPath, in: input, out: output } = values;
    if (!metadataPath || !input || !output) throw new UsageError('--metadata, --in and --out are required');
    const policy = values['commitment-policy'];
    if (policy !== undefined && !COMMITMENT_POLICIES.includes(policy as CommitmentPolicy)) {
      throw new UsageError(`--commitment-policy must be one of ${COMMITMENT_POLICIES.join(', ')}`);
    }
    const metadata = parseMetadataJson(await readOrUsage(metadataPath, '--metadata'));
    const instructionFile = values.instruction ? await readOrUsage(values.instruction, '--instruction') : undefined;
    const keyring = keyringFromOptions(values);
    const encryptionContext = parseContextOption(values.context);
    await readOrUsage(input, '--in', true);
    const interrupts = new Interrupts();
    try {
      await interrupts.transfers.run(({ signal, onCleanup }) =>
        decryptToFile({
          keyring,
          metadata,
          instructionFile,
          encryptionContext,
          legacy: values.legacy,
          commitmentPolicy: policy as CommitmentPolicy | undefined,
          source: createReadStream(input, { highWaterMark: FILE_STREAM_CHUNK_BYTES }),
          destination: output,
          signal,
          onCleanup,
        }),
      );
    } catch (err) {
      if (!interrupts.signal) throw err;
    } finally {
      interrupts.dispose();
    }
    if (interrupts.signal) {
      process.stderr.write(`${interrupts.summary()}\n`);
      return interrupts.exitCode;
    }
    return 0;
  },
};

async function readOrUsage(path: string, option: string, probeOnly = false): Promise<string> {
  try {
    if (probeOnly) {
      await access(path, constants.R_OK);
      return '';
    }
    return await readFile(path, 'utf8');
  } catch (err) {
    throw unreadableFile(err, path, option);
  }
}

/**
 * The object's user metadata: a JSON object of string values (keys as S3 returns them, without x-amz-meta-).
 * A file of the wrong shape is a format failure (typed InvalidMetadata, exit 1), like any other bad envelope.
 */
export function parseMetadataJson(text: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InvalidMetadata(
      "the metadata file is not valid JSON (expected the object's user metadata as a JSON object)",
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InvalidMetadata(
      'the metadata file must be a JSON object of the object\'s user metadata, e.g. {"x-amz-key-v2": "..."}',
    );
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (typeof v !== 'string')
      throw new InvalidMetadata(
        `in the metadata file, the value of "${k.slice(0, 64)}" must be a string, as S3 returns metadata`,
      );
    out[k] = v;
  }
  return out;
}
