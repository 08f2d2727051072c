// The CSV counter that cuts records into spans (csv-audit) counts exactly what the general parser and the
// row-by-row tally count, on AWS's plain form and on hostile variations of it: CRLF and blank lines, unquoted and
// escaped-quote records, '/' in keys as %2F and lower-case %2f, raw UTF-8 split across chunks, empty and
// unusual storage classes, sizes that are not plain digits; and it refuses malformed records the same way.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { countCsvInventory, encodedPrefixLength } from '../../../src/core/audit/csv-audit';
import { readCsvInventory } from '../../../src/core/audit/csv-inventory';
import { InventoryError } from '../../../src/core/audit/errors';
import { columnPositions } from '../../../src/core/audit/inventory-row';
import type { AuditStatus } from '../../../src/core/audit/inventory-status';
import { AuditTally, type TallyOptions } from '../../../src/core/audit/tally';
import { CSV_COLUMNS, csvLine } from '../../../tools/inventory/inventory-files';
import { prng, syntheticRows } from '../../../tools/inventory/synthetic-rows';
import { comparable } from './support/comparable-tally';
import { expectedAudit } from './support/expected-audit';

const COLUMNS = [...CSV_COLUMNS];
const FIELD = Object.fromEntries(COLUMNS.map((c, i) => [c, i])) as Record<(typeof CSV_COLUMNS)[number], number>;

/** The gzipped text as a stream of odd-sized pieces, so records and characters split across chunks. */
function gzStream(text: string, piece = 777): Readable {
  const gz = gzipSync(Buffer.from(text, 'utf8'));
  const pieces: Buffer[] = [];
  for (let i = 0; i < gz.length; i += piece) pieces.push(gz.subarray(i, i + piece));
  return Readable.from(pieces);
}

async function fast(text: string, options: TallyOptions): Promise<AuditTally> {
  const tally = new AuditTally(options);
  await countCsvInventory(gzStream(text), COLUMNS, tally);
  return tally;
}

async function byRows(text: string, options: TallyOptions): Promise<AuditTally> {
  const tally = new AuditTally(options);
  await readCsvInventory(gzStream(text), COLUMNS.length, columnPositions(COLUMNS, 'test'), (row) => tally.add(row));
  return tally;
}

/** Splits AWS's "a","b" record into its fields (generated records have no quote inside a field). */
const fieldsOf = (line: string): string[] => line.slice(1, -1).split('","');
const quoted = (fields: string[]): string => fields.map((f) => `"${f.replace(/"/g, '""')}"`).join(',');

