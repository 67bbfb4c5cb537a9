#!/usr/bin/env node
// `npm run mutation` (issue 17): Stryker over each area of mutation/areas.mjs, one area at a time
// (CPU-heavy: run it alone, never in `npm test`), then the verdict:
//   - the per-file table: killed, survived, timed out, no coverage, score;
//   - each area's score, killed / (killed + survived + timed out), must be at least 90 %;
//   - every surviving (or uncovered) mutant must be listed in mutation/equivalents.json with the
//     reason it cannot be killed (an equivalent mutant); an unlisted one fails the run. An entry
//     may name a `context` (text of the mutant's source line) to cover only those places.
// Each run condenses Stryker's JSON report (reports/mutation/<area>.json, not checked in) into
// mutation/measured/<area>.json (checked in): per file the counts, every mutant not killed and
// the sha256 of the source measured, with the commit it was measured at; a file whose source
// changed since fails the area (its counts are stale).
// Usage: node scripts/mutation.mjs [area…] [--report-only]  (--report-only: judge the checked-in
// mutation/measured/<area>.json without running Stryker; --from-report: condense the Stryker
// report of a run made by hand, `MUTATION_AREA=<area> npx stryker run`, then judge; --from-log:
// condense the live log of a run, reports/mutation/<area>.open.jsonl — a partial measurement,
// which never passes, unless every mutant the log's runs planned has a result).
// --file <path>: measure one whole file of one area (Stryker with MUTATION_FILE, its own report
// and incremental file) and merge it into mutation/measured/<area>.json in place of that file's
// entry, the other files' entries kept (each file's sha256 still tells when one is stale). The
// merged entry records the commit it was measured at. A whole-area run stays the reference: a
// test removed since an unchanged file was measured is not seen by a per-file run.
// Exit 0 when every area passes, else 1.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AREAS } from '../mutation/areas.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MIN_SCORE = 90;
const args = process.argv.slice(2);
const reportOnly = args.includes('--report-only');
const fromReport = args.includes('--from-report');
const fromLog = args.includes('--from-log');
const fileAt = args.indexOf('--file');
const onlyFile = fileAt === -1 ? undefined : args[fileAt + 1];
if (fileAt !== -1 && (onlyFile === undefined || onlyFile.startsWith('--'))) {
  console.error('--file needs a path: node scripts/mutation.mjs <area> --file packages/…/file.ts');
  process.exit(2);
}
const names = args.filter((a, i) => !a.startsWith('--') && !(fileAt !== -1 && i === fileAt + 1));
const unknown = names.filter((n) => !AREAS.some((a) => a.name === n));
if (unknown.length > 0) {
  console.error(`unknown area(s) ${unknown.join(', ')}: use ${AREAS.map((a) => a.name).join(', ')}`);
  process.exit(2);
}
const areas = names.length > 0 ? AREAS.filter((a) => names.includes(a.name)) : AREAS;
if (onlyFile !== undefined && areas.length !== 1) {
  console.error('--file measures a file of one area: name the area');
  process.exit(2);
}

/** The equivalent mutants: { file, mutator, original, replacement, reason }. */
const equivalents = JSON.parse(readFileSync(join(ROOT, 'mutation/equivalents.json'), 'utf8')).mutants;
const squash = (s) => s.replace(/\s+/g, ' ').trim();
const keyOf = (m) => `${m.file}\u0000${m.mutator}\u0000${squash(m.original)}\u0000${squash(m.replacement)}`;
// An entry with `context` covers only mutants whose source line contains that text (squashed):
// the same literal elsewhere in the file is judged on its own.
const listed = new Map();
for (const e of equivalents) listed.set(keyOf(e), [...(listed.get(keyOf(e)) ?? []), e]);
const used = new Set();
/** The listed entry that covers mutant `m` of file `rel`, or undefined. */
const entryFor = (rel, m) =>
  (listed.get(keyOf({ file: rel, ...m })) ?? []).find(
    (e) => e.context === undefined || squash(m.lineText ?? '').includes(squash(e.context)),
  );

/** The source text a mutant replaced (Stryker's report gives the location and the replacement). */
function originalText(source, loc) {
  const lines = source.split('\n');
  const { start, end } = loc;
  if (start.line === end.line) return lines[start.line - 1].slice(start.column - 1, end.column - 1);
  return [
    lines[start.line - 1].slice(start.column - 1),
    ...lines.slice(start.line, end.line - 1),
    lines[end.line - 1].slice(0, end.column - 1),
  ].join('\n');
}

const pct = (k, d) => (d === 0 ? 100 : (100 * k) / d);

