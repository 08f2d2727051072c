// `s3enc lint` when some files cannot be read or analysed: each becomes one notice (text output, stderr beside
// --format json, SARIF toolExecutionNotifications), every other file's findings are still reported, and the exit
// status says 0 clean / 1 findings / 2 usage or tool failure. Permission errors are real ones: as root (CI), the
// CLI runs as the unprivileged `nobody` user, because root reads through any mode bits.
import { strict as assert } from 'node:assert';
import { execFile, execFileSync, type ExecFileOptions } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'src', 'cli', 'bin.ts');
const NOBODY = 65534;

function s3enc(
  args: string[],
  cwd: string,
  unprivileged = false,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const options: ExecFileOptions = { cwd, maxBuffer: 32 << 20 };
  if (unprivileged && process.getuid?.() === 0)
    Object.assign(options, { uid: NOBODY, gid: NOBODY, env: { ...process.env, HOME: tmpdir() } });
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--require', require.resolve('tsx/cjs'), BIN, ...args],
      options,
      (err, stdout, stderr) => {
        resolve({
          code: err ? (typeof err.code === 'number' ? err.code : 1) : 0,
          stdout: String(stdout),
          stderr: String(stderr),
        });
      },
    );
  });
}

describe('cli: s3enc lint notices and exit codes', function () {
  this.timeout(120_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 's3enc-lint-notices-'));
    chmodSync(dir, 0o755);
    for (const d of ['src', 'locked', 'listonly', 'clean']) mkdirSync(join(dir, d));
    writeFileSync(
      join(dir, 'src', 'upload.py'),
      'import boto3\ns3 = boto3.client("s3", endpoint_url="http://objects.corp.example")\n',
    );
    writeFileSync(join(dir, 'src', 'secret.ts'), "new S3Client({ endpoint: 'http://objects.corp.example' });\n");
    writeFileSync(join(dir, 'locked', 'hidden.sh'), 'aws s3 ls --no-verify-ssl\n');
    writeFileSync(join(dir, 'listonly', 'seen.tf'), 'resource "aws_s3_bucket" "b" {}\n');
    writeFileSync(
      join(dir, 'src', 'deep.json'),
      '{"AWSTemplateFormatVersion":"2010-09-09","Resources":{"B":{"Type":"AWS::S3::Bucket","Properties":{"X":' +
        '['.repeat(10_000) +
        '1' +
        ']'.repeat(10_000) +
        '}}}}',
    );
    writeFileSync(join(dir, 'clean', 'ok.py'), 'print("no S3 here")\n');
    writeFileSync(join(dir, 'clean', 'blob.ts'), Buffer.from([0, 1, 2, 3, 0, 255]));
    for (const f of [
      'src/upload.py',
      'locked/hidden.sh',
      'listonly/seen.tf',
      'src/deep.json',
      'clean/ok.py',
      'clean/blob.ts',
    ])
      chmodSync(join(dir, f), 0o644);
    for (const d of ['src', 'clean']) chmodSync(join(dir, d), 0o755);
    chmodSync(join(dir, 'src', 'secret.ts'), 0o000); // unreadable file
    chmodSync(join(dir, 'locked'), 0o000); // unlistable folder
    chmodSync(join(dir, 'listonly'), 0o644); // names can be listed, but nothing in it can be opened
  });

  after(() => {
    for (const d of ['locked', 'listonly']) chmodSync(join(dir, d), 0o755);
    rmSync(dir, { recursive: true, force: true });
  });

  it('the permissions really deny this user (the test is not vacuous)', () => {
    const probe = `try { require('fs').readFileSync(${JSON.stringify(join(dir, 'src', 'secret.ts'))}); console.log('readable') } catch (e) { console.log(e.code) }`;
    const asUser = process.getuid?.() === 0 ? { uid: NOBODY, gid: NOBODY } : {};
    assert.equal(execFileSync(process.execPath, ['-e', probe], { ...asUser, encoding: 'utf8' }).trim(), 'EACCES');
  });

  it('json: stdout is the findings array of the readable files; each unreadable path is one notice line on stderr; exit 1', async () => {
    const r = await s3enc(['lint', '.', '--format', 'json'], dir, true);
    assert.equal(r.code, 1, r.stderr);
    const findings = JSON.parse(r.stdout) as Array<{ file: string; rule: string }>;
    assert.deepEqual(
      findings.map((f) => [f.file, f.rule]),
      [['src/upload.py', 's3-http-endpoint']],
    );
    const lines = r.stderr.trim().split('\n');
    assert.deepEqual(
      lines.map((l) => /^s3enc lint: notice: (\S+): .* \[([a-z-]+)\]$/.exec(l)?.slice(1)),
      [
        ['clean/blob.ts', 'binary'],
        ['listonly/seen.tf', 'unreadable'],
        ['locked', 'unreadable'],
        ['src/deep.json', 'too-deep'],
        ['src/secret.ts', 'unreadable'],
      ],
    );
    assert.match(r.stderr, /locked: cannot list this folder \(EACCES/);
    assert.match(r.stderr, /src\/secret\.ts: cannot be read \(EACCES/);
  });

  it('text: findings, then one notice line per path, and a summary that counts them', async () => {
    const r = await s3enc(['lint', '.'], dir, true);
    assert.equal(r.code, 1);
    const out = r.stdout.trim().split('\n');
    assert.match(out[0], /^src\/upload\.py:2:\d+ +warning +.*\[s3-http-endpoint\]$/);
    assert.deepEqual(
      out.slice(1, -1).map((l) => l.split(/ +/)[0]),
      ['clean/blob.ts', 'listonly/seen.tf', 'locked', 'src/deep.json', 'src/secret.ts'],
    );
    assert.ok(out.slice(1, -1).every((l) => / notice /.test(l)));
    assert.match(
      out[out.length - 1],
      /^1 finding in \d+ analysed files?; 5 notices \(not analysed or only partly\)\.$/,
    );
    assert.equal(r.stderr, '');
  });

  it('sarif: notices are invocations[0].toolExecutionNotifications, valid against the SARIF 2.1.0 schema', async () => {
    const r = await s3enc(['lint', '.', '--format', 'sarif'], dir, true);
    assert.equal(r.code, 1);
    const log = JSON.parse(r.stdout) as {
      runs: Array<{
        results: Array<{ ruleId: string }>;
        invocations: Array<{
          executionSuccessful: boolean;
          toolExecutionNotifications: Array<{
            level: string;
            descriptor: { id: string };
            locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>;
          }>;
        }>;
      }>;
    };
    const schema = JSON.parse(
      readFileSync(join(ROOT, 'test', 'fixtures', 'lint', 'sarif-schema-2.1.0.json'), 'utf8'),
    ) as object;
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    const run = log.runs[0];
    assert.deepEqual(
      run.results.map((x) => x.ruleId),
      ['s3-http-endpoint'],
    );
    const notes = run.invocations[0].toolExecutionNotifications;
    assert.deepEqual(
      notes.map((n) => [n.locations[0].physicalLocation.artifactLocation.uri, n.descriptor.id, n.level]),
      [
        ['clean/blob.ts', 'binary', 'warning'],
        ['listonly/seen.tf', 'unreadable', 'warning'],
        ['locked', 'unreadable', 'warning'],
        ['src/deep.json', 'too-deep', 'warning'],
        ['src/secret.ts', 'unreadable', 'warning'],
      ],
    );
  });

  it('exit 0 when nothing is at or above --fail-on, even with notices', async () => {
    const r = await s3enc(['lint', 'clean'], dir);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /clean\/blob\.ts +notice +binary content/);
  });

  it('exit 2 for a path that does not exist (a typed line) and for usage errors; never 1, which means findings', async () => {
    const missing = await s3enc(['lint', 'src', 'nope'], dir);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, 'PathNotFound: nope: no such file or directory\n');
    const bad = await s3enc(['lint', '--fail-on', 'sometimes'], dir);
    assert.equal(bad.code, 2);
  });

  it('--help names every language, the notices and the exit codes', async () => {
    const r = await s3enc(['lint', '--help'], dir);
    assert.equal(r.code, 0);
    for (const lang of [
      'TypeScript/JavaScript',
      'Python',
      'Java',
      'Go',
      'Ruby',
      'shell',
      'Terraform',
      'CloudFormation',
    ])
      assert.ok(r.stdout.includes(lang), lang);
    assert.match(r.stdout, /toolExecutionNotifications/);
    assert.match(r.stdout, /Exit status: 0 .* 1 findings .*\n?.*2 usage error/s);
  });
});
