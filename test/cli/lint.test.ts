// `s3enc lint` end to end through the real entry point (src/cli/bin.ts under tsx): formats, exit codes,
// .gitignore handling, rule selection, and SARIF validated against the official SARIF 2.1.0 schema.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { RULE_IDS } from '../../src/core/analysis/types';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'src', 'cli', 'bin.ts');

function s3enc(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--require', require.resolve('tsx/cjs'), BIN, ...args],
      { cwd, maxBuffer: 32 << 20 },
      (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

describe('cli: s3enc lint', function () {
  this.timeout(60_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 's3enc-lint-'));
    mkdirSync(join(dir, 'src'));
    mkdirSync(join(dir, 'ignored'));
    mkdirSync(join(dir, 'infra'));
    writeFileSync(join(dir, '.gitignore'), 'ignored/\n*.generated.py\n');
    writeFileSync(
      join(dir, 'src', 'upload.py'),
      'import boto3\ns3 = boto3.client("s3", endpoint_url="http://objects.corp.example")\ns3.put_object(Bucket="b", Key="k")\n',
    );
    writeFileSync(join(dir, 'src', 'only-info.py'), 's3.put_object(Bucket="b", Key="k")\n');
    writeFileSync(join(dir, 'src', 'out.generated.py'), 'boto3.client("s3", verify=False)\n');
    writeFileSync(join(dir, 'ignored', 'x.sh'), 'aws s3 ls --no-verify-ssl\n');
    writeFileSync(join(dir, 'infra', 'main.tf'), 'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}\n');
    writeFileSync(join(dir, 'README.md'), 'Use http://bucket.s3.amazonaws.com\n');
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('json: the design.md shape, paths as given, .gitignore respected, exit 1 on warnings', async () => {
    const r = await s3enc(['lint', 'src', 'infra', '--format', 'json'], dir);
    assert.equal(r.code, 1, r.stderr);
    const findings = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    assert.deepEqual(
      findings.map((f) => [f.file, f.line, f.rule, f.severity]),
      [
        ['src/only-info.py', 1, 's3-missing-sse', 'info'],
        ['src/upload.py', 2, 's3-http-endpoint', 'warning'],
        ['src/upload.py', 3, 's3-missing-sse', 'info'],
        ['infra/main.tf', 1, 's3-bucket-no-tls-policy', 'warning'],
      ],
    );
    for (const f of findings)
      assert.deepEqual(Object.keys(f).sort(), [
        'column',
        'endColumn',
        'endLine',
        'file',
        'line',
        'message',
        'rule',
        'severity',
      ]);
    assert.deepEqual([findings[1].column, findings[1].endLine], [38, 2]);
  });

  it('--fail-on: info-only findings pass by default and fail with --fail-on info; --fail-on error ignores warnings', async () => {
    assert.equal((await s3enc(['lint', 'src/only-info.py'], dir)).code, 0);
    assert.equal((await s3enc(['lint', 'src/only-info.py', '--fail-on', 'info'], dir)).code, 1);
    assert.equal((await s3enc(['lint', 'infra', '--fail-on', 'error'], dir)).code, 0);
  });

  it('--rules limits the run; text output names file:line:col, severity and rule', async () => {
    const r = await s3enc(['lint', '.', '--rules', 's3-http-endpoint'], dir);
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /^src\/upload\.py:2:38 +warning +S3 traffic to objects\.corp\.example .*\[s3-http-endpoint\]$/m,
    );
    assert.doesNotMatch(r.stdout, /s3-missing-sse|ignored|generated/);
    assert.match(r.stdout, /^1 finding in \d+ analysed files\.$/m);
  });

  it('sarif: valid against the official SARIF 2.1.0 schema, with rules, regions and fixes', async () => {
    const r = await s3enc(['lint', 'src', 'infra', '--format', 'sarif'], dir);
    const log = JSON.parse(r.stdout) as {
      runs: Array<{
        results: Array<{
          ruleId: string;
          level: string;
          fixes?: unknown[];
          locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }>;
        }>;
        tool: { driver: { rules: Array<{ id: string; helpUri: string }> } };
      }>;
    };
    const schema = JSON.parse(
      readFileSync(join(ROOT, 'test', 'fixtures', 'lint', 'sarif-schema-2.1.0.json'), 'utf8'),
    ) as object;
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    const results = log.runs[0].results;
    assert.deepEqual(
      results.map((x) => [
        x.ruleId,
        x.level,
        x.locations[0].physicalLocation.artifactLocation.uri,
        x.locations[0].physicalLocation.region.startLine,
      ]),
      [
        ['s3-missing-sse', 'note', 'src/only-info.py', 1],
        ['s3-http-endpoint', 'warning', 'src/upload.py', 2],
        ['s3-missing-sse', 'note', 'src/upload.py', 3],
        ['s3-bucket-no-tls-policy', 'warning', 'infra/main.tf', 1],
      ],
    );
    assert.ok(results[1].fixes?.length, 'the http->https fix is exported');
    assert.equal(log.runs[0].tool.driver.rules.length, RULE_IDS.length);
    assert.ok(log.runs[0].tool.driver.rules.every((x) => x.helpUri.endsWith(`docs/rules/${x.id}.md`)));
  });

  it('the schema check really rejects a broken log', () => {
    const schema = JSON.parse(
      readFileSync(join(ROOT, 'test', 'fixtures', 'lint', 'sarif-schema-2.1.0.json'), 'utf8'),
    ) as object;
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    assert.equal(
      ajv.compile(schema)({ version: '2.1.0', runs: [{ results: [{ message: { text: 'x' }, level: 'fatal' }] }] }),
      false,
    );
  });

  it('walks into extension-less shell scripts (shebang) and skips other files unread', async () => {
    mkdirSync(join(dir, 'bin'), { recursive: true });
    writeFileSync(join(dir, 'bin', 'deploy'), '#!/bin/bash\naws s3 ls --no-verify-ssl\n');
    writeFileSync(join(dir, 'bin', 'notes.txt'), 'aws s3 ls --no-verify-ssl\n');
    const r = await s3enc(['lint', 'bin', '--format', 'json'], dir);
    assert.deepEqual(
      (JSON.parse(r.stdout) as Array<{ file: string; rule: string }>).map((f) => [f.file, f.rule]),
      [['bin/deploy', 's3-tls-disabled']],
    );
  });

  it('usage errors exit 2; a missing path is a typed one-line error, exit 2 (1 means findings)', async () => {
    const bad = await s3enc(['lint', '--format', 'xml'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--format must be text, json or sarif/);
    const rule = await s3enc(['lint', '--rules', 's3-nope'], dir);
    assert.equal(rule.code, 2);
    assert.match(rule.stderr, /unknown rule 's3-nope'/);
    const missing = await s3enc(['lint', 'nope'], dir);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, 'PathNotFound: nope: no such file or directory\n');
  });
});
