// Expands -f arguments into the files to read. Files named directly are read whatever their
// extension; directories contribute their YAML and JSON files, sorted, recursively. Links are
// followed, but each real file or directory is read once, so a link back to an ancestor (a loop) or
// a mounted ConfigMap's `..data` links add nothing twice. A dangling link or a link loop stops the
// read: silently skipping it could hide half of someone's configuration.
import { lstatSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { InputError } from './input-error.ts';

const MANIFEST = /\.(ya?ml|json)$/i;

/** `stat` that follows links, with every failure turned into a coded InputError. */
function statInput(path: string): Stats {
  try {
    return statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new InputError('INPUT_BROKEN_LINK', `${path}: symbolic links form a loop`);
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      if (isLink(path))
        throw new InputError('INPUT_BROKEN_LINK', `${path}: symbolic link to a missing target`);
      throw new InputError('INPUT_NOT_FOUND', `${path}: no such file or directory`);
    }
    throw new InputError('INPUT_UNREADABLE', `${path}: ${code ?? (err as Error).message}`);
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function entriesOf(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch (err) {
    throw new InputError(
      'INPUT_UNREADABLE',
      `${dir}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`,
    );
  }
}

function expand(path: string, seen: Set<string>, named: boolean, out: string[]): void {
  const stats = statInput(path);
  // The real path exists once stat succeeded; it identifies the file however it was reached.
  const real = realpathSync(path);
  if (stats.isDirectory()) {
    if (seen.has(real)) return;
    seen.add(real);
    for (const entry of entriesOf(path)) expand(join(path, entry), seen, false, out);
    return;
  }
  if (!named && !MANIFEST.test(path)) return;
  if (seen.has(real)) return;
  seen.add(real);
  out.push(path);
}

/** The files to read, in order; `-` (stdin) is kept as is. */
export function inputFiles(paths: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const path of paths) {
    if (path === '-') out.push('-');
    else expand(path, seen, true, out);
  }
  return out;
}
