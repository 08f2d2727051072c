// s3enc encrypt: offline client-side encryption of a local file into an S3 Encryption Client object
// (body + user metadata JSON, optionally an instruction-file JSON).
import { INSTRUCTION_SUFFIX } from '../../core/crypto';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { FILE_STREAM_CHUNK_BYTES, createEncryptor } from '../../core/crypto';
import type { CliCommand } from '../command';
import { KEY_OPTIONS_HELP, keyOptionSpecs, keyringFromOptions, parseContextOption } from '../crypto-options';
import { UsageError } from '../errors';
import { unreadableFile } from '../input-files';

const HELP = `Usage: s3enc encrypt --in FILE --out BODY --out-metadata META.json [--out-instruction INSTR.json]
                     <key options> [--format v3|v2]

Encrypts FILE the way the AWS S3 Encryption Client does. BODY is the object body (ciphertext + tag);
META.json is the user metadata (x-amz-meta- prefix removed). With --out-instruction the key envelope goes
into an instruction file (store it as <key>${INSTRUCTION_SUFFIX}) instead of the metadata.
  --format v3   key-committing V3 (default)      --format v2   for readers without V3 (e.g. Ruby aws-sdk-s3 1.117)

${KEY_OPTIONS_HELP}
`;

export const encryptCommand: CliCommand = {
  name: 'encrypt',
  summary: 'Client-side encrypt a local file (S3 Encryption Client V2/V3 format)',
  async run(args) {
    const { values } = parseArgs({
      args,
      strict: true,
      options: {
        ...keyOptionSpecs,
        in: { type: 'string' },
        out: { type: 'string' },
        'out-metadata': { type: 'string' },
        'out-instruction': { type: 'string' },
        format: { type: 'string', default: 'v3' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    const input = values.in;
    const output = values.out;
    const metadataOut = values['out-metadata'];
    if (!input || !output || !metadataOut) throw new UsageError('--in, --out and --out-metadata are required');
    if (values.format !== 'v2' && values.format !== 'v3') throw new UsageError('--format must be v2 or v3');
    const keyring = keyringFromOptions(values);
    const encryptionContext = parseContextOption(values.context);
    const size = (await statOrUsage(input)).size;
    const enc = await createEncryptor({
      keyring,
      format: values.format,
      encryptionContext,
      envelope: values['out-instruction'] ? 'instruction-file' : 'metadata',
      plaintextLength: size,
    });
    // All outputs are staged and renamed together: a failure anywhere leaves none of them behind.
    const staged = new StagedFiles();
    try {
      await pipeline(
        createReadStream(input, { highWaterMark: FILE_STREAM_CHUNK_BYTES }),
        enc.stream,
        createWriteStream(staged.temp(output), { flags: 'wx', highWaterMark: FILE_STREAM_CHUNK_BYTES }),
      );
      await writeFile(staged.temp(metadataOut), `${JSON.stringify(enc.metadata, null, 2)}\n`, { flag: 'wx' });
      const instructionOut = values['out-instruction'];
      if (instructionOut && enc.instructionFile) {
        await writeFile(staged.temp(instructionOut), enc.instructionFile.body, { flag: 'wx' });
      }
      await staged.commit();
    } catch (err) {
      await staged.discard();
      throw err;
    }
    return 0;
  },
};

async function statOrUsage(path: string): Promise<{ size: number }> {
  try {
    return await stat(path);
  } catch (err) {
    throw unreadableFile(err, path, '--in');
  }
}

/** Temp files beside their final paths, renamed into place together only when every write succeeded. */
class StagedFiles {
  private readonly files: Array<{ temp: string; final: string }> = [];

  temp(final: string): string {
    const temp = join(dirname(final), `.${basename(final)}.${randomBytes(6).toString('hex')}.s3enc-partial`);
    this.files.push({ temp, final });
    return temp;
  }

  async commit(): Promise<void> {
    for (const f of this.files) await rename(f.temp, f.final);
  }

  async discard(): Promise<void> {
    await Promise.all(this.files.map((f) => rm(f.temp, { force: true })));
  }
}
