import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { binPath, makeTempDir, podstate, repoRoot } from './helpers.js';

/**
 * kubectl's habits through the built binary, on one log holding three Pods: default/web (the
 * crash-loop example), default/projected (labels app=shop, tier=web) and shop/aliased.
 */
let cwd = '';
const get = (...args: string[]) => podstate([...args, '--log', 'l.jsonl'], { cwd });

beforeAll(() => {
  cwd = makeTempDir();
  for (const example of ['crashloop.yaml', 'host-aliases.yaml', 'projected-volume.yaml']) {
    const r = podstate(['run', join(repoRoot, 'examples', example), '--log', 'l.jsonl'], { cwd });
    expect(r.code, r.stderr).toBe(0);
  }
});

const names = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(/\s+/).slice(0, 2).join(' '));

describe('get pods: names, namespaces, selectors (kubectl get, printers.go printPod)', () => {
  it('get pods NAME… lists only those Pods, in the order given', () => {
    const r = get('get', 'pods', 'web', 'projected');
    expect(r.code).toBe(0);
    expect(names(r.stdout)).toEqual(['web 1/1', 'projected 1/1']);
  });

  it('-n picks the namespace; -A lists every namespace with a NAMESPACE column', () => {
    expect(names(get('get', 'pods', '-n', 'shop').stdout)).toEqual(['aliased 0/1']);
    expect(names(get('get', 'pods', '--namespace', 'shop').stdout)).toEqual(['aliased 0/1']);
    const all = get('get', 'pods', '-A');
    expect(all.stdout.split('\n')[0]).toMatch(/^NAMESPACE {3}NAME +READY {3}STATUS/);
    expect(names(all.stdout)).toEqual(['default projected', 'default web', 'shop aliased']);
    expect(get('get', 'pods', '-n', 'nope')).toEqual({
      code: 0,
      stdout: '',
      stderr: 'No resources found in nope namespace.\n',
    });
  });

  it('a name not in the namespace is bad input pointing at the namespace that has it', () => {
    const r = get('get', 'pods', 'aliased');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'podstate: no Pod named "aliased" in namespace default. A Pod "aliased" exists in namespace shop: add -n shop.\n',
    );
    expect(get('get', 'pods', 'web', '-A').code).toBe(2);
  });

  it('-l: equality and set-based selectors as labels.Parse reads them; a bad one is exit 2', () => {
    expect(names(get('get', 'pods', '-l', 'app=shop').stdout)).toEqual(['projected 1/1']);
    expect(names(get('get', 'pods', '-l', 'tier in (web,db),app!=x').stdout)).toEqual(['projected 1/1']);
    expect(names(get('get', 'pods', '-A', '-l', '!app').stdout)).toEqual(['default web', 'shop aliased']);
    const bad = get('get', 'pods', '-l', 'app in (x');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unable to parse requirement: found '', expected: ',' or ')'");
  });
});

