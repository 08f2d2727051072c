// Key files as users have them: raw bytes, base64, hex; anything of the wrong size is refused with the reason.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { KeyMaterialError, generateAes256Key, keyMd5, parseAes256Key } from '../../../src/core/keys/key-material';
import {
  findByMd5,
  validateKeyName,
  looksLikePemPrivateKey,
  type KeyEntryInfo,
} from '../../../src/core/keys/key-entry';

describe('SSE-C / AES key material', () => {
  const key = randomBytes(32);

  it('reads raw 32 bytes, base64 (with a trailing newline) and hex as the same key', () => {
    assert.deepEqual(parseAes256Key(key), { key, encoding: 'raw' });
    assert.deepEqual(parseAes256Key(Buffer.from(`${key.toString('base64')}\n`)), { key, encoding: 'base64' });
    assert.deepEqual(parseAes256Key(Buffer.from(`  ${key.toString('hex').toUpperCase()}\r\n`)), {
      key,
      encoding: 'hex',
    });
  });

  const wrong: Array<[string, Buffer, RegExp]> = [
    ['31 raw bytes', randomBytes(31), /neither raw key bytes, base64 nor hex/],
    [
      'a 16-byte key in hex (32 characters, the size of a raw key)',
      Buffer.from(randomBytes(16).toString('hex')),
      /looks like hex .* decodes to 16 bytes/,
    ],
    [
      'a 24-byte key in base64',
      Buffer.from(randomBytes(24).toString('base64')),
      /looks like base64 .* decodes to 24 bytes/,
    ],
    ['a 33-byte key in hex', Buffer.from(randomBytes(33).toString('hex')), /decodes to 33 bytes/],
    ['an empty file', Buffer.alloc(0), /neither raw/],
  ];
  for (const [name, input, message] of wrong) {
    it(`refuses ${name} with the size in the message`, () => {
      assert.throws(
        () => parseAes256Key(input, 'key.bin'),
        (e: unknown) => e instanceof KeyMaterialError && message.test(e.message) && /key\.bin/.test(e.message),
      );
    });
  }

  it('never echoes key material in the error', () => {
    const text = randomBytes(20).toString('hex');
    assert.throws(
      () => parseAes256Key(Buffer.from(text)),
      (e: unknown) => e instanceof Error && !e.message.includes(text),
    );
  });

  it('computes the MD5 S3 expects, as openssl does', () => {
    const k = generateAes256Key();
    assert.equal(k.length, 32);
    const viaOpenssl = execFileSync('sh', ['-c', 'openssl dgst -md5 -binary | base64'], { input: k }).toString().trim();
    assert.equal(keyMd5(k), viaOpenssl);
  });

  it('finds a stored key by the MD5 S3 reports, and validates names', () => {
    const entries: KeyEntryInfo[] = [
      { name: 'rsa', kind: 'rsa-private', createdAt: '' },
      { name: 'prod', kind: 'sse-c', md5: keyMd5(key), createdAt: '' },
    ];
    assert.equal(findByMd5(entries, keyMd5(key))?.name, 'prod');
    assert.equal(findByMd5(entries, keyMd5(randomBytes(32))), undefined);
    assert.match(validateKeyName('prod', entries) ?? '', /already exists/);
    assert.equal(validateKeyName('prod', entries, 'prod'), undefined);
    assert.match(validateKeyName('  ', entries) ?? '', /needs a name/);
    assert.equal(looksLikePemPrivateKey('-----BEGIN PRIVATE KEY-----\nMII\n-----END PRIVATE KEY-----'), true);
    assert.equal(looksLikePemPrivateKey('-----BEGIN PUBLIC KEY-----\nMII\n-----END PUBLIC KEY-----'), false);
  });
});
