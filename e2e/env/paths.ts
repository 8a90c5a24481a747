import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** Repository root, found relative to this file so it works from tests, demos and benchmarks. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CRD_DIR = join(REPO_ROOT, 'config', 'crd', 'bases');
export const RBAC_DIR = join(REPO_ROOT, 'config', 'rbac');
