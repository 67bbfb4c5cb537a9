import type { HostAlias, Pod } from '@podstate/core';
import { isDNS1123Label } from '@podstate/core/runtime';

const managedHostsHeader = '# Kubernetes-managed hosts file.\n';
const managedHostsHeaderWithHostNetwork = '# Kubernetes-managed hosts file (host network).\n';

/** hostsEntriesFromHostAliases: "" without aliases, else a blank line, the marker and one line per alias. */
export function hostsEntriesFromHostAliases(hostAliases: readonly HostAlias[] | undefined): string {
  if (!hostAliases || hostAliases.length === 0) return '';
  let out = '\n# Entries added by HostAliases.\n';
  for (const a of hostAliases) out += `${a.ip}\t${(a.hostnames ?? []).join('\t')}\n`;
  return out;
}

/** managedHostsFileContent: header, the six fixed lines, one line per Pod IP, then the aliases. Pure. */
export function managedHostsFileContent(
  hostIPs: readonly string[],
  hostName: string,
  hostDomainName: string,
  hostAliases?: readonly HostAlias[],
): string {
  let out = managedHostsHeader;
  out += '127.0.0.1\tlocalhost\n';
  out += '::1\tlocalhost ip6-localhost ip6-loopback\n';
  out += 'fe00::0\tip6-localnet\n';
  out += 'fe00::0\tip6-mcastprefix\n';
  out += 'fe00::1\tip6-allnodes\n';
  out += 'fe00::2\tip6-allrouters\n';
  for (const ip of hostIPs) {
    out += hostDomainName ? `${ip}\t${hostName}.${hostDomainName}\t${hostName}\n` : `${ip}\t${hostName}\n`;
  }
  return out + hostsEntriesFromHostAliases(hostAliases);
}

/** nodeHostsFileContent: the host-network header, the node's /etc/hosts verbatim, then the aliases. Pure. */
export function nodeHostsFileContent(nodeHostsFile: string, hostAliases?: readonly HostAlias[]): string {
  return managedHostsHeaderWithHostNetwork + nodeHostsFile + hostsEntriesFromHostAliases(hostAliases);
}

/** truncatePodHostnameIfNeeded: at most 63 characters, then trailing `-` and `.` stripped. */
export function truncatePodHostnameIfNeeded(
  podName: string,
  hostname: string,
): { hostname: string } | { error: string } {
  if (hostname.length <= 63) return { hostname };
  const truncated = hostname.slice(0, 63).replace(/[-.]+$/, '');
  if (truncated.length === 0) return { error: `hostname for pod "${podName}" was invalid: "${hostname}"` };
  return { hostname: truncated };
}

/** GeneratePodHostNameAndDomain: spec.hostname or the Pod name, and `<subdomain>.<ns>.svc.<clusterDomain>`. */
export function generatePodHostNameAndDomain(
  pod: Pod,
  clusterDomain = 'cluster.local',
): { hostname: string; domain: string } | { error: string } {
  let hostname = pod.metadata.name;
  if (pod.spec.hostname) {
    const msgs = isDNS1123Label(pod.spec.hostname);
    if (msgs.length > 0)
      return { error: `pod Hostname "${pod.spec.hostname}" is not a valid DNS label: ${msgs.join(';')}` };
    hostname = pod.spec.hostname;
  }
  const t = truncatePodHostnameIfNeeded(pod.metadata.name, hostname);
  if ('error' in t) return t;
  let domain = '';
  if (pod.spec.subdomain) {
    const msgs = isDNS1123Label(pod.spec.subdomain);
    if (msgs.length > 0)
      return { error: `pod Subdomain "${pod.spec.subdomain}" is not a valid DNS label: ${msgs.join(';')}` };
    domain = `${pod.spec.subdomain}.${pod.metadata.namespace ?? 'default'}.svc.${clusterDomain}`;
  }
  return { hostname: t.hostname, domain };
}

/** The node's own /etc/hosts podstate assumes for hostNetwork Pods when none is given. */
export function defaultNodeHostsFile(nodeName: string, hostIP?: string): string {
  return (
    '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\n' +
    'ff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n' +
    (hostIP ? `${hostIP}\t${nodeName}\n` : '')
  );
}

/** Inputs for the Pod's /etc/hosts beyond the manifest. */
export interface HostsContext {
  podIPs: readonly string[];
  nodeName?: string;
  hostIP?: string;
  /** The node's /etc/hosts for hostNetwork Pods; default {@link defaultNodeHostsFile}. */
  nodeHostsFile?: string;
  clusterDomain?: string;
}

/**
 * The /etc/hosts the kubelet writes for a Pod (ensureHostsFile), or why there is none: it is only
 * mounted once the Pod has IPs (shouldMountHostsFile on Linux). Pure.
 */
export function podHostsFile(
  pod: Pod,
  ctx: HostsContext,
): { content: string } | { error: string } | { notMounted: string } {
  if (ctx.podIPs.length === 0)
    return { notMounted: 'the Pod has no IP yet; the kubelet mounts /etc/hosts only once it has' };
  if (pod.spec.hostNetwork) {
    const node =
      ctx.nodeHostsFile ?? defaultNodeHostsFile(ctx.nodeName ?? pod.spec.nodeName ?? 'node', ctx.hostIP);
    return { content: nodeHostsFileContent(node, pod.spec.hostAliases) };
  }
  const hd = generatePodHostNameAndDomain(pod, ctx.clusterDomain);
  if ('error' in hd) return hd;
  return { content: managedHostsFileContent(ctx.podIPs, hd.hostname, hd.domain, pod.spec.hostAliases) };
}
