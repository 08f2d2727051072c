// Turns a file's bytes into the text the analysis sees: UTF-8 (BOM or not) and UTF-16 with a BOM decode as such;
// anything else that is not valid UTF-8 is decoded with U+FFFD for the bad bytes and a notice says so, since
// columns after such a byte may not match what an editor in another encoding shows.
import type { AnalysisNotice } from './engine';

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const UTF8_LENIENT = new TextDecoder('utf-8');

export function decodeSource(bytes: Uint8Array): { text: string; notice?: AnalysisNotice } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return { text: UTF8.decode(body) };
  } catch {
    // Binary files are not "badly encoded text": the engine reports those as binary.
    const text = UTF8_LENIENT.decode(body);
    if (text.slice(0, 8000).includes('\u0000')) return { text };
    return {
      text,
      notice: {
        code: 'encoding',
        message: 'not valid UTF-8; analysed with the invalid bytes replaced (columns after them may be off)',
      },
    };
  }
}
