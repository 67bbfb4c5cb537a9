// A Stryker reporter (stryker.config.mjs): appends each tested mutant (status, location,
// mutator, replacement) to reports/mutation/<area>.open.jsonl as soon as it is tested, so
// killing tests can be written while a long run goes on and an interrupted run still has its
// per-file counts (Stryker's JSON report comes only at the end). MUTATION_LOG_APPEND=1 keeps the
// earlier lines: a re-run of some mutants (`--mutate file:line:col-line:col`) then overrides
// their earlier results (scripts/mutation.mjs --from-log keeps each mutant's last line). Each run
// first writes its plan (every mutant it will report): a log whose plans' mutants all have a
// result is a finished measurement.
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { declareClassPlugin, PluginKind } from '@stryker-mutator/api/plugin';

class SurvivorsLog {
  constructor() {
    // A one-file run (MUTATION_FILE, scripts/mutation.mjs --file) logs beside its own report.
    const area = process.env.MUTATION_AREA ?? 'rules';
    const file = process.env.MUTATION_FILE;
    const tag = file === undefined ? area : `${area}.${file.replace(/^.*\//, '').replace(/\.ts$/, '')}`;
    this.file = `reports/mutation/${tag}.open.jsonl`;
    mkdirSync('reports/mutation', { recursive: true });
    if (process.env.MUTATION_LOG_APPEND !== '1') writeFileSync(this.file, '');
  }
  /**
   * The plan (every mutant this run will report, Ignored ones left out) as one line, so a summary
   * of the log (--from-log) can tell a finished measurement from an interrupted one.
   */
  onMutationTestingPlanReady({ mutantPlans }) {
    const plan = [];
    // The sha256 of each planned file's source as this run mutates it: a summary of the log can
    // tell whether the results still describe the file.
    const sha256 = {};
    for (const { mutant: m } of mutantPlans) {
      if (m.status === 'Ignored') continue;
      plan.push([m.fileName, m.location, m.mutatorName, m.replacement, m.static === true]);
      sha256[m.fileName] ??= createHash('sha256').update(readFileSync(m.fileName, 'utf8')).digest('hex');
    }
    appendFileSync(this.file, `${JSON.stringify({ plan, sha256 })}\n`);
  }
  onMutantTested(m) {
    const { fileName, location, mutatorName, replacement, status } = m;
    const isStatic = m.static === true;
    if (status === 'Ignored') return;
    const line = location.start.line;
    appendFileSync(
      this.file,
      `${JSON.stringify({ status, fileName, line, location, mutatorName, replacement, static: isStatic })}\n`,
    );
  }
}
SurvivorsLog.inject = [];

export const strykerPlugins = [declareClassPlugin(PluginKind.Reporter, 'survivors-log', SurvivorsLog)];
