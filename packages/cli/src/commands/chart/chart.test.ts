import { containerMachine, podMachine, toChartJSON, toDot, toMermaid } from '@podstate/core';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli.js';
import type { Command } from '../../command.js';
import { createMemoryIO } from '../../memoryIO.js';
import { chartCommand } from './index.js';

async function run(argv: string[]) {
  const io = createMemoryIO();
  const code = await runCli(argv, io, [chartCommand as Command<unknown>]);
  return { code, stdout: io.out(), stderr: io.err() };
}

describe('podstate chart', () => {
  it.each([
    [['chart', 'pod'], toMermaid(podMachine)],
    [['chart', 'container', '--format', 'mermaid'], toMermaid(containerMachine)],
    [['chart', 'pod', '--format', 'dot'], toDot(podMachine)],
    [
      ['chart', 'container', '--format', 'json'],
      `${JSON.stringify(toChartJSON(containerMachine), null, 2)}\n`,
    ],
  ])('%j prints the generated chart on stdout, exit 0', async (argv, expected) => {
    expect(await run(argv)).toEqual({ code: 0, stdout: expected, stderr: '' });
  });

  it('json keeps each transition in reading order: source, target, event, guard, actions', async () => {
    const { stdout } = await run(['chart', 'pod', '--format', 'json']);
    const transitions = (JSON.parse(stdout) as { transitions: object[] }).transitions;
    const first = transitions.find((t) => 'target' in t && 'guard' in t)!;
    expect(Object.keys(first)).toEqual(['source', 'target', 'event', 'guard', 'actions']);
  });

  it.each([
    [
      ['chart', 'node'],
      "command-argument value 'node' is invalid for argument 'machine'. Allowed choices are pod, container.",
    ],
    [
      ['chart', 'pod', '--format', 'svg'],
      "option '--format <format>' argument 'svg' is invalid. Allowed choices are mermaid, dot, json.",
    ],
    [['chart'], "missing required argument 'machine'"],
  ])('%j is a usage error: exit 2 naming the allowed values', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
  });

  it('--help shows an example', async () => {
    const r = await run(['chart', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('$ podstate chart container --format dot | dot -Tsvg > container.svg');
  });
});
