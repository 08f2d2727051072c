// Engine behaviour a user notices: suppression comments, per-rule severity, rule selection, the
// "require SSE-KMS" setting, configurable emulator hosts, and silence for unsupported files.
import { strict as assert } from 'node:assert';
import { Analyzer } from '../../../src/core/analysis/engine';
import { detectLanguage } from '../../../src/core/analysis/languages/detect';

const PUT = `import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
const s3 = new S3Client({ endpoint: 'http://objects.corp.example' });
await s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', ServerSideEncryption: 'AES256' }));
`;

describe('analysis engine', function () {
  this.timeout(60_000);
  it('s3enc-disable-next-line silences the named rule on the next line only', async () => {
    const text = `const { S3Client } = require('@aws-sdk/client-s3');
// s3enc-disable-next-line s3-http-endpoint
const a = new S3Client({ endpoint: 'http://one.corp.example' });
const b = new S3Client({ endpoint: 'http://two.corp.example' });
`;
    const { findings } = await new Analyzer().analyze('x.js', text);
    assert.deepEqual(
      findings.map((f) => [f.rule, f.line]),
      [['s3-http-endpoint', 4]],
    );
  });

  it('a suppression naming another rule does not hide this one; an empty list hides all', async () => {
    const other = `# s3enc-disable-next-line s3-missing-sse\naws s3 ls --endpoint-url http://objects.corp.example\n`;
    assert.equal((await new Analyzer().analyze('x.sh', other)).findings.length, 1);
    const all = `# s3enc-disable-next-line\naws s3 ls --endpoint-url http://objects.corp.example\n`;
    assert.equal((await new Analyzer().analyze('x.sh', all)).findings.length, 0);
  });

  it('per-rule severity overrides apply, and off disables the rule', async () => {
    const err = await new Analyzer({ severities: { 's3-http-endpoint': 'error' } }).analyze('x.ts', PUT);
    assert.deepEqual(
      err.findings.map((f) => f.severity),
      ['error'],
    );
    const off = await new Analyzer({ severities: { 's3-http-endpoint': 'off' } }).analyze('x.ts', PUT);
    assert.equal(off.findings.length, 0);
  });

  it('s3-missing-sse is information by default and, with requireSseKms, a warning that also flags SSE-S3', async () => {
    const text = `s3.put_object(Bucket="b", Key="k")\ns3.put_object(Bucket="b", Key="k", ServerSideEncryption="AES256")\n`;
    const normal = await new Analyzer().analyze('x.py', text);
    assert.deepEqual(
      normal.findings.map((f) => [f.line, f.severity]),
      [[1, 'info']],
    );
    const strict = await new Analyzer({ requireSseKms: true }).analyze('x.py', text);
    assert.deepEqual(
      strict.findings.map((f) => [f.line, f.severity]),
      [
        [1, 'warning'],
        [2, 'warning'],
      ],
    );
    assert.deepEqual(
      strict.findings[0].fixes.map((f) => f.title),
      ["Add ServerSideEncryption 'aws:kms' with a key id"],
    );
  });

  it('emulator host names are configurable', async () => {
    const text = `aws s3 ls --endpoint-url http://ceph-rgw:8080\n`;
    assert.equal((await new Analyzer().analyze('x.sh', text)).findings.length, 1);
    assert.equal((await new Analyzer({ emulatorHosts: ['ceph-rgw'] }).analyze('x.sh', text)).findings.length, 0);
  });

  it('only the selected rules run', async () => {
    const { findings } = await new Analyzer({ rules: ['s3-missing-sse'] }).analyze('x.ts', PUT);
    assert.equal(findings.length, 0);
  });

  it('unsupported files are not analysed at all', async () => {
    assert.equal(detectLanguage('README.md', 'http://bucket.s3.amazonaws.com'), undefined);
    assert.equal(detectLanguage('data.json', '{"url": "http://bucket.s3.amazonaws.com"}'), undefined);
    assert.equal(detectLanguage('stack.json', '{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}'), 'cloudformation');
    assert.equal(detectLanguage('deploy', '#!/bin/bash\naws s3 ls'), 'shell');
    const r = await new Analyzer().analyze('notes.txt', 'aws s3 cp f s3://b/k --endpoint-url http://x.corp');
    assert.deepEqual(r, { language: undefined, findings: [] });
  });

  it('Terraform variable files, OpenTofu files and Serverless Framework files are analysed; other YAML is not', () => {
    assert.equal(detectLanguage('infra/terraform.tfvars', 's3_endpoint = "http://x"'), 'terraform');
    assert.equal(detectLanguage('infra/main.tofu', 'provider "aws" {}'), 'terraform');
    const serverless = 'service: api\nframeworkVersion: "3"\nprovider:\n  runtime: nodejs20.x\n  name: aws\n';
    assert.equal(detectLanguage('serverless.yml', serverless), 'cloudformation');
    assert.equal(detectLanguage('compose.yml', 'services:\n  app:\n    provider:\n      name: aws\n'), undefined);
  });

  it('reports 1-based lines and UTF-16 columns after non-ASCII text', async () => {
    for (const [path, text] of [
      ['x.py', `# café ☕ 🚀\nboto3.client("s3", endpoint_url="http://objects.corp.example")\n`],
      ['x.sh', `echo "ünïcödé 🚀"; aws s3 ls --endpoint-url http://objects.corp.example\n`],
    ] as const) {
      const { findings } = await new Analyzer().analyze(path, text);
      assert.equal(findings.length, 1, path);
      const f = findings[0];
      assert.equal(text.slice(f.start, f.end).replace(/^"|"$/g, ''), 'http://objects.corp.example', path);
    }
  });
});

describe('analysis engine: incremental TypeScript re-analysis', () => {
  it('after small edits, findings equal a fresh analysis of the same text', async () => {
    const base = `import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
const EP = 'http://objects.corp.example';
const s3 = new S3Client({ endpoint: EP });
const cmd = new PutObjectCommand({ Bucket: 'b', Key: 'k', SSECustomerAlgorithm: 'AES256', SSECustomerKey: key });
await s3.send(cmd);
await s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', ServerSideEncryption: 'AES-256' }));
`;
    const editor = new Analyzer();
    let text = base;
    await editor.analyze('inc.ts', text);
    const edits: Array<(t: string) => string> = [
      (t) => t.replace("'http://objects", "'https://objects"),
      (t) => t.replace("'AES-256'", "'AES256'"),
      (t) => t.replace("'https://objects", "'http://objects"),
      (t) => t.replace('await s3.send(cmd);', 'await other.send(cmd);'),
      (t) => t + 'new S3Client({ tls: false });\n',
    ];
    for (const edit of edits) {
      text = edit(text);
      const incremental = (await editor.analyze('inc.ts', text)).findings.map((f) => [f.rule, f.line, f.column]);
      const fresh = (await new Analyzer().analyze(`fresh-${Math.random()}.ts`, text)).findings.map((f) => [
        f.rule,
        f.line,
        f.column,
      ]);
      assert.deepEqual(incremental, fresh);
    }
  });
});
