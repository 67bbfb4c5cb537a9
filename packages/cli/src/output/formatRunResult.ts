import { formatDuration, type RunResult, type StepResult, summarizeEvent } from '@podstate/scenario';

function podCell(pod: StepResult['pod']): string {
  if (pod === undefined) return '';
  if (pod === 'removed') return '  →  removed';
  return `  →  phase=${pod.phase} status=${pod.status} ready=${pod.ready} restarts=${pod.restarts}`;
}

/** The lines `podstate run` prints for a run's steps: auto facts, each step and the Pod it left, checks. */
export function formatRunResult(result: RunResult): string[] {
  const lines: string[] = [];
  for (const s of result.steps) {
    for (const a of s.auto) lines.push(`  · ${summarizeEvent(a)}`);
    switch (s.kind) {
      case 'wait':
        lines.push(`${s.label} after ${formatDuration(s.after ?? 0)}${podCell(s.pod)}`);
        break;
      case 'expect':
        lines.push(`${s.label} expect${podCell(s.pod)}`);
        if (s.mismatches && s.mismatches.length > 0) {
          for (const m of s.mismatches) {
            lines.push(
              `  ✗ ${m.key}: expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.actual)}`,
            );
          }
        } else {
          lines.push('  ✓ as expected');
        }
        break;
      case 'reject':
        if (s.accepted)
          lines.push(`  ✗ ${summarizeEvent(s.event!)} was accepted (reject: true expected a refusal)`);
        else lines.push(`${s.label} ${summarizeEvent(s.event!)} refused as expected: ${s.refusal}`);
        break;
      case 'event':
        if (s.refusal !== undefined) lines.push(`${s.label} ${summarizeEvent(s.event!)}  ✗ refused`);
        else lines.push(`${s.label} ${summarizeEvent(s.event!)}${podCell(s.pod)}`);
        break;
      case 'end':
        lines.push(`${s.label} end${podCell(s.pod)}`);
        break;
    }
  }
  return lines;
}
