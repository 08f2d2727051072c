// Listing benchmark on one folder of 20,000 keys (S3ENC_BENCH_LISTING_COUNT) in the local Ceph RGW.
// 1. Whole processes, the same keys, in alternating rounds (median of S3ENC_BENCH_LISTING_ROUNDS, default 3), wall
//    clock from spawn to exit and peak RSS from /usr/bin/time:
//    - `/usr/bin/aws s3api list-objects-v2` paging through every key (the peer);
//    - `s3enc ls --recursive --json` as shipped: no inventory on this bucket, so one HeadObject per key;
//    - the same with `--no-classify` (a plain listing);
//    - the same with encryption from an S3 Inventory report: `--manifest` straight at RGW, and found the way ls finds
//      one by default (ListBucketInventoryConfigurations, answered by the inventory-configuration stand-in, a local
//      proxy in front of RGW, because RGW lacks the API). The report is written in AWS's format by tools/inventory
//      from the bucket's real keys and ETags, as the audit tests do.
// 2. The explorer and library figures, labelled as what they are: time to the first tree page, the core listing
//    function alone, the model holding every node, HeadObject classification throughput.
// The bucket is seeded once with parallel PUTs and reused (a marker object says it is complete).
// Prints a markdown table and replaces the "Listing" section of BENCHMARKS.md.
import { CreateBucketCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClassificationScheduler } from '../src/core/s3/classification-scheduler';
import { classifyObjectEncryption } from '../src/core/s3/classify-object';
import { ClientPool } from '../src/core/s3/client-pool';
import { listObjectsPage, type ObjectSummary } from '../src/core/s3/listing';
import { mapWithConcurrency } from '../src/core/s3/object-listing-report';
import { ExplorerModel } from '../src/vscode/explorer/model/explorer-model';
import type { ExplorerNode } from '../src/vscode/explorer/model/nodes';
import { publishReport } from '../test/core/audit/support/publish-report';
import { inventoryConfigurationXml, startInventoryStandIn } from '../tools/inventory/inventory-config-stand-in';
import type { SyntheticRow } from '../tools/inventory/synthetic-rows';
import { liveEnv } from '../tools/live/live-env';
import { liveConnection } from '../tools/live/s3-test-bucket';
import { awsCliEnv } from './support/aws-cli-env';
import {
  alternate,
  median,
  replaceBenchmarksSection,
  runMeasured,
  summarize,
  type Measured,
} from './support/run-measured';

const ROOT = join(__dirname, '..');
const COUNT = Number(process.env.S3ENC_BENCH_LISTING_COUNT ?? 20_000);
const ROUNDS = Number(process.env.S3ENC_BENCH_LISTING_ROUNDS ?? 3);
const BUCKET = `s3enc-bench-listing-${COUNT}`;
const INVENTORY_BUCKET = `s3enc-bench-listing-${COUNT}-inventory`;
const CONFIG_ID = 'bench-daily';
const REPORT_DATE = '2026-11-29T01-00Z';
const PREFIX = 'k/';
const MARKER = `_seeded-${COUNT}`;
const REPORT_MARKER = `_published-${COUNT}`;
const key = (i: number): string => `${PREFIX}${String(i).padStart(6, '0')}`;
const thousands = (n: number): string => n.toLocaleString('en-US');

function pool(): ClientPool {
  return new ClientPool(liveConnection(), { secretAccessKey: liveEnv().secretAccessKey, maxAttempts: 5 });
}

async function exists(client: S3Client, bucket: string, k: string): Promise<boolean> {
  try {
    await client.send(new HeadObjectCommand({ Bucket: bucket, Key: k }));
    return true;
  } catch (err) {
    if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
    throw err;
  }
}

async function ensureBucket(client: S3Client, bucket: string): Promise<void> {
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw err;
  }
}

