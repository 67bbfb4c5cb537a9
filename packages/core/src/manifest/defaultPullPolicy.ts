import { parseImageName } from './parseImageName.js';
import type { PullPolicy } from './types.js';

/**
 * The imagePullPolicy the API server stores when none is given (pkg/apis/core/v1/defaults.go
 * SetDefaults_Container): `Always` when ParseImageName yields tag `latest` (an explicit `:latest`,
 * or neither tag nor digest), otherwise `IfNotPresent` — including a digest-only reference and an
 * unparsable one, whose parse error is ignored. Pure.
 * @example defaultPullPolicy('nginx') // 'Always'
 * @example defaultPullPolicy('nginx:1.25') // 'IfNotPresent'
 */
export function defaultPullPolicy(image: string): PullPolicy {
  const parsed = parseImageName(image);
  return parsed.ok && parsed.tag === 'latest' ? 'Always' : 'IfNotPresent';
}
