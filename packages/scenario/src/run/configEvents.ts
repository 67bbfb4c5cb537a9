import type { RecordedEvent } from '@podstate/core';

/** A Secret/ConfigMap event as the volume projections read it. */
export type ConfigEvent = Pick<RecordedEvent, 'stream' | 'type' | 'time' | 'data'> & { seq?: number };

/** True for the events the volume projections fold into object history. */
export const isConfigEvent = (type: string) => type.startsWith('secret.') || type.startsWith('configmap.');