async function seed(client: S3Client): Promise<string> {
  await ensureBucket(client, BUCKET);
  if (await exists(client, BUCKET, MARKER)) return 'reused from an earlier run';
  const started = Date.now();
  const indexes = Array.from({ length: COUNT }, (_, i) => i);
  await mapWithConcurrency(indexes, 64, (i) =>
    client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key(i), Body: `object ${i}` })),
  );
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: MARKER, Body: new Date().toISOString() }));
  return `seeded in ${((Date.now() - started) / 1000).toFixed(0)} s (64 parallel PUTs)`;
}

/** Every key under the prefix as ListObjectsV2 reports it (ETag, size), for the inventory rows. */
async function listAll(client: S3Client): Promise<ObjectSummary[]> {
  const all: ObjectSummary[] = [];
  let token: string | undefined;
  do {
    const page = await listObjectsPage(client, {
      bucket: BUCKET,
      prefix: PREFIX,
      recursive: true,
      pageSize: 1000,
      continuationToken: token,
    });
    all.push(...page.objects);
    token = page.nextToken;
  } while (token);
  return all;
}

/**
 * An S3 Inventory report (CSV, AWS's layout) of the bucket's keys in the inventory bucket; reused when present.
 * The objects were written without SSE and RGW reports none, so the report says NOT-SSE, the status S3 gives them.
 */
async function publishInventory(client: S3Client): Promise<{ manifestUrl: string; note: string }> {
  await ensureBucket(client, INVENTORY_BUCKET);
  const manifestUrl = `s3://${INVENTORY_BUCKET}/${BUCKET}/${CONFIG_ID}/${REPORT_DATE}/manifest.json`;
  if (await exists(client, INVENTORY_BUCKET, REPORT_MARKER)) return { manifestUrl, note: 'reused' };
  const started = Date.now();
  const rows: SyntheticRow[] = (await listAll(client)).map((o) => ({
    bucket: BUCKET,
    key: o.key,
    versionId: '',
    isLatest: true,
    isDeleteMarker: false,
    size: o.size,
    lastModified: o.lastModified?.getTime() ?? Date.now(),
    etag: (o.etag ?? '').replace(/"/g, ''),
    storageClass: 'STANDARD',
    isMultipartUploaded: false,
    replicationStatus: '',
    encryptionStatus: 'NOT-SSE',
    bucketKeyStatus: 'DISABLED',
  }));
  if (rows.length !== COUNT)
    throw new Error(`expected ${COUNT} keys in s3://${BUCKET}/${PREFIX}, found ${rows.length}`);
  const published = await publishReport(client, {
    destBucket: INVENTORY_BUCKET,
    sourceBucket: BUCKET,
    configId: CONFIG_ID,
    date: REPORT_DATE,
    format: 'CSV',
    files: [rows],
  });
  if (published.manifestUrl !== manifestUrl) throw new Error(`report published at ${published.manifestUrl}`);
  await client.send(new PutObjectCommand({ Bucket: INVENTORY_BUCKET, Key: REPORT_MARKER, Body: 'yes' }));
  return { manifestUrl, note: `written in ${((Date.now() - started) / 1000).toFixed(1)} s` };
}

/** Explorer: from a fresh model to the first page of the folder holding the keys. */
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
  const folder = (await model.getChildren(bucket)).find((n) => n.kind === 'folder' && n.prefix === PREFIX);
  if (!folder) throw new Error(`folder ${PREFIX} not in the tree`);
  const page: ExplorerNode[] = await model.getChildren(folder);
  const ms = performance.now() - started;
  await model.whenClassified(); // let the page's HeadObjects finish before the next measurement
  model.dispose();
  p.dispose();
  return { ms, items: page.filter((n) => n.kind === 'object').length };
}

/** Child-process mode: page through every key with the core listing function; prints its own time. */
async function pageAllChild(): Promise<void> {
  const p = pool();
  const started = performance.now();
  const keys = (await listAll(p.client())).length;
  const ms = performance.now() - started;
  p.dispose();
  process.stdout.write(JSON.stringify({ ms, keys }));
}

