// Reads Kubernetes objects from YAML or JSON files, directories and stdin. Multi-document YAML and
// `kind: List` are supported. A syntax error stops the read with the file, line and column.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';

export interface InputDocument {
  /** Where the document starts, e.g. `samples/a.yaml:12`. */
  origin: string;
  value: unknown;
}

export class InputError extends Error {
  override name = 'InputError';
}

const MANIFEST = /\.(ya?ml|json)$/i;

/** Files named directly are read whatever their extension; directories contribute their manifests, sorted. */
function expand(path: string): string[] {
  if (path === '-') return ['-'];
  let stats;
  try {
    stats = statSync(path);
  } catch (err) {
    throw new InputError(
      `${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : String(err)}`,
    );
  }
  if (!stats.isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((entry) => {
      const full = join(path, entry);
      if (statSync(full).isDirectory()) return expand(full);
      return MANIFEST.test(entry) ? [full] : [];
    });
}

export function parseDocuments(text: string, name: string): InputDocument[] {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const out: InputDocument[] = [];
  for (const doc of docs) {
    const [error] = doc.errors;
    if (error) {
      const pos = lines.linePos(error.pos[0]);
      throw new InputError(`${name}:${pos.line}:${pos.col}: ${error.message.split('\n')[0]}`);
    }
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) continue;
    const line = lines.linePos(doc.range[0]).line;
    const origin = `${name}:${line}`;
    const list = value as { kind?: unknown; items?: unknown };
    if (typeof list.kind === 'string' && list.kind.endsWith('List') && Array.isArray(list.items)) {
      for (const item of list.items as unknown[]) out.push({ origin, value: item });
    } else {
      out.push({ origin, value });
    }
  }
  return out;
}

export function readDocuments(paths: readonly string[], stdin: () => string): InputDocument[] {
  return paths.flatMap(expand).flatMap((file) => {
    if (file === '-') return parseDocuments(stdin(), '<stdin>');
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new InputError(`${file}: cannot read: ${(err as Error).message}`);
    }
    return parseDocuments(text, file);
  });
}