const sha256 = (text) => createHash('sha256').update(text).digest('hex');

/** The files an area mutates (its `mutate` globs: `dir/name*.ts` patterns, `!` to leave out). */
function areaFiles(area) {
  const re = (glob) => new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
  const expand = (glob) => {
    const dir = dirname(glob);
    if (!existsSync(join(ROOT, dir))) return [];
    return readdirSync(join(ROOT, dir))
      .map((f) => `${dir}/${f}`)
      .filter((f) => re(glob).test(f));
  };
  const out = new Set(area.mutate.filter((g) => !g.startsWith('!')).flatMap(expand));
  for (const g of area.mutate.filter((g) => g.startsWith('!')))
    for (const f of expand(g.slice(1))) out.delete(f);
  return [...out].sort();
}
/**
 * The commit a measurement was made from: HEAD, marked when a measured file differs from it (a
 * measurement of uncommitted source). Each file's sha256 (the source Stryker mutated) lets
 * --report-only tell a measurement of the current source from a stale one.
 */
function measuredCommit(files) {
  const git = (...a) => spawnSync('git', a, { cwd: ROOT, encoding: 'utf8' });
  const head = git('rev-parse', 'HEAD').stdout.trim();
  const dirty = files.length > 0 && git('diff', '--quiet', 'HEAD', '--', ...files).status !== 0;
  return dirty ? `${head} (with uncommitted changes to the measured files)` : head;
}

/** Stryker's report → { files: { path: { killed, survived, timeout, noCoverage, open: [mutant not killed] } } }. */
function condense(area, json) {
  const files = {};
  for (const [file, f] of Object.entries(json.files)) {
    const rel = relative(ROOT, resolve(ROOT, file));
    const n = { sha256: sha256(f.source), killed: 0, survived: 0, timeout: 0, noCoverage: 0, open: [] };
    for (const m of f.mutants) {
      // The static area judges only the static mutants; the others are judged in their own area.
      if (area.static && !m.static) continue;
      if (m.status === 'Killed') n.killed++;
      else if (m.status === 'Timeout') n.timeout++;
      else if (m.status === 'Survived' || m.status === 'NoCoverage') {
        n[m.status === 'Survived' ? 'survived' : 'noCoverage']++;
        n.open.push({
          line: m.location.start.line,
          status: m.status,
          mutator: m.mutatorName,
          original: originalText(f.source, m.location),
          replacement: m.replacement ?? '',
          lineText: f.source.split('\n')[m.location.start.line - 1].trim(),
        });
      }
    }
    files[rel] = n;
  }
  return { area: area.name, commit: measuredCommit(Object.keys(files)), files };
}

/** The live log (mutation/survivorsLog.mjs) of a run, finished or not → a partial summary. */
function condenseLog(area, lines) {
  // A mutant tested again (a re-run appended to the log) counts once, with its last result.
  // Lines of an older log version carry only file, line and status (killed mutants): they are
  // dropped when a later line with a location names the same file and line (tested again).
  // A run's first line is its plan (mutation/survivorsLog.mjs): the log is a finished
  // measurement when every planned mutant has a result.
  const last = new Map();
  const once = [];
  const retested = new Set();
  const planned = new Set();
  const mutantKey = (fileName, { start, end }, mutatorName, replacement) =>
    `${fileName}:${start.line}:${start.column}-${end.line}:${end.column} ${mutatorName} ${replacement}`;
  // The source each file had when a run last planned it (logs of an older version lack it).
  const plannedSha = new Map();
  for (const l of lines)
    for (const [f, sha] of Object.entries(l.sha256 ?? {})) plannedSha.set(relative(ROOT, f), sha);
  for (const l of lines)
    for (const [fileName, location, mutatorName, replacement, isStatic] of l.plan ?? [])
      if (!area.static || isStatic) {
        // A plan holds Stryker's internal locations (0-based lines and columns); results 1-based.
        const { start, end } = location;
        const at = {
          start: { line: start.line + 1, column: start.column + 1 },
          end: { line: end.line + 1, column: end.column + 1 },
        };
        planned.add(mutantKey(fileName, at, mutatorName, replacement));
      }
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = lines[i];
    if (m.plan !== undefined || m.status === 'Ignored') continue;
    // The static area judges only the static mutants (as condense does).
    if (area.static && m.static !== true) continue;
    const at = `${m.fileName}:${m.line}`;
    if (m.location === undefined || m.mutatorName === undefined) {
      if (!retested.has(at)) once.push(m);
      continue;
    }
    retested.add(at);
    const key = mutantKey(m.fileName, m.location, m.mutatorName, m.replacement);
    if (!last.has(key)) last.set(key, m);
  }
  const files = {};
  const sources = new Map();
  for (const m of [...once, ...last.values()]) {
    const rel = relative(ROOT, m.fileName);
    files[rel] ??= {
      sha256: plannedSha.get(rel) ?? sha256(readFileSync(join(ROOT, rel), 'utf8')),
      killed: 0,
      survived: 0,
      timeout: 0,
      noCoverage: 0,
      open: [],
    };
    const n = files[rel];
    if (m.status === 'Killed') n.killed++;
    else if (m.status === 'Timeout') n.timeout++;
    else if (m.status === 'Survived' || m.status === 'NoCoverage') {
      n[m.status === 'Survived' ? 'survived' : 'noCoverage']++;
      if (!sources.has(rel)) sources.set(rel, readFileSync(join(ROOT, rel), 'utf8'));
      n.open.push({
        line: m.line,
        status: m.status,
        mutator: m.mutatorName,
        original: originalText(sources.get(rel), m.location),
        replacement: m.replacement ?? '',
        lineText: sources.get(rel).split('\n')[m.location.start.line - 1].trim(),
      });
    }
  }
  const missing = [...planned].filter((k) => !last.has(k)).length;
  // A result no logged plan announced comes from a run of an older log version: partial.
  const unplanned = [...last.keys()].some((k) => !planned.has(k));
  const commit = measuredCommit(Object.keys(files));
  if (planned.size > 0 && missing === 0 && once.length === 0 && !unplanned)
    return { area: area.name, commit, files };
  return { area: area.name, commit, partial: true, untested: planned.size > 0 ? missing : undefined, files };
}

