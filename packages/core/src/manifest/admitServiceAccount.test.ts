import { describe, expect, it } from 'vitest';
import {
  admitServiceAccount,
  serviceAccountTokenMountPath,
  tokenVolumeSource,
} from './admitServiceAccount.js';
import type { Pod } from './types.js';
import { validateVolumes } from './validateVolumes.js';

const pod = (spec: Partial<Pod['spec']> = {}): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default', uid: 'uid-1' },
  spec: { containers: [{ name: 'app', image: 'nginx' }], ...spec },
});

describe('admitServiceAccount (plugin/pkg/admission/serviceaccount)', () => {
  it('mountServiceAccountToken: defaults serviceAccountName and adds the kube-api-access volume', () => {
    const out = admitServiceAccount(pod({ initContainers: [{ name: 'init', image: 'busybox' }] }));
    expect(out.spec.serviceAccountName).toBe('default');
    const vol = out.spec.volumes?.[0];
    expect(vol?.name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(vol?.projected).toEqual(tokenVolumeSource());
    expect(vol?.projected?.sources[0]?.serviceAccountToken?.expirationSeconds).toBe(3607);
    for (const c of [...(out.spec.initContainers ?? []), ...out.spec.containers]) {
      expect(c.volumeMounts).toEqual([
        { name: vol?.name, readOnly: true, mountPath: serviceAccountTokenMountPath },
      ]);
    }
    expect(validateVolumes(out.spec.volumes, 'spec.volumes')).toEqual([]);
  });

  it('admission runs before validation: a null or nameless volume entry is left for validatePod to name', () => {
    const volumes = [null, {}] as unknown as Pod['spec']['volumes'];
    const out = admitServiceAccount(pod({ volumes }));
    expect(out.spec.volumes?.slice(0, 2)).toEqual([null, {}]);
    expect(out.spec.volumes?.[2]?.name).toMatch(/^kube-api-access-/);
  });

  it('mountServiceAccountToken: the suffix is deterministic per Pod uid', () => {
    const a = admitServiceAccount(pod()).spec.volumes?.[0]?.name;
    expect(admitServiceAccount(pod()).spec.volumes?.[0]?.name).toBe(a);
    const other = pod();
    other.metadata.uid = 'uid-2';
    expect(admitServiceAccount(other).spec.volumes?.[0]?.name).not.toBe(a);
  });

  it('shouldAutomount: automountServiceAccountToken false adds nothing but still defaults the name', () => {
    const out = admitServiceAccount(pod({ automountServiceAccountToken: false, serviceAccountName: '' }));
    expect(out.spec.volumes).toBeUndefined();
    expect(out.spec.containers[0]?.volumeMounts).toBeUndefined();
    expect(out.spec.serviceAccountName).toBe('default');
  });

  it('mountServiceAccountToken: a container with its own mount at the path is left alone', () => {
    const out = admitServiceAccount(
      pod({
        containers: [
          {
            name: 'a',
            image: 'x',
            volumeMounts: [{ name: 'mine', mountPath: serviceAccountTokenMountPath }],
          },
          { name: 'b', image: 'x' },
        ],
        volumes: [{ name: 'mine', emptyDir: {} }],
      }),
    );
    expect(out.spec.containers[0]?.volumeMounts).toEqual([
      { name: 'mine', mountPath: serviceAccountTokenMountPath },
    ]);
    expect(out.spec.containers[1]?.volumeMounts?.[0]?.mountPath).toBe(serviceAccountTokenMountPath);
    expect(out.spec.volumes?.length).toBe(2);
  });

  it('mountServiceAccountToken: no volume when every container already mounts the path', () => {
    const out = admitServiceAccount(
      pod({
        containers: [
          { name: 'a', image: 'x', volumeMounts: [{ name: 'v', mountPath: serviceAccountTokenMountPath }] },
        ],
      }),
    );
    expect(out.spec.volumes).toBeUndefined();
  });

  it('mountServiceAccountToken: an existing kube-api-access-* volume is reused', () => {
    const out = admitServiceAccount(
      pod({ volumes: [{ name: 'kube-api-access-abcde', projected: tokenVolumeSource() }] }),
    );
    expect(out.spec.volumes?.map((v) => v.name)).toEqual(['kube-api-access-abcde']);
    expect(out.spec.containers[0]?.volumeMounts?.[0]?.name).toBe('kube-api-access-abcde');
  });

  it('admitServiceAccount is pure: the input Pod is unchanged', () => {
    const p = pod();
    const before = JSON.stringify(p);
    admitServiceAccount(p);
    expect(JSON.stringify(p)).toBe(before);
  });
});
