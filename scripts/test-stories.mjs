#!/usr/bin/env node
// Stories are tests too: builds Storybook, opens every story in Chromium, lets
// its play function run, then checks that the element rendered, that nothing
// was logged as an error, and that axe finds no violation. Prints TAP-style
// lines and "stories: N passed, N failed". With SCREENSHOTS=<folder> it also
// saves a PNG of each story there, to look at or to compare before and after.
// Then, on the same render, axe's colour-contrast rule again under each of
// themes/*.css and a few custom accents (only --passkey-color-accent set),
// light and dark, and the lowest contrast ratio measured under each.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { chromium } from 'playwright';
import { findChromium } from './browser.mjs';
import { staticFiles } from './static-files.mjs';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'storybook-static');
if (!process.argv.includes('--no-build')) {
  execFileSync('npx', ['storybook', 'build', '--quiet', '-o', out], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' },
  });
}

const server = createServer(staticFiles(out));
await new Promise((resolve) => server.listen(0, 'localhost', resolve));
const base = `http://localhost:${server.address().port}`;

const stories = Object.values(JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')).entries).filter(
  (e) => e.type === 'story',
);
const shots = process.env.SCREENSHOTS;
if (shots) mkdirSync(shots, { recursive: true });
const axe = readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');
// A light yellow, a mid blue and a dark red: a designer's accent with nothing else set.
const TAGS = 'passkey-sign-in, passkey-sign-up, passkey-user-profile, passkey-button, passkey-upgrade';
const looks = [
  ...readdirSync(join(root, 'themes'))
    .filter((f) => f.endsWith('.css'))
    .map((f) => ({ name: `theme ${f}`, css: readFileSync(join(root, 'themes', f), 'utf8') })),
  ...['#fde047', '#3b82f6', '#991b1b'].map((c) => ({
    name: `accent ${c}`,
    css: `${TAGS} { --passkey-color-accent: ${c}; }`,
  })),
].flatMap((look) => ['light', 'dark'].map((scheme) => ({ ...look, scheme, name: `${look.name} ${scheme}` })));
// A site in dark mode has a dark page behind the elements.
const DARK_PAGE = 'html, body { background: #030712; color: #f3f4f6; }';
const lowest = Object.fromEntries(looks.map((look) => [look.name, { ratio: Infinity, nodes: 0 }]));
const browser = await chromium.launch({ executablePath: findChromium(), args: ['--no-sandbox', '--disable-gpu'] });
// One context for all stories, so Storybook's bundle is fetched and compiled once.
const context = await browser.newContext();
let passed = 0;
let failed = 0;
// One page for all stories: Storybook switches stories over its channel, so
// its preview bundle loads once (a page per story takes seconds each).
const page = await context.newPage();
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));
if (process.env.DEBUG_STORIES)
  page.on('response', (r) => r.status() >= 400 && console.log('HTTP', r.status(), r.url()));