const rows = [];
const unlisted = [];
const failedAreas = [];
for (const area of areas) {
  const report = join(ROOT, `reports/mutation/${area.name}.json`);
  const summary = join(ROOT, `mutation/measured/${area.name}.json`);
  const log = join(ROOT, `reports/mutation/${area.name}.open.jsonl`);
  if (fromLog) {
    if (!existsSync(log)) {
      console.error(`no live log for ${area.name}: ${relative(ROOT, log)}`);
      failedAreas.push(area.name);
      continue;
    }
    const lines = readFileSync(log, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    mkdirSync(dirname(summary), { recursive: true });
    writeFileSync(summary, `${JSON.stringify(condenseLog(area, lines), null, 1)}\n`);
  } else if (onlyFile !== undefined) {
    const rel = relative(ROOT, resolve(ROOT, onlyFile));
    if (!areaFiles(area).includes(rel)) {
      console.error(`${rel} is not a file of ${area.name}: ${areaFiles(area).join(', ')}`);
      process.exit(2);
    }
    const tag = `${area.name}.${rel.replace(/^.*\//, '').replace(/\.ts$/, '')}`;
    const fileReport = join(ROOT, `reports/mutation/${tag}.json`);
    console.log(`\n=== mutation: ${area.name}, ${rel} only ===`);
    const r = spawnSync(join(ROOT, 'node_modules/.bin/stryker'), ['run'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, MUTATION_AREA: area.name, MUTATION_FILE: rel },
    });
    if (r.status !== 0 || !existsSync(fileReport)) {
      console.error(`stryker failed for ${rel} (exit ${r.status})`);
      failedAreas.push(area.name);
      continue;
    }
    const fresh = condense(area, JSON.parse(readFileSync(fileReport, 'utf8')));
    const merged = existsSync(summary)
      ? JSON.parse(readFileSync(summary, 'utf8'))
      : { area: area.name, commit: fresh.commit, files: {} };
    if (fresh.files[rel] !== undefined) merged.files[rel] = { ...fresh.files[rel], commit: fresh.commit };
    else delete merged.files[rel];
    mkdirSync(dirname(summary), { recursive: true });
    writeFileSync(summary, `${JSON.stringify(merged, null, 1)}\n`);
  } else if (!reportOnly && !fromReport) {
    console.log(
      `\n=== mutation: ${area.name} (${area.mutate.filter((m) => !m.startsWith('!')).join(', ')}) ===`,
    );
    const r = spawnSync(join(ROOT, 'node_modules/.bin/stryker'), ['run'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, MUTATION_AREA: area.name },
    });
    if (r.status !== 0 || !existsSync(report)) {
      console.error(`stryker failed for ${area.name} (exit ${r.status})`);
      failedAreas.push(area.name);
      continue;
    }
  }
  if (!reportOnly && !fromLog && onlyFile === undefined && existsSync(report)) {
    mkdirSync(dirname(summary), { recursive: true });
    writeFileSync(
      summary,
      `${JSON.stringify(condense(area, JSON.parse(readFileSync(report, 'utf8'))), null, 1)}\n`,
    );
  }
  if (!existsSync(summary)) {
    console.error(`no measurement for ${area.name}: ${relative(ROOT, summary)} (run without --report-only)`);
    failedAreas.push(area.name);
    continue;
  }
  const { files, partial, commit } = JSON.parse(readFileSync(summary, 'utf8'));
  const total = { killed: 0, survived: 0, timeout: 0, noCoverage: 0 };
  // A file changed since it was measured: its counts say nothing of the current source.
  const stale = Object.entries(files).filter(
    ([rel, f]) =>
      f.sha256 !== undefined &&
      (!existsSync(join(ROOT, rel)) || sha256(readFileSync(join(ROOT, rel), 'utf8')) !== f.sha256),
  );
  for (const [rel] of stale)
    console.error(
      `${area.name}: ${rel} changed since it was measured (${commit ?? 'commit not recorded'}): run the area again`,
    );
  if (stale.length > 0) failedAreas.push(area.name);
  // A file of the area no run measured (a narrowed run): the area is not measured whole. Stryker
  // reports only files it planted mutants in: areas.mjs lists the files it plants none in.
  const none = new Set(area.noMutants ?? []);
  for (const f of none)
    if (
      files[f] !== undefined &&
      files[f].killed + files[f].survived + files[f].timeout + files[f].noCoverage > 0
    )
      console.error(`${area.name}: ${f} is listed in noMutants but has mutants`);
  const unmeasured = areaFiles(area).filter((f) => files[f] === undefined && !none.has(f));
  for (const f of unmeasured) console.error(`${area.name}: ${f} was not measured`);
  if (unmeasured.length > 0) failedAreas.push(area.name);
  for (const [rel, { open, sha256: _sha, commit: _at, ...n }] of Object.entries(files)) {
    for (const m of open) {
      const entry = entryFor(rel, m);
      if (entry !== undefined) used.add(entry);
      else
        unlisted.push({
          ...m,
          area: area.name,
          file: rel,
          original: squash(m.original).slice(0, 160),
          replacement: squash(m.replacement).slice(0, 160),
        });
    }
    for (const k of Object.keys(total)) total[k] += n[k];
    rows.push({ area: area.name, file: rel, ...n });
  }
  const score = pct(total.killed, total.killed + total.survived + total.timeout);
  const { untested } = JSON.parse(readFileSync(summary, 'utf8'));
  const label = partial
    ? `(${area.name} total, PARTIAL: run unfinished${untested === undefined ? '' : `, ${untested} mutants untested`})`
    : `(${area.name} total)`;
  rows.push({ area: area.name, file: label, ...total, total: true });
  if (score < MIN_SCORE || partial) failedAreas.push(area.name);
}

