/**
 * The Pod's addresses, startTime, status lists and the legacy node-lost phase as
 * `kubectl get pod -o json` shows them (issue 17: surviving mutants of podObject.ts). generateAPIPodStatus (pkg/kubelet/kubelet_pods.go)
 * sets status.hostIP/hostIPs from the node's IPs (getHostIPsAnyWay) on every status it writes, a
 * sandbox or not; status.podIP/podIPs come from the sandbox (determinePodSandboxIPs) only, but for a hostNetwork Pod (the node’s IP).
 * Everything is checked on the JSON the user reads, so a key holding `undefined` counts as absent.
 */
import { ev } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';
import { drive, type ProjectedPod, podManifest } from './drive.js';
import { bound, crashTwice, testPod } from './shapes.js';

const web = podManifest('web', {
  restartPolicy: 'Never',
  containers: [{ name: 'app', image: 'nginx:1.25' }],
});
const node1 = ev.nodeRegistered('node-1', {}, ['nginx:1.25']);
const node2 = ev.nodeRegistered('node-2', {}, ['nginx:1.25']);
/** The status as the JSON output prints it. */
const json = (pod: ProjectedPod) => JSON.parse(JSON.stringify(pod.status)) as Record<string, unknown>;
const addresses = (pod: ProjectedPod) => {
  const s = json(pod);
  return { hostIP: s.hostIP, hostIPs: s.hostIPs, podIP: s.podIP, podIPs: s.podIPs };
};

describe('generateAPIPodStatus: hostIP and podIP', () => {
  it('a Pod not yet bound has neither a hostIP nor a podIP', () => {
    const pod = drive([node1, ev.podCreated(web)]).pod();
    expect(addresses(pod)).toEqual({});
    expect(Object.keys(json(pod))).not.toContain('hostIPs');
  });

  it('getHostIPsAnyWay: bound, before its sandbox exists, the Pod has its node’s IP as hostIP and hostIPs, and no podIP or podIPs', () => {
    const pod = drive([node1, ev.podCreated(web), ev.scheduled('node-1')]).pod();
    expect(pod.status.phase).toBe('Pending');
    expect(addresses(pod)).toEqual({ hostIP: '10.0.0.1', hostIPs: [{ ip: '10.0.0.1' }] });
    const keys = Object.keys(json(pod));
    expect(keys).not.toContain('podIP');
    expect(keys).not.toContain('podIPs');
  });

  it('the hostIP is the address of the node the Pod is bound to (the second registered node: 10.0.0.2)', () => {
    const pod = drive([node1, node2, ev.podCreated(web), ev.scheduled('node-2')]).pod();
    expect(addresses(pod)).toEqual({ hostIP: '10.0.0.2', hostIPs: [{ ip: '10.0.0.2' }] });
  });

  it('determinePodSandboxIPs: once the sandbox is ready, podIP and podIPs are the sandbox’s IP; hostIP stays the node’s', () => {
    const pod = drive([
      node1,
      ev.podCreated(web),
      ev.scheduled('node-1'),
      ev.sandboxReady('10.244.0.9'),
    ]).pod();
    expect(addresses(pod)).toEqual({
      hostIP: '10.0.0.1',
      hostIPs: [{ ip: '10.0.0.1' }],
      podIP: '10.244.0.9',
      podIPs: [{ ip: '10.244.0.9' }],
    });
  });

  it('a hostIP the sandbox event reports wins over the node’s address', () => {
    const d = drive([
      node1,
      ev.podCreated(web),
      ev.scheduled('node-1'),
      { type: 'pod.sandbox.ready', data: { podIP: '10.244.0.9', hostIP: '192.168.7.4' } },
    ]);
    expect(addresses(d.pod())).toEqual({
      hostIP: '192.168.7.4',
      hostIPs: [{ ip: '192.168.7.4' }],
      podIP: '10.244.0.9',
      podIPs: [{ ip: '10.244.0.9' }],
    });
  });
});

describe('generateAPIPodStatus: a hostNetwork Pod inherits the node’s IP as its podIP', () => {
  // The runtime reports no IP for a sandbox in the node's network namespace, so the kubelet sets
  // podIP/podIPs from getHostIPsAnyWay on every status it writes (a real capture agrees:
  // packages/import/test/fixtures/real/kubeshark-worker-oomkilled.json, podIP = hostIP).
  const host = podManifest('agent', {
    hostNetwork: true,
    restartPolicy: 'Always',
    containers: [{ name: 'app', image: 'nginx:1.25' }],
  });
  const nodeIP = {
    hostIP: '10.0.0.1',
    hostIPs: [{ ip: '10.0.0.1' }],
    podIP: '10.0.0.1',
    podIPs: [{ ip: '10.0.0.1' }],
  };

  it('bound, before its sandbox exists, the podIP is already the node’s IP', () => {
    expect(addresses(drive([node1, ev.podCreated(host), ev.scheduled('node-1')]).pod())).toEqual(nodeIP);
  });

  it('a running hostNetwork Pod shows the node’s IP, not the IP its sandbox event names', () => {
    const d = drive([
      node1,
      ev.podCreated(host),
      ev.scheduled('node-1'),
      ev.sandboxReady('10.244.0.9'),
      ev.started('app'),
    ]);
    expect(addresses(d.pod())).toEqual(nodeIP);
    expect(d.row().ip).toBe('10.0.0.1');
  });

  it('the podIP stays the node’s IP after the sandbox dies (a Pod in the Pod network shows none then)', () => {
    const events = [
      ev.scheduled('node-1'),
      ev.sandboxReady('10.244.0.9'),
      ev.started('app'),
      ev.sandboxDied(),
    ];
    expect(addresses(drive([node1, ev.podCreated(host), ...events]).pod())).toEqual(nodeIP);
    const plain = podManifest('web', {
      restartPolicy: 'Always',
      containers: [{ name: 'app', image: 'nginx:1.25' }],
    });
    expect(addresses(drive([node1, ev.podCreated(plain), ...events]).pod())).toEqual({
      hostIP: '10.0.0.1',
      hostIPs: [{ ip: '10.0.0.1' }],
    });
  });

  it('a hostIP the sandbox event reports is the node’s IP the Pod inherits', () => {
    const d = drive([
      node1,
      ev.podCreated(host),
      ev.scheduled('node-1'),
      { type: 'pod.sandbox.ready', data: { podIP: '10.244.0.9', hostIP: '192.168.7.4' } },
    ]);
    expect(json(d.pod())).toMatchObject({
      hostIP: '192.168.7.4',
      podIP: '192.168.7.4',
      podIPs: [{ ip: '192.168.7.4' }],
    });
  });
});

