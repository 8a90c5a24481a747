// An input the CLI cannot read: the command stops with exit 2. The message starts with where the
// problem is (`file:line:col:` when known); `code` is one of the "Reading input" problem codes.
import type { ProblemCode } from '../core/problems.ts';

export type InputErrorCode = Extract<ProblemCode, `INPUT_${string}` | `YAML_${string}`>;

export class InputError extends Error {
  override name = 'InputError';
  readonly code: InputErrorCode;
  constructor(code: InputErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
