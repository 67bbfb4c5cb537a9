import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The order of the test files run against each mutant (vitest.mutation.config.ts). Stryker stops
 * at the first failing test (bail), so a mutant costs the tests run before its killer: files that
 * failed (killed an earlier mutant) first, then the quick ones, the property tests (slowest) last.
 * vitest's own order runs the longest files first.
 */
export default class MutationSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const { cache, config } = this.ctx;
    const rank = (f: TestSpecification) => {
      const key = `${f.project.name}:${relative(config.root, f.moduleId)}`;
      const results = cache.getFileTestResults(key);
      const slow = /\.prop\.test\.ts$/.test(f.moduleId) ? 1e9 : 0;
      return { failed: results?.failed === true, duration: slow + (results?.duration ?? 0) };
    };
    const ranked = files.map((f) => ({ f, r: rank(f) }));
    ranked.sort((a, b) => (a.r.failed !== b.r.failed ? (a.r.failed ? -1 : 1) : a.r.duration - b.r.duration));
    return ranked.map(({ f }) => f);
  }
}
