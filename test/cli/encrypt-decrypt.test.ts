// `s3enc encrypt` / `s3enc decrypt`: files in, files out, exit codes and the one-line typed stderr.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/main';
import { liveEnv } from '../../tools/live/live-env';
import { vectorsDir } from '../../tools/live/vectors-path';
import { rsaPem } from '../core/crypto/helpers';

// The AWS SDK prints a one-time NodeVersionSupportWarning on Node 20 when the first KMS client is built;
// the typed error is always the last line.
const lastLine = (s: string): string => s.trimEnd().split('\n').pop() ?? '';

async function run(args: string[]): Promise<{ code: number; stderr: string }> {
  const original = process.stderr.write.bind(process.stderr);
  let stderr = '';
  process.stderr.write = (chunk: string | Uint8Array): boolean => {
    stderr += chunk.toString();
    return true;
  };
  try {
    return { code: await main(args), stderr };
  } finally {
    process.stderr.write = original;
  }
}

describe('cli: s3enc encrypt / decrypt', function () {
  this.timeout(30_000);
  let dir: string;
  const p = (name: string): string => join(dir, name);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 's3enc-cli-crypto-'));
    writeFileSync(p('plain.txt'), randomBytes(100_000));
    writeFileSync(p('aes.b64'), randomBytes(32).toString('base64'));
    writeFileSync(p('rsa.pem'), rsaPem().privateKey);
    writeFileSync(p('rsa.pub.pem'), rsaPem().publicKey);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const format of ['v2', 'v3']) {
    for (const key of [
      ['--aes-key-file', 'aes.b64'],
      ['--rsa-key-file', 'rsa.pem'],
    ]) {
      it(`${format} ${key[0]}: encrypt then decrypt restores the file (exit 0)`, async () => {
        const k = [key[0], p(key[1])];
        const enc = await run([
          'encrypt',
          '--in',
          p('plain.txt'),
          '--out',
          p('body'),
          '--out-metadata',
          p('m.json'),
          '--format',
          format,
          ...k,
        ]);
        assert.deepEqual(enc, { code: 0, stderr: '' });
        const meta = JSON.parse(readFileSync(p('m.json'), 'utf8')) as Record<string, string>;
        assert.ok(format === 'v3' ? meta['x-amz-c'] === '115' : meta['x-amz-key-v2']);
        const dec = await run(['decrypt', '--metadata', p('m.json'), '--in', p('body'), '--out', p('out'), ...k]);
        assert.deepEqual(dec, { code: 0, stderr: '' });
        assert.deepEqual(readFileSync(p('out')), readFileSync(p('plain.txt')));
      });
    }
  }

  it('writes no output at all when a later output cannot be written', async () => {
    // The body can be written, the metadata cannot (its folder does not exist): nothing may be left behind,
    // or a user would upload a body whose key envelope is gone.
    const enc = await run([
      'encrypt',
      '--in',
      p('plain.txt'),
      '--out',
      p('body'),
      '--out-metadata',
      p('missing/m.json'),
      '--aes-key-file',
      p('aes.b64'),
    ]);
    assert.equal(enc.code, 1);
    assert.match(lastLine(enc.stderr), /ENOENT/);
    assert.deepEqual(readdirSync(dir).sort(), ['aes.b64', 'plain.txt', 'rsa.pem', 'rsa.pub.pem']);
  });

  it('encrypts with a public RSA key and an instruction file; decrypts with the private key', async () => {
    const enc = await run([
      'encrypt',
      '--in',
      p('plain.txt'),
      '--out',
      p('body'),
      '--out-metadata',
      p('m.json'),
      '--out-instruction',
      p('i.json'),
      '--rsa-key-file',
      p('rsa.pub.pem'),
    ]);
    assert.equal(enc.code, 0, enc.stderr);
    const noInstr = await run([
      'decrypt',
      '--metadata',
      p('m.json'),
      '--in',
      p('body'),
      '--out',
      p('out'),
      '--rsa-key-file',
      p('rsa.pem'),
    ]);
    assert.equal(noInstr.code, 1);
    assert.match(noInstr.stderr, /^InvalidMetadata: .*instruction file/);
    const ok = await run([
      'decrypt',
      '--metadata',
      p('m.json'),
      '--instruction',
      p('i.json'),
      '--in',
      p('body'),
      '--out',
      p('out'),
      '--rsa-key-file',
      p('rsa.pem'),
    ]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(readFileSync(p('out')), readFileSync(p('plain.txt')));
  });

  it('a tampered body: exit 1, "AuthenticationFailed: ..." on one line, no output file left behind', async () => {
    await run([
      'encrypt',
      '--in',
      p('plain.txt'),
      '--out',
      p('body'),
      '--out-metadata',
      p('m.json'),
      '--aes-key-file',
      p('aes.b64'),
    ]);
    const body = readFileSync(p('body'));
    body[50_000] ^= 0x80;
    writeFileSync(p('body'), body);
    const before = readdirSync(dir).sort();
    const dec = await run([
      'decrypt',
      '--metadata',
      p('m.json'),
      '--in',
      p('body'),
      '--out',
      p('out'),
      '--aes-key-file',
      p('aes.b64'),
    ]);
    assert.equal(dec.code, 1);
    assert.match(dec.stderr, /^AuthenticationFailed: [^\n]+\n$/);
    assert.deepEqual(readdirSync(dir).sort(), before);
  });

  it('legacy vector: LegacyDisabled without --legacy, decrypts with it', async () => {
    const v = join(vectorsDir(), 'rb-v1-aes-cbc');
    const args = [
      'decrypt',
      '--metadata',
      join(v, 'metadata.json'),
      '--in',
      join(v, 'body.bin'),
      '--out',
      p('out'),
      '--aes-key-file',
      join(vectorsDir(), 'keys', 'aes256.hex'),
    ];
    const refused = await run(args);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^LegacyDisabled: .*--legacy/);
    assert.equal(existsSync(p('out')), false);
    assert.equal((await run([...args, '--legacy'])).code, 0);
    assert.deepEqual(readFileSync(p('out')), readFileSync(join(v, 'plaintext.bin')));
  });

  it('KMS vector through --kms-endpoint: ContextMismatch on the wrong --context, ok with the right one', async () => {
    const v = join(vectorsDir(), 'rb-v2-kms-context-meta');
    const vector = JSON.parse(readFileSync(join(v, 'vector.json'), 'utf8')) as {
      kmsKeyId: string;
      encryptionContext: object;
    };
    const args = [
      'decrypt',
      '--metadata',
      join(v, 'metadata.json'),
      '--in',
      join(v, 'body.bin'),
      '--out',
      p('out'),
      '--kms-key-id',
      vector.kmsKeyId,
      '--kms-endpoint',
      liveEnv().kmsEndpoint,
    ];
    const wrong = await run([...args, '--context', '{"purpose":"nope"}']);
    assert.equal(wrong.code, 1);
    assert.match(lastLine(wrong.stderr), /^ContextMismatch: /);
    const ok = await run([...args, '--context', JSON.stringify(vector.encryptionContext)]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(readFileSync(p('out')), readFileSync(join(v, 'plaintext.bin')));
  });

  it('V3 commitment mismatch vector: "CommitmentMismatch" and exit 1', async () => {
    const v = join(vectorsDir(), 'neg-v3-commitment-mismatch');
    const vector = JSON.parse(readFileSync(join(v, 'vector.json'), 'utf8')) as {
      kmsKeyId: string;
      encryptionContext: object;
    };
    const r = await run([
      'decrypt',
      '--metadata',
      join(v, 'metadata.json'),
      '--in',
      join(v, 'body.bin'),
      '--out',
      p('out'),
      '--kms-key-id',
      vector.kmsKeyId,
      '--kms-endpoint',
      liveEnv().kmsEndpoint,
      '--context',
      JSON.stringify(vector.encryptionContext),
    ]);
    assert.equal(r.code, 1);
    assert.match(lastLine(r.stderr), /^CommitmentMismatch: /);
  });

  it('usage errors exit 2: no key option, two key options, bad --format, bad --context', async () => {
    copyFileSync(p('plain.txt'), p('x'));
    const base = ['encrypt', '--in', p('x'), '--out', p('body'), '--out-metadata', p('m.json')];
    for (const extra of [
      [],
      ['--aes-key-file', p('aes.b64'), '--rsa-key-file', p('rsa.pem')],
      ['--aes-key-file', p('aes.b64'), '--format', 'v4'],
      ['--aes-key-file', p('aes.b64'), '--context', '[1]'],
    ]) {
      const r = await run([...base, ...extra]);
      assert.equal(r.code, 2, `${extra.join(' ')}: ${r.stderr}`);
    }
  });

  it('the real binary entry: a KMS context mismatch prints exactly one typed line on stderr', () => {
    const root = resolve(__dirname, '..', '..');
    const v = join(vectorsDir(), 'rb-v2-kms-context-meta');
    const vector = JSON.parse(readFileSync(join(v, 'vector.json'), 'utf8')) as { kmsKeyId: string };
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        join(root, 'src/cli/bin.ts'),
        'decrypt',
        '--metadata',
        join(v, 'metadata.json'),
        '--in',
        join(v, 'body.bin'),
        '--out',
        p('out'),
        '--kms-key-id',
        vector.kmsKeyId,
        '--kms-endpoint',
        liveEnv().kmsEndpoint,
        '--context',
        '{"purpose":"wrong"}',
      ],
      { cwd: root, encoding: 'utf8' },
    );
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^ContextMismatch: [^\n]+\n$/);
    assert.equal(existsSync(p('out')), false);
  });

  it('the real binary entry (tsx src/cli/bin.ts) exits 1 with a typed line for a wrong key', () => {
    const root = resolve(__dirname, '..', '..');
    const v = join(vectorsDir(), 'rb-v2-rsa-meta');
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        join(root, 'src/cli/bin.ts'),
        'decrypt',
        '--metadata',
        join(v, 'metadata.json'),
        '--in',
        join(v, 'body.bin'),
        '--out',
        p('out'),
        '--rsa-key-file',
        p('rsa.pem'),
      ],
      { cwd: root, encoding: 'utf8' },
    );
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^WrongKey: [^\n]+\n$/);
  });
});
