// Every string under spec.bgp is written into FRR configuration in some form, so none may carry a
// newline, a comment starter or a control character. This pass is type-agnostic: it runs even when
// the object does not match the schema, so an injection attempt is always reported.
import { hasUnsafeCharacters } from '../names.ts';
import type { Reporter } from './reporter.ts';
import { forEachString } from './strings.ts';

export function checkUnsafeStrings(spec: unknown, reporter: Reporter): void {
  if (!spec || typeof spec !== 'object' || !('bgp' in spec)) return;
  forEachString(spec.bgp, 'spec.bgp', (text, path, kind) => {
    if (!hasUnsafeCharacters(text)) return;
    if (kind === 'value') {
      reporter.report(
        'UNSAFE_CHARACTERS',
        path,
        'contains a newline, "!", "#" or a control character, which could end or add an FRR command',
      );
    } else {
      // A key is rendered nowhere, but a crafted key must not slip through unnoticed either.
      reporter.report('UNSAFE_CHARACTERS', path, 'field name is unsafe');
    }
  });
}
