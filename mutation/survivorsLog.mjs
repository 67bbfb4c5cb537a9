// A Stryker reporter (stryker.config.mjs): appends each tested mutant (status, location,
// mutator, replacement) to reports/mutation/<area>.open.jsonl as soon as it is tested, so
// killing tests can be written while a long run goes on and an interrupted run still has its
// per-file counts (Stryker's JSON report comes only at the end). MUTATION_LOG_APPEND=1 keeps the
// earlier lines: a re-run of some mutants (`--mutate file:line:col-line:col`) then overrides
// their earlier results (scripts/mutation.mjs --from-log keeps each mutant's last line).
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { declareClassPlugin, PluginKind } from '@stryker-mutator/api/plugin';

class SurvivorsLog {
  constructor() {
    this.file = `reports/mutation/${process.env.MUTATION_AREA ?? 'rules'}.open.jsonl`;
    mkdirSync('reports/mutation', { recursive: true });
    if (process.env.MUTATION_LOG_APPEND !== '1') writeFileSync(this.file, '');
  }
  onMutantTested(m) {
    const { fileName, location, mutatorName, replacement, status } = m;
    if (status === 'Ignored') return;
    const line = location.start.line;
    appendFileSync(
      this.file,
      `${JSON.stringify({ status, fileName, line, location, mutatorName, replacement })}\n`,
    );
  }
}
SurvivorsLog.inject = [];

export const strykerPlugins = [declareClassPlugin(PluginKind.Reporter, 'survivors-log', SurvivorsLog)];
