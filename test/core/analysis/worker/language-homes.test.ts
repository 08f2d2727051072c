// `s3enc lint` sends each language to as few workers as keep them all busy: a worker that never sees a language
// never pays for loading and warming up its parser. What a user notices: the same results, sooner, on fewer CPU
// seconds; here, which worker each file goes to.
import assert from 'node:assert/strict';
import { familyOf, LanguageHomes } from '../../../../src/core/analysis/worker/language-homes';

/** Runs the scheduler as lint-files does: add a file, start what can start, finish the oldest in-flight file. */
function schedule(
  workers: number,
  files: Array<{ family: string; bytes: number }>,
  planned: Map<string, number>,
  finishEvery = 1,
): Array<Set<string>> {
  const homes = new LanguageHomes<string>(workers, planned, { queue: 2, shareAbove: 8 });
  const seen = Array.from({ length: workers }, () => new Set<string>());
  const running: number[] = [];
  const startAll = () => {
    for (const { worker, item } of homes.start()) {
      seen[worker].add(item);
      running.push(worker);
    }
  };
  files.forEach((f, i) => {
    homes.add(f.family, f.bytes, f.family);
    startAll();
    if (i % finishEvery === 0 && running.length) homes.done(running.shift()!);
  });
  while (running.length || homes.pending) {
    if (running.length) homes.done(running.shift()!);
    startAll();
  }
  return seen;
}

describe('lint: language homes of the worker pool', () => {
  it('JavaScript shares TypeScript’s parser; other languages are their own family', () => {
    assert.equal(familyOf('javascript'), familyOf('typescript'));
    assert.notEqual(familyOf('python'), familyOf('typescript'));
  });

  it('each language goes to one worker when the languages split evenly', () => {
    const langs = ['typescript', 'python', 'java', 'go'];
    const files = Array.from({ length: 400 }, (_, i) => ({ family: langs[i % 4], bytes: 10_000 }));
    const planned = new Map(langs.map((l) => [l, 1_000_000]));
    const seen = schedule(2, files, planned);
    assert.equal(
      seen[0].size + seen[1].size,
      4,
      `languages per worker: ${seen.map((s) => [...s].join(',')).join(' | ')}`,
    );
    assert.equal(seen[0].size, 2);
  });

  it('every file is started exactly once, in read order within a language', () => {
    const homes = new LanguageHomes<number>(3, new Map([['python', 100]]), { queue: 4, shareAbove: 8 });
    const started: number[] = [];
    for (let i = 0; i < 50; i++) {
      homes.add(i % 3 === 0 ? 'python' : 'shell', 1, i);
      for (const { worker, item } of homes.start()) {
        started.push(item);
        homes.done(worker);
      }
    }
    assert.deepEqual(
      [...started].sort((a, b) => a - b),
      Array.from({ length: 50 }, (_, i) => i),
    );
    const python = started.filter((i) => i % 3 === 0);
    assert.deepEqual(
      python,
      [...python].sort((a, b) => a - b),
    );
  });

  it('an idle worker helps with a language whose files pile up, so no worker sits idle on a one-language tree', () => {
    const files = Array.from({ length: 200 }, () => ({ family: 'python', bytes: 10_000 }));
    // One file finishes per two added: the home cannot keep up, the pile grows past the sharing bar.
    const seen = schedule(2, files, new Map([['python', 2_000_000]]), 2);
    assert.ok(seen[0].has('python') && seen[1].has('python'), 'the second worker never helped');
  });

  it('a few files of a language stay with their home rather than load its parser in a second worker', () => {
    const files = [
      ...Array.from({ length: 6 }, () => ({ family: 'go', bytes: 10_000 })),
      ...Array.from({ length: 100 }, () => ({ family: 'shell', bytes: 10_000 })),
    ];
    const seen = schedule(
      2,
      files,
      new Map([
        ['go', 60_000],
        ['shell', 1_000_000],
      ]),
    );
    assert.equal([seen[0], seen[1]].filter((s) => s.has('go')).length, 1);
  });
});
