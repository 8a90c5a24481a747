// The FRR release the configuration is rendered for. A few lines are stored differently from one
// release to the next; rendering what the running FRR stores keeps a reload of unchanged text a no-op.
export interface FrrVersion {
  major: number;
  minor: number;
}

/** Debian bookworm's FRR, the release the renderer was first written and tested against. */
export const FRR_8_4: FrrVersion = { major: 8, minor: 4 };

/**
 * The first `major.minor` in `text`: a bare "10.3", or `show version`'s first line
 * ("FRRouting 10.3 (node-a) on Linux(…)"). Undefined when there is none.
 */
export function parseFrrVersion(text: string): FrrVersion | undefined {
  const m = /(?:^|\s)(\d+)\.(\d+)(?=[.\s(-]|$)/.exec(text.trim());
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

export const formatFrrVersion = (v: FrrVersion): string => `${String(v.major)}.${String(v.minor)}`;

/**
 * Whether zebra resolves next hops through the default route without being told to. FRR 10's
 * `traditional` profile turns `ip nht resolve-via-default` (and the IPv6 one) on by default, so the
 * running configuration never shows them and a rendered copy would be "missing" on every reload.
 * Checked on 8.4 (off) and 10.3 (on); 9.x was not available to check and is treated as 8.4.
 */
export const resolvesViaDefaultByDefault = (v: FrrVersion): boolean => v.major >= 10;
