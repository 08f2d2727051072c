// Listing benchmark on a 100,000-object bucket in the local Ceph RGW, against the AWS CLI in the same run:
// - time to the first page of the explorer tree (connection → bucket → folder → first page);
// - time and peak RSS to page through all 100k keys (our core listing, as `s3enc ls` and "Load more" use it)
//   next to `/usr/bin/aws s3api list-objects-v2` (Debian awscli) paging the same bucket;
// - HeadObject classification throughput at the default concurrency (8), plus 1 and 32 for context.
// The bucket is seeded once with parallel PUTs and reused across runs (a marker object says it is complete).
// Prints a markdown table and replaces the "Listing" section of BENCHMARKS.md.
import { HeadObjectCommand, PutObjectCommand, CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ClassificationScheduler } from '../src/core/s3/classification-scheduler';
import { classifyObjectEncryption } from '../src/core/s3/classify-object';
import { ClientPool } from '../src/core/s3/client-pool';
import { listObjectsPage } from '../src/core/s3/listing';
import { mapWithConcurrency } from '../src/core/s3/object-listing-report';
import { ExplorerModel } from '../src/vscode/explorer/model/explorer-model';
import type { ExplorerNode } from '../src/vscode/explorer/model/nodes';
import { liveEnv } from '../tools/live/live-env';
import { liveConnection } from '../tools/live/s3-test-bucket';

const run = promisify(execFile);
const ROOT = join(__dirname, '..');
const COUNT = Number(process.env.S3ENC_BENCH_LISTING_COUNT ?? 100_000);
const BUCKET = `s3enc-bench-listing-${COUNT}`;
const MARKER = `_seeded-${COUNT}`;
const key = (i: number): string => `k/${String(i).padStart(6, '0')}`;

function pool(): ClientPool {
  return new ClientPool(liveConnection(), { secretAccessKey: liveEnv().secretAccessKey, maxAttempts: 5 });
}

async function exists(client: S3Client, k: string): Promise<boolean> {
  try {
    await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: k }));
    return true;
  } catch (err) {
    if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
    throw err;
  }
}

async function seed(client: S3Client): Promise<string> {
  try {
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw err;
  }
  if (await exists(client, MARKER)) return 'reused';
  const started = Date.now();
  const indexes = Array.from({ length: COUNT }, (_, i) => i);
  await mapWithConcurrency(indexes, 64, (i) =>
    client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key(i), Body: `object ${i}` })),
  );
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: MARKER, Body: new Date().toISOString() }));
  return `seeded in ${((Date.now() - started) / 1000).toFixed(0)} s`;
}

/** Explorer: from a fresh model to the first page of the folder holding the 100k keys. */
async function timeToFirstTreePage(): Promise<{ ms: number; items: number }> {
  const p = pool();
  const started = performance.now();
  const model = new ExplorerModel({ getConnections: () => [p.connection], getPool: async () => p }, () => ({
    pageSize: 200,
    headObjectConcurrency: 8,
    classifyObjects: true,
  }));
  const [conn] = await model.getChildren();
  const bucket = (await model.getChildren(conn)).find((n) => n.kind === 'bucket' && n.bucket === BUCKET);
  if (!bucket) throw new Error(`bucket ${BUCKET} not in the tree`);
  const folder = (await model.getChildren(bucket)).find((n) => n.kind === 'folder' && n.prefix === 'k/');
  if (!folder) throw new Error('folder k/ not in the tree');
  const page: ExplorerNode[] = await model.getChildren(folder);
  const ms = performance.now() - started;
  await model.whenClassified(); // let the page's HeadObjects finish before the next measurement
  model.dispose();
  p.dispose();
  return { ms, items: page.filter((n) => n.kind === 'object').length };
}

