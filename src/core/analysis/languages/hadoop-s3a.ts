// Hadoop's S3A connector (Spark, Hive, Flink jobs) is configured by string keys: `fs.s3a.endpoint` and
// `fs.s3a.connection.ssl.enabled` (also per bucket, `fs.s3a.bucket.<name>.endpoint`, and with Spark's
// `spark.hadoop.` prefix). Each such setting is one option of the S3 client the job makes.
import type { ClientFact, Prop, Range, Value } from '../types';

const S3A_KEY = /^(?:spark\.hadoop\.)?fs\.s3a\.(?:bucket\.[^.]+\.)?(endpoint|connection\.ssl\.enabled)$/;

/** S3A's own names for its keys (`org.apache.hadoop.fs.s3a.Constants.ENDPOINT`), as code often writes them. */
const S3A_CONSTANTS: Record<string, string> = {
  ENDPOINT: 'fs.s3a.endpoint',
  SECURE_CONNECTIONS: 'fs.s3a.connection.ssl.enabled',
};

/** The key a `Constants.ENDPOINT`-style reference names, if it is one of S3A's. */
export function s3aKey(reference: string): string | undefined {
  const m = /(?:^|\.)Constants\.(\w+)$/.exec(reference);
  return m ? S3A_CONSTANTS[m[1]] : undefined;
}

/** `conf.set("fs.s3a.endpoint", "http://...")` as a client option; undefined for any other key. */
export function s3aSetting(key: string | undefined, value: Value, range: Range): ClientFact | undefined {
  const m = key === undefined ? null : S3A_KEY.exec(key);
  if (!m || key === undefined) return undefined;
  // "false" as a string is how most jobs write it.
  const v: Value = /^(true|false)$/i.test(value.str ?? '') ? { ...value, bool: /^true$/i.test(value.str!) } : value;
  const prop: Prop =
    m[1] === 'endpoint' ? { name: 'endpoint', key, range, value: v } : { name: 'useSsl', key, range, value: v };
  return { options: { props: [prop], complete: false }, range };
}