/** Child-process mode: the explorer model holding every node after "Load more" clicks (no classification). */
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
    id: `f/${p.connection.id}/${BUCKET}/${PREFIX}`,
    connectionId: p.connection.id,
    bucket: BUCKET,
    prefix: PREFIX,
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
  process.stdout.write(JSON.stringify({ ms, keys: children.filter((n) => n.kind === 'object').length }));
  model.dispose();
  p.dispose();
}

/** A child mode of this file under /usr/bin/time: the child's own figure plus the whole process's. */
async function child(mode: string): Promise<Measured & { innerMs: number; keys: number }> {
  const r = await runMeasured(process.execPath, ['--import', 'tsx', __filename, `--child=${mode}`], { cwd: ROOT });
  const out = JSON.parse(r.stdout) as { ms: number; keys: number };
  if (out.keys !== COUNT) throw new Error(`--child=${mode} saw ${out.keys} keys, expected ${COUNT}`);
  return { ...r, innerMs: out.ms, keys: out.keys };
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
      key: key((COUNT - 1 - i) % COUNT),
      etag: `${concurrency}`,
    })),
  );
  await scheduler.whenIdle();
  const seconds = (performance.now() - started) / 1000;
  p.dispose();
  return n / seconds;
}

/** The shipped bundle when it is built and has the flags used here, else the sources through tsx. */
function s3encCommand(): { argv: string[]; label: string } {
  const bundle = join(ROOT, 'dist', 'cli.js');
  const help = existsSync(bundle) ? spawnSync(process.execPath, [bundle, 'ls', '--help'], { encoding: 'utf8' }) : null;
  if (help?.status === 0 && help.stdout.includes('--no-classify') && help.stdout.includes('--manifest'))
    return { argv: [process.execPath, bundle], label: '`node dist/cli.js` (the shipped bundle)' };
  return {
    argv: [process.execPath, '--import', 'tsx', join(ROOT, 'src', 'cli', 'bin.ts')],
    label: '`node --import tsx src/cli/bin.ts` (no bundle built; tsx start-up included)',
  };
}

interface Line {
  key?: string;
  encryption?: { mode: string };
  encryptionSource?: string;
}

/** Checks an `ls --json` output: every key once, each with the expected encryption source. */
function checkLsOutput(stdout: string, source: 'head' | 'inventory' | undefined, what: string): void {
  const lines = stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Line);
  const keys = lines.filter((l) => l.key !== undefined);
  if (keys.length !== COUNT) throw new Error(`${what}: ${keys.length} keys, expected ${COUNT}`);
  const wrong = keys.find((l) => l.encryptionSource !== source || (source !== undefined) !== !!l.encryption);
  if (wrong) throw new Error(`${what}: ${wrong.key} has source ${wrong.encryptionSource}, expected ${source}`);
}

interface Contender {
  label: string;
  run: () => Promise<Measured>;
}

