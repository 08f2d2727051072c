// examples/insecure-sample (used by `npm run demo` and the browser e2e test) must trigger every rule,
// and its TypeScript client must carry the http->https quick fix the e2e test applies.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { lintPaths } from '../../../src/core/analysis/lint-files';
import { RULE_IDS } from '../../../src/core/analysis/types';

describe('examples/insecure-sample', function () {
  this.timeout(60_000);
  it('triggers each of the rules, in several languages', async () => {
    const run = await lintPaths([join(__dirname, '..', '..', '..', 'examples', 'insecure-sample')]);
    const rules = new Set(run.results.flatMap((r) => r.findings.map((f) => f.rule)));
    assert.deepEqual([...rules].sort(), [...RULE_IDS].sort());
    const languages = new Set(run.results.map((r) => r.file.split('.').pop()));
    assert.ok(languages.size >= 6, `only ${[...languages].join(', ')}`);
    const storage = run.results.find((r) => r.file.endsWith('storage.ts'))!;
    const http = storage.findings.find((f) => f.rule === 's3-http-endpoint')!;
    assert.equal(http.fixes[0]?.title, 'Use https://');
  });
});
