// The S3 Control / UpdateObjectEncryption stand-in (tools/local-s3control) in front of the live RGW, one per
// suite, with clients of the real AWS SDK pointed at it.
import type { S3Client } from '@aws-sdk/client-s3';
import type { S3ControlClient } from '@aws-sdk/client-s3-control';
import { createS3ControlClient } from '../../src/core/batch/control-client';
import { createS3Client } from '../../src/core/s3/connection';
import { startStandIn, type StandIn } from '../../tools/local-s3control/server';
import { liveEnv } from '../../tools/live/live-env';
import { liveConnection } from '../../tools/live/s3-test-bucket';

export interface StandInSuite {
  standIn: StandIn;
  /** S3 through the stand-in (UpdateObjectEncryption, BlockedEncryptionTypes; the rest is RGW). */
  s3: S3Client;
  control: S3ControlClient;
}

/** An ARN of the stand-in's account whose key id RGW's SSE-KMS backend knows. */
export function standInKeyArn(index = 0): string {
  return `arn:aws:kms:us-east-1:111122223333:key/${liveEnv().rgwKmsKeyIds[index]}`;
}

export function useStandIn(opts: { taskDelayMs?: number; deniedKeyArns?: string[] } = {}): StandInSuite {
  const suite = {} as StandInSuite;
  before(async () => {
    const env = liveEnv();
    suite.standIn = await startStandIn({
      rgwEndpoint: env.s3Endpoint,
      region: env.region,
      accessKeyId: env.accessKeyId,
      secretAccessKey: env.secretAccessKey,
      taskDelayMs: opts.taskDelayMs ?? 40,
      prepareDelayMs: 50,
      deniedKeyArns: opts.deniedKeyArns,
    });
    const conn = { ...liveConnection(env), endpoint: suite.standIn.s3Endpoint };
    suite.s3 = createS3Client(conn, {
      secretAccessKey: env.secretAccessKey,
      maxAttempts: 1,
      allowSseCOverHttpLoopback: true,
    });
    suite.control = createS3ControlClient(conn, {
      secretAccessKey: env.secretAccessKey,
      endpoint: suite.standIn.controlEndpoint,
      maxAttempts: 1,
    });
  });
  after(async () => {
    suite.s3?.destroy();
    suite.control?.destroy();
    await suite.standIn?.close();
  });
  return suite;
}
