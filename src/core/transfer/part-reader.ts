// Cuts a stream into fixed-size buffers: the unit of a multipart upload. Buffers (not streams) are what the
// SDK can retry on 5xx and throttling, and fixed sizes keep CSE ciphertext parts 16-byte aligned.
import type { Readable } from 'node:stream';

export async function* fixedSizeChunks(stream: Readable, size: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const data of stream) {
    let chunk = typeof data === 'string' ? Buffer.from(data) : (data as Buffer);
    while (chunk.length > 0) {
      const take = Math.min(size - pendingBytes, chunk.length);
      pending.push(take === chunk.length ? chunk : chunk.subarray(0, take));
      pendingBytes += take;
      chunk = chunk.subarray(take);
      if (pendingBytes === size) {
        yield pending.length === 1 ? pending[0] : Buffer.concat(pending, size);
        pending = [];
        pendingBytes = 0;
      }
    }
  }
  if (pendingBytes > 0) yield Buffer.concat(pending, pendingBytes);
}
