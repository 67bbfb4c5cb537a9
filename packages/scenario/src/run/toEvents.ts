import type { KubeObject } from '@podstate/core';
import { fnv1a } from '@podstate/core/internal';

/** An event to append: the stream and the fields of a NewEvent. */
export interface PlannedEvent {
  stream: string;
  type: string;
  time: string;
  subject?: string;
  data: Record<string, unknown>;
  meta?: Record<string, unknown>;
}

const hex = (s: string, n: number) => {
  let out = '';
  for (let i = 0; out.length < n; i++) out += fnv1a(`${s}#${i}`).toString(16).padStart(8, '0');
  return out.slice(0, n);
};

/** A deterministic UUID-shaped uid for the n-th Pod of that name in a log. */
export function podUid(namespace: string, name: string, n: number): string {
  const h = hex(`${namespace}/${name}/${n}`, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The event that introduces a Kubernetes object into the log. */
export function objectEvent(o: KubeObject, time: string, uid: string | undefined): PlannedEvent {
  const ns = o.metadata.namespace ?? 'default';
  const name = o.metadata.name;
  switch (o.kind) {
    case 'Node':
      return {
        stream: `node/${name}`,
        type: 'node.registered',
        time,
        subject: name,
        data: {
          node: name,
          labels: o.metadata.labels ?? {},
          images: (o.status?.images ?? []).flatMap((i) => i.names),
        },
      };
    case 'Secret': {
      const data: Record<string, string> = { ...(o.data ?? {}) };
      for (const [k, v] of Object.entries(o.stringData ?? {}))
        data[k] = Buffer.from(v, 'utf8').toString('base64');
      return {
        stream: `secret/${ns}/${name}`,
        type: 'secret.applied',
        time,
        subject: `${ns}/${name}`,
        data: { namespace: ns, name, ...(o.type ? { type: o.type } : {}), data },
      };
    }
    case 'ConfigMap':
      return {
        stream: `configmap/${ns}/${name}`,
        type: 'configmap.applied',
        time,
        subject: `${ns}/${name}`,
        data: { namespace: ns, name, data: o.data ?? {}, binaryData: o.binaryData ?? {} },
      };
    case 'Pod':
      return {
        stream: `pod/${uid}`,
        type: 'pod.created',
        time,
        subject: `${ns}/${name}`,
        data: { manifest: o },
      };
  }
}