/** Every record changed in one of many ways a file that is not quite AWS's could differ. */
function hostile(lines: string[]): string {
  const rnd = prng(99);
  const out: string[] = [];
  lines.forEach((line, i) => {
    const f = fieldsOf(line);
    switch (i % 13) {
      case 1: // CRLF
        return out.push(`${quoted(f)}\r`);
      case 2: // unquoted fields where CSV allows it
        return out.push(f.map((v) => (/[",]/.test(v) ? `"${v}"` : v)).join(','));
      case 3: // '/' written as %2F or lower-case %2f in the key (S3 writes it literally)
        f[FIELD.Key] = f[FIELD.Key].replace(/\//g, () => (rnd() < 0.5 ? '%2F' : '%2f'));
        return out.push(quoted(f));
      case 4: // an escaped quote in another field
        f[FIELD.ReplicationStatus] = 'say "hi"';
        return out.push(quoted(f));
      case 5: // empty storage class, then many distinct ones
        f[FIELD.StorageClass] = i % 2 ? '' : `CLASS_${i % 97}`;
        return out.push(quoted(f));
      case 6: // sizes that are not plain digits
        f[FIELD.Size] = ['1e3', ' 12', 'x', '0x10', '007'][i % 5];
        return out.push(quoted(f));
      case 7: // raw (not URL-encoded) multi-byte characters in the key
        f[FIELD.Key] = `ünï/😀${f[FIELD.Key]}`;
        return out.push(quoted(f));
      case 8: // a status and a Bucket Key status S3 may add later
        f[FIELD.EncryptionStatus] = i % 2 ? 'SSE-FUTURE' : 'sse-s3';
        f[FIELD.BucketKeyStatus] = 'MAYBE';
        return out.push(quoted(f));
      case 9: // blank lines between records
        return out.push('', quoted(f), '');
      default:
        return out.push(quoted(f));
    }
  });
  // S3 has been seen to end a CSV file with extra newlines.
  return `${out.join('\n')}\n\n\n`;
}

const OPTION_SETS: TallyOptions[] = [
  { prefixDepth: 1, currentOnly: false, kmsSampleSize: 40 },
  { prefixDepth: 0, currentOnly: true, kmsSampleSize: 0 },
  { prefixDepth: 3, currentOnly: false, kmsSampleSize: 1_000_000 },
];

describe('CSV inventory counted from spans of the text', function () {
  this.timeout(60_000);
  const rows = [...syntheticRows(26_000, 41, 'src')];
  const lines = rows.map((r) => csvLine(r).slice(0, -1));

  it("counts AWS's form exactly: objects, bytes, statuses and prefixes derived from the generated rows", async () => {
    for (const [depth, currentOnly] of [
      [1, false],
      [2, true],
    ] as const) {
      const t = await fast(`${lines.join('\n')}\n`, { prefixDepth: depth, currentOnly, kmsSampleSize: 10 });
      const e = expectedAudit(rows, depth, currentOnly);
      assert.equal(t.byStatus.total().objects, e.objects);
      assert.equal(t.byStatus.total().bytes, e.bytes);
      assert.equal(t.deleteMarkers, e.deleteMarkers);
      for (const [status, c] of Object.entries(e.byEncryption))
        assert.deepEqual(t.byStatus.get(status as AuditStatus), c);
      assert.deepEqual(Object.fromEntries(t.bucketKey), e.bucketKey);
      assert.deepEqual(
        new Map([...t.prefixes].map(([p, c]) => [p, c.total()])),
        new Map([...e.prefixes].map(([p, c]) => [p, { objects: c.objects, bytes: c.bytes }])),
      );
    }
  });

  it('counts like the general parser on hostile variations, with every option', async () => {
    const text = hostile(lines);
    for (const options of OPTION_SETS) {
      const expected = await byRows(text, options);
      const got = await fast(text, options);
      assert.deepEqual(comparable(got), comparable(expected), JSON.stringify(options));
      assert.ok(got.byStorageClass.size > 64, 'many distinct storage classes were exercised');
      if (options.kmsSampleSize > got.kmsSample.seen) {
        // A sample as large as the population holds every KMS object: same keys and version ids both ways.
        const keyed = (t: AuditTally): string[] =>
          t.kmsSample
            .values()
            .map((v) => `${v.key}\u0000${v.versionId ?? ''}\u0000${v.status}`)
            .sort();
        assert.deepEqual(keyed(got), keyed(expected));
        assert.ok(
          keyed(got).some((k) => !k.includes('\u0000\u0000')),
          'noncurrent versions keep their version id',
        );
      }
    }
  });

  it('refuses a record with the wrong field count or an unterminated quote, as the general parser does', async () => {
    const options = OPTION_SETS[0];
    const short = `${lines[0]}\n${quoted(fieldsOf(lines[1]).slice(0, -1))}\n`;
    const unterminated = `${lines[0]}\n${lines[1].slice(0, -1)}\n`;
    for (const text of [short, unterminated]) {
      await assert.rejects(
        fast(text, options),
        (e: unknown) => e instanceof InventoryError && e.code === 'InventoryDataInvalid',
      );
      await assert.rejects(byRows(text, options), InventoryError);
    }
    await assert.rejects(
      countCsvInventory(Readable.from([Buffer.from('not gzip at all')]), COLUMNS, new AuditTally(options)),
      (e: unknown) => e instanceof InventoryError && e.code === 'InventoryDataInvalid',
    );
  });

  it('cuts prefixes of URL-encoded keys at / and %2F alike, never inside an escape', () => {
    const cut = (key: string, depth: number): string => key.slice(0, encodedPrefixLength(key, 0, key.length, depth));
    assert.equal(cut('a%2Fb%2fc/d', 1), 'a%2F');
    assert.equal(cut('a%2Fb%2fc/d', 2), 'a%2Fb%2f');
    assert.equal(cut('a%2Fb%2fc/d', 3), 'a%2Fb%2fc/');
    assert.equal(cut('a%2Fb', 5), 'a%2F');
    assert.equal(cut('top-level%2', 1), '');
    assert.equal(cut('100%252F', 1), '');
  });
});
