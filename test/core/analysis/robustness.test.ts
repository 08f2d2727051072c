// The analyzer never throws on bad input and finishes: half-typed code, invalid syntax, a 50k-line file,
// binary data and minified bundles. (No timing asserts; the mocha timeout is the bound.)
import { strict as assert } from 'node:assert';
import { Analyzer } from '../../../src/core/analysis/engine';

const analyzer = new Analyzer();

const HALF_TYPED: Array<[string, string]> = [
  ['a.ts', "const s3 = new S3Client({ endpoint: 'http://objects.corp.example', \nawait s3.send(new PutObjectCommand({ Bucket: "],
  ['a.py', 's3 = boto3.client("s3", endpoint_url="http://objects.corp.example"\ns3.put_object(Bucket="b", Key='],
  ['A.java', 'class A { void f() { S3Client.builder().endpointOverride(URI.create("http://objects.corp.example")).'],
  ['a.go', 'package m\nfunc f() { svc.PutObject(&s3.PutObjectInput{Bucket: aws.String("b"), '],
  ['a.tf', 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n'],
  ['a.sh', 'aws s3 cp f s3://b/k --sse "AES256'],
  ['t.yaml', 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n   Properties: [\n'],
  ['t.json', '{"Resources": {"B": {"Type": "AWS::S3::Bucket", '],
];

describe('analyzer robustness', function () {
  // A bound, not a timing assert: the shared CI machine can be slow, but the analyzer must finish.
  this.timeout(180_000);
  for (const [path, text] of HALF_TYPED) {
    it(`half-typed ${path}: returns findings it can recover without throwing`, async () => {
      const r = await analyzer.analyze(path, text);
      assert.ok(Array.isArray(r.findings));
    });
  }

  it('still finds the endpoint in a half-typed TypeScript client', async () => {
    const r = await analyzer.analyze(...HALF_TYPED[0]!);
    assert.ok(r.findings.some((f) => f.rule === 's3-http-endpoint'));
  });

  it('a 50,000-line TypeScript file is analysed and its one problem found', async () => {
    const lines = Array.from({ length: 50_000 }, (_, i) => `export const v${i} = compute(${i}, 'label-${i}');`);
    lines[25_000] = "const s3 = new S3Client({ endpoint: 'http://objects.corp.example' });";
    const { findings } = await analyzer.analyze('big.ts', lines.join('\n'));
    assert.deepEqual(findings.map((f) => [f.rule, f.line]), [['s3-http-endpoint', 25_001]]);
  });

  it('a 50,000-line Python file is analysed', async () => {
    const lines = Array.from({ length: 50_000 }, (_, i) => `v${i} = compute(${i}, "label")`);
    lines.push('s3.put_object(Bucket="b", Key="k", ServerSideEncryption="AES-256")');
    const { findings } = await analyzer.analyze('big.py', lines.join('\n'));
    assert.deepEqual(findings.map((f) => f.rule), ['s3-invalid-sse-value']);
  });

  it('binary content is skipped', async () => {
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 31) % 256)).toString('latin1');
    for (const path of ['blob.ts', 'blob.py', 'blob.sh', 'blob.tf']) {
      assert.deepEqual((await analyzer.analyze(path, bytes)).findings, []);
    }
  });

  it('a minified one-line bundle is analysed', async () => {
    const chunk = 'function a(b){return b+1}var c={d:1,e:"f"};';
    const text = chunk.repeat(20_000) + 'new S3Client({endpoint:"http://objects.corp.example",tls:!1});';
    const { findings } = await analyzer.analyze('bundle.min.js', text);
    assert.deepEqual(findings.map((f) => f.rule), ['s3-http-endpoint']);
  });

  it('random garbage in every language never throws', async () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const alphabet = '{}()[]<>"\'`$#\\/:;,.=+-*&|!? \n\tabcXYZ019_@';
    for (const path of ['g.ts', 'g.py', 'G.java', 'g.go', 'g.tf', 'g.sh', 'g.yaml']) {
      for (let n = 0; n < 20; n++) {
        const text = Array.from({ length: 400 }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
        await analyzer.analyze(path, path === 'g.yaml' ? `Resources:\n  X:\n    Type: AWS::S3::Bucket\n${text}` : text);
      }
    }
  });
});