/** Child-process mode: page through every key with the core listing; prints JSON with time and peak RSS. */
async function pageAllChild(): Promise<void> {
  const p = pool();
  const client = p.client();
  const started = performance.now();
  let token: string | undefined;
  let keys = 0;
  let pages = 0;
  do {
    const page = await listObjectsPage(client, {
      bucket: BUCKET,
      prefix: 'k/',
      recursive: true,
      pageSize: 1000,
      continuationToken: token,
    });
    keys += page.objects.length;
    pages++;
    token = page.nextToken;
  } while (token);
  const ms = performance.now() - started;
  p.dispose();
  process.stdout.write(JSON.stringify({ ms, keys, pages, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
}

/** Child-process mode: the explorer model holding all 100k nodes after "Load more" clicks (no classification). */
async function treeAllChild(): Promise<void> {
  const p = pool();
  const model = new ExplorerModel({ getConnections: () => [p.connection], getPool: async () => p }, () => ({
    pageSize: 1000,
    headObjectConcurrency: 8,
    classifyObjects: false,
  }));
  const started = performance.now();
  const folder: ExplorerNode = {
    kind: 'folder',
    id: `f/${p.connection.id}/${BUCKET}/k/`,
    connectionId: p.connection.id,
    bucket: BUCKET,
    prefix: 'k/',
  };
  let children = await model.getChildren(folder);
  for (
    let more = children.find((n) => n.kind === 'loadMore');
    more && more.kind === 'loadMore';
    more = children.find((n) => n.kind === 'loadMore')
  ) {
    await model.loadMore(more.container);
    children = await model.getChildren(folder);
  }
  const ms = performance.now() - started;
  process.stdout.write(
    JSON.stringify({
      ms,
      keys: children.filter((n) => n.kind === 'object').length,
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
    }),
  );
  model.dispose();
  p.dispose();
}

/** Runs a child mode; `wallMs` includes starting Node + tsx, like the AWS CLI's time includes Python's start. */
async function child(mode: string): Promise<{ ms: number; wallMs: number; keys: number; maxRssMiB: number }> {
  const started = performance.now();
  const { stdout } = await run(process.execPath, ['--import', 'tsx', __filename, `--child=${mode}`], {
    cwd: ROOT,
    env: process.env,
    maxBuffer: 1 << 20,
  });
  const wallMs = performance.now() - started;
  return { ...(JSON.parse(stdout) as { ms: number; keys: number; maxRssMiB: number }), wallMs };
}

async function awsCliPageAll(): Promise<{ ms: number; keys: number; maxRssMiB: number }> {
  const env = liveEnv();
  const started = performance.now();
  const { stdout, stderr } = await run(
    '/usr/bin/time',
    [
      '-f',
      '%M',
      '/usr/bin/aws',
      's3api',
      'list-objects-v2',
      '--bucket',
      BUCKET,
      '--prefix',
      'k/',
      '--page-size',
      '1000',
      '--endpoint-url',
      env.s3Endpoint,
      '--query',
      'length(Contents)',
      '--output',
      'text',
    ],
    {
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: env.accessKeyId,
        AWS_SECRET_ACCESS_KEY: env.secretAccessKey,
        AWS_DEFAULT_REGION: env.region,
        AWS_PAGER: '',
      },
      maxBuffer: 64 << 20,
    },
  );
  const ms = performance.now() - started;
  const rssKiB = Number(stderr.trim().split('\n').pop());
  // With --query the CLI prints one count per page it fetched.
  const keys = stdout
    .trim()
    .split(/\s+/)
    .reduce((sum, n) => sum + Number(n), 0);
  return { ms, keys, maxRssMiB: rssKiB / 1024 };
}

async function classificationThroughput(concurrency: number, n: number): Promise<number> {
  const p = pool();
  const scheduler = new ClassificationScheduler(
    (t) => classifyObjectEncryption(p.client(), t.bucket, t.key),
    concurrency,
  );
  const started = performance.now();
  scheduler.request(
    Array.from({ length: n }, (_, i) => ({
      connectionId: 'bench',
      bucket: BUCKET,
      key: key(50_000 + i),
      etag: `${concurrency}`,
    })),
  );
  await scheduler.whenIdle();
  const seconds = (performance.now() - started) / 1000;
  p.dispose();
  return n / seconds;
}

function replaceSection(body: string): void {
  const file = join(ROOT, 'BENCHMARKS.md');
  const text = readFileSync(file, 'utf8');
  const heading = '## Listing (explorer, `s3enc ls`) vs AWS CLI';
  const start = text.indexOf(heading);
  if (start < 0) return console.error(`BENCHMARKS.md has no "${heading}" section; not updated`);
  const next = text.indexOf('\n## ', start + heading.length);
  const end = next < 0 ? text.length : next + 1;
  writeFileSync(file, `${text.slice(0, start)}${heading}\n\n${body}\n\n${text.slice(end)}`);
}

const best = <T extends { ms: number }>(runs: T[]): T => runs.reduce((a, b) => (b.ms < a.ms ? b : a));

async function main(): Promise<void> {
  const childMode = process.argv.find((a) => a.startsWith('--child='))?.slice('--child='.length);
  if (childMode === 'page-all') return pageAllChild();
  if (childMode === 'tree-all') return treeAllChild();

  const p = pool();
  const seeding = await seed(p.client());
  p.dispose();
  console.error(`bench listing: bucket ${BUCKET} ${seeding}`);

  const firstPage = best([await timeToFirstTreePage(), await timeToFirstTreePage(), await timeToFirstTreePage()]);
  const ours = best([await child('page-all'), await child('page-all')]);
  const tree = await child('tree-all');
  const peer = best([await awsCliPageAll(), await awsCliPageAll()]);
  for (const r of [ours, tree, peer])
    if (r.keys !== COUNT) throw new Error(`expected ${COUNT} keys, a run saw ${r.keys}`);
  const heads = {
    c1: await classificationThroughput(1, 300),
    c8: await classificationThroughput(8, 2000),
    c32: await classificationThroughput(32, 2000),
  };

  const s = (ms: number): string => (ms / 1000).toFixed(2);
  const body = [
    `${COUNT.toLocaleString('en-US')} objects in one folder of the local Ceph RGW (memstore, loopback HTTP), bucket ${seeding === 'reused' ? 'reused from an earlier run' : seeding}.`,
    `Pages of 1,000 keys for the full listing (both tools). Best of 2–3 runs; peak RSS is the whole process's. Measured ${new Date().toISOString().slice(0, 10)} on the 2-core machine while other jobs ran.`,
    '',
    '| measurement | s3enc | `/usr/bin/aws s3api list-objects-v2` (awscli 2.9.19) |',
    '| --- | --- | --- |',
    `| time to first tree page (fresh model → connection → bucket → folder → first 200 objects) | ${firstPage.ms.toFixed(0)} ms (${firstPage.items} objects) | – |`,
    `| page through all ${COUNT.toLocaleString('en-US')} keys (core listing, as \`s3enc ls\` uses it), wall clock incl. process start | ${s(ours.wallMs)} s (listing alone ${s(ours.ms)} s), peak RSS ${ours.maxRssMiB.toFixed(0)} MiB | ${s(peer.ms)} s, peak RSS ${peer.maxRssMiB.toFixed(0)} MiB |`,
    `| explorer model holding all ${COUNT.toLocaleString('en-US')} nodes ("Load more" ×${Math.ceil(COUNT / 1000)}, classification off) | ${s(tree.ms)} s, peak RSS ${tree.maxRssMiB.toFixed(0)} MiB | – |`,
    `| HeadObject classification, default concurrency 8 | ${heads.c8.toFixed(0)} objects/s | – |`,
    `| … concurrency 1 / 32 | ${heads.c1.toFixed(0)} / ${heads.c32.toFixed(0)} objects/s | – |`,
    '',
    'The tree only ever loads the pages a user asks for (200 keys by default), so a 100k bucket costs one page until',
    '"Load more…" is clicked; classification runs only for objects on loaded pages. A bare Node + tsx child process',
    'idles at about 87 MiB RSS; the s3enc rows include that.',
    '',
    'Run: `npm run bench -- listing`. Seeding 100k objects (64 parallel PUTs) takes about 11 minutes on a fresh RGW on this',
    "machine, which is most of the benchmark's time; the bucket is reused when `S3ENC_LIVE_ENV` points at a running RGW",
    '(`node tools/local-s3/dev-up.mjs`), and the measurements themselves take about 1 minute. `S3ENC_BENCH_LISTING_COUNT` changes the size.',
  ].join('\n');
  console.log(body);
  replaceSection(body);
}

main().catch((e: Error) => {
  console.error(e.stack ?? e.message);
  process.exit(1);
});
