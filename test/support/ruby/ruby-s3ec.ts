// TypeScript wrapper around s3ec.rb: runs the Ruby S3 Encryption Client (EncryptionV2) as a peer.
// Used by the CSE interop tests, the transfer tests and the crypto benchmark.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { LiveEnv } from '../../../tools/live/live-env';

export interface RubyS3ecRequest {
  op: 'put' | 'get';
  bucket: string;
  key: string;
  /** put: plaintext file to upload; get: where the decrypted object is written. */
  file: string;
  wrap: 'aes' | 'rsa' | 'kms';
  /** AES key as hex, or RSA private key PEM. */
  keyFile?: string;
  kmsKeyId?: string;
  context?: Record<string, string>;
  envelope?: 'metadata' | 'instruction_file';
  legacy?: boolean;
}

export interface RubyS3ecResult {
  ok: boolean;
  seconds?: number;
  /** Ruby exception class, e.g. Aws::S3::EncryptionV2::Errors::DecryptionError. */
  error?: string;
  message?: string;
}

export const RUBY_S3EC_SCRIPT = join(__dirname, 's3ec.rb');

/** Runs one Ruby EncryptionV2 operation against the live RGW (and local KMS). Rejects only if Ruby itself cannot run. */
export function runRubyS3ec(env: LiveEnv, request: RubyS3ecRequest): Promise<RubyS3ecResult> {
  const payload = {
    ...request,
    s3: {
      endpoint: env.s3Endpoint,
      region: env.region,
      accessKeyId: env.accessKeyId,
      secretAccessKey: env.secretAccessKey,
    },
    kms:
      request.wrap === 'kms'
        ? { endpoint: env.kmsEndpoint, region: env.region, keyId: request.kmsKeyId ?? env.kmsKeyIds[0] }
        : undefined,
  };
  return new Promise((resolve, reject) => {
    const child = spawn('ruby', [RUBY_S3EC_SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) =>
      reject(new Error(`cannot run ruby (${e.message}); install Debian ruby-aws-sdk-s3 and ruby-aws-sdk-kms`)),
    );
    child.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as RubyS3ecResult);
      } catch {
        reject(new Error(`Ruby S3EC exited ${code} without a result: ${(err || out).trim().slice(0, 500)}`));
      }
    });
    child.stdin.end(JSON.stringify(payload));
  });
}
