import type { Container } from '@podstate/core';
import { describe, expect, it } from 'vitest';
import { qosClass } from './qosClass.js';
import type { PodQOSClass } from './types.js';

type RL = Record<string, string>;
const rl = (cpu: string, memory: string): RL => ({ ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) });
const ctr = (name: string, requests: RL, limits: RL): Container => ({
  name,
  image: '',
  resources: { requests, limits },
});

describe('TestGetPodQOS (pkg/apis/core/v1/helper/qos/qos_test.go)', () => {
  const cases: [string, Container[], PodQOSClass, Container[]?][] = [
    ['guaranteed', [ctr('guaranteed', rl('100m', '100Mi'), rl('100m', '100Mi'))], 'Guaranteed'],
    [
      'guaranteed-guaranteed',
      [
        ctr('g', rl('100m', '100Mi'), rl('100m', '100Mi')),
        ctr('g', rl('100m', '100Mi'), rl('100m', '100Mi')),
      ],
      'Guaranteed',
    ],
    [
      'best-effort-best-effort',
      [ctr('b', rl('', ''), rl('', '')), ctr('b', rl('', ''), rl('', ''))],
      'BestEffort',
    ],
    ['best-effort', [ctr('b', rl('', ''), rl('', ''))], 'BestEffort'],
    [
      'best-effort-burstable',
      [ctr('b', rl('', ''), rl('', '')), ctr('burstable', rl('1', ''), rl('2', ''))],
      'Burstable',
    ],
    [
      'best-effort-guaranteed',
      [ctr('b', rl('', ''), rl('', '')), ctr('g', rl('10m', '100Mi'), rl('10m', '100Mi'))],
      'Burstable',
    ],
    ['burstable-cpu-guaranteed-memory', [ctr('burstable', rl('', '100Mi'), rl('', '100Mi'))], 'Burstable'],
    ['burstable-no-limits', [ctr('burstable', rl('100m', '100Mi'), rl('', ''))], 'Burstable'],
    [
      'burstable-guaranteed',
      [
        ctr('burstable', rl('1', '100Mi'), rl('2', '100Mi')),
        ctr('g', rl('100m', '100Mi'), rl('100m', '100Mi')),
      ],
      'Burstable',
    ],
    [
      'burstable-unbounded-but-requests-match-limits',
      [
        ctr('burstable', rl('100m', '100Mi'), rl('200m', '200Mi')),
        ctr('unbounded', rl('100m', '100Mi'), rl('', '')),
      ],
      'Burstable',
    ],
    ['burstable-1', [ctr('burstable', rl('10m', '100Mi'), rl('100m', '200Mi'))], 'Burstable'],
    ['burstable-2', [ctr('burstable', rl('0', '0'), rl('100m', '200Mi'))], 'Burstable'],
    [
      'best-effort-hugepages',
      [ctr('b', { ...rl('0', '0'), 'hugepages-2Mi': '1Gi' }, { ...rl('0', '0'), 'hugepages-2Mi': '1Gi' })],
      'BestEffort',
    ],
    [
      'init-container',
      [ctr('b', rl('', ''), rl('', ''))],
      'Burstable',
      [ctr('burstable', rl('10m', '100Mi'), rl('100m', '200Mi'))],
    ],
  ];
  it.each(cases)('GetPodQOS: %s', (_name, containers, expected, initContainers) => {
    expect(qosClass({ containers, ...(initContainers ? { initContainers } : {}) })).toBe(expected);
  });
  it('GetPodQOS: equal quantities in different notations are equal (0.1 = 100m, 1Gi = 1024Mi)', () => {
    expect(qosClass({ containers: [ctr('a', rl('0.1', '1Gi'), rl('100m', '1024Mi'))] })).toBe('Guaranteed');
  });
});

describe('qosClass reads quantities as apimachinery resource.Quantity', () => {
  it.each([
    ['100m', '0.1'],
    ['1k', '1000'],
    ['1e3', '1k'],
    ['1Ki', '1024'],
    ['1.5Gi', '1536Mi'],
  ])('%s equals %s: requests = limits is Guaranteed', (a, b) => {
    expect(qosClass({ containers: [ctr('a', rl(a, a), rl(b, b))] })).toBe('Guaranteed');
  });
  it('a non-quantity is bad input naming the container, the resource and the value', () => {
    expect(() => qosClass({ containers: [ctr('a', rl('lots', '1Gi'), rl('1', '1Gi'))] })).toThrow(
      /container a: resources cpu "lots" is not a quantity/,
    );
  });
});
