import { describe, expect, it } from 'vitest';
import { formatFieldError } from './fieldErrors.js';
import type { Volume } from './types.js';
import { validateVolumes } from './validateVolumes.js';

type Case = { name: string; vol: Volume; errs?: { type: string; field: string; detail?: string }[] };

const labels = (path: string) => ({ path, fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.labels' } });

// Transcribed from TestValidateVolumes (pkg/apis/core/validation/validation_test.go); fields are
// relative to spec.volumes[0], details are the substrings upstream asserts.
const cases: Case[] = [
  { name: 'valid alpha name', vol: { name: 'empty', emptyDir: {} } },
  { name: 'valid num name', vol: { name: '123', emptyDir: {} } },
  {
    name: 'zero-length name',
    vol: { name: '', emptyDir: {} },
    errs: [{ type: 'Required value', field: 'name' }],
  },
  {
    name: 'name > 63 characters',
    vol: { name: 'a'.repeat(64), emptyDir: {} },
    errs: [{ type: 'Invalid value', field: 'name', detail: 'must be no more than' }],
  },
  {
    name: 'name not a DNS label',
    vol: { name: 'a.b.c', emptyDir: {} },
    errs: [{ type: 'Invalid value', field: 'name', detail: 'must not contain dots' }],
  },
  {
    name: 'more than one source',
    vol: { name: 'dups', emptyDir: {}, hostPath: { path: '/mnt/path', type: 'Directory' } },
    errs: [{ type: 'Forbidden', field: 'hostPath', detail: 'may not specify more than 1 volume' }],
  },
  {
    name: 'invalid HostPath backsteps',
    vol: { name: 'hostpath', hostPath: { path: '/mnt/path/..' } },
    errs: [{ type: 'Invalid value', field: 'hostPath.path', detail: "must not contain '..'" }],
  },
  {
    name: 'valid GitRepo in .',
    vol: { name: 'git-repo-dot', gitRepo: { repository: 'my-repo', directory: '.' } },
  },
  {
    name: 'valid GitRepo with .. in name',
    vol: { name: 'g', gitRepo: { repository: 'my-repo', directory: '..foo' } },
  },
  {
    name: 'GitRepo starts with ../',
    vol: { name: 'gitrepo', gitRepo: { repository: 'foo', directory: '../dots/bar' } },
    errs: [{ type: 'Invalid value', field: 'gitRepo.directory', detail: "must not contain '..'" }],
  },
  { name: 'valid Secret', vol: { name: 'secret', secret: { secretName: 'my-secret' } } },
  {
    name: 'valid Secret with projection and mode',
    vol: {
      name: 'secret',
      secret: { secretName: 'my-secret', items: [{ key: 'key', path: 'filename', mode: 0o644 }] },
    },
  },
  {
    name: 'valid Secret with subdir projection',
    vol: {
      name: 'secret',
      secret: { secretName: 'my-secret', items: [{ key: 'key', path: 'dir/filename' }] },
    },
  },
  {
    name: 'secret with missing path',
    vol: { name: 'secret', secret: { secretName: 's', items: [{ key: 'key', path: '' }] } },
    errs: [{ type: 'Required value', field: 'secret.items[0].path' }],
  },
  {
    name: 'secret with leading ..',
    vol: { name: 'secret', secret: { secretName: 's', items: [{ key: 'key', path: '../foo' }] } },
    errs: [{ type: 'Invalid value', field: 'secret.items[0].path', detail: "must not contain '..'" }],
  },
  {
    name: 'secret with .. inside',
    vol: { name: 'secret', secret: { secretName: 's', items: [{ key: 'key', path: 'foo/../bar' }] } },
    errs: [{ type: 'Invalid value', field: 'secret.items[0].path' }],
  },
  {
    name: 'secret with invalid positive defaultMode',
    vol: { name: 'secret', secret: { secretName: 's', defaultMode: 0o1000 } },
    errs: [
      {
        type: 'Invalid value',
        field: 'secret.defaultMode',
        detail: 'must be a number between 0 and 0777 (octal), both inclusive',
      },
    ],
  },
  {
    name: 'secret with invalid negative defaultMode',
    vol: { name: 'secret', secret: { secretName: 's', defaultMode: -1 } },
    errs: [{ type: 'Invalid value', field: 'secret.defaultMode' }],
  },
  {
    name: 'configmap with missing path',
    vol: { name: 'cfgmap', configMap: { name: 'c', items: [{ key: 'key', path: '' }] } },
    errs: [{ type: 'Required value', field: 'configMap.items[0].path' }],
  },
  {
    name: 'configmap with leading ..',
    vol: { name: 'cfgmap', configMap: { name: 'c', items: [{ key: 'key', path: '../foo' }] } },
    errs: [{ type: 'Invalid value', field: 'configMap.items[0].path' }],
  },
  {
    name: 'configmap with invalid positive defaultMode',
    vol: { name: 'cfgmap', configMap: { name: 'c', defaultMode: 0o1000 } },
    errs: [{ type: 'Invalid value', field: 'configMap.defaultMode' }],
  },
  {
    name: 'valid DownwardAPI',
    vol: {
      name: 'downwardapi',
      downwardAPI: {
        items: [
          labels('labels'),
          {
            path: 'labels with subscript',
            fieldRef: { apiVersion: 'v1', fieldPath: "metadata.labels['key']" },
          },
          {
            path: 'lc',
            fieldRef: { apiVersion: 'v1', fieldPath: "metadata.labels['test.example.com/key']" },
          },
          {
            path: 'ac',
            fieldRef: { apiVersion: 'v1', fieldPath: "metadata.annotations['TEST.EXAMPLE.COM/key']" },
          },
          { path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } },
          labels('path/./withdot'),
          labels('path/with/embedded..dotdot'),
          labels('path/with/leading/..dotdot'),
          {
            path: 'cpu_limit',
            resourceFieldRef: { containerName: 'test-container', resource: 'limits.cpu' },
          },
          {
            path: 'memory_request',
            resourceFieldRef: { containerName: 'test-container', resource: 'requests.memory' },
          },
        ],
      },
    },
  },
  {
    name: 'downapi invalid positive item mode',
    vol: { name: 'downapi', downwardAPI: { items: [{ ...labels('path'), mode: 0o1000 }] } },
    errs: [{ type: 'Invalid value', field: 'downwardAPI.mode' }],
  },
  {
    name: 'downapi empty metatada path',
    vol: { name: 'downapi', downwardAPI: { items: [labels('')] } },
    errs: [{ type: 'Required value', field: 'downwardAPI.path' }],
  },
  {
    name: 'downapi absolute path',
    vol: { name: 'downapi', downwardAPI: { items: [labels('/absolutepath')] } },
    errs: [{ type: 'Invalid value', field: 'downwardAPI.path', detail: 'must be a relative path' }],
  },
  {
    name: 'downapi dot dot path',
    vol: { name: 'downapi', downwardAPI: { items: [labels('../../passwd')] } },
    errs: [{ type: 'Invalid value', field: 'downwardAPI.path', detail: "must not contain '..'" }],
  },
  {
    name: 'downapi dot dot file name',
    vol: { name: 'downapi', downwardAPI: { items: [labels('..badFileName')] } },
    errs: [{ type: 'Invalid value', field: 'downwardAPI.path', detail: "must not start with '..'" }],
  },
  {
    name: 'downapi dot dot first level dirent',
    vol: { name: 'downapi', downwardAPI: { items: [labels('..badDirName/goodFileName')] } },
    errs: [{ type: 'Invalid value', field: 'downwardAPI.path', detail: "must not start with '..'" }],
  },
  {
    name: 'downapi fieldRef and ResourceFieldRef together',
    vol: {
      name: 'downapi',
      downwardAPI: {
        items: [
          {
            ...labels('test'),
            resourceFieldRef: { containerName: 'test-container', resource: 'requests.memory' },
          },
        ],
      },
    },
    errs: [
      {
        type: 'Invalid value',
        field: 'downwardAPI',
        detail: 'fieldRef and resourceFieldRef can not be specified simultaneously',
      },
    ],
  },
  {
    name: 'downapi invalid negative defaultMode',
    vol: { name: 'downapi', downwardAPI: { defaultMode: -1 } },
    errs: [{ type: 'Invalid value', field: 'downwardAPI.defaultMode' }],
  },
];

describe('validateVolumes: TestValidateVolumes cases', () => {
  for (const c of cases) {
    it(`ValidateVolumes: ${c.name}`, () => {
      const errs = validateVolumes([c.vol], 'spec.volumes');
      if (!c.errs) {
        expect(errs).toEqual([]);
        return;
      }
      expect(errs.length).toBeGreaterThan(0);
      const first = c.errs[0];
      expect(errs[0]?.type).toBe(first?.type);
      expect(errs[0]?.field).toBe(`spec.volumes[0].${first?.field}`);
      if (first?.detail) expect(errs[0]?.detail ?? '').toContain(first.detail);
    });
  }

  it('ValidateVolumes: a duplicate name is Duplicate value', () => {
    const errs = validateVolumes(
      [
        { name: 'a', emptyDir: {} },
        { name: 'a', emptyDir: {} },
      ],
      'spec.volumes',
    );
    expect(errs.map(formatFieldError)).toEqual(['spec.volumes[1].name: Duplicate value: "a"']);
  });

  it('ValidateVolumes: no source at all is Required "must specify a volume type"', () => {
    expect(validateVolumes([{ name: 'x' }], 'spec.volumes').map(formatFieldError)).toEqual([
      'spec.volumes[0]: Required value: must specify a volume type',
    ]);
  });
});

describe('ValidateLocalNonReservedPath (volumes.md §4)', () => {
  const pathErrs = (p: string) =>
    validateVolumes(
      [{ name: 's', secret: { secretName: 's', items: [{ key: 'k', path: p }] } }],
      'spec.volumes',
    ).map((e) => e.detail);
  it.each([
    ['../foo', ["must not contain '..'"]],
    ['..foo', ["must not start with '..'"]],
    ['..dir/x', ["must not start with '..'"]],
    ['..', ["must not contain '..'", "must not start with '..'"]],
    ['a/..b', []],
    ['/etc/passwd', ['must be a relative path']],
    ['../../etc/passwd', ["must not contain '..'"]],
  ])('ValidateLocalNonReservedPath %j', (p, want) => {
    expect(pathErrs(p)).toEqual(want);
  });
});
