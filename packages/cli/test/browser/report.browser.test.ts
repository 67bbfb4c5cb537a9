import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pixelmatch from 'pixelmatch';
import { type Browser, chromium, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { createMemoryIO } from '../../src/memoryIO.js';
import { findChromium } from './findChromium.js';

// The HTML report in a real browser (Debian's Chromium driven by playwright-core): for every
// example, the DOM (lanes, segments, tooltips, the time cursor) and a screenshot compared with
// golden/<example>.png within a tolerance. UPDATE_GOLDEN=1 rewrites the screenshots.
const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const examplesDir = join(repo, 'examples');
const goldenDir = fileURLToPath(new URL('./golden/', import.meta.url));
const examples = readdirSync(examplesDir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const dir = mkdtempSync(join(tmpdir(), 'podstate-report-'));
/** Share of pixels allowed to differ from the golden screenshot (anti-aliasing, font hinting). */
const TOLERANCE = 0.01;

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: findChromium() });
}, 900_000);
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(args: string[], cwd = dir): Promise<string> {
  const io = createMemoryIO({ cwd });
  const code = await runCli(args, io);
  expect(io.err()).toBe('');
  expect(code).toBe(0);
  return io.out();
}

let runs = 0;
async function reportOf(example: string): Promise<{ page: Page; log: string; containers: number }> {
  // The log's name is in the report's title: the same name for every run of an example.
  const sub = join(dir, String(++runs));
  mkdirSync(sub);
  const log = join(String(runs), `${example}.jsonl`);
  await cli(['run', join(examplesDir, example), '--log', log]);
  await cli(['report', '--html', `${example}.html`, '--log', `${example}.jsonl`], sub);
  const containers = readFileSync(join(dir, log), 'utf8')
    .split('\n')
    .filter((l) => l.includes('"type":"pod.created"'))
    .map((l) => JSON.parse(l).data.manifest.spec)
    .reduce((n, spec) => n + spec.containers.length + (spec.initContainers?.length ?? 0), 0);
  const page = await browser.newPage({ viewport: { width: 1240, height: 900 } });
  await page.goto(pathToFileURL(join(sub, `${example}.html`)).href);
  await page.waitForSelector('body[data-ready="true"]');
  return { page, log, containers };
}

function compareWithGolden(name: string, png: Buffer, mayUpdate = true): number {
  const golden = join(goldenDir, name);
  if ((mayUpdate && process.env.UPDATE_GOLDEN === '1') || !existsSync(golden)) {
    if (process.env.UPDATE_GOLDEN !== '1')
      throw new Error(`no golden screenshot ${name}: run with UPDATE_GOLDEN=1`);
    writeFileSync(golden, png);
    return 0;
  }
  const want = PNG.sync.read(readFileSync(golden));
  const got = PNG.sync.read(png);
  if (want.width !== got.width || want.height !== got.height) return 1;
  const diff = pixelmatch(want.data, got.data, undefined, want.width, want.height, { threshold: 0.1 });
  return diff / (want.width * want.height);
}

describe('podstate report --html in Chromium', () => {
  it('the screenshot comparison catches a report that draws differently (lanes hidden)', async () => {
    const { page } = await reportOf('crashloop.yaml');
    try {
      await page.addStyleTag({ content: '.lane{display:none}' });
      const shot = await page.screenshot({ fullPage: true });
      expect(compareWithGolden('crashloop.png', shot, false)).toBeGreaterThan(TOLERANCE);
    } finally {
      await page.close();
    }
  });

  for (const example of examples) {
    it(`${example}: a lane per container with segments, tooltips naming the facts, a time cursor, and the golden screenshot`, async () => {
      const { page, containers } = await reportOf(example);
      try {
        // No request leaves the page: the file is self-contained.
        const external = await page.evaluate(() =>
          [...document.querySelectorAll('[src],[href]')].map(
            (e) => e.getAttribute('src') ?? e.getAttribute('href'),
          ),
        );
        expect(external).toEqual([]);
        expect(await page.locator('svg.timeline .lane').count()).toBe(containers);
        for (const lane of await page.locator('svg.timeline .lane').all()) {
          expect(await lane.locator('.seg').count()).toBeGreaterThan(0);
        }
        expect(await page.locator('svg.timeline .band[data-band="phase"] .seg').count()).toBeGreaterThan(0);
        expect(await page.locator('svg.timeline .band[data-band="PodScheduled"]').count()).toBeGreaterThan(0);
        expect(await page.locator('.chart[data-chart="Pod"] .state.visited').count()).toBeGreaterThan(0);

        const shot = await page.screenshot({ fullPage: true });
        const differing = compareWithGolden(example.replace(/\.yaml$/, '.png'), shot);
        expect(
          differing,
          `share of pixels differing from golden/${example.replace(/\.yaml$/, '.png')}`,
        ).toBeLessThanOrEqual(TOLERANCE);

        // Hovering a segment names the facts behind it.
        const widest = await page.evaluate(() => {
          const segs = [...document.querySelectorAll('svg.timeline .lane .seg rect')];
          const widths = segs.map((r) => Number(r.getAttribute('width')));
          return widths.indexOf(Math.max(...widths));
        });
        const seg = page.locator('svg.timeline .lane .seg').nth(widest);
        await seg.hover();
        const tip = page.locator('#tooltip');
        await expect.poll(() => tip.isVisible()).toBe(true);
        expect(await tip.textContent()).toContain(await seg.getAttribute('data-label'));
        expect(await tip.textContent()).toMatch(
          /seq \d+ · \d{4}-\d\d-\d\dT[\d:]+Z · (pod|container)\.[a-z.-]+/,
        );

        // Choosing a time shows the kubectl row and the Pod object at that time.
        const section = page.locator('section.pod').first();
        const svg = section.locator('svg.timeline');
        const box = (await svg.boundingBox())!;
        const from = Number(await svg.getAttribute('data-from'));
        const to = Number(await svg.getAttribute('data-to'));
        await svg.click({ position: { x: 190 + 2, y: box.height - 8 } });
        expect(Number(await section.getAttribute('data-cursor'))).toBeLessThan(
          from + (to - from) * 0.01 + 1000,
        );
        await expect.poll(() => section.locator('table.row tbody td').count()).toBe(7);
        const first = await section.locator('.object pre').textContent();
        expect(JSON.parse(first!).metadata.name).toBeTruthy();
        await section.locator('input.time').fill(String(to));
        await section.locator('input.time').dispatchEvent('input');
        const last = JSON.parse((await section.locator('.object pre').textContent())!);
        const lastRow = await section.locator('table.row tbody td').allTextContents();
        expect(lastRow[0]).toBe(last.metadata.name);
        expect(lastRow[2]).toBeTruthy();
        expect(last.status.phase).toMatch(/Pending|Running|Succeeded|Failed|Unknown/);
      } finally {
        await page.close();
      }
    }, 60_000);
  }
});
