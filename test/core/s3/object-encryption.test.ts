// Object classification from HeadObject fields, data-driven from the S3EC known-answer vectors: each vector's
// metadata.json (and instruction.json) is what S3 returns for an object written by an AWS client, and
// vector.json says what format and wrap algorithm it is.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  classifyHead,
  describeEncryption,
  parseInstructionFile,
  serverSideEncryption,
} from '../../../src/core/s3/object-encryption';
import { vectorsDir } from '../../../tools/live/vectors-path';

const VECTORS = vectorsDir();

interface Vector {
  name: string;
  format: 'v1' | 'v2' | 'v3';
  wrap: string;
  envelope: 'metadata' | 'instruction-file';
  legacyRequired: boolean;
}

function vectors(): { vector: Vector; metadata: Record<string, string>; instruction?: Record<string, string> }[] {
  return readdirSync(VECTORS)
    .filter((d) => existsSync(join(VECTORS, d, 'vector.json')))
    .map((d) => {
      const vector = JSON.parse(readFileSync(join(VECTORS, d, 'vector.json'), 'utf8')) as Vector;
      const metadata = JSON.parse(readFileSync(join(VECTORS, d, 'metadata.json'), 'utf8')) as Record<string, string>;
      const instrFile = join(VECTORS, d, 'instruction.json');
      const instruction = existsSync(instrFile) ? parseInstructionFile(readFileSync(instrFile, 'utf8')) : undefined;
      return { vector, metadata, instruction };
    });
}

describe('core/s3 object classification (S3EC vectors)', () => {
  const all = vectors();
  it('finds the known-answer vectors', () => assert.ok(all.length >= 20, `only ${all.length} vectors`));

  for (const { vector, metadata, instruction } of all) {
    it(`${vector.name}: CSE-${vector.format.toUpperCase()} with wrap ${vector.wrap} (${vector.envelope})`, () => {
      const enc = classifyHead({ Metadata: metadata }, instruction);
      assert.equal(enc.mode, `CSE-${vector.format.toUpperCase()}`);
      assert.equal(enc.wrapAlgorithm, vector.wrap);
      assert.equal(enc.envelope, vector.envelope);
      assert.equal(!!enc.legacy, vector.legacyRequired);
      assert.ok(describeEncryption(enc).includes(vector.wrap), describeEncryption(enc));
    });
  }

  it('an instruction-file object without its instruction file is not reported as CSE-V2 with a made-up wrap', () => {
    const instr = all.find((v) => v.vector.name === 'rb-v2-aesgcm-instr');
    assert.ok(instr);
    assert.equal(classifyHead({ Metadata: instr.metadata }).mode, 'none');
  });

  it('a CSE object that S3 also encrypts keeps the CSE mode and notes the server side', () => {
    const v2 = all.find((v) => v.vector.name === 'rb-v2-aesgcm-meta');
    assert.ok(v2);
    const enc = classifyHead({ Metadata: v2.metadata, ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'k1' });
    assert.equal(enc.mode, 'CSE-V2');
    assert.equal(enc.serverSide, 'SSE-KMS');
  });
});

describe('core/s3 server-side classification', () => {
  it('plain object → none', () => assert.equal(serverSideEncryption({}).mode, 'none'));
  it('unrecognised SSE value → unknown with the value in the reason', () => {
    const enc = serverSideEncryption({ ServerSideEncryption: 'aws:fancy' });
    assert.equal(enc.mode, 'unknown');
    assert.match(enc.reason ?? '', /aws:fancy/);
  });
  it('KMS ARNs are shortened in the description, key id kept whole in the result', () => {
    const arn = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const enc = serverSideEncryption({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: arn });
    assert.equal(enc.kmsKeyId, arn);
    const text = describeEncryption(enc);
    assert.ok(text.startsWith('SSE-KMS key/1234abcd'), text);
    assert.ok(!text.includes('111122223333'), text);
  });
  it('instruction files that are not JSON objects are ignored', () => {
    assert.equal(parseInstructionFile('not json'), undefined);
    assert.equal(parseInstructionFile('[1,2]'), undefined);
  });
});
