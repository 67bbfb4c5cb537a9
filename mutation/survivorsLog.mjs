// A Stryker reporter (stryker.config.mjs): appends each mutant not killed to
// reports/mutation/<area>.open.jsonl as soon as it is tested, so killing tests can be written
// while a long run goes on (Stryker's JSON report comes only at the end).
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { declareClassPlugin, PluginKind } from '@stryker-mutator/api/plugin';

class SurvivorsLog {
  constructor() {
    this.file = `reports/mutation/${process.env.MUTATION_AREA ?? 'rules'}.open.jsonl`;
    mkdirSync('reports/mutation', { recursive: true });
    writeFileSync(this.file, '');
  }
  onMutantTested(m) {
    if (m.status === 'Killed' || m.status === 'Ignored') return;
    const { fileName, location, mutatorName, replacement, status } = m;
    const line = location.start.line;
    appendFileSync(this.file, `${JSON.stringify({ status, fileName, line, mutatorName, replacement })}\n`);
  }
}
SurvivorsLog.inject = [];

export const strykerPlugins = [declareClassPlugin(PluginKind.Reporter, 'survivors-log', SurvivorsLog)];
