import { describe, expect, it } from 'vitest';
import { checkEventData } from './checkEventData.js';

describe('checkEventData: value rules the shapes cannot express', () => {
  it('BeforeDelete (apiserver rest/delete.go): a deletion grace period past a Go time.Duration is refused, one that fits is not', () => {
    expect(checkEventData('pod.deletion.requested', { gracePeriodSeconds: 9_223_372_036 })).toEqual([]);
    expect(checkEventData('pod.deletion.requested', { gracePeriodSeconds: 10_000_000_000 })).toEqual([
      {
        path: ['gracePeriodSeconds'],
        message:
          'must be at most 9223372036 (the longest grace period, in seconds, a Go time.Duration can hold), got 10000000000',
      },
    ]);
  });

  it("the engine's own entry (strict: false) refuses a manifest grace period no time can hold too", () => {
    const manifest = (grace: number) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'default', uid: 'u1' },
      spec: { terminationGracePeriodSeconds: grace, containers: [{ name: 'app', image: 'nginx:1.25' }] },
    });
    expect(checkEventData('pod.created', { manifest: manifest(30) }, { strict: false })).toEqual([]);
    expect(checkEventData('pod.created', { manifest: manifest(2 ** 53) }, { strict: false })).toEqual([
      {
        path: ['manifest'],
        message:
          'spec.terminationGracePeriodSeconds: Invalid value: 9007199254740992: must be at most 9223372036 (the longest grace period, in seconds, a Go time.Duration can hold)',
      },
    ]);
  });
});
