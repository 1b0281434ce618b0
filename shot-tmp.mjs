import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu'] });
const p = await b.newPage({ viewport: { width: 1280, height: 1400 } });
await p.goto('http://127.0.0.1:4342/chapters/transformer-block/');
const sels = process.argv.slice(2);
let i = 0;
for (const s of sels) {
  const el = p.locator(s).first();
  await el.scrollIntoViewIfNeeded();
  await p.waitForTimeout(800);
  await p.screenshot({ path: `/tmp/blk/e${i++}.png` });
}
await b.close();
