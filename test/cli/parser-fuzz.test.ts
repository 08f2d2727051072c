// Fuzzing the CLI's argument and file parsers in-process (no network): random argument vectors for `encrypt`,
// `decrypt` and `cp`, and hostile metadata JSON, instruction files and key files. Whatever the input, s3enc
// exits 0, 1 or 2 with at most one typed `<Type>: <message>` line (or the usage text), never a JavaScript
// crash or stack trace, never echoes key material, and a failed decrypt leaves nothing in its output folder.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { AesKeyring, createEncryptor } from '../../src/core/crypto';
import { main } from '../../src/cli/main';

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs main() with stdout/stderr captured. */
async function runMain(argv: string[]): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = (chunk: string | Uint8Array) => ((stdout += chunk.toString()), true);
  process.stderr.write = (chunk: string | Uint8Array) => ((stderr += chunk.toString()), true);
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

const CRASH = /^(TypeError|RangeError|ReferenceError|SyntaxError|InternalError|Error):|\n\s+at .+:\d+:\d+/m;

describe('cli: argument and file parser fuzz', function () {
  this.timeout(300_000);
  // As bin.ts does for the real binary: the SDK's Node-version notice is not s3enc's output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const dir = mkdtempSync(join(tmpdir(), 's3enc-cli-fuzz-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, data: string | Buffer) => {
    const p = join(dir, name);
    writeFileSync(p, data);
    return p;
  };

  const aesKey = randomBytes(32);
  const secrets = [aesKey.toString('hex'), aesKey.toString('base64'), aesKey.toString('latin1')];
  const goodKey = file('good.hex', aesKey.toString('hex'));
  const keyFiles = [
    goodKey,
    file('empty.key', ''),
    file('short.hex', randomBytes(31).toString('hex')),
    file('long.b64', randomBytes(33).toString('base64')),
    file('garbage.bin', randomBytes(4097)),
    file('huge.key', Buffer.alloc(3 * 1024 * 1024, 'a')),
    file('almost-hex.txt', `${aesKey.toString('hex').slice(0, 63)}g\n`),
    file('spaces.hex', aesKey.toString('hex').replace(/(..)/g, '$1 ')),
    file('bad.pem', '-----BEGIN PRIVATE KEY-----\nnot base64 at all\n-----END PRIVATE KEY-----\n'),
    file('truncated.pem', '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n'),
    file('der.bin', Buffer.concat([Buffer.from('3082', 'hex'), randomBytes(300)])),
    dir, // a folder where a file is expected
    join(dir, 'missing.key'),
  ];

  let metaFiles: string[] = [];
  let instrFiles: string[] = [];
  let body = '';
  before(async () => {
    const plain = Buffer.from('fuzz plaintext\n'.repeat(100));
    const enc = await createEncryptor({
      keyring: new AesKeyring(aesKey),
      format: 'v3',
      envelope: 'metadata',
      plaintextLength: plain.length,
    });
    const chunks: Buffer[] = [];
    enc.stream.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise((r) => enc.stream.on('end', r));
    enc.stream.end(plain);
    await done;
    body = file('body.bin', Buffer.concat(chunks));
    const instr = await createEncryptor({
      keyring: new AesKeyring(aesKey),
      format: 'v2',
      envelope: 'instruction-file',
      plaintextLength: 1,
    });
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    metaFiles = [
      file('meta.json', JSON.stringify(enc.metadata)),
      file('meta-array.json', '[1,2,3]'),
      file('meta-null.json', 'null'),
      file('meta-number.json', '42'),
      file('meta-nested.json', JSON.stringify({ ...enc.metadata, 'x-amz-3': { nested: true } })),
      file(
        'meta-proto.json',
        JSON.stringify({ __proto__: { polluted: 'yes' }, constructor: 'x', ...enc.metadata }).replace(
          '"constructor"',
          '"__proto__"',
        ),
      ),
      file('meta-deep.json', deep),
      file('meta-huge.json', JSON.stringify({ 'x-amz-3': 'A'.repeat(5 * 1024 * 1024) })),
      file('meta-truncated.json', JSON.stringify(enc.metadata).slice(0, 40)),
      file('meta-bom.json', `\ufeff${JSON.stringify(enc.metadata)}`),
      file('meta-binary.json', randomBytes(2000)),
      join(dir, 'missing.json'),
    ];
    instrFiles = [
      file('instr.json', instr.instructionFile?.body ?? '{}'),
      file('instr-deep.json', deep),
      file('instr-array.json', '[]'),
      file('instr-garbage.json', randomBytes(500)),
      file(
        'instr-wrong-types.json',
        JSON.stringify({ 'x-amz-key-v2': 7, 'x-amz-iv': null, 'x-amz-cek-alg': ['AES/GCM/NoPadding'] }),
      ),
    ];
  });

  const VALUES = [
    '',
    '-',
    '--',
    'aes',
    'rsa',
    'kms',
    'v2',
    'v3',
    'v4',
    'AES256',
    'aws:kms',
    '0',
    '-1',
    '1e9',
    'NaN',
    '99999999999999999999',
    '{}',
    '[]',
    'null',
    '{"a":1}',
    '{"a":"b"}',
    '{"aws:x-amz-cek-alg":"x"}',
    's3://',
    's3://b',
    's3://b/k',
    'http://127.0.0.1:1',
    'REQUIRE_ENCRYPT_REQUIRE_DECRYPT',
    'FORBID_ENCRYPT_ALLOW_DECRYPT',
    'é\u0000\u202e',
    'x'.repeat(10_000),
  ];
  const FLAGS = [
    '--in',
    '--out',
    '--metadata',
    '--instruction',
    '--out-metadata',
    '--out-instruction',
    '--aes-key-file',
    '--rsa-key-file',
    '--kms-key-id',
    '--kms-endpoint',
    '--kms-region',
    '--context',
    '--legacy',
    '--commitment-policy',
    '--format',
    '--cse',
    '--sse',
    '--sse-kms-key-id',
    '--sse-kms-context',
    '--sse-c-key-file',
    '--raw',
    '--recursive',
    '--part-size',
    '--multipart-threshold',
    '--concurrency',
    '--json',
    '--instruction-file',
    '--help',
    '-h',
    '--no-such-flag',
    '-z',
    '--=',
    '--cse=aes',
  ];

  /** Everything a user could type: flags, values, fixture paths. */
  const token = () =>
    fc.oneof(
      fc.constantFrom(...FLAGS),
      fc.constantFrom(...VALUES),
      fc.constantFrom(...keyFiles, ...metaFiles, ...instrFiles),
      fc.string({ maxLength: 30 }),
    );

  const check = (argv: string[], o: Outcome) => {
    const where = `argv ${JSON.stringify(argv.map((a) => (a.length > 80 ? `${a.slice(0, 80)}…` : a)))}`;
    assert.ok([0, 1, 2].includes(o.code), `${where}: exit ${o.code}`);
    assert.doesNotMatch(o.stderr, CRASH, `${where}: crash output ${o.stderr.slice(0, 500)}`);
    if (o.code === 1)
      assert.match(
        o.stderr,
        /^[A-Za-z_]+: [^\n]*\n$/,
        `${where}: one typed line, got ${JSON.stringify(o.stderr.slice(0, 500))}`,
      );
    for (const s of secrets)
      assert.ok(!o.stderr.includes(s) && !o.stdout.includes(s), `${where}: key material in the output`);
  };

  it('decrypt: random arguments around hostile metadata, instruction and key files', async () => {
    const reached = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...metaFiles.map((_, i) => i)),
        fc.constantFrom(...keyFiles),
        fc.option(fc.constantFrom(...instrFiles)),
        // Half the runs without extra tokens, so most inputs get past the argument parser to the file parsers.
        fc.oneof(fc.constant([] as string[]), fc.array(token(), { maxLength: 6 })),
        async (meta, key, instr, extra) => {
          const outDir = mkdtempSync(join(dir, 'out-'));
          const argv = [
            'decrypt',
            '--metadata',
            metaFiles[meta],
            '--in',
            body,
            '--out',
            join(outDir, 'plain'),
            '--aes-key-file',
            key,
            ...(instr ? ['--instruction', instr] : []),
            ...extra,
          ];
          const o = await runMain(argv);
          check(argv, o);
          reached.add(o.code === 0 ? 'ok' : o.code === 2 ? 'usage' : o.stderr.slice(0, o.stderr.indexOf(':')));
          if (o.code !== 0)
            assert.deepEqual(readdirSync(outDir), [], `a failed decrypt left files: ${JSON.stringify(argv)}`);
          rmSync(outDir, { recursive: true, force: true });
        },
      ),
      { numRuns: 250 },
    );
    // The fuzz must get past argument parsing into the file parsers and the engine, not stop at the door.
    const seen = [...reached].join(', ');
    for (const type of ['usage', 'InvalidMetadata']) assert.ok(reached.has(type), `never reached ${type}: ${seen}`);
    assert.ok(
      reached.has('WrongKey') || reached.has('InvalidKeyMaterial'),
      `never reached the key parser's errors: ${seen}`,
    );
  });

  it('decrypt: the authentic inputs decrypt (control: the fuzz reaches the success path)', async () => {
    const outDir = mkdtempSync(join(dir, 'ok-'));
    const o = await runMain([
      'decrypt',
      '--metadata',
      metaFiles[0],
      '--in',
      body,
      '--out',
      join(outDir, 'plain'),
      '--aes-key-file',
      goodKey,
    ]);
    assert.equal(o.code, 0, o.stderr);
    assert.deepEqual(readdirSync(outDir), ['plain']);
  });

  it('encrypt: random arguments and key files', async () => {
    const plain = file('plain.txt', 'hello\n');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...keyFiles), fc.array(token(), { maxLength: 8 }), async (key, extra) => {
        const outDir = mkdtempSync(join(dir, 'enc-'));
        const argv = [
          'encrypt',
          '--in',
          plain,
          '--out',
          join(outDir, 'body'),
          '--out-metadata',
          join(outDir, 'meta.json'),
          '--aes-key-file',
          key,
          ...extra,
        ];
        check(argv, await runMain(argv));
        rmSync(outDir, { recursive: true, force: true });
      }),
      { numRuns: 200 },
    );
  });

  it('cp: random arguments fail or succeed before any request (missing source, unwritable destination)', async () => {
    const notAFolder = file('plain-file', 'x');
    const endpoint = ['--endpoint', 'http://127.0.0.1:1'];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<[string, string]>(
          [join(dir, 'no-such-file'), 's3://bucket/key'],
          [join(dir, 'no-such-dir'), 's3://bucket/prefix/'],
          ['s3://bucket/key', join(notAFolder, 'sub', 'out')],
        ),
        fc.array(token(), { maxLength: 8 }),
        async ([src, dst], extra) => {
          // Only the flags that keep s3enc off the network: the fuzz checks parsing, not S3.
          const args = extra.filter(
            (t) =>
              !['--endpoint', '--help', '-h', '--recursive'].includes(t) &&
              !t.startsWith('s3://') &&
              !t.startsWith('http'),
          );
          const argv = ['cp', src, dst, ...args, ...endpoint];
          check(argv, await runMain(argv));
        },
      ),
      { numRuns: 200 },
    );
  });
});
