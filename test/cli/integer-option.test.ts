// The CLI's integer flags: only plain decimal digits within the flag's range are taken; anything else is a usage
// error (exit 2) that names the flag, its range and the value given — for the function and for each command that
// has integer flags, run through the real entry point.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { UsageError } from '../../src/cli/errors';
import { parseIntegerOption } from '../../src/cli/integer-option';

const ROOT = join(__dirname, '..', '..');

describe('parseIntegerOption', () => {
  it('takes plain decimal integers within the range, bounds included', () => {
    assert.equal(parseIntegerOption('concurrency', '1', 1, 256), 1);
    assert.equal(parseIntegerOption('concurrency', '256', 1, 256), 256);
    assert.equal(parseIntegerOption('kms-sample', '0', 0, 100_000), 0);
    assert.equal(parseIntegerOption('page-size', '0042', 1, 1000), 42);
    assert.equal(parseIntegerOption('concurrency', '9007199254740991', 1), Number.MAX_SAFE_INTEGER);
  });

  const hostile: [string, number, number][] = [
    ['', 1, 256],
    ['1e3', 1, 10_000],
    ['-1', 0, 10],
    ['0x10', 1, 256],
    ['99999999999999999999', 1, Number.MAX_SAFE_INTEGER],
    ['9007199254740993', 1, Number.MAX_SAFE_INTEGER],
    [' 5 ', 1, 256],
    ['5 ', 1, 256],
    ['+5', 1, 256],
    ['5.0', 1, 256],
    ['1_000', 1, 10_000],
    ['٣', 1, 256], // an Arabic-Indic digit
    ['Infinity', 1, Number.MAX_SAFE_INTEGER],
    ['NaN', 1, 256],
    ['0', 1, 256],
    ['257', 1, 256],
    ['8'.repeat(10_000), 1, 256],
  ];
  for (const [value, min, max] of hostile) {
    it(`refuses ${JSON.stringify(value.length > 30 ? `${value.slice(0, 20)}… (${value.length} chars)` : value)} for a range ${min}–${max}`, () => {
      assert.throws(
        () => parseIntegerOption('page-size', value, min, max),
        (err: unknown) => {
          assert.ok(err instanceof UsageError, String(err));
          assert.match(err.message, /^--page-size must be an integer /);
          assert.ok(err.message.includes(`'${value}'`), err.message);
          return true;
        },
      );
    });
  }

  it('says the range: both bounds, or only the lower one when there is no upper bound', () => {
    assert.throws(() => parseIntegerOption('priority', '-1', 0, 2147483647), {
      message: "--priority must be an integer from 0 to 2147483647, got '-1'",
    });
    assert.throws(() => parseIntegerOption('--part-size', '0', 1), {
      message: "--part-size must be an integer of at least 1, got '0'",
    });
  });
});

describe('integer flags of every command (real entry point, refused before any request)', function () {
  this.timeout(120_000);
  const cases: { args: string[]; flag: string; value: string }[] = [
    { args: ['ls', 's3://bucket/', '--page-size', '1e3'], flag: '--page-size', value: '1e3' },
    { args: ['ls', 's3://bucket/', '--concurrency', '0x10'], flag: '--concurrency', value: '0x10' },
    { args: ['audit', 's3://bucket', '--by-prefix', ' 5 '], flag: '--by-prefix', value: ' 5 ' },
    { args: ['audit', 's3://bucket', '--kms-sample=-1'], flag: '--kms-sample', value: '-1' },
    {
      args: ['reencrypt', 's3://bucket/p/', '--sse', 'AES256', '--concurrency', '99999999999999999999'],
      flag: '--concurrency',
      value: '99999999999999999999',
    },
    {
      args: ['cp', 'test/cli/integer-option.test.ts', 's3://bucket/k', '--part-size', '1e3'],
      flag: '--part-size',
      value: '1e3',
    },
    { args: ['cp', 's3://bucket/k', '-', '--concurrency', ''], flag: '--concurrency', value: '' },
    {
      args: ['jobs', '--account-id', '111122223333', 'job-1', '--priority', '1e3'],
      flag: '--priority',
      value: '1e3',
    },
  ];
  for (const c of cases) {
    it(`s3enc ${c.args.join(' ')} exits 2 naming ${c.flag}`, async () => {
      const r = await new Promise<{ code: number; stderr: string }>((resolve) =>
        execFile(
          process.execPath,
          ['--import', 'tsx', 'src/cli/bin.ts', ...c.args],
          // An endpoint nothing listens on: a request sent before the flag is checked would fail differently.
          {
            cwd: ROOT,
            env: {
              ...process.env,
              AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
              AWS_SECRET_ACCESS_KEY: 'x',
              AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
            },
          },
          (err, _stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stderr }),
        ),
      );
      assert.equal(r.code, 2, r.stderr);
      assert.ok(r.stderr.includes(`${c.flag} must be an integer`), r.stderr);
      assert.ok(r.stderr.includes(`'${c.value}'`), r.stderr);
    });
  }
});