describe('get pods -o and table flags (kubectl printers: name, jsonpath, custom-columns, table)', () => {
  it('-o name prints resource/name (printers.NamePrinter)', () => {
    expect(get('get', 'pods', '-A', '-o', 'name').stdout).toBe('pod/projected\npod/web\npod/aliased\n');
  });

  it('-o jsonpath with range/end over the List, and on one named Pod the Pod object (client-go jsonpath)', () => {
    const r = get(
      'get',
      'pods',
      '-A',
      '-o',
      'jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}{"\\n"}{end}',
    );
    expect(r).toEqual({ code: 0, stdout: 'default/projected\ndefault/web\nshop/aliased\n', stderr: '' });
    expect(get('get', 'pods', 'web', '-o', 'jsonpath={.kind} {.status.phase}').stdout).toBe('Pod Running');
    expect(get('get', 'pods', '-o=jsonpath={.items[*].metadata.name}').stdout).toBe('projected web');
    const bad = get('get', 'pods', '-o', 'jsonpath={.items[');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('error parsing jsonpath {.items[, unterminated array');
  });

  it('-o custom-columns, with --no-headers (kubectl get/customcolumn.go)', () => {
    const spec = 'custom-columns=NAME:.metadata.name,NODE:.spec.nodeName,GATES:.spec.readinessGates';
    expect(get('get', 'pods', '-o', spec).stdout).toBe(
      'NAME        NODE     GATES\nprojected   node-1   <none>\nweb         node-1   <none>\n',
    );
    expect(get('get', 'pods', '-o', spec, '--no-headers').stdout).toBe(
      'projected   node-1   <none>\nweb         node-1   <none>\n',
    );
    expect(get('get', 'pods', '-o', 'custom-columns=NAME').code).toBe(2);
  });

  it('--no-headers and --show-labels on the table (LABELS last, labels.FormatLabels)', () => {
    const r = get('get', 'pods', '--show-labels', '--no-headers');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^projected +1\/1 +Running +0 +\d+s +app=shop,tier=web$/);
    expect(lines[1]).toMatch(/^web .* <none>$/);
  });

  it('--sort-by a JSONPath field (kubectl get/sorter.go): natural order, missing fields refused', () => {
    const byName = get('get', 'pods', '-A', '--sort-by', '.metadata.name', '-o', 'name').stdout;
    expect(byName).toBe('pod/aliased\npod/projected\npod/web\n');
    const byRestarts = get(
      'get',
      'pods',
      '--sort-by',
      '{.status.containerStatuses[0].restartCount}',
      '-o',
      'name',
    );
    expect(byRestarts.stdout).toBe('pod/projected\npod/web\n');
    const missing = get('get', 'pods', '--sort-by', '.spec.nope');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      'couldn\'t find any field with path "{.spec.nope}" in the list of objects',
    );
  });

  it('-o json|yaml: one named Pod is the Pod object, several a v1 List', () => {
    expect(JSON.parse(get('get', 'pods', 'web', '-o', 'json').stdout)).toMatchObject({
      kind: 'Pod',
      metadata: { name: 'web' },
    });
    expect(parse(get('get', 'pods', 'web', 'projected', '-o', 'yaml').stdout)).toMatchObject({
      kind: 'List',
      items: [{ metadata: { name: 'web' } }, { metadata: { name: 'projected' } }],
    });
  });

  it('get pods -w lists, then exits 0 on Ctrl-C (as podstate watch)', async () => {
    const child = spawn(process.execPath, [binPath, 'get', 'pods', '-w', '-n', 'shop', '--log', 'l.jsonl'], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const started = Date.now();
    while (!out.includes('aliased') && Date.now() - started < 20_000)
      await new Promise((r) => setTimeout(r, 20));
    expect(out).toMatch(/^NAME {6}READY {3}STATUS {14}RESTARTS {3}AGE\naliased {3}0\/1 {5}ContainerCreating/);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});

describe('describe, status, mounts, hosts: -n, -A and every Pod (kubectl describe.go)', () => {
  it('describe pod aliased -n shop finds the Pod in namespace shop; without -n the hint says -n shop', () => {
    const r = get('describe', 'pod', 'aliased', '-n', 'shop');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Name: +aliased\nNamespace: +shop\n/);
    const miss = get('describe', 'pod', 'aliased');
    expect(miss.code).toBe(2);
    expect(miss.stderr).toContain('A Pod "aliased" exists in namespace shop: add -n shop.');
  });

  it('describe pods (no name) describes every Pod of the namespace, separated by blank lines', () => {
    const r = get('describe', 'pods');
    expect(r.stdout.match(/^Name: .*$/gm)).toEqual(['Name:             projected', 'Name:             web']);
    expect(r.stdout).toContain('\n\n\nName:             web\n');
    expect(get('describe', 'pods', '-A').stdout.match(/^Name: .*$/gm)).toHaveLength(3);
    expect(get('describe', 'pods', '-l', 'app=shop').stdout.match(/^Name: .*$/gm)).toEqual([
      'Name:             projected',
    ]);
  });

  it('describe pod <prefix> describes the Pods whose names start with it (DescribeMatchingResources)', () => {
    expect(get('describe', 'pod', 'proj').stdout).toMatch(/^Name: +projected\n/);
  });

  it('status, mounts and hosts take -n and -A', () => {
    expect(JSON.parse(get('status', 'aliased', '-n', 'shop').stdout).metadata.namespace).toBe('shop');
    expect(JSON.parse(get('status', 'aliased', '-A').stdout).metadata.namespace).toBe('shop');
    expect(get('hosts', 'aliased', '--namespace', 'shop').stdout).toContain('127.0.0.1\tlocalhost');
    expect(get('mounts', 'aliased', '-n', 'shop').code).toBe(0);
    expect(get('mounts', 'aliased').code).toBe(2);
  });
});

describe('help and completion', () => {
  it('podstate help get prints what podstate get --help prints', () => {
    const help = podstate(['help', 'get'], { cwd });
    expect(help.code).toBe(0);
    expect(help.stdout).toBe(podstate(['get', '--help'], { cwd }).stdout);
    expect(help.stdout).toContain('-l, --selector <selector>');
  });

  it('completion bash completes commands, options, -o values and Pod names from the log', () => {
    const script = podstate(['completion', 'bash'], { cwd });
    expect(script.code).toBe(0);
    writeFileSync(join(cwd, 'completion.bash'), script.stdout);
    // Runs the completion function as bash would for the words typed so far.
    const complete = (...words: string[]) => {
      const r = spawnSync(
        'bash',
        [
          '-c',
          `podstate() { node ${JSON.stringify(binPath)} "$@"; }
source ./completion.bash
COMP_WORDS=(${words.map((w) => JSON.stringify(w)).join(' ')}); COMP_CWORD=${words.length - 1}
_podstate; printf '%s\\n' "\${COMPREPLY[@]}"`,
        ],
        { cwd, encoding: 'utf8' },
      );
      expect(r.stderr).toBe('');
      return r.stdout.trim().split('\n');
    };
    expect(complete('podstate', 'des')).toEqual(['describe']);
    expect(complete('podstate', 'get', '--sh')).toEqual(['--show-labels', '--show-admission']);
    expect(complete('podstate', 'status', '-o', '')).toEqual(['json', 'yaml']);
    expect(complete('podstate', 'get', '--log', 'l.jsonl', 'pods', '')).toEqual(['projected', 'web']);
    expect(complete('podstate', 'hosts', '--log', 'l.jsonl', '-n', 'shop', '')).toEqual(['aliased']);
  });

  it('completion zsh and fish print their scripts; another shell is a usage error', () => {
    const zsh = podstate(['completion', 'zsh'], { cwd });
    expect(zsh.stdout.startsWith('#compdef podstate\n')).toBe(true);
    expect(zsh.stdout).toContain('bashcompinit');
    const fish = podstate(['completion', 'fish'], { cwd }).stdout;
    expect(fish).toContain(
      "complete -c podstate -n __fish_use_subcommand -a describe -d 'show Pods as kubectl describe pod does, with their Events'",
    );
    expect(fish).toContain("complete -c podstate -n '__fish_seen_subcommand_from get' -s l -l selector -r");
    expect(podstate(['completion', 'tcsh'], { cwd }).code).toBe(2);
  });
});
