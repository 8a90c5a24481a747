// Reads Kubernetes objects from YAML or JSON files, directories and stdin, as kubectl reads them
// (see kubectl-yaml.ts). Multi-document YAML and `kind: List` are supported. Anything that cannot be
// read stops the command with a coded InputError naming the file, line and column.
import { LineCounter, parseAllDocuments } from 'yaml';
import { InputError } from './input-error.ts';
import { inputFiles } from './input-files.ts';
import { kubectlValue, type AliasBudget } from './kubectl-yaml.ts';
import { MAX_INPUT_BYTES, MAX_TOTAL_BYTES, readFileBounded } from './read-bounded.ts';

export { InputError } from './input-error.ts';

export interface InputDocument {
  /** Where the document starts, e.g. `samples/a.yaml:12`. */
  origin: string;
  value: unknown;
}

export function parseDocuments(
  text: string,
  name: string,
  budget: AliasBudget = { used: 0 },
): InputDocument[] {
  const lines = new LineCounter();
  // Duplicate keys are found by the conversion in linear time (yaml's own check is quadratic).
  const docs = parseAllDocuments(text, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: false,
    logLevel: 'silent',
  });
  const locate = (offset: number | undefined): string => {
    if (offset === undefined) return name;
    const pos = lines.linePos(offset);
    return `${name}:${pos.line}:${pos.col}`;
  };
  const out: InputDocument[] = [];
  for (const doc of docs) {
    const [error] = doc.errors;
    if (error) {
      // yaml reports running out of stack (very deep nesting) as RESOURCE_EXHAUSTION.
      if (error.code === 'RESOURCE_EXHAUSTION')
        throw new InputError('YAML_TOO_DEEP', `${locate(error.pos[0])}: nested too deeply to read`);
      throw new InputError('YAML_SYNTAX', `${locate(error.pos[0])}: ${error.message.split('\n')[0]}`);
    }
    const value = kubectlValue(doc, locate, budget);
    if (value === null || value === undefined) continue;
    const origin = `${name}:${lines.linePos(doc.range[0]).line}`;
    const list = value as { kind?: unknown; items?: unknown };
    if (typeof list.kind === 'string' && list.kind.endsWith('List') && Array.isArray(list.items)) {
      for (const item of list.items as unknown[]) out.push({ origin, value: item });
    } else {
      out.push({ origin, value });
    }
  }
  return out;
}

/**
 * The one wording of INPUT_TOO_LARGE, for files and stdin alike; a `limit` below the per-input one
 * means the inputs together ran out of the total.
 */
export function inputTooLarge(name: string, limit = MAX_INPUT_BYTES): InputError {
  const what = limit < MAX_INPUT_BYTES ? 'all inputs together are' : 'it is';
  return new InputError(
    'INPUT_TOO_LARGE',
    `${name}: not read, ${what} larger than the CLI reads (${MAX_INPUT_BYTES / 2 ** 20} MiB per input, ${MAX_TOTAL_BYTES / 2 ** 20} MiB in all)`,
  );
}

function readFile(file: string, limit: number): Buffer {
  let bytes: Buffer | undefined;
  try {
    bytes = readFileBounded(file, limit);
  } catch (err) {
    throw new InputError(
      'INPUT_UNREADABLE',
      `${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? ''}`,
    );
  }
  if (!bytes) throw inputTooLarge(file, limit);
  return bytes;
}

/**
 * Every document of every input. Each input is read up to MAX_INPUT_BYTES and all of them together up
 * to MAX_TOTAL_BYTES; `stdin` is read only when an argument is `-`.
 */
export function readDocuments(paths: readonly string[], stdin: () => string): InputDocument[] {
  const budget: AliasBudget = { used: 0 };
  let total = 0;
  const out: InputDocument[] = [];
  for (const file of inputFiles(paths)) {
    const name = file === '-' ? '<stdin>' : file;
    const left = MAX_TOTAL_BYTES - total;
    const limit = Math.min(MAX_INPUT_BYTES, left);
    let text: string;
    if (file === '-') {
      text = stdin();
      if (Buffer.byteLength(text) > limit) throw inputTooLarge(name, limit);
    } else {
      text = readFile(file, limit).toString('utf8');
    }
    total += Buffer.byteLength(text);
    for (const doc of parseDocuments(text, name, budget)) out.push(doc);
  }
  return out;
}
