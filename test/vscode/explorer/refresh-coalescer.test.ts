// The tree must never ask VS Code to re-fetch while a fetch is pending (that breaks the view with
// "Element with id … is already registered"), and a burst of changes must cost one refresh, not hundreds.
import assert from 'node:assert/strict';
import sinon from 'sinon';
import { RefreshCoalescer } from '../../../src/vscode/explorer/model/refresh-coalescer';

describe('explorer: refresh coalescing for VS Code', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers();
  });
  afterEach(() => clock.restore());

  it('turns a burst of node changes into one event carrying each node once', () => {
    const fired: Array<string[] | undefined> = [];
    const c = new RefreshCoalescer<string>((n) => fired.push(n), 50);
    for (let i = 0; i < 200; i++) c.changed(i % 2 ? 'bucket' : `object-${i}`);
    clock.tick(49);
    assert.equal(fired.length, 0);
    clock.tick(1);
    assert.equal(fired.length, 1);
    assert.equal(fired[0]!.length, 101);
    assert.equal(fired[0]!.filter((n) => n === 'bucket').length, 1);
  });

  it('holds events while a getChildren is in flight and fires once it settles', async () => {
    const fired: Array<string[] | undefined> = [];
    const c = new RefreshCoalescer<string>((n) => fired.push(n), 50);
    let finish!: (v: string[]) => void;
    const fetch = c.track(() => new Promise<string[]>((r) => (finish = r)));
    c.changed('bucket');
    clock.tick(500);
    assert.deepEqual(fired, [], 'no refresh may start while the fetch is pending');
    finish(['a']);
    assert.deepEqual(await fetch, ['a']);
    clock.tick(50);
    assert.deepEqual(fired, [['bucket']]);
  });

  it('a full refresh replaces the node list (undefined = the whole tree)', () => {
    const fired: Array<string[] | undefined> = [];
    const c = new RefreshCoalescer<string>((n) => fired.push(n), 50);
    c.changed('bucket');
    c.changed(undefined);
    clock.tick(50);
    assert.deepEqual(fired, [undefined]);
  });

  it('a failing fetch still releases held events', async () => {
    const fired: Array<string[] | undefined> = [];
    const c = new RefreshCoalescer<string>((n) => fired.push(n), 50);
    const fetch = c.track(() => Promise.reject(new Error('endpoint down')));
    c.changed('bucket');
    await assert.rejects(fetch, /endpoint down/);
    clock.tick(50);
    assert.deepEqual(fired, [['bucket']]);
  });
});

describe('explorer: refresh coalescing with a hung fetch', () => {
  it('fires anyway after the hold limit, so a stalled endpoint cannot freeze the tree', () => {
    const clock = sinon.useFakeTimers();
    try {
      const fired: Array<string[] | undefined> = [];
      const c = new RefreshCoalescer<string>((n) => fired.push(n), 50, 1000);
      void c.track(() => new Promise<never>(() => undefined));
      c.changed('connection');
      clock.tick(900);
      assert.deepEqual(fired, []);
      clock.tick(300);
      assert.deepEqual(fired, [['connection']]);
    } finally {
      clock.restore();
    }
  });
});
