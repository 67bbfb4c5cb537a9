import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/**
 * Finds Debian's Chromium for the browser tests, installing it when absent (CI runs as root with
 * apt reachable): `$PODSTATE_CHROMIUM`, /usr/bin/chromium, else `apt-get update && apt-get install
 * -y chromium`. Throws when none can be had, so the browser tests fail rather than being skipped.
 */
export function findChromium(): string {
  const given = process.env.PODSTATE_CHROMIUM;
  if (given) {
    if (!existsSync(given)) throw new Error(`PODSTATE_CHROMIUM=${given} does not exist`);
    return given;
  }
  const found = candidates.find((p) => existsSync(p));
  if (found) return found;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const sudo = typeof process.getuid === 'function' && process.getuid() !== 0 ? ['sudo', '-n'] : [];
  const run = (args: string[]) => {
    const [cmd, ...rest] = [...sudo, ...args];
    const r = spawnSync(cmd!, rest, { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    if (r.status !== 0)
      throw new Error(
        `the browser tests need Chromium: \`${args.join(' ')}\` failed (${r.error?.message ?? r.stderr.trim().split('\n').pop()}); install Debian's chromium or set PODSTATE_CHROMIUM`,
      );
  };
  run(['apt-get', 'update']);
  run(['apt-get', 'install', '-y', 'chromium']);
  const installed = candidates.find((p) => existsSync(p));
  if (!installed) throw new Error('apt-get installed chromium but no /usr/bin/chromium exists');
  execFileSync(installed, ['--version'], { stdio: 'ignore' });
  return installed;
}
