// Fuzzing the metadata and instruction-file parsers: random and mutated envelopes must end in a typed
// CseError (or succeed), never a TypeError/RangeError crash; inspectEnvelope must never throw.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CseError, createDecryptor, inspectEnvelope } from '../../../src/core/crypto';
import { aesKeyring, encryptBuffer } from './helpers';

const NAMES = [
  'x-amz-key',
  'x-amz-key-v2',
  'x-amz-iv',
  'x-amz-matdesc',
  'x-amz-wrap-alg',
  'x-amz-cek-alg',
  'x-amz-tag-len',
  'x-amz-unencrypted-content-length',
  'x-amz-c',
  'x-amz-3',
  'x-amz-m',
  'x-amz-t',
  'x-amz-w',
  'x-amz-d',
  'x-amz-i',
];

async function expectTypedOrOk(metadata: Record<string, string>, instructionFile?: string): Promise<void> {
  inspectEnvelope(metadata, instructionFile);
  try {
    await createDecryptor({ keyring: aesKeyring(), metadata, instructionFile, legacy: true });
  } catch (err) {
    assert.ok(err instanceof CseError, `untyped ${(err as Error).name}: ${(err as Error).message}`);
  }
}

describe('crypto: envelope parser fuzz', () => {
  it('random metadata maps and instruction bodies give typed errors, never a crash', async () => {
    const value = fc.oneof(
      fc.string(),
      fc.base64String(),
      fc.constantFrom(
        '128',
        '115',
        '02',
        '12',
        '22',
        '{}',
        'AES/GCM',
        'kms',
        'AES/GCM/NoPadding',
        'AES/CBC/PKCS5Padding',
        '{"a":1}',
        '[]',
        'null',
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom(...NAMES), value),
        fc.option(
          fc.oneof(
            fc.string(),
            fc.json(),
            fc.dictionary(fc.constantFrom(...NAMES), value).map((d) => JSON.stringify(d)),
          ),
        ),
        async (metadata, instr) => expectTypedOrOk(metadata, instr ?? undefined),
      ),
      { numRuns: 400 },
    );
  });

  it('single mutations of valid V2/V3 envelopes (drop, replace, truncate a value) give typed errors', async () => {
    const samples = await Promise.all(
      (['v2', 'v3'] as const).flatMap((format) =>
        (['metadata', 'instruction-file'] as const).map((envelope) =>
          encryptBuffer(Buffer.from('x'), { keyring: aesKeyring(), format, envelope }),
        ),
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.nat(samples.length - 1),
        fc.nat(),
        fc.constantFrom('drop', 'replace', 'truncate'),
        fc.string(),
        async (i, k, op, junk) => {
          const { enc } = samples[i];
          const meta: Record<string, string> = { ...enc.metadata };
          const instr: Record<string, string> | undefined =
            enc.instructionFile && (JSON.parse(enc.instructionFile.body) as Record<string, string>);
          const target = instr && k % 2 ? instr : meta;
          const keys = Object.keys(target);
          const key = keys[k % keys.length];
          if (op === 'drop') delete target[key];
          else if (op === 'replace') target[key] = junk;
          else target[key] = target[key].slice(0, Math.floor(target[key].length / 2));
          await expectTypedOrOk(meta, instr && JSON.stringify(instr));
        },
      ),
      { numRuns: 400 },
    );
  });
});
