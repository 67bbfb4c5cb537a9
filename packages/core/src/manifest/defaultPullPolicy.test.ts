import { describe, expect, test } from 'vitest';
import { defaultPullPolicy } from './defaultPullPolicy.js';
import { parseImageName } from './parseImageName.js';

const sha = 'sha256:e5d8d5c4ba7f7d3f2a5b7f8d6a0c1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d';

describe('SetDefaults_Container: imagePullPolicy from ParseImageName', () => {
  test.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.25', 'IfNotPresent'],
    [`nginx@${sha}`, 'IfNotPresent'],
    [`nginx:latest@${sha}`, 'Always'],
    [`nginx:1.25@${sha}`, 'IfNotPresent'],
    ['library/nginx', 'Always'],
    ['docker.io/library/nginx:latest', 'Always'],
    ['localhost:5000/app', 'Always'],
    ['localhost:5000/app:v2', 'IfNotPresent'],
    ['localhost/app', 'Always'],
    ['registry.example.com:443/team/app:1.0', 'IfNotPresent'],
    ['[::1]:5000/app', 'Always'],
    ['gcr.io/distroless/static:nonroot', 'IfNotPresent'],
    ['Nginx', 'IfNotPresent'], // unparsable (uppercase repository): IfNotPresent
    ['nginx:', 'IfNotPresent'], // unparsable
    ['nginx@sha256:abc', 'IfNotPresent'], // unparsable digest
    ['', 'IfNotPresent'],
  ])('%s → %s', (image, want) => {
    expect(defaultPullPolicy(image)).toBe(want);
  });
});

describe('parseImageName (ParseNormalizedNamed)', () => {
  test('ParseImageName: an untagged image is tag latest, normalised to docker.io/library', () => {
    expect(parseImageName('nginx')).toEqual({
      ok: true,
      repository: 'docker.io/library/nginx',
      tag: 'latest',
      digest: '',
    });
  });
  test('ParseImageName: a registry host with a port is not a tag', () => {
    expect(parseImageName('localhost:5000/app')).toEqual({
      ok: true,
      repository: 'localhost:5000/app',
      tag: 'latest',
      digest: '',
    });
  });
  test('ParseImageName: digest-only has no tag', () => {
    expect(parseImageName(`busybox@${sha}`)).toEqual({
      ok: true,
      repository: 'docker.io/library/busybox',
      tag: '',
      digest: sha,
    });
  });
  test.each([
    [
      'Nginx',
      "couldn't parse image name: invalid reference format: repository name (library/Nginx) must be lowercase",
    ],
    ['nginx:', "couldn't parse image name: invalid reference format"],
    [
      'a'.repeat(64),
      `couldn't parse image name: invalid repository name (${'a'.repeat(64)}), cannot specify 64-byte hexadecimal strings`,
    ],
    [`nginx@sha256:${'a'.repeat(63)}`, "couldn't parse image name: invalid checksum digest length"],
    [`nginx@md5:${'a'.repeat(32)}`, "couldn't parse image name: unsupported digest algorithm"],
  ])('ParseNormalizedNamed rejects %s', (image, error) => {
    const quoted = error.replace("couldn't parse image name:", `couldn't parse image name "${image}":`);
    expect(parseImageName(image)).toEqual({ ok: false, error: quoted });
  });
});
