// Strict decoders for individual metadata values. Every failure is an InvalidMetadata naming the field.
import { InvalidMetadata } from '../errors';
import type { StringMap } from '../types';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function decodeBase64Field(value: string | undefined, field: string, expectedBytes?: number): Buffer {
  if (value === undefined) throw new InvalidMetadata(`${field} is missing from the envelope`);
  const compact = value.replace(/\s+/g, '');
  if (!BASE64.test(compact)) throw new InvalidMetadata(`${field} is not valid base64`);
  const bytes = Buffer.from(compact, 'base64');
  if (expectedBytes !== undefined && bytes.length !== expectedBytes) {
    throw new InvalidMetadata(`${field} must decode to ${expectedBytes} bytes, got ${bytes.length}`);
  }
  return bytes;
}

/**
 * S3 returns non-ASCII metadata values RFC 2047-encoded (`=?UTF-8?B?...?=`), the "double encoding" the
 * spec mentions. Decode that form; leave every other value untouched.
 */
export function decodeS3MetadataValue(value: string): string {
  const m = /^=\?UTF-8\?([BQ])\?(.*)\?=$/i.exec(value.trim());
  if (!m) return value;
  const [, kind, text] = m;
  if (kind?.toUpperCase() === 'B') return Buffer.from(text ?? '', 'base64').toString('utf8');
  const bytes = (text ?? '')
    .replace(/_/g, ' ')
    .replace(/=([0-9A-F]{2})/gi, (_s, h: string) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** Parses a JSON object whose values are all strings (material description / encryption context). */
export function parseStringMapJson(value: string | undefined, field: string): StringMap {
  if (value === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeS3MetadataValue(value));
  } catch {
    throw new InvalidMetadata(`${field} is not valid JSON`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InvalidMetadata(`${field} must be a JSON object of strings`);
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof v !== 'string') throw new InvalidMetadata(`${field} entry "${k}" must be a string`);
    out[k] = v;
  }
  return out;
}

export function parseLengthField(value: string | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,16}$/.test(value.trim())) throw new InvalidMetadata(`${field} must be a non-negative integer`);
  return Number(value.trim());
}

/** Lower-cases names (S3 already does; local JSON files may not) and rejects non-string values. */
export function normalizeMetadata(input: unknown, what: string): Record<string, string> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new InvalidMetadata(`${what} must be a JSON object of string values`);
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(input as Record<string, unknown>)) {
    if (typeof v !== 'string') throw new InvalidMetadata(`${what} entry "${k}" must be a string`);
    out[k.toLowerCase()] = v;
  }
  return out;
}

/** Parses an instruction-file body: JSON object of string values. */
export function parseInstructionFile(body: string | Uint8Array): Record<string, string> {
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InvalidMetadata('the instruction file is not valid JSON');
  }
  return normalizeMetadata(parsed, 'the instruction file');
}
