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
    const c = new RefreshCoalescer<string>((n) => fired.push(n), { windowMs: 50 });
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
    const c = new RefreshCoalescer<string>((n) => fired.push(n), { windowMs: 50 });
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
    const c = new RefreshCoalescer<string>((n) => fired.push(n), { windowMs: 50 });
    c.changed('bucket');
    c.changed(undefined);
    clock.tick(50);
    assert.deepEqual(fired, [undefined]);
  });

  it('a failing fetch still releases held events', async () => {
    const fired: Array<string[] | undefined> = [];
    const c = new RefreshCoalescer<string>((n) => fired.push(n), { windowMs: 50 });
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
      const c = new RefreshCoalescer<string>((n) => fired.push(n), { windowMs: 50, maxHoldMs: 1000 });
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

// A refreshed folder's children have no handle in VS Code until it fetches them again: a menu entry chosen on
// one of them then reaches its command without its row. Commands wait for the tree to settle before reading
// the selection instead.
describe('explorer: knowing when the tree has settled', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers();
  });
  afterEach(() => clock.restore());

  const isFolder = (n: string) => !n.startsWith('object');
  function settledFlag(c: RefreshCoalescer<string>): { done: boolean } {
    const flag = { done: false };
    void c.whenSettled().then(() => (flag.done = true));
    return flag;
  }

  it('after a folder refresh, waits until VS Code fetched that folder again', async () => {
    const c = new RefreshCoalescer<string>(() => undefined, { windowMs: 50, hasChildren: isFolder });
    c.changed('folder');
    const flag = settledFlag(c);
    await clock.tickAsync(1000);
    assert.equal(flag.done, false, 'settled while the folder was not fetched again');
    await c.track(async () => ['object-1'], 'folder');
    await clock.tickAsync(1);
    assert.equal(flag.done, true);
  });

  it('an object row refresh leaves nothing to wait for once fired', async () => {
    const c = new RefreshCoalescer<string>(() => undefined, { windowMs: 50, hasChildren: isFolder });
    c.changed('object-1');
    const flag = settledFlag(c);
    await clock.tickAsync(49);
    assert.equal(flag.done, false, 'settled before the pending event was fired');
    await clock.tickAsync(2);
    assert.equal(flag.done, true);
  });

  it('a fetch of another folder does not count, and a folder never fetched again is given up on', async () => {
    const c = new RefreshCoalescer<string>(() => undefined, { windowMs: 50, hasChildren: isFolder, refetchMs: 2000 });
    c.changed('folder-a');
    await clock.tickAsync(60);
    const flag = settledFlag(c);
    await c.track(async () => [], 'folder-b');
    await clock.tickAsync(1000);
    assert.equal(flag.done, false);
    await clock.tickAsync(1000);
    assert.equal(flag.done, true);
  });

  it('a full refresh waits for the roots to be fetched again', async () => {
    const c = new RefreshCoalescer<string>(() => undefined, { windowMs: 50, hasChildren: isFolder });
    c.changed(undefined);
    await clock.tickAsync(60);
    const flag = settledFlag(c);
    await clock.tickAsync(500);
    assert.equal(flag.done, false);
    await c.track(async () => ['connection']);
    await clock.tickAsync(1);
    assert.equal(flag.done, true);
  });
});
