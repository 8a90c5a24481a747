// What may appear where FRR expects a word. Anything that could end a command or start a new one is
// refused before any text is rendered (raw config is the single documented exception).

/** Newline, carriage return, the comment starters and every other control character. */
const UNSAFE = /[\r\n!#\p{Cc}]/u;

export const hasUnsafeCharacters = (text: string): boolean => UNSAFE.test(text);

/** Kubernetes object names (RFC 1123 subdomain, at most 253 characters), as the API server checks them. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const isDnsSubdomain = (text: string): boolean => text.length <= 253 && DNS_SUBDOMAIN.test(text);

/** Namespace names (RFC 1123 label, at most 63 characters). */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const isDnsLabel = (text: string): boolean => text.length <= 63 && DNS_LABEL.test(text);

/** A user string for a message: quoted with control characters escaped, and cut short if long. */
export const quoted = (text: string, max = 80): string =>
  JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);

/** Linux interface and VRF names: 1..15 characters, no whitespace, no '/' or ':'. */
const IFNAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,14}$/;
export const isInterfaceName = (text: string): boolean => IFNAME.test(text);

/** FRR BFD profile names: one word of up to 64 characters. */
const PROFILE = /^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,63}$/;
export const isProfileName = (text: string): boolean => PROFILE.test(text);

/**
 * What FRR's `hostname` line can carry: one printable word with no comment starter. Node names are DNS
 * subdomains (at most 253 characters); a hostname FRR reports may use any case, so only safety is checked.
 */
const HOSTNAME = /^[\x21-\x7e]{1,253}$/;
export const isSafeHostname = (text: string): boolean => HOSTNAME.test(text) && !hasUnsafeCharacters(text);

/** TCP-MD5 keys are at most 80 bytes; FRR takes the password as one word. */
export function passwordError(text: string): string | undefined {
  if (text.length === 0) return 'must not be empty';
  if (text.length > 80) return `is ${text.length} characters long; TCP-MD5 allows at most 80`;
  if (/\s/.test(text)) return 'must not contain whitespace';
  if (!/^[\x21-\x7e]+$/.test(text)) return 'must be printable ASCII';
  return undefined;
}
