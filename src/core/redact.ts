// Passwords never leave the file FRR reads: everything shown elsewhere (status, events, logs, CLI) goes
// through here. Both the `password <x>` form and any known secret value are retracted, since FRR's
// error messages may quote a command line in other shapes.
export const RETRACTED = '<retracted>';

const PASSWORD_WORD = /(\bpassword\s+)\S+/g;

export function redact(text: string, secrets: Iterable<string> = []): string {
  let out = text.replace(PASSWORD_WORD, `$1${RETRACTED}`);
  // Longest first, so a secret that contains another is retracted whole.
  for (const secret of [...new Set(secrets)]
    .filter((s) => s.length >= 4)
    .sort((a, b) => b.length - a.length)) {
    out = out.split(secret).join(RETRACTED);
  }
  return out;
}