if (process.env.DEBUG_STORIES) page.on('framenavigated', (f) => console.log('navigated', f.url()));
if (process.env.DEBUG_STORIES) page.on('console', (m) => console.log('console', m.type(), m.text().slice(0, 200)));
page.on('console', (m) => m.type() === 'error' && !/Failed to load resource/.test(m.text()) && errors.push(m.text()));
// The browser's own warning when an `autofocus` comes too late to be honoured.
page.on('console', (m) => /Autofocus processing was blocked/.test(m.text()) && errors.push(m.text()));
await page.goto(`${base}/iframe.html?id=${stories[0].id}&viewMode=story`);
await page.waitForFunction(() => globalThis.__STORYBOOK_ADDONS_CHANNEL__, null, { timeout: 30_000 });
for (const story of stories) {
  errors.length = 0;
  const problems = [];
  try {
    // Storybook may reload its preview once after the first load: wait for its channel, and retry once.
    const show = () =>
      page
        .waitForFunction(() => globalThis.__STORYBOOK_ADDONS_CHANNEL__, null, { timeout: 30_000 })
        .then(() =>
          page.evaluate(
            ({ storyId, first }) =>
              new Promise((resolve) => {
                const channel = globalThis.__STORYBOOK_ADDONS_CHANNEL__;
                const done = (result) => () => {
                  for (const [event, handler] of handlers) channel.off(event, handler);
                  clearTimeout(timer);
                  resolve(result);
                };
                // storyRendered fires once the story rendered and its play function finished.
                const handlers = [
                  ['storyRendered', done('rendered')],
                  ['storyErrored', done('story errored')],
                  ['storyThrewException', done('story threw')],
                  ['playFunctionThrewException', done('play function threw')],
                ];
                for (const [event, handler] of handlers) channel.on(event, handler);
                const timer = setTimeout(done('timed out'), 20_000);
                // The page opened on the first story: remount it to get a fresh render with its play function.
                if (first) channel.emit('forceRemount', { storyId });
                else channel.emit('setCurrentStory', { storyId, viewMode: 'story' });
              }),
            { storyId: story.id, first: story === stories[0] },
          ),
        );
    const outcome = await show().catch((error) => {
      if (/Execution context was destroyed/.test(String(error))) return show();
      throw error;
    });
    if (outcome !== 'rendered') problems.push(outcome);
    await page.waitForTimeout(300);
    const rendered = await page.evaluate(
      () =>
        [
          ...document.querySelectorAll(
            'passkey-button, passkey-sign-in, passkey-sign-up, passkey-user-profile, passkey-upgrade',
          ),
        ].filter((el) => el.shadowRoot).length,
    );
    if (!rendered) problems.push('no passkey element rendered');
    if (shots)
      await page.screenshot({
        path: join(shots, `${story.id}.png`),
        fullPage: true,
        animations: 'disabled',
        caret: 'hide',
      });
    if (!(await page.evaluate(() => Boolean(globalThis.axe?.run)))) await page.addScriptTag({ content: axe });
    // Storybook's accessibility addon runs axe too: wait for it to finish first.
    const violations = await page.evaluate(async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          const result = await globalThis.axe.run('#storybook-root', { resultTypes: ['violations'] });
          return result.violations.map(
            (v) =>
              `${v.id}: ${v.nodes
                .map((n) => n.target.join(' '))
                .slice(0, 3)
                .join(', ')}`,
          );
        } catch (error) {
          if (attempt > 50 || !/already running/.test(String(error))) throw error;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    });
    problems.push(...violations.map((v) => `axe ${v}`));
    for (const look of looks) {
      // Reduced motion: no colour transition is caught halfway.
      await page.emulateMedia({ colorScheme: look.scheme, reducedMotion: 'reduce' });
      const result = await page.evaluate(
        async ({ css, tags }) => {
          const style = document.getElementById('look') ?? document.head.appendChild(document.createElement('style'));
          style.id = 'look';
          style.textContent = css;
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
          // The elements only: a story's own captions are not the elements' colours.
          const elements = [...document.querySelectorAll(tags)];
          const { violations, passes } = await globalThis.axe.run(elements, {
            runOnly: ['color-contrast'],
            resultTypes: ['violations', 'passes'],
          });
          const ratios = [...violations, ...passes]
            .flatMap((r) => r.nodes)
            .map((n) => n.any[0]?.data?.contrastRatio)
            .filter(Boolean);
          return {
            ratios,
            failures: violations.flatMap((v) =>
              v.nodes.slice(0, 2).map((n) => `${n.target.join(' ')} ${n.any[0]?.data?.contrastRatio}:1`),
            ),
          };
        },
        { css: look.css + (look.scheme === 'dark' ? DARK_PAGE : ''), tags: TAGS },
      );
      lowest[look.name].ratio = Math.min(lowest[look.name].ratio, ...result.ratios);
      lowest[look.name].nodes += result.ratios.length;
      problems.push(...result.failures.map((f) => `contrast under ${look.name}: ${f}`));
    }
    await page.evaluate(() => document.getElementById('look')?.remove());
    await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
    problems.push(...errors.map((e) => `error: ${e}`));
  } catch (error) {
    problems.push(String(error.message ?? error).split('\n')[0]);
  }
  if (problems.length) {
    failed++;
    console.log(`not ok ${story.id}\n${problems.map((p) => `  # ${p}`).join('\n')}`);
  } else {
    passed++;
    console.log(`ok ${story.id}`);
  }
}
await browser.close();
server.close();
for (const [name, { ratio, nodes }] of Object.entries(lowest))
  console.log(`# lowest text contrast, ${name}: ${ratio.toFixed(2)}:1 over ${nodes} texts`);
console.log(`stories: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
