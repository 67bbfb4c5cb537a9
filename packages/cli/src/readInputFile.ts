import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PodstateError } from '@podstate/core';

const reasons: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
};

/**
 * Reads a user-named input file as UTF-8 (`-` is stdin), relative to `cwd`. A file that cannot
 * be read is bad input (exit 2) with the reason, never a crash.
 * @example const text = await readInputFile('pod.yaml', ctx.io);
 */
export async function readInputFile(
  file: string,
  io: { cwd: string; stdin: NodeJS.ReadableStream },
): Promise<string> {
  if (file === '-') {
    let text = '';
    for await (const chunk of io.stdin)
      text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    return text;
  }
  try {
    return await readFile(resolve(io.cwd, file), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    throw new PodstateError('bad_input', `cannot read ${file}: ${reasons[code] ?? code}; check the path`, {
      file,
    });
  }
}
