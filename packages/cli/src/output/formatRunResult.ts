import { formatDuration, type RunResult, type StepResult, summarizeEvent } from '@podstate/scenario';

function podCell(pod: StepResult['pod']): string {
  if (pod === undefined) return '';
  if (pod === 'removed') return '  →  removed';
  return `  →  phase=${pod.phase} status=${pod.status} ready=${pod.ready} restarts=${pod.restarts}`;
}

/**
 * The lines `podstate run` prints for a run's steps: auto facts (`·`), each step and the Pod it
 * left, checks. With several Pods, every Pod's state follows the step on its own line.
 */
export function formatRunResult(result: RunResult): string[] {
  const lines: string[] = [];
  const many = (result.pods?.length ?? 1) > 1;
  const after = (s: StepResult) => {
    if (!many) return podCell(s.pod);
    return '';
  };
  const podLines = (s: StepResult) => {
    if (!many || s.pods === undefined) return;
    for (const [name, pod] of Object.entries(s.pods)) lines.push(`    ${name}${podCell(pod)}`);
  };
  const on = (s: StepResult) => (many && s.target ? ` (pod ${s.target})` : '');
  for (const s of result.steps) {
    for (const a of s.auto)
      lines.push(
        `  · ${summarizeEvent(a)}${many && a.subject ? ` (pod ${a.subject.replace(/^default\//, '')})` : ''}`,
      );
    switch (s.kind) {
      case 'wait':
        lines.push(`${s.label} after ${formatDuration(s.after ?? 0)}${after(s)}`);
        podLines(s);
        break;
      case 'expect':
        lines.push(`${s.label} expect${many ? ` ${s.target}${podCell(s.pod)}` : podCell(s.pod)}`);
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
          lines.push(
            `  ✗ ${summarizeEvent(s.event!)}${on(s)} was accepted (reject: true expected a refusal)`,
          );
        else lines.push(`${s.label} ${summarizeEvent(s.event!)}${on(s)} refused as expected: ${s.refusal}`);
        break;
      case 'event':
        if (s.refusal !== undefined) lines.push(`${s.label} ${summarizeEvent(s.event!)}${on(s)}  ✗ refused`);
        else {
          lines.push(`${s.label} ${summarizeEvent(s.event!)}${on(s)}${after(s)}`);
          podLines(s);
        }
        break;
      case 'end':
        lines.push(`${s.label} end${after(s)}`);
        podLines(s);
        break;
    }
  }
  return lines;
}
