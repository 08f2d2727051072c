// SSE-C keys never travel over plain HTTP, whatever the endpoint's source. Each case points a real S3 client
// (or the real CLI) at a TCP listener on this machine's non-loopback address that records every connection:
// an SSE-C request must be refused with nothing sent, while the same request without SSE-C does reach the
// listener (so the listener would have seen a leak).
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createS3Client, type ClientOptions, type ConnectionConfig } from '../../../src/core/s3/connection';
import { assertSseCTransportAllowed, SseCRequiresHttpsError } from '../../../src/core/s3/sse-c-guard';
import { sseCParams } from '../../../src/core/transfer/sse-params';

const ROOT = join(__dirname, '..', '..', '..');
const KEY = randomBytes(32);

/** Records every TCP connection and closes it at once (the client sees a reset, never an answer). */
class RecordingListener {
  connections = 0;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  constructor(readonly host: string) {
    this.server = createServer((socket) => {
      this.connections++;
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.destroy();
    });
  }
  async listen(): Promise<string> {
    await new Promise<void>((resolve, reject) => this.server.once('error', reject).listen(0, this.host, resolve));
    const port = (this.server.address() as { port: number }).port;
    return `http://${this.host.includes(':') ? `[${this.host}]` : this.host}:${port}`;
  }
  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** An address of this machine that is not loopback: what a remote plain-HTTP endpoint looks like. */
function nonLoopbackAddress(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (!a.internal && a.family === 'IPv4') return a.address;
  }
  throw new Error('this test needs a non-loopback IPv4 address on this machine (e.g. the container network interface)');
}

/** Runs `fn` with environment variables set, restoring them afterwards. */
async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(vars))
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  }
}

const CLEAN_ENV = {
  AWS_ENDPOINT_URL: undefined,
  AWS_ENDPOINT_URL_S3: undefined,
  AWS_PROFILE: undefined,
  AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: undefined,
};
const STATIC_KEYS = {
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  AWS_REGION: 'us-east-1',
};
const envConnection = (extra: Partial<ConnectionConfig> = {}): ConnectionConfig => ({
  id: 't',
  label: 't',
  credentials: { kind: 'environment' },
  region: 'us-east-1',
  forcePathStyle: true,
  ...extra,
});

async function putWithSseC(client: S3Client): Promise<unknown> {
  return client.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'secret', ...sseCParams(KEY) }));
}

