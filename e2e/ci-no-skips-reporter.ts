import type { Reporter, TestModule } from 'vitest/node';

/**
 * Used only when CI is set: fails the run if any e2e test was skipped, so a tier whose
 * prerequisites are missing (or a forgotten `.skip`) can never show up green in CI.
 */
export default class CiNoSkipsReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const skipped: string[] = [];
    for (const mod of testModules) {
      for (const test of mod.children.allTests('skipped')) skipped.push(`${mod.moduleId}: ${test.fullName}`);
    }
    if (skipped.length > 0) {
      const more = skipped.length > 5 ? `\n  … and ${skipped.length - 5} more` : '';
      console.error(
        `\nCI: ${skipped.length} e2e test(s) skipped, which CI does not allow:\n  ${skipped.slice(0, 5).join('\n  ')}${more}`,
      );
      process.exitCode = 1;
    }
  }
}
