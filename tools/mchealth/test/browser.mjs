// browser: opens an mchealth report from file:// in headless Chromium (Debian's
// chromium driven by playwright-core), uses the difference filter, and checks
// what a person would see against results.json.  Takes screenshots.
//   node browser.mjs REPORT_DIR SCREENSHOT_DIR
import { chromium } from 'playwright-core';
import { readFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const [reportDir, shotDir] = process.argv.slice(2).map((p) => resolve(p));
let passed = 0;
let failed = 0;
function check(what, cond, detail = '') {
  if (cond) passed++;
  else {
    failed++;
    console.error(`FAIL: ${what}${detail ? ': ' + detail : ''}`);
  }
}

const results = JSON.parse(readFileSync(join(reportDir, 'results.json'), 'utf8'));
const rts = results.run.runtimes.map((r) => r.name);
const entries = results.entries;
const differing = entries.filter((e) => rts.some((r) => e.cells[r].state !== e.cells[rts[0]].state));
const regressed = entries.filter((e) => e.category === 'regressed');
mkdirSync(shotDir, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const url = 'file://' + join(reportDir, 'index.html');
  await page.goto(url);
  check('title', (await page.title()) === 'mchealth report');
  check('the stylesheet applies', (await page.$eval('header', (h) => getComputedStyle(h).backgroundColor)) === 'rgb(17, 24, 39)');

  // the summary cards say what results.json says
  for (const cat of ['regressed', 'fixed', 'same-pass', 'same-fail', 'spurious', 'broken']) {
    const shown = await page.$eval(`.card[data-cat="${cat}"] .n`, (n) => n.textContent);
    check(`card ${cat}`, Number(shown) === results.summary.categories[cat], `${shown} vs ${results.summary.categories[cat]}`);
  }
  const visible = async () => page.$$eval('#grid tbody tr', (rows) => rows.filter((r) => r.offsetParent !== null).length);
  check('all rows visible at first', (await visible()) === entries.length);
  check('counter', (await page.textContent('#shown')).startsWith(`${entries.length} of ${entries.length}`));

  // the difference filter
  await page.check('#only-diff');
  const nd = await visible();
  check('only differences: row count', nd === differing.length, `${nd} vs ${differing.length}`);
  const pairs = await page.$$eval('#grid tbody tr', (rows) => rows.filter((r) => r.offsetParent !== null)
    .map((r) => [...r.querySelectorAll('td.cell .badge')].map((b) => b.textContent)));
  check('only differences: every shown row differs', pairs.every((p) => new Set(p).size > 1));
  check('the filter is in the address', page.url().endsWith('#diff'));
  await page.screenshot({ path: join(shotDir, 'report-differences.png'), fullPage: true });

  // the filter survives a reload (a link someone shares)
  await page.reload();
  check('filter kept on reload', (await visible()) === differing.length && (await page.isChecked('#only-diff')));
  await page.uncheck('#only-diff');

  // a category card filters the grid, a second click clears it
  await page.click('.card[data-cat="regressed"]');
  const nr = await visible();
  check('regressed card: row count', nr === regressed.length, `${nr} vs ${regressed.length}`);
  const cats = await page.$$eval('#grid tbody tr', (rows) => rows.filter((r) => r.offsetParent !== null)
    .map((r) => r.querySelector('td .badge[class*="c-"]').textContent));
  check('regressed card: only regressed rows', cats.every((c) => c === 'regressed'));
  await page.click('.card[data-cat="regressed"]');
  check('second click clears', (await visible()) === entries.length);

  // the search box
  await page.fill('#q', 'hello');
  check('search by name', (await visible()) === entries.filter((e) => e.name.includes('hello')).length);
  await page.fill('#q', 'segmentation');
  check('search by signature', (await visible()) === entries.filter((e) => e.signature.toLowerCase().includes('segmentation')).length);
  await page.fill('#q', '');

  // regressions grouped by signature
  const sigs = await page.$$eval('details.sig summary', (s) => s.map((x) => x.textContent));
  check('signature groups', sigs.length > 0 && sigs.some((s) => s.includes('signal 11')));
  await page.screenshot({ path: join(shotDir, 'report.png'), fullPage: false });

  // a regression's page: the stdout diff a person needs
  const hello = entries.find((e) => e.name === 'diff/hello');
  if (hello) {
    await page.click('a:text-is("diff/hello")');
    await page.waitForLoadState();
    check('entry page opened', page.url().includes(hello.page));
    const heading = await page.textContent('h2');
    check('diff heading', heading.includes(`Differences: ${rts[0]} → ${rts[1]}`), heading);
    const adds = await page.$$eval('pre.diff span.add', (s) => s.map((x) => x.textContent));
    const dels = await page.$$eval('pre.diff span.del', (s) => s.map((x) => x.textContent));
    check('diff shows the new line', adds.includes('+Hello, wrld'), adds.join('|'));
    check('diff shows the old line', dels.includes('-Hello, world'), dels.join('|'));
    check('cell logs shown', (await page.$$('#cell-stock pre')).length >= 1);
    await page.screenshot({ path: join(shotDir, 'entry.png'), fullPage: true });
    await page.click('header a');
    check('back to the index', page.url().startsWith(url));
  } else check('diff/hello in the report', false);
  check('no JavaScript errors', errors.length === 0, errors.join('; '));
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