describe('core/s3 SSE-C transport guard', function () {
  this.timeout(60_000);
  let tmp: string;
  let listener: RecordingListener;
  let endpoint: string;

  beforeEach(async () => {
    tmp = mkdtempSync(join(tmpdir(), 's3enc-ssec-guard-'));
    listener = new RecordingListener(nonLoopbackAddress());
    endpoint = await listener.listen();
  });
  afterEach(async () => {
    await listener.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  /** Refused with nothing sent; then the same client without SSE-C reaches the listener. */
  async function assertRefusedThenReachable(makeClient: () => S3Client): Promise<void> {
    const client = makeClient();
    try {
      await assert.rejects(
        putWithSseC(client),
        (e: unknown) =>
          e instanceof SseCRequiresHttpsError && e.code === 'SseCRequiresHttps' && e.message.includes(endpoint),
      );
      await assert.rejects(
        client.send(new GetObjectCommand({ Bucket: 'b', Key: 'k', ...sseCParams(KEY) })),
        SseCRequiresHttpsError,
      );
      assert.equal(listener.connections, 0, 'nothing may reach the endpoint');
      await assert.rejects(
        client.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'plain' })),
        (e: unknown) => !(e instanceof SseCRequiresHttpsError),
      );
      assert.ok(listener.connections > 0, 'control: a request without SSE-C does reach this endpoint');
    } finally {
      client.destroy();
    }
  }
  const opts: ClientOptions = { maxAttempts: 1, allowSseCOverHttpLoopback: true };

  it('endpoint from the connection settings (the extension) / --endpoint (the CLI connection)', async () => {
    await withEnv({ ...CLEAN_ENV, ...STATIC_KEYS }, () =>
      assertRefusedThenReachable(() => createS3Client(envConnection({ endpoint }), opts)),
    );
  });

  it('endpoint from AWS_ENDPOINT_URL', async () => {
    await withEnv({ ...CLEAN_ENV, ...STATIC_KEYS, AWS_ENDPOINT_URL: endpoint }, () =>
      assertRefusedThenReachable(() => createS3Client(envConnection(), opts)),
    );
  });

  it('endpoint from AWS_ENDPOINT_URL_S3', async () => {
    await withEnv({ ...CLEAN_ENV, ...STATIC_KEYS, AWS_ENDPOINT_URL_S3: endpoint }, () =>
      assertRefusedThenReachable(() => createS3Client(envConnection(), opts)),
    );
  });

  const profileFiles = (configBody: string): Record<string, string> => {
    const config = join(tmp, 'config');
    const credentials = join(tmp, 'credentials');
    writeFileSync(config, configBody);
    writeFileSync(
      credentials,
      `[guard]\naws_access_key_id = ${STATIC_KEYS.AWS_ACCESS_KEY_ID}\naws_secret_access_key = ${STATIC_KEYS.AWS_SECRET_ACCESS_KEY}\n`,
    );
    return { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials };
  };
  const profileConnection: ConnectionConfig = {
    id: 't',
    label: 't',
    credentials: { kind: 'profile', profile: 'guard' },
    forcePathStyle: true,
  };

  // The SDK takes endpoint_url from the active profile (AWS_PROFILE, else [default]), whatever profile the
  // credentials come from; the guard judges the endpoint the SDK actually resolved.
  it("endpoint from a profile's endpoint_url", async () => {
    const files = profileFiles(`[profile guard]\nregion = us-east-1\nendpoint_url = ${endpoint}\n`);
    await withEnv({ ...CLEAN_ENV, ...files, AWS_PROFILE: 'guard' }, () =>
      assertRefusedThenReachable(() => createS3Client(profileConnection, opts)),
    );
  });

  it("endpoint from a profile's services section", async () => {
    const files = profileFiles(
      `[profile guard]\nregion = us-east-1\nservices = local\n\n[services local]\ns3 =\n  endpoint_url = ${endpoint}\n`,
    );
    await withEnv({ ...CLEAN_ENV, ...files, AWS_PROFILE: 'guard' }, () =>
      assertRefusedThenReachable(() => createS3Client(profileConnection, opts)),
    );
  });

  it("endpoint from the default profile's endpoint_url, for a connection on the default credential chain", async () => {
    const files = profileFiles(`[default]\nregion = us-east-1\nendpoint_url = ${endpoint}\n`);
    await withEnv({ ...CLEAN_ENV, ...STATIC_KEYS, ...files }, () =>
      assertRefusedThenReachable(() =>
        createS3Client({ id: 't', label: 't', credentials: { kind: 'default' }, forcePathStyle: true }, opts),
      ),
    );
  });

  describe('the real CLI', () => {
    const runCli = (args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string }> =>
      new Promise((resolve) => {
        execFile(
          process.execPath,
          ['--import', 'tsx', 'src/cli/bin.ts', 'cp', ...args],
          { cwd: ROOT, env: { ...process.env, ...CLEAN_ENV, ...STATIC_KEYS, ...env } },
          (err, _out, stderr) => {
            resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stderr: stderr.toString() });
          },
        );
      });

    for (const source of ['--endpoint', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_S3'] as const) {
      it(`s3enc cp --sse-c-key-file with the endpoint from ${source}: refused, nothing sent`, async () => {
        const file = join(tmp, 'f.bin');
        const keyFile = join(tmp, 'k.hex');
        writeFileSync(file, 'secret');
        writeFileSync(keyFile, KEY.toString('hex'));
        const args = [
          file,
          's3://b/k',
          '--sse-c-key-file',
          keyFile,
          '--path-style',
          ...(source === '--endpoint' ? ['--endpoint', endpoint] : []),
        ];
        const r = await runCli(args, source === '--endpoint' ? {} : { [source]: endpoint });
        assert.equal(r.code, 1, r.stderr);
        assert.match(r.stderr, /^SseCRequiresHttps: .*https/im);
        assert.equal(listener.connections, 0, 'nothing may reach the endpoint');
      });
    }
  });

  describe('loopback endpoints', () => {
    let local: RecordingListener;
    let localEndpoint: string;
    beforeEach(async () => {
      local = new RecordingListener('127.0.0.1');
      localEndpoint = await local.listen();
    });
    afterEach(() => local.close());

    it('are refused unless the user allowed them; the allowance is read on each request', async () => {
      let allowed = false;
      const client = createS3Client(envConnection({ endpoint: localEndpoint }), {
        maxAttempts: 1,
        allowSseCOverHttpLoopback: () => allowed,
      });
      try {
        await withEnv({ ...CLEAN_ENV, ...STATIC_KEYS }, async () => {
          await assert.rejects(
            putWithSseC(client),
            (e: unknown) => e instanceof SseCRequiresHttpsError && e.hint?.name === 'allowHttpLoopback',
          );
          assert.equal(local.connections, 0);
          allowed = true;
          await assert.rejects(putWithSseC(client), (e: unknown) => !(e instanceof SseCRequiresHttpsError));
          assert.ok(local.connections > 0, 'allowed: the request went to the loopback listener');
        });
      } finally {
        client.destroy();
      }
    });
  });

  describe('the rule itself', () => {
    it('refuses plain HTTP to a remote host even when loopback is allowed, hinting at HTTPS', () => {
      assert.throws(
        () => assertSseCTransportAllowed(new URL('http://s3.example.com'), true),
        (e: unknown) =>
          e instanceof SseCRequiresHttpsError &&
          /key in a request header/.test(e.message) &&
          e.hint?.name === 'httpsEndpoint',
      );
    });
    it('lets loopback hosts through only when allowed', () => {
      assert.throws(
        () => assertSseCTransportAllowed(new URL('http://127.0.0.1:7480'), false),
        (e: unknown) => e instanceof SseCRequiresHttpsError && e.hint?.name === 'allowHttpLoopback',
      );
      assert.doesNotThrow(() => assertSseCTransportAllowed(new URL('http://127.0.0.1:7480'), true));
      assert.doesNotThrow(() => assertSseCTransportAllowed(new URL('http://[::1]:7480'), true));
      assert.doesNotThrow(() => assertSseCTransportAllowed(new URL('http://s3.localhost:7480'), true));
    });
    it('accepts HTTPS anywhere', () => {
      assert.doesNotThrow(() => assertSseCTransportAllowed(new URL('https://minio.example.com'), false));
    });
    it('does not mistake look-alike hosts for loopback', () => {
      for (const host of ['http://127.0.0.1.example.com', 'http://localhost.example.com', 'http://0x7f.evil']) {
        assert.throws(() => assertSseCTransportAllowed(new URL(host), true), SseCRequiresHttpsError, host);
      }
    });
  });
});
