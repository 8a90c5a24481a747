// BGP communities as the API writes them: standard "AA:NN" (two 16-bit values) or
// large "large:A:B:C" (three 32-bit values). Well-known names and extended communities are not part of the API.
export type Community =
  | { kind: 'standard'; text: string; values: [number, number] }
  | { kind: 'large'; text: string; values: [number, number, number] };

// Decimal digits; leading zeros are accepted as upstream's strconv.ParseUint does ("065000:0100").
const NUMBER = /^\d+$/;

function parts(text: string, max: number, count: number): number[] | undefined {
  const fields = text.split(':');
  if (fields.length !== count || !fields.every((f) => NUMBER.test(f))) return undefined;
  const values = fields.map(Number);
  return values.every((v) => v <= max) ? values : undefined;
}

/** Parses a community; `text` of the result is canonical (no leading zeros), for comparison and rendering. */
export function parseCommunity(text: string): Community | undefined {
  if (text.startsWith('large:')) {
    const v = parts(text.slice('large:'.length), 0xffffffff, 3);
    return v ? { kind: 'large', text: `large:${v.join(':')}`, values: [v[0]!, v[1]!, v[2]!] } : undefined;
  }
  const v = parts(text, 0xffff, 2);
  return v ? { kind: 'standard', text: v.join(':'), values: [v[0]!, v[1]!] } : undefined;
}
