import type { Engine, PodState } from '@podstate/core';
import type { ConfigEvent } from './configEvents.js';
import type { ExtraViews } from './expectations.js';
import { PodFiles } from './podFiles.js';

const td = new TextDecoder();

/** env, mounts and /etc/hosts views for expectations, from the volume projections. */
export function extraViews(
  engine: Engine,
  pod: PodState,
  configEvents: readonly ConfigEvent[],
  now: number,
): ExtraViews {
  const files = new PodFiles(engine, pod, configEvents, now);
  return {
    env: (container) => {
      const r = files.env(container);
      if (r === undefined) return `no container "${container}"`;
      return 'env' in r ? Object.fromEntries(r.env) : `${r.reason}: ${r.message}`;
    },
    mount: (container, path) => {
      const { mounts, failures } = files.mounts(container);
      for (const m of mounts) {
        const f = m.files.get(path);
        if (f) return { content: td.decode(f.bytes), mode: f.mode };
      }
      return failures.length > 0 ? failures.map((x) => x.message).join('; ') : `<no file ${path}>`;
    },
    hosts: () => {
      const h = files.hosts();
      return 'content' in h ? h.content : 'error' in h ? h.error : `<not mounted: ${h.notMounted}>`;
    },
  };
}