describe('legacy node-lost profile: phase Unknown only for a Pod that has not finished (lifecycle.md §10)', () => {
  const run = [node1, ev.podCreated(web), ev.scheduled('node-1'), ev.sandboxReady(), ev.started('app')];

  it('a running Pod on a lost node shows phase Unknown', () => {
    expect(drive([...run, ev.nodeLost('node-1')], { profile: 'legacy' }).pod().status.phase).toBe('Unknown');
  });

  it('a Succeeded Pod stays Succeeded when its node is lost (the terminal phase is never taken back)', () => {
    const d = drive([...run, ev.exited('app', 0), ev.nodeLost('node-1')], { profile: 'legacy' });
    expect(d.pod().status.phase).toBe('Succeeded');
  });

  it('a Failed Pod stays Failed when its node is lost', () => {
    const d = drive([...run, ev.exited('app', 1), ev.nodeLost('node-1')], { profile: 'legacy' });
    expect(d.pod().status.phase).toBe('Failed');
  });

  it('the current profile keeps the phase (Running) and sets Ready=False instead', () => {
    const d = drive([...run, ev.nodeLost('node-1')]);
    expect(d.pod().status.phase).toBe('Running');
  });
});

describe('generateAPIPodStatus: startTime and the status lists', () => {
  const withInit = podManifest('web', {
    restartPolicy: 'Always',
    initContainers: [{ name: 'setup', image: 'nginx:1.25' }],
    containers: [{ name: 'app', image: 'nginx:1.25' }],
  });

  it('startTime is when the kubelet took the Pod (its binding; status_manager sets StartTime once) and stays through a new sandbox', () => {
    const always = podManifest('web', { containers: [{ name: 'app', image: 'nginx:1.25' }] });
    const bound = drive([node1, ev.podCreated(always), ev.wait(5), ev.scheduled('node-1')]);
    const at = new Date(bound.last).toISOString().replace('.000Z', 'Z');
    expect(json(bound.pod()).startTime).toBe(at);
    const d = drive([
      node1,
      ev.podCreated(always),
      ev.wait(5),
      ev.scheduled('node-1'),
      ev.wait(3),
      ev.sandboxReady(),
      ev.started('app'),
      ev.wait(60),
      ev.sandboxDied(),
      ev.sandboxReady('10.244.0.6'),
    ]);
    expect(json(d.pod())).toMatchObject({ startTime: at, podIP: '10.244.0.6' });
  });

  it('convertToAPIContainerStatuses: a Pod without init containers has no initContainerStatuses (omitempty), one with them lists each', () => {
    const plain = drive([node1, ev.podCreated(web), ev.scheduled('node-1'), ev.sandboxReady()]).pod();
    expect(Object.keys(json(plain))).not.toContain('initContainerStatuses');
    expect(plain.status.containerStatuses?.map((s) => s.name)).toEqual(['app']);
    const init = drive([node1, ev.podCreated(withInit), ev.scheduled('node-1'), ev.sandboxReady()]).pod();
    expect(init.status.initContainerStatuses?.map((s) => s.name)).toEqual(['setup']);
    expect(init.status.containerStatuses?.map((s) => s.name)).toEqual(['app']);
  });
});

describe('convertToAPIContainerStatuses on a Pod being deleted', () => {
  it('ShouldContainerBeRestarted is false once the Pod has a deletionTimestamp: a crash-looping container shows its last exit (terminated), not CrashLoopBackOff', () => {
    const looping = [...bound(testPod('Always')), ev.started('containerB'), ...crashTwice('containerA', 1)];
    const before = drive(looping).pod();
    const a = (pod: ProjectedPod) => pod.status.containerStatuses?.find((s) => s.name === 'containerA');
    expect(a(before)?.state.waiting?.reason).toBe('CrashLoopBackOff');
    const deleted = drive([...looping, ev.deletion(30)]).pod();
    expect(a(deleted)?.state.waiting).toBeUndefined();
    expect(a(deleted)?.state.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
  });
});
