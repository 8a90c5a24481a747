// All fragments selected for a node → one Config, or conflicts. Merging is a fold of a commutative,
// associative, idempotent operation; fragments are folded in a fixed order (namespace/name) only so
// that *which* pair is reported first in a multi-way conflict is stable. The fold updates one owned
// accumulator in place (see owned.ts), so it is linear in the number of fragments.
import { BFD_DEFAULTS, type BfdProfile, type Config, type Router } from '../ir.ts';
import type { Fragment } from '../normalize.ts';
import { problem, type Problem } from '../problems.ts';
import { byText } from '../render/lines.ts';
import { checkMerged } from './post-checks.ts';
import { appendAll } from './owned.ts';
import { mergeRouterInto, settleRouter } from './router.ts';
import type { Conflicts } from './values.ts';

const BFD_FIELDS = [
  'receiveInterval',
  'transmitInterval',
  'detectMultiplier',
  'echoInterval',
  'echoMode',
  'passiveMode',
  'minimumTtl',
] as const satisfies readonly (keyof BfdProfile)[];

function mergeBfd(into: Map<string, BfdProfile>, profile: BfdProfile, out: Conflicts): void {
  const mine = into.get(profile.name);
  if (!mine) {
    into.set(profile.name, { ...profile, sources: [...profile.sources] });
    return;
  }
  // Compared as bfdd will run them: an unset field and its default are the same profile.
  const differs = BFD_FIELDS.filter((f) => (mine[f] ?? BFD_DEFAULTS[f]) !== (profile[f] ?? BFD_DEFAULTS[f]));
  if (differs.length > 0) {
    out.problems.push(
      problem(
        'BFD_PROFILE_CONFLICT',
        `BFD profile "${profile.name}" is defined with different ${differs.join(', ')} by several objects`,
        ...mine.sources,
        ...profile.sources,
      ),
    );
    return;
  }
  appendAll(mine.sources, profile.sources);
}

export interface MergeResult {
  config: Config;
  /** Conflicts and post-merge problems; any error means nothing may be rendered for the node. */
  problems: Problem[];
}

export function mergeFragments(fragments: readonly Fragment[]): MergeResult {
  const out: Conflicts = { problems: [] };
  const routers = new Map<string, Router>();
  const bfdProfiles = new Map<string, BfdProfile>();
  const raw: Config['raw'] = [];
  for (const fragment of fragments) {
    for (const router of fragment.routers) {
      const mine = routers.get(router.vrf);
      if (mine) mergeRouterInto(mine, router, out);
      else routers.set(router.vrf, settleRouter(router, out));
    }
    for (const profile of fragment.config.bfdProfiles.values()) mergeBfd(bfdProfiles, profile, out);
    raw.push(...fragment.config.raw);
  }
  // Raw snippets: ascending priority, then object name, then namespace — a total order.
  raw.sort(
    (a, b) =>
      a.priority - b.priority ||
      byText(a.source.name, b.source.name) ||
      byText(a.source.namespace, b.source.namespace),
  );
  const config: Config = { routers, bfdProfiles, raw };
  return { config, problems: [...out.problems, ...checkMerged(config)] };
}
