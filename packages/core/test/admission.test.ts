// Admission as immer recipes reported as RFC 6902 JSON Patches (the way a mutating webhook
// reports its mutation): applying each step's patch in order to the submitted manifest gives
// exactly the Pod the engine stores (normalizePod), for every built-in manifest and example.
import { describe, expect, it } from 'vitest';
import { normalizePod } from '../src/engine/normalizePod.js';
import { jsonEqual } from '../src/jsonEqual.js';
import { admissionReview, type JsonPatchOperation, toJsonPointer } from '../src/manifest/admission.js';
import type { Pod } from '../src/manifest/types.js';
import { builtInManifests } from '../src/testing/builtInManifests.js';

/** A minimal RFC 6902 applier (add, remove, replace), independent of immer, for checking the patches. */
function applyPatch(doc: unknown, ops: readonly JsonPatchOperation[]): unknown {
  let root = structuredClone(doc);
  for (const op of ops) {
    if (op.path === '') {
      if (op.op === 'remove') throw new Error('cannot remove the root');
      root = structuredClone(op.value);
      continue;
    }
    const keys = op.path
      .slice(1)
      .split('/')
      .map((k) => k.replaceAll('~1', '/').replaceAll('~0', '~'));
    const last = keys.pop()!;
    let parent = root as Record<string, unknown>;
    for (const k of keys) {
      if (typeof parent[k] !== 'object' || parent[k] === null)
        throw new Error(`${op.path}: no parent at ${k}`);
      parent = parent[k] as Record<string, unknown>;
    }
    if (Array.isArray(parent)) {
      const i = last === '-' ? parent.length : Number(last);
      if (op.op === 'add') parent.splice(i, 0, structuredClone(op.value));
      else if (op.op === 'remove') parent.splice(i, 1);
      else parent[i] = structuredClone(op.value);
    } else if (op.op === 'remove') {
      if (!(last in parent)) throw new Error(`${op.path}: nothing to remove`);
      delete parent[last];
    } else {
      if (op.op === 'replace' && !(last in parent)) throw new Error(`${op.path}: nothing to replace`);
      parent[last] = structuredClone(op.value);
    }
  }
  return root;
}

const manifest = (spec: Partial<Pod['spec']> = {}): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web' },
  spec: { containers: [{ name: 'app', image: 'nginx:1.25' }], ...spec },
});

describe('admissionReview: defaulting and admission as JSON Patches (mutating webhook style)', () => {
  it.each(Object.entries(builtInManifests))(
    '%s: the patches, applied in order, give the stored Pod',
    (_, m) => {
      const { pod, patches } = admissionReview(m, 'u-1');
      let doc: unknown = { ...structuredClone(m), metadata: { ...m.metadata, uid: 'u-1' } };
      for (const p of patches) doc = applyPatch(doc, p.patch);
      expect(jsonEqual(doc, normalizePod(m, 'u-1'))).toBe(true);
      expect(jsonEqual(pod, normalizePod(m, 'u-1'))).toBe(true);
    },
  );

  it('names each step with its upstream code and reports only what it changed', () => {
    const { patches } = admissionReview(manifest(), 'u-1');
    expect(patches.map((p) => [p.plugin, p.patchType])).toEqual([
      ['defaults', 'JSONPatch'],
      ['ServiceAccount', 'JSONPatch'],
      ['DefaultTolerationSeconds', 'JSONPatch'],
    ]);
    const [defaults, sa, tolerations] = patches;
    expect(defaults!.patch).toContainEqual({ op: 'add', path: '/metadata/namespace', value: 'default' });
    expect(defaults!.patch).toContainEqual({ op: 'add', path: '/spec/dnsPolicy', value: 'ClusterFirst' });
    expect(defaults!.patch).toContainEqual({
      op: 'add',
      path: '/spec/containers/0/imagePullPolicy',
      value: 'IfNotPresent',
    });
    expect(sa!.patch.map((o) => `${o.op} ${o.path}`).sort()).toEqual([
      'add /spec/containers/0/volumeMounts',
      'add /spec/serviceAccountName',
      'add /spec/volumes',
    ]);
    expect(tolerations!.patch).toEqual([
      {
        op: 'add',
        path: '/spec/tolerations',
        value: [
          {
            key: 'node.kubernetes.io/not-ready',
            operator: 'Exists',
            effect: 'NoExecute',
            tolerationSeconds: 300,
          },
          {
            key: 'node.kubernetes.io/unreachable',
            operator: 'Exists',
            effect: 'NoExecute',
            tolerationSeconds: 300,
          },
        ],
      },
    ]);
  });

  it('a Pod that already tolerates not-ready gets only the unreachable toleration appended (DefaultTolerationSeconds Admit)', () => {
    const own = {
      key: 'node.kubernetes.io/not-ready',
      operator: 'Exists' as const,
      effect: 'NoExecute' as const,
    };
    const { patches } = admissionReview(manifest({ tolerations: [own] }), 'u-1');
    expect(patches[2]!.patch).toEqual([
      {
        op: 'add',
        path: '/spec/tolerations/1',
        value: {
          key: 'node.kubernetes.io/unreachable',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
      },
    ]);
  });

  it('automountServiceAccountToken: false — ServiceAccount only names the account (serviceaccount Admit)', () => {
    const { patches } = admissionReview(manifest({ automountServiceAccountToken: false }), 'u-1');
    expect(patches[1]!.patch).toEqual([{ op: 'add', path: '/spec/serviceAccountName', value: 'default' }]);
  });

  it('an already defaulted and admitted Pod gets empty patches', () => {
    const stored = normalizePod(manifest(), 'u-1');
    expect(admissionReview(stored, 'u-1').patches.map((p) => p.patch)).toEqual([[], [], []]);
  });

  it('JSON Pointers escape ~ and / (RFC 6901)', () => {
    expect(toJsonPointer(['metadata', 'annotations', 'a/b~c', 0])).toBe('/metadata/annotations/a~1b~0c/0');
  });

  it('the checker catches a wrong patch (so the equivalence above can fail)', () => {
    const { patches } = admissionReview(manifest(), 'u-1');
    let doc: unknown = { ...manifest(), metadata: { name: 'web', uid: 'u-1' } };
    for (const p of patches.slice(0, 2)) doc = applyPatch(doc, p.patch);
    expect(jsonEqual(doc, normalizePod(manifest(), 'u-1'))).toBe(false);
  });
});
