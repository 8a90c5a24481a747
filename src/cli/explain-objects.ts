// The `# namespace/name: State …` lines that open `frrk8s explain`: what happened on the node to each
// FRRConfiguration of the namespace — Applied, Invalid, Conflict, Pending, or NotSelected with the
// selector term that did not match. The node's FRRNodeState lists only the objects that select it (its
// size follows the node, not the cluster), so this is where "why is object X not on node N?" is answered.
import type { ConfigurationOutcome } from '../../api/v1beta1/frrnodestate.ts';
import type { NotSelected } from '../core/pipeline.ts';
import { refName } from '../core/problems.ts';
import { byText } from '../core/render/lines.ts';
import { printable } from './printable.ts';

/** Objects not selecting the node named before "and N more" (thousands in a large cluster). */
const NOT_SELECTED_LISTED = 20;
/** Problem codes named on an Invalid or Conflict line; the problems themselves go to stderr in full. */
const CODES_LISTED = 3;

function listed(items: readonly string[], max: number): string {
  const more = items.length - max;
  return items.slice(0, max).join(', ') + (more > 0 ? ` and ${more} more` : '');
}

function outcomeLine(o: ConfigurationOutcome): string {
  const errors = (o.problems ?? []).filter((p) => p.severity === 'error');
  const codes = listed([...new Set(errors.map((p) => p.code))], CODES_LISTED);
  switch (o.outcome) {
    case 'Applied':
      return o.generation === undefined ? 'Applied' : `Applied (generation ${o.generation})`;
    case 'Conflict': {
      const others = [...new Set(errors.flatMap((p) => p.with ?? []))].sort(byText);
      return `Conflict with ${listed(others, CODES_LISTED)}: ${codes}`;
    }
    case 'Invalid':
      return `Invalid: ${codes}`;
    default:
      return `${o.outcome}${o.reason === undefined ? '' : `: ${o.reason}`}`;
  }
}

/**
 * One line per object of the namespace, by name: those that concern the node with their outcome, then
 * those that do not select it with the reason (bounded, counted beyond). With `only`, just that object.
 */
export function objectStateLines(
  outcomes: readonly ConfigurationOutcome[],
  notSelected: readonly NotSelected[],
  node: string,
  only?: string,
): string {
  const pick = <T extends { name: string }>(items: readonly T[]) =>
    [...items].filter((o) => only === undefined || o.name === only).sort((a, b) => byText(a.name, b.name));
  const lines = pick(outcomes).map((o) => `# ${printable(refName(o))}: ${printable(outcomeLine(o))}\n`);
  const excluded = pick(notSelected);
  for (const o of excluded.slice(0, NOT_SELECTED_LISTED))
    lines.push(`# ${printable(refName(o))}: NotSelected: ${printable(o.reason)}\n`);
  const more = excluded.length - NOT_SELECTED_LISTED;
  if (more > 0) lines.push(`# … and ${more} more objects do not select node ${printable(node)}\n`);
  return lines.join('');
}
