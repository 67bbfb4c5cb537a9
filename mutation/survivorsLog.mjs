// A Stryker reporter (stryker.config.mjs): appends each tested mutant (status; location and
// replacement when not killed) to reports/mutation/<area>.open.jsonl as soon as it is tested, so
// killing tests can be written while a long run goes on and an interrupted run still has its
// per-file counts (Stryker's JSON report comes only at the end).
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { declareClassPlugin, PluginKind } from '@stryker-mutator/api/plugin';

class SurvivorsLog {
  constructor() {
    this.file = `reports/mutation/${process.env.MUTATION_AREA ?? 'rules'}.open.jsonl`;
    mkdirSync('reports/mutation', { recursive: true });
    writeFileSync(this.file, '');
  }
  onMutantTested(m) {
    const { fileName, location, mutatorName, replacement, status } = m;
    const line = location.start.line;
    const entry =
      status === 'Killed' || status === 'Ignored'
        ? { status, fileName, line }
        : { status, fileName, line, location, mutatorName, replacement };
    appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
  }
}
SurvivorsLog.inject = [];

export const strykerPlugins = [declareClassPlugin(PluginKind.Reporter, 'survivors-log', SurvivorsLog)];
