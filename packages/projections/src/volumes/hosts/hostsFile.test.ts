import type { Pod } from '@podstate/core';
import { describe, expect, it } from 'vitest';
import {
  generatePodHostNameAndDomain,
  managedHostsFileContent,
  nodeHostsFileContent,
  podHostsFile,
  truncatePodHostnameIfNeeded,
} from './hostsFile.js';

const fixed = `127.0.0.1\tlocalhost
::1\tlocalhost ip6-localhost ip6-loopback
fe00::0\tip6-localnet
fe00::0\tip6-mcastprefix
fe00::1\tip6-allnodes
fe00::2\tip6-allrouters
`;
const alias1 = { ip: '123.45.67.89', hostnames: ['foo', 'bar', 'baz'] };
const alias2 = { ip: '456.78.90.123', hostnames: ['park', 'doo', 'boo'] };

// TestNodeHostsFileContent (pkg/kubelet/kubelet_pods_test.go)
describe('nodeHostsFileContent', () => {
  const file1 = `# hosts file for testing.\n${fixed}123.45.67.89\tsome.domain\n`;
  const file2 = `# another hosts file for testing.\n${fixed}12.34.56.78\tanother.domain\n`;
  it.each([
    ['hosts_test_file1', file1, [], `# Kubernetes-managed hosts file (host network).\n${file1}`],
    ['hosts_test_file2', file2, [], `# Kubernetes-managed hosts file (host network).\n${file2}`],
    [
      'hosts_test_file1_with_host_aliases',
      file1,
      [alias1],
      `# Kubernetes-managed hosts file (host network).\n${file1}\n# Entries added by HostAliases.\n123.45.67.89\tfoo\tbar\tbaz\n`,
    ],
    [
      'hosts_test_file2_with_host_aliases',
      file2,
      [alias1, alias2],
      `# Kubernetes-managed hosts file (host network).\n${file2}\n# Entries added by HostAliases.\n123.45.67.89\tfoo\tbar\tbaz\n456.78.90.123\tpark\tdoo\tboo\n`,
    ],
  ])('nodeHostsFileContent: %s', (_name, raw, aliases, want) => {
    expect(nodeHostsFileContent(raw, aliases)).toBe(want);
  });
});

// TestManagedHostsFileContent (pkg/kubelet/kubelet_pods_test.go)
describe('managedHostsFileContent', () => {
  const head = `# Kubernetes-managed hosts file.\n${fixed}`;
  it.each([
    [['123.45.67.89'], 'podFoo', '', [], `${head}123.45.67.89\tpodFoo\n`],
    [['203.0.113.1'], 'podFoo', 'domainFoo', [], `${head}203.0.113.1\tpodFoo.domainFoo\tpodFoo\n`],
    [
      ['203.0.113.1'],
      'podFoo',
      'domainFoo',
      [alias1],
      `${head}203.0.113.1\tpodFoo.domainFoo\tpodFoo\n\n# Entries added by HostAliases.\n123.45.67.89\tfoo\tbar\tbaz\n`,
    ],
    [
      ['203.0.113.1'],
      'podFoo',
      'domainFoo',
      [alias1, alias2],
      `${head}203.0.113.1\tpodFoo.domainFoo\tpodFoo\n\n# Entries added by HostAliases.\n123.45.67.89\tfoo\tbar\tbaz\n456.78.90.123\tpark\tdoo\tboo\n`,
    ],
    [
      ['203.0.113.1', 'fd00::6'],
      'podFoo',
      'domainFoo',
      [],
      `${head}203.0.113.1\tpodFoo.domainFoo\tpodFoo\nfd00::6\tpodFoo.domainFoo\tpodFoo\n`,
    ],
  ])('managedHostsFileContent %j %s %s', (ips, host, domain, aliases, want) => {
    expect(managedHostsFileContent(ips, host, domain, aliases)).toBe(want);
  });
});

// TestTruncatePodHostname (pkg/kubelet/kubelet_pods_test.go)
describe('truncatePodHostnameIfNeeded', () => {
  const n = '1234567.';
  it.each([
    ['valid hostname', 'test.pod.hostname', 'test.pod.hostname'],
    ['too long hostname', n.repeat(9), n.repeat(8).slice(0, 63)],
    ['hostname end with .', `${n.repeat(7)}123456.${n}`, `${n.repeat(7)}123456`],
    ['hostname end with -', `${n.repeat(7)}123456-${n}`, `${n.repeat(7)}123456`],
  ])('truncatePodHostnameIfNeeded: %s', (_name, input, output) => {
    expect(truncatePodHostnameIfNeeded('test-pod', input)).toEqual({ hostname: output });
  });
});

const pod = (spec: Partial<Pod['spec']>, name = 'web'): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'shop' },
  spec: { containers: [{ name: 'c', image: 'i' }], ...spec },
});

describe('GeneratePodHostNameAndDomain / ensureHostsFile', () => {
  it('GeneratePodHostNameAndDomain: hostname and subdomain give the FQDN', () => {
    expect(generatePodHostNameAndDomain(pod({ hostname: 'h', subdomain: 'sub' }))).toEqual({
      hostname: 'h',
      domain: 'sub.shop.svc.cluster.local',
    });
  });
  it('GeneratePodHostNameAndDomain: an invalid hostname is refused with the kubelet message', () => {
    const r = generatePodHostNameAndDomain(pod({ hostname: 'Bad_Name' }));
    expect('error' in r && r.error).toMatch(
      /^pod Hostname "Bad_Name" is not a valid DNS label: a lowercase RFC 1123 label/,
    );
  });
  it('shouldMountHostsFile: no Pod IP, no /etc/hosts', () => {
    expect(podHostsFile(pod({}), { podIPs: [] })).toHaveProperty('notMounted');
  });
  it('ensureHostsFile: a long Pod name is truncated to 63 characters', () => {
    const r = podHostsFile(pod({}, 'a'.repeat(70)), { podIPs: ['10.0.0.5'] });
    expect('content' in r && r.content.endsWith(`10.0.0.5\t${'a'.repeat(63)}\n`)).toBe(true);
  });
  it('ensureHostsFile: hostNetwork uses the node file verbatim plus aliases', () => {
    const r = podHostsFile(pod({ hostNetwork: true, hostAliases: [alias1] }), {
      podIPs: ['192.0.2.10'],
      nodeHostsFile: '127.0.0.1\tlocalhost\n',
    });
    expect(r).toEqual({
      content:
        '# Kubernetes-managed hosts file (host network).\n127.0.0.1\tlocalhost\n\n# Entries added by HostAliases.\n123.45.67.89\tfoo\tbar\tbaz\n',
    });
  });
});