async function main(): Promise<void> {
  const childMode = process.argv.find((a) => a.startsWith('--child='))?.slice('--child='.length);
  if (childMode === 'page-all') return pageAllChild();
  if (childMode === 'tree-all') return treeAllChild();
  if (!existsSync('/usr/bin/aws')) throw new Error('/usr/bin/aws is missing: install the AWS CLI (the peer)');

  const env = liveEnv();
  const p = pool();
  const seeding = await seed(p.client());
  const report = await publishInventory(p.client());
  p.dispose();
  console.error(`bench listing: s3://${BUCKET} ${seeding}; inventory report ${report.note}`);

  const tmp = mkdtempSync(join(tmpdir(), 's3enc-bench-listing-'));
  const childEnv: NodeJS.ProcessEnv = awsCliEnv(env, tmp);
  const standIn = await startInventoryStandIn(env.s3Endpoint);
  standIn.put(
    BUCKET,
    CONFIG_ID,
    inventoryConfigurationXml({ id: CONFIG_ID, destinationBucket: INVENTORY_BUCKET, format: 'CSV' }),
  );
  const s3enc = s3encCommand();
  const awsVersion = spawnSync('/usr/bin/aws', ['--version'], { encoding: 'utf8' }).stdout.split(' ')[0] || 'aws-cli';
  const ls =
    (extra: string[], endpoint: string, source: 'head' | 'inventory' | undefined, what: string) =>
    async (): Promise<Measured> => {
      const r = await runMeasured(
        s3enc.argv[0],
        [
          ...s3enc.argv.slice(1),
          'ls',
          `s3://${BUCKET}/${PREFIX}`,
          '--recursive',
          '--json',
          '--endpoint',
          endpoint,
          ...extra,
        ],
        { cwd: ROOT, env: childEnv },
      );
      checkLsOutput(r.stdout, source, what);
      return r;
    };
  const contenders: Contender[] = [
    {
      label: '`aws s3api list-objects-v2` (every page, JSON output) — the peer',
      run: async () => {
        const r = await runMeasured(
          '/usr/bin/aws',
          [
            's3api',
            'list-objects-v2',
            '--bucket',
            BUCKET,
            '--prefix',
            PREFIX,
            '--endpoint-url',
            env.s3Endpoint,
            '--output',
            'json',
          ],
          { cwd: ROOT, env: childEnv },
        );
        const n = (JSON.parse(r.stdout) as { Contents?: unknown[] }).Contents?.length ?? 0;
        if (n !== COUNT) throw new Error(`aws s3api list-objects-v2 listed ${n} keys, expected ${COUNT}`);
        return r;
      },
    },
    {
      label: '`s3enc ls --recursive --json` as shipped: no inventory, so one HeadObject per key (concurrency 8)',
      run: ls([], env.s3Endpoint, 'head', 'ls (HEAD per key)'),
    },
    {
      label: '`s3enc ls --recursive --json --no-classify` (plain listing, no encryption)',
      run: ls(['--no-classify'], env.s3Endpoint, undefined, 'ls --no-classify'),
    },
    {
      label: '`s3enc ls --recursive --json --manifest s3://…/manifest.json` (encryption from the inventory report)',
      run: ls(['--manifest', report.manifestUrl], env.s3Endpoint, 'inventory', 'ls --manifest'),
    },
    {
      label:
        '`s3enc ls --recursive --json`, inventory found by ListBucketInventoryConfigurations (via the stand-in proxy)',
      run: ls([], standIn.endpoint, 'inventory', 'ls (inventory found)'),
    },
  ];
  let whole: Measured[][];
  try {
    whole = await alternate(
      contenders.map((c) => c.run),
      ROUNDS,
      {
        onResult: (i, r, m) =>
          console.error(
            `bench listing: round ${r + 1}/${ROUNDS} ${contenders[i].label.slice(0, 60)}: ${(m.ms / 1000).toFixed(2)} s, ${m.maxRssMiB.toFixed(0)} MiB`,
          ),
      },
    );
  } finally {
    await standIn.close();
    rmSync(tmp, { recursive: true, force: true });
  }
  const load = loadavg()[0].toFixed(1);

  const firstPages = [await timeToFirstTreePage(), await timeToFirstTreePage(), await timeToFirstTreePage()];
  const coreListing = summarizeChild([await child('page-all'), await child('page-all'), await child('page-all')]);
  const tree = await child('tree-all');
  const sample = Math.min(2000, COUNT);
  const heads = {
    c1: await classificationThroughput(1, Math.min(300, COUNT)),
    c8: await classificationThroughput(8, sample),
    c32: await classificationThroughput(32, sample),
  };

  const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  const summaries = whole.map((runs) => summarize(runs));
  const peer = summaries[0];
  const body = [
    `${thousands(COUNT)} keys in one folder of the local Ceph RGW (loopback HTTP), bucket ${seeding}. Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}; 1-minute load average after the whole-process rounds: ${load}. Other agents were loading the machine, so absolute times are pessimistic; the same-run ratios are what count.`,
    '',
    `**Whole processes** (wall clock from spawn to exit, start-up included; peak RSS of the process from \`/usr/bin/time\`), the five commands in turn for ${ROUNDS} rounds, medians. s3enc ran as ${s3enc.label}; the peer is Debian's \`/usr/bin/aws\` (${awsVersion}). Every run's output was checked: all ${thousands(COUNT)} keys, each with the expected encryption source.`,
    '',
    '| command | median time | time vs the AWS CLI | median peak RSS |',
    '| --- | ---: | ---: | ---: |',
    ...contenders.map(
      (c, i) =>
        `| ${c.label} | ${s(summaries[i].ms)} | ${i === 0 ? '1.00×' : `${(summaries[i].ms / peer.ms).toFixed(2)}×`} | ${summaries[i].maxRssMiB.toFixed(0)} MiB |`,
    ),
    '',
    `The inventory report is one CSV.gz data file written in AWS's format from the bucket's own keys and ETags (every ETag and size matches, so no key is headed). RGW has no ListBucketInventoryConfigurations: in the last row every request of that \`ls\` goes through the local stand-in proxy in front of RGW that answers it; the \`--manifest\` row talks to RGW directly, like the AWS CLI.`,
    '',
    '**Explorer and library figures** (not whole CLI runs):',
    '',
    '| measurement | s3enc |',
    '| --- | --- |',
    `| time to the first tree page, in-process (fresh explorer model → connection → bucket → folder → first 200 rows; the bucket has no inventory configuration, so their encryption fills in as the HeadObjects return) | ${median(firstPages.map((f) => f.ms)).toFixed(0)} ms (median of 3; ${firstPages[0].items} rows) |`,
    `| the core listing function alone paging through all ${thousands(COUNT)} keys (no classification, no output), in a child process | listing ${s(coreListing.innerMs)}; whole child incl. Node + tsx start-up ${s(coreListing.ms)}, peak RSS ${coreListing.maxRssMiB.toFixed(0)} MiB (median of 3) |`,
    `| explorer model holding all ${thousands(COUNT)} nodes ("Load more" ×${Math.ceil(COUNT / 1000)}, classification off), in a child process | ${s(tree.innerMs)}, peak RSS ${tree.maxRssMiB.toFixed(0)} MiB |`,
    `| HeadObject classification, in-process, default concurrency 8 (${thousands(sample)} keys) | ${heads.c8.toFixed(0)} objects/s |`,
    `| … concurrency 1 / 32 | ${heads.c1.toFixed(0)} / ${heads.c32.toFixed(0)} objects/s |`,
    '',
    'The tree only ever loads the pages a user asks for (200 keys by default), so a large folder costs one page until',
    '"Load more…" is clicked; classification runs only for objects on loaded pages.',
    '',
    'Run: `npm run bench -- listing` (`S3ENC_BENCH_LISTING_COUNT` sets the number of keys, default 20,000;',
    '`S3ENC_BENCH_LISTING_ROUNDS` the rounds, default 3). The bucket and the inventory report are reused when',
    '`S3ENC_LIVE_ENV` points at a running RGW (`node tools/local-s3/dev-up.mjs`). Build first (`npm run build`) to',
    'measure the shipped bundle.',
  ].join('\n');
  console.log(body);
  replaceBenchmarksSection('## Listing (explorer, `s3enc ls`) vs AWS CLI', body);
}

function summarizeChild(runs: (Measured & { innerMs: number })[]): { ms: number; maxRssMiB: number; innerMs: number } {
  return { ...summarize(runs), innerMs: median(runs.map((r) => r.innerMs)) };
}

main().catch((e: Error) => {
  console.error(e.stack ?? e.message);
  process.exit(1);
});