console.log('\n| area | file | killed | survived | timeout | no coverage | score |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
  const score = pct(r.killed, r.killed + r.survived + r.timeout).toFixed(1);
  const b = r.total ? '**' : '';
  console.log(
    `| ${r.area} | ${b}${r.file}${b} | ${r.killed} | ${r.survived} | ${r.timeout} | ${r.noCoverage} | ${b}${score} %${b} |`,
  );
}
if (unlisted.length > 0) {
  console.log(
    `\n${unlisted.length} surviving mutant(s) neither killed nor listed in mutation/equivalents.json:`,
  );
  for (const u of unlisted)
    console.log(
      `  ${u.file}:${u.line} ${u.status} ${u.mutator}: ${JSON.stringify(u.original)} → ${JSON.stringify(u.replacement)}`,
    );
  console.log(
    'Kill each with a test, or list it (file, mutator, original, replacement, reason) as equivalent.',
  );
}
const measured = new Set(rows.map((r) => r.file));
const stale = equivalents.filter((e) => measured.has(e.file) && !used.has(e));
if (stale.length > 0) {
  console.log(
    `\nnote: ${stale.length} listed equivalent(s) no longer survive (killed, or the code changed):`,
  );
  for (const e of stale) console.log(`  ${e.file} ${e.mutator}: ${JSON.stringify(squash(e.original))}`);
}
if (failedAreas.length > 0) console.log(`\nbelow ${MIN_SCORE} % or not measured: ${failedAreas.join(', ')}`);
const ok = failedAreas.length === 0 && unlisted.length === 0;
console.log(ok ? '\nmutation: every area passes' : '\nmutation: FAILED');
process.exit(ok ? 0 : 1);
