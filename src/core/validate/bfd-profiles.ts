// BFD profiles of one object: valid, unique names. Returns the names neighbors may reference.
import type { BFDProfile } from '../../../api/v1beta1/index.ts';
import { isProfileName } from '../names.ts';
import type { Reporter } from './reporter.ts';

export function checkBfdProfiles(
  profiles: readonly BFDProfile[] | undefined,
  reporter: Reporter,
): Set<string> {
  const names = new Map<string, number>();
  (profiles ?? []).forEach((profile, i) => {
    const path = `spec.bgp.bfdProfiles[${i}].name`;
    if (!isProfileName(profile.name)) {
      reporter.report(
        'INVALID_NAME',
        path,
        `"${profile.name}" is not a BFD profile name (1-64 letters, digits, "_.:-")`,
      );
    }
    const first = names.get(profile.name);
    if (first !== undefined) {
      reporter.report(
        'BFD_PROFILE_DUPLICATE',
        path,
        `BFD profile "${profile.name}" is defined twice in this object`,
        reporter.at(`spec.bgp.bfdProfiles[${first}].name`),
      );
    } else {
      names.set(profile.name, i);
    }
  });
  return new Set(names.keys());
}
