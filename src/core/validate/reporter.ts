// Collects the problems of one object. A field already reported as carrying unsafe characters is not
// reported again by the specific checks, so one bad value gives one problem.
import { problem, type Problem, type ProblemCode, type SourceRef } from '../problems.ts';

export interface ObjectRef {
  kind: string;
  namespace: string;
  name: string;
}

export class Reporter {
  readonly problems: Problem[] = [];
  private readonly unsafePaths = new Set<string>();

  readonly ref: ObjectRef;

  constructor(ref: ObjectRef) {
    this.ref = ref;
  }

  at(path: string): SourceRef {
    return { ...this.ref, path };
  }

  report(code: ProblemCode, path: string, message: string, ...also: SourceRef[]): void {
    if (this.unsafePaths.has(path)) return;
    if (code === 'UNSAFE_CHARACTERS') this.unsafePaths.add(path);
    this.problems.push(problem(code, message, this.at(path), ...also));
  }

  /** Adds problems found elsewhere (the schema), except those at a field already reported as unsafe. */
  add(problems: readonly Problem[]): void {
    for (const p of problems) if (!this.unsafePaths.has(p.sources[0]?.path ?? '')) this.problems.push(p);
  }
}
