// The per-prefix counts of a key given as UTF-8 bytes, without making a string per row: the prefix's bytes are
// hashed into a small open-addressing table that remembers, for each prefix seen, the counts the tally keeps
// under its decoded name. A '/' byte in UTF-8 is always '/', so cutting bytes gives the same prefix as
// `prefixOf` on the decoded key.
import { decodeUtf8 } from './parquet-columns';

/** Bytes up to and including the `depth`-th '/', from `start`; 0 for a key at the top level. */
export function prefixLength(data: Uint8Array, start: number, length: number, depth: number): number {
  // A plain loop: keys are short, and a call to indexOf per row costs more than the scan.
  let cut = 0;
  let seen = 0;
  for (let i = start, end = start + length; i < end && seen < depth; i++)
    if (data[i] === 0x2f) {
      cut = i - start + 1;
      seen++;
    }
  return cut;
}

export class PrefixBytesTable<V> {
  private slots = new Int32Array(1 << 12).fill(-1);
  private readonly hashes: number[] = [];
  private readonly starts: number[] = [];
  private readonly lengths: number[] = [];
  private readonly values: V[] = [];
  private arena = new Uint8Array(1 << 14);
  private used = 0;

  /** `resolve` names the value for a prefix the first time it is seen (decoded as UTF-8). */
  constructor(
    private readonly resolve: (prefix: string) => V,
    /** Beyond this many distinct prefixes, new ones are resolved each time (the tally caps its table too). */
    private readonly limit: number,
  ) {}

  get(data: Uint8Array, start: number, length: number): V {
    let h = 0x811c9dc5;
    for (let i = start; i < start + length; i++) h = Math.imul(h ^ data[i], 0x01000193);
    const mask = this.slots.length - 1;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const id = this.slots[s];
      if (id < 0) return this.insert(s, h, data, start, length);
      if (this.hashes[id] === h && this.lengths[id] === length && this.same(id, data, start, length))
        return this.values[id];
    }
  }

  private same(id: number, data: Uint8Array, start: number, length: number): boolean {
    const base = this.starts[id];
    for (let i = 0; i < length; i++) if (this.arena[base + i] !== data[start + i]) return false;
    return true;
  }

  private insert(slot: number, h: number, data: Uint8Array, start: number, length: number): V {
    const value = this.resolve(decodeUtf8(data, start, length));
    if (this.values.length >= this.limit) return value;
    if (this.used + length > this.arena.length) {
      const bigger = new Uint8Array(Math.max(this.arena.length * 2, this.used + length));
      bigger.set(this.arena.subarray(0, this.used));
      this.arena = bigger;
    }
    this.arena.set(data.subarray(start, start + length), this.used);
    const id = this.values.length;
    this.hashes.push(h);
    this.starts.push(this.used);
    this.lengths.push(length);
    this.values.push(value);
    this.used += length;
    this.slots[slot] = id;
    if (this.values.length * 2 > this.slots.length) this.rehash();
    return value;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let id = 0; id < this.values.length; id++) {
      let s = this.hashes[id] & mask;
      while (slots[s] >= 0) s = (s + 1) & mask;
      slots[s] = id;
    }
    this.slots = slots;
  }
}
