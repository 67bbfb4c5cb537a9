import { PodstateError } from '@podstate/core';
import type { CliIO } from '../../io.js';
import { readInputFile } from '../../readInputFile.js';
import type { AppendSource } from './parseAppendInputs.js';

/**
 * The raw inputs of `podstate append`: each argument, or each non-blank line of `-f <file>`
 * (`-f -` reads stdin), named for error messages.
 */
export async function readAppendSources(
  events: readonly string[],
  file: string | undefined,
  io: CliIO,
): Promise<AppendSource[]> {
  if (file !== undefined && events.length > 0) {
    throw new PodstateError('bad_input', 'give events either as arguments or with -f <file>, not both');
  }
  if (file === undefined) {
    if (events.length === 0) {
      throw new PodstateError(
        'bad_input',
        'nothing to append: give one or more event JSON arguments, or -f <file> with one event (or array) per line',
      );
    }
    return events.map((text, i) => ({ text, where: `argument ${i + 1}` }));
  }
  const text = await readInputFile(file, io);
  const name = file === '-' ? 'stdin' : file;
  const sources = text
    .split('\n')
    .map((line, i) => ({ text: line.replace(/\r$/, ''), where: `${name}:${i + 1}` }))
    .filter((s) => s.text.trim() !== '');
  if (sources.length === 0)
    throw new PodstateError('bad_input', `${name} holds no events; put one event JSON (or array) per line`);
  return sources;
}
