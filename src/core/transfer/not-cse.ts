// Why an object asked to be decrypted client-side cannot be: it carries no S3 Encryption Client envelope.
// The message says what the object is instead (plain, SSE-*, another encryption format, or encrypted bytes
// whose envelope was stripped), so the user knows whether to drop client-side decryption or to look for the envelope.
import { GetObjectCommand, type HeadObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { modeForSseHeader } from '../encryption/modes';
import { NotClientSideEncryptedError } from './errors';
import { sseCParams } from './sse-params';

/** Magic prefixes of other encryption formats a user may confuse with S3EC objects. */
const OTHER_FORMATS: ReadonlyArray<{ name: string; test: (head: Buffer) => boolean }> = [
  {
    name: 'the AWS Encryption SDK message format',
    test: (b) =>
      (b[0] === 0x01 && b[1] === 0x80) ||
      (b[0] === 0x02 && b[1] === 0x04 && b[2] === 0x78) ||
      (b[0] === 0x02 && b[1] === 0x05 && b[2] === 0x78),
  },
  { name: 'age', test: (b) => b.toString('latin1', 0, 21) === 'age-encryption.org/v1' },
  { name: 'OpenPGP (armored)', test: (b) => b.toString('latin1', 0, 27) === '-----BEGIN PGP MESSAGE-----' },
  { name: 'OpenSSL enc', test: (b) => b.toString('latin1', 0, 8) === 'Salted__' },
  { name: 'rclone crypt', test: (b) => b.toString('latin1', 0, 8) === 'RCLONE\0\0' },
];

const SAMPLE_BYTES = 4096;

export async function notClientSideEncrypted(
  client: S3Client,
  loc: { bucket: string; key: string; sseCKey?: Buffer; signal?: AbortSignal },
  head: HeadObjectCommandOutput,
): Promise<NotClientSideEncryptedError> {
  const where = `s3://${loc.bucket}/${loc.key}`;
  const sse = head.SSECustomerAlgorithm
    ? 'SSE-C'
    : head.ServerSideEncryption
      ? (modeForSseHeader(head.ServerSideEncryption) ?? 'unknown')
      : 'none';
  const sample = await firstBytes(client, loc, head).catch(() => undefined); // the description is a courtesy
  const other = sample && OTHER_FORMATS.find((f) => f.test(sample));
  let what: string;
  if (other) what = `its body is in ${other.name} format, not the S3 Encryption Client's; decrypt it with that tool`;
  else if (sample && looksRandom(sample)) {
    what =
      'its body looks encrypted or compressed, but neither its metadata nor an instruction file holds an S3 Encryption ' +
      'Client envelope: if an S3 Encryption Client wrote it, the envelope was stripped (e.g. by a copy that replaced the metadata) and it cannot be decrypted';
  } else if (sse === 'none')
    what =
      'it is a plain object (no client-side and no server-side encryption reported); download it without client-side decryption';
  else if (sse === 'unknown')
    what = 'S3 reports an unknown server-side encryption and there is no client-side envelope';
  else
    what = `it is encrypted server-side only (${sse}), which S3 undoes on download; download it without client-side decryption`;
  return new NotClientSideEncryptedError(`${where} is not client-side encrypted: ${what}. Nothing was written.`);
}

async function firstBytes(
  client: S3Client,
  loc: { bucket: string; key: string; sseCKey?: Buffer; signal?: AbortSignal },
  head: HeadObjectCommandOutput,
): Promise<Buffer | undefined> {
  const size = head.ContentLength ?? 0;
  if (size === 0) return undefined;
  const out = await client.send(
    new GetObjectCommand({
      Bucket: loc.bucket,
      Key: loc.key,
      Range: `bytes=0-${Math.min(size, SAMPLE_BYTES) - 1}`,
      ...(head.ETag ? { IfMatch: head.ETag } : {}),
      ...sseCParams(loc.sseCKey),
    }),
    { abortSignal: loc.signal },
  );
  const bytes = await out.Body?.transformToByteArray();
  return bytes ? Buffer.from(bytes) : undefined;
}

/** Shannon entropy above 7.5 bits per byte over at least 1 KiB: ciphertext or compressed data, not text. */
export function looksRandom(sample: Buffer): boolean {
  if (sample.length < 1024) return false;
  const counts = new Array<number>(256).fill(0);
  for (const b of sample) counts[b]++;
  let bits = 0;
  for (const c of counts) if (c) bits -= (c / sample.length) * Math.log2(c / sample.length);
  return bits > 7.5;
}
