#!/usr/bin/env node
// Writes docs/report.png: the report of examples/crashloop.yaml in Chromium, a tooltip showing.
// Needs `npx tsc -b` and Debian's chromium (/usr/bin/chromium or $PODSTATE_CHROMIUM).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'podstate-shot-'));
const podstate = (...args) => {
  const r = spawnSync(process.execPath, [join(root, 'packages/cli/bin/podstate.js'), ...args], { cwd: dir });
  if (r.status !== 0) throw new Error(`podstate ${args.join(' ')}: ${r.stderr}`);
};
podstate('run', join(root, 'examples/crashloop.yaml'), '--log', 'crashloop.jsonl');
podstate('report', '--html', 'crashloop.html', '--log', 'crashloop.jsonl');
const browser = await chromium.launch({
  executablePath: process.env.PODSTATE_CHROMIUM ?? '/usr/bin/chromium',
});
const page = await browser.newPage({ viewport: { width: 1240, height: 760 } });
await page.goto(pathToFileURL(join(dir, 'crashloop.html')).href);
await page.waitForSelector('body[data-ready="true"]');
await page.locator('section.pod svg.timeline').click({ position: { x: 190 + 560, y: 12 } });
await page.locator('.lane .seg.state-waiting-crash').first().hover();
await page.screenshot({ path: join(root, 'docs/report.png'), fullPage: true });
await browser.close();
rmSync(dir, { recursive: true, force: true });
