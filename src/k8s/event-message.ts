// Event messages are bounded (1 KiB, the limit events.k8s.io/v1 sets on notes): a message naming every
// problem of a large FRRConfiguration would otherwise grow without limit.

export const MAX_MESSAGE_BYTES = 1024;
const ELLIPSIS = '…';

/** `text` cut to at most `maxBytes` of UTF-8, on a character boundary, with an ellipsis when cut. */
export function boundMessage(text: string, maxBytes = MAX_MESSAGE_BYTES): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes - Buffer.byteLength(ELLIPSIS);
  // Back off to the first byte of the character that would be split (continuation bytes are 10xxxxxx).
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8') + ELLIPSIS;
}
