import { parseRecording, type Recording } from '@podstate/import';
import { readInputFile } from '../../readInputFile.js';

/** Reads and parses recording files (`-` is stdin); bad input names the file. */
export async function readRecordings(
  names: readonly string[],
  io: { cwd: string; stdin: NodeJS.ReadableStream },
): Promise<Recording> {
  const all: Recording = { pods: [], events: [] };
  for (const name of names) {
    const text = await readInputFile(name, io);
    const r = parseRecording(text, name === '-' ? 'stdin' : name);
    all.pods.push(...r.pods);
    all.events.push(...r.events);
  }
  return all;
}
