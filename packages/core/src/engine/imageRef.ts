import { goQuote } from '../manifest/goQuote.js';
import { parseImageName } from '../manifest/parseImageName.js';

/**
 * Normalises an image reference the way the docker reference library does for comparison with
 * a node's image cache: `nginx` → `docker.io/library/nginx:latest`. Pure.
 * @internal
 */
export function normalizeImageRef(ref: string): string {
  let name = ref;
  let suffix = '';
  const at = name.indexOf('@');
  if (at >= 0) {
    suffix = name.slice(at);
    name = name.slice(0, at);
  }
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const tagged = colon > slash;
  if (!tagged && suffix === '') name += ':latest';
  const first = name.split('/')[0]!;
  const hasHost = name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasHost) name = name.includes('/') ? `docker.io/${name}` : `docker.io/library/${name}`;
  return name + suffix;
}

/**
 * EnsureImageExists → applyDefaultImageTag (image_manager.go): the InvalidImageName message for an
 * image ParseImageName rejects (`ROOT`, `http://root`, 64 hex digits), else undefined. Pure.
 * @example invalidImageMessage('ROOT') // 'Failed to apply default image tag "ROOT": couldn\'t parse image name "ROOT": …'
 * @internal
 */
export function invalidImageMessage(image: string): string | undefined {
  const parsed = parseImageName(image);
  return parsed.ok ? undefined : `Failed to apply default image tag ${goQuote(image)}: ${parsed.error}`;
}
