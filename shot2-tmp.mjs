import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu'] });
const p = await b.newPage({ viewport: { width: 1280, height: 1000 } });
const errs = [];
p.on('console', m => { if (m.type() === 'error') errs.push(m.text()); });
p.on('pageerror', e => errs.push(String(e)));
await p.goto('http://127.0.0.1:4342/chapters/transformer-block/');
for (const [cell, r, c] of [['att_1', 2, 1], ['M_1', 3, 3], ['mu_1', 1, 0], ['mlp_2', 2, 0], ['X_1', 2, 1], ['sum_all', 6, 1]]) {
  const td = p.locator(`nb-matrix[data-cell="${cell}"] td[aria-label^="${cell} row ${r+1} column ${c+1}:"]`).first();
  await td.scrollIntoViewIfNeeded();
  await td.hover();
  await p.waitForTimeout(400);
  const tip = await p.locator('[role="tooltip"], .nb-explain').first().textContent().catch(() => 'none');
  console.log(cell, '=>', tip?.slice(0, 400));
}
await p.locator('nb-matrix[data-cell="att_1"]').scrollIntoViewIfNeeded();
await p.screenshot({ path: '/tmp/blk/explain.png' });
await p.evaluate(() => window.scrollTo(0, 0));
await p.getByRole('button', { name: 'Step mode' }).click();
for (let i = 0; i < 120; i++) { await p.keyboard.press('ArrowRight'); }
await p.waitForTimeout(500);
console.log('status', await p.locator('.nb-stepbar-status').textContent());
await p.screenshot({ path: '/tmp/blk/stepend.png' });
console.log('errors', errs);
await b.close();
