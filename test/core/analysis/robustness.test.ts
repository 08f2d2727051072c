// The analyzer on hostile input, as CI meets it in code nobody vetted: half-typed code, a 4.9 MB minified bundle
// with thousands of S3 calls, nesting thousands of levels deep, a 5,000-term concatenation, binary and badly
// encoded files, a FIFO, files over the size limit. Each test asserts what a user sees: the findings of every file
// that can be analysed, and exactly one notice for each file that cannot. (No timing asserts: the mocha timeout
// is the bound; the quadratic and recursive code these inputs were built against needed minutes or lost the run.)
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Analyzer } from '../../../src/core/analysis/engine';
import { lintPaths } from '../../../src/core/analysis/lint-files';

const analyzer = new Analyzer();
const WORKER = join(__dirname, '..', '..', '..', 'src', 'core', 'analysis', 'worker', 'entry.ts');
const TSX = ['--require', require.resolve('tsx/cjs')];
const HTTP_CLIENT = "const s3 = new S3Client({ endpoint: 'http://objects.corp.example' });\n";

const HALF_TYPED: Array<[string, string]> = [
  [
    'a.ts',
    "const s3 = new S3Client({ endpoint: 'http://objects.corp.example', \nawait s3.send(new PutObjectCommand({ Bucket: ",
  ],
  ['a.py', 's3 = boto3.client("s3", endpoint_url="http://objects.corp.example"\ns3.put_object(Bucket="b", Key='],
  ['A.java', 'class A { void f() { S3Client.builder().endpointOverride(URI.create("http://objects.corp.example")).'],
  ['a.go', 'package m\nfunc f() { svc.PutObject(&s3.PutObjectInput{Bucket: aws.String("b"), '],
  ['a.tf', 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n'],
  ['a.sh', 'aws s3 cp f s3://b/k --sse "AES256'],
  ['t.yaml', 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n   Properties: [\n'],
  ['t.json', '{"Resources": {"B": {"Type": "AWS::S3::Bucket", '],
];

/** A minified bundle of about `size` characters on one line; every 4th statement is an S3 upload without SSE. */
function minifiedBundle(size: number): { text: string; uploads: number } {
  const parts = ['var AWS=require("aws-sdk");var s3=new AWS.S3({endpoint:"http://objects.corp.example"});'];
  let length = parts[0].length;
  let uploads = 0;
  for (let i = 0; length < size; i++) {
    const s =
      i % 4 === 0
        ? `s3.putObject({Bucket:"b",Key:"k${i}",Body:x${i}});`
        : `function f${i}(a,b){var c=a*3+b;return c>7?{t:c,o:!0}:{t:c,o:!1,n:"s${i}"}}`;
    if (i % 4 === 0) uploads++;
    parts.push(s);
    length += s.length;
  }
  return { text: parts.join(''), uploads };
}

describe('analyzer robustness', function () {
  this.timeout(180_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 's3enc-robust-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [path, text] of HALF_TYPED) {
    it(`half-typed ${path}: returns what the parser recovered, with no notice`, async () => {
      const r = await analyzer.analyze(path, text);
      assert.ok(Array.isArray(r.findings));
      assert.equal(r.notice, undefined);
    });
  }

  it('still finds the endpoint in a half-typed TypeScript client', async () => {
    const r = await analyzer.analyze(...HALF_TYPED[0]);
    assert.ok(r.findings.some((f) => f.rule === 's3-http-endpoint'));
  });

  it('a 4.9 MB minified bundle with thousands of S3 calls: every call found, each with a fix placed in its own list', async function () {
    // The old fix placement rescanned the line for every call: minutes on one-line files.
    this.timeout(90_000);
    const { text, uploads } = minifiedBundle(4_900_000);
    assert.ok(uploads > 8_000, `only ${uploads} uploads`);
    const { findings, notice } = await analyzer.analyze('bundle.min.js', text);
    assert.equal(notice, undefined);
    const missing = findings.filter((f) => f.rule === 's3-missing-sse');
    assert.equal(missing.length, uploads);
    assert.equal(findings.filter((f) => f.rule === 's3-http-endpoint').length, 1);
    // The last call's fix inserts right after its own Body, on the same line, in the one-line style.
    const last = missing[missing.length - 1];
    const edit = last.fixes[0].edits[0];
    assert.equal(last.line, 1);
    assert.match(text.slice(edit.start - 20, edit.start), /Body:x\d+$/);
    assert.equal(edit.newText, ", ServerSideEncryption: 'AES256'");
  });

  it('TS/JS nested 1,000 to 20,000 levels deep: one too-deep notice per file, no throw, and the analyzer goes on', async () => {
    const shapes = (n: number): Array<[string, string]> => [
      [`arrays${n}.js`, HTTP_CLIENT + 'const x = ' + '['.repeat(n) + '1' + ']'.repeat(n) + ';\n'],
      [`objects${n}.ts`, HTTP_CLIENT + 'const x = ' + '{a:'.repeat(n) + '1' + '}'.repeat(n) + ';\n'],
      [`calls${n}.ts`, HTTP_CLIENT + 'f('.repeat(n) + ')'.repeat(n) + ';\n'],
      [`blocks${n}.ts`, HTTP_CLIENT + 'if (x) {'.repeat(n) + '}'.repeat(n) + '\n'],
    ];
    for (const n of [1_000, 20_000]) {
      for (const [path, text] of shapes(n)) {
        const r = await analyzer.analyze(path, text);
        assert.deepEqual(r.findings, [], path);
        assert.equal(r.notice?.code, 'too-deep', path);
        assert.match(r.notice.message, new RegExp(`nest ${n.toLocaleString('en')} levels deep`));
      }
    }
    // Same file name, now shallow: the editor's incremental parser must not trip over the failed one.
    assert.deepEqual(
      (await analyzer.analyze('objects1000.ts', HTTP_CLIENT)).findings.map((f) => f.rule),
      ['s3-http-endpoint'],
    );
  });

  it('else-if chains and ternaries 10,000 deep (no brackets to count) end as a notice, not a lost run', async () => {
    const chain = HTTP_CLIENT + 'const v = ' + 'a ? b : '.repeat(10_000) + 'c;\n';
    const r = await analyzer.analyze('ternary.ts', chain);
    assert.equal(r.notice?.code, 'too-deep');
    const elseIf = HTTP_CLIENT + 'if (a) {}' + ' else if (a) {}'.repeat(10_000) + '\n';
    const e = await analyzer.analyze('elseif.ts', elseIf);
    // Either the parser copes or the file is reported; never an exception.
    assert.ok(e.notice?.code === 'too-deep' || e.findings.some((f) => f.rule === 's3-http-endpoint'));
  });

  it('a 5,000-term string concatenation is analysed: the finding after it is reported', async () => {
    const concat = `const label = ${Array.from({ length: 5_000 }, (_, i) => `'part${i}'`).join(' + ')};\n`;
    const r = await analyzer.analyze('concat.ts', concat + HTTP_CLIENT);
    assert.equal(r.notice, undefined);
    assert.deepEqual(
      r.findings.map((f) => [f.rule, f.line]),
      [['s3-http-endpoint', 2]],
    );
    const py = await analyzer.analyze(
      'concat.py',
      `label = ${Array.from({ length: 5_000 }, (_, i) => `"p${i}"`).join(' + ')}\nboto3.client("s3", verify=False)\n`,
    );
    assert.deepEqual(
      py.findings.map((f) => [f.rule, f.line]),
      [['s3-tls-disabled', 2]],
    );
  });

  it('shell nested 50,000 levels deep ($(...)): analysed, its finding reported', async function () {
    // A tree-sitter query cursor is quadratic in depth here (90 s); deep trees are walked instead.
    this.timeout(90_000);
    const text = 'x=' + '$('.repeat(50_000) + 'echo' + ')'.repeat(50_000) + '\naws s3 ls --no-verify-ssl\n';
    const r = await analyzer.analyze('deep.sh', text);
    assert.equal(r.notice, undefined);
    assert.deepEqual(
      r.findings.map((f) => [f.rule, f.line]),
      [['s3-tls-disabled', 2]],
    );
  });

  it('deep CloudFormation (10,000 nested JSON arrays) is refused before the YAML parser can abort the process', async () => {
    const text =
      '{"AWSTemplateFormatVersion":"2010-09-09","Resources":{"B":{"Type":"AWS::S3::Bucket","Properties":{"X":' +
      '['.repeat(10_000) +
      '1' +
      ']'.repeat(10_000) +
      '}}}}';
    const r = await analyzer.analyze('deep.json', text);
    assert.equal(r.notice?.code, 'too-deep');
  });

  it('a 50,000-line TypeScript file is analysed and its one problem found', async () => {
    const lines = Array.from({ length: 50_000 }, (_, i) => `export const v${i} = compute(${i}, 'label-${i}');`);
    lines[25_000] = "const s3 = new S3Client({ endpoint: 'http://objects.corp.example' });";
    const { findings } = await analyzer.analyze('big.ts', lines.join('\n'));
    assert.deepEqual(
      findings.map((f) => [f.rule, f.line]),
      [['s3-http-endpoint', 25_001]],
    );
  });

  it('a 50,000-line Python file is analysed', async () => {
    const lines = Array.from({ length: 50_000 }, (_, i) => `v${i} = compute(${i}, "label")`);
    lines.push('s3.put_object(Bucket="b", Key="k", ServerSideEncryption="AES-256")');
    const { findings } = await analyzer.analyze('big.py', lines.join('\n'));
    assert.deepEqual(
      findings.map((f) => f.rule),
      ['s3-invalid-sse-value'],
    );
  });

  it('binary content is one notice per file, never findings', async () => {
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 31) % 256)).toString('latin1');
    for (const path of ['blob.ts', 'blob.py', 'blob.sh', 'blob.tf']) {
      const r = await analyzer.analyze(path, bytes);
      assert.deepEqual(r.findings, []);
      assert.equal(r.notice?.code, 'binary');
    }
  });

  it('random garbage in every language never throws and never yields a notice other than binary', async () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const alphabet = '{}()[]<>"\'`$#\\/:;,.=+-*&|!? \n\tabcXYZ019_@';
    for (const path of ['g.ts', 'g.py', 'G.java', 'g.go', 'g.tf', 'g.sh', 'g.yaml', 'g.rb']) {
      for (let n = 0; n < 20; n++) {
        const text = Array.from({ length: 400 }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
        const r = await analyzer.analyze(
          path,
          path === 'g.yaml' ? `Resources:\n  X:\n    Type: AWS::S3::Bucket\n${text}` : text,
        );
        assert.equal(r.notice, undefined, `${path}: ${r.notice?.message}`);
      }
    }
  });

  describe('lintPaths: one bad file never costs the others their findings', () => {
    let tree: string;
    before(() => {
      tree = join(dir, 'tree');
      mkdirSync(join(tree, 'src'), { recursive: true });
      writeFileSync(join(tree, 'src', 'a-good.py'), 'import boto3\nboto3.client("s3", verify=False)\n');
      writeFileSync(
        join(tree, 'src', 'b-deep.ts'),
        HTTP_CLIENT + 'const x = ' + '['.repeat(5_000) + '1' + ']'.repeat(5_000) + ';\n',
      );
      writeFileSync(
        join(tree, 'src', 'c-concat.ts'),
        `const k = ${Array.from({ length: 5_000 }, (_, i) => `'p${i}'`).join(' + ')};\n` + HTTP_CLIENT,
      );
      writeFileSync(join(tree, 'src', 'd-binary.ts'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3]));
      // Latin-1 'é' in a comment: not UTF-8; analysed anyway, with a notice.
      writeFileSync(
        join(tree, 'src', 'e-latin1.sh'),
        Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\naws s3 ls --no-verify-ssl\n')]),
      );
      // UTF-16 with a byte-order mark decodes like UTF-8 text: no notice.
      writeFileSync(
        join(tree, 'src', 'f-utf16.py'),
        Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('boto3.client("s3", verify=False)\n', 'utf16le')]),
      );
      // Reading a FIFO waits for a writer forever: it must be reported, not read.
      execFileSync('mkfifo', [join(tree, 'src', 'g-pipe.ts')]);
      writeFileSync(join(tree, 'src', 'h-huge.js'), HTTP_CLIENT + ' '.repeat(5_100_000));
      symlinkSync(join(tree, 'nowhere.ts'), join(tree, 'src', 'i-dangling.ts'));
      writeFileSync(join(tree, 'src', 'z-last.tf'), 'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}\n');
    });

    const expectedNotices = [
      ['b-deep.ts', 'too-deep'],
      ['d-binary.ts', 'binary'],
      ['e-latin1.sh', 'encoding'],
      ['g-pipe.ts', 'not-a-file'],
      ['h-huge.js', 'too-large'],
    ];

    it('in this thread: findings of every readable file, one notice per bad one, in walk order', async () => {
      const run = await lintPaths([tree]);
      assert.deepEqual(
        run.results.map((r) => [r.file.slice(tree.length + 5), r.findings.map((f) => f.rule)]),
        [
          ['a-good.py', ['s3-tls-disabled']],
          ['c-concat.ts', ['s3-http-endpoint']],
          ['e-latin1.sh', ['s3-tls-disabled']],
          ['f-utf16.py', ['s3-tls-disabled']],
          ['z-last.tf', ['s3-bucket-no-tls-policy']],
        ],
      );
      assert.deepEqual(
        run.notices.map((n) => [n.file.slice(tree.length + 5), n.code]),
        expectedNotices,
      );
      assert.match(run.notices[4].message, /over the 5,000,000-byte limit/);
    });

    it('with a worker script, the file too deep for this thread is analysed in a worker with a big stack', async () => {
      const run = await lintPaths([tree], {}, { workerScript: WORKER, execArgv: TSX });
      assert.deepEqual(
        run.results.find((r) => r.file.endsWith('b-deep.ts'))?.findings.map((f) => f.rule),
        ['s3-http-endpoint'],
      );
      assert.deepEqual(
        run.notices.map((n) => n.code),
        ['binary', 'encoding', 'not-a-file', 'too-large'],
      );
    });

    it('a pool of workers reports the same findings and notices as this thread', async () => {
      const pooled = await lintPaths(
        [tree],
        {},
        { workerScript: WORKER, workers: 2, execArgv: TSX, bytesPerWorker: 1 },
      );
      const single = await lintPaths([tree], {}, { workerScript: WORKER, execArgv: TSX });
      assert.deepEqual(
        pooled.results.map((r) => [r.file, r.findings]),
        single.results.map((r) => [r.file, r.findings]),
      );
      assert.deepEqual(pooled.notices, single.notices);
    });

    it('a FIFO named on the command line is a notice; the other paths are still linted', async () => {
      const run = await lintPaths([join(tree, 'src', 'g-pipe.ts'), join(tree, 'src', 'a-good.py')]);
      assert.deepEqual(
        run.notices.map((n) => n.code),
        ['not-a-file'],
      );
      assert.deepEqual(
        run.results.map((r) => r.findings.map((f) => f.rule)),
        [['s3-tls-disabled']],
      );
    });
  });
});
