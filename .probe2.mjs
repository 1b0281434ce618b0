import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { join, extname } from 'node:path';
const root = '/work/wt-code/dist';
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.woff2': 'font/woff2' };
const server = createServer(async (req, res) => {
  let f = join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname));
  if ((await stat(f).catch(() => null))?.isDirectory()) f = join(f, 'index.html');
  try { const b = await readFile(f); res.writeHead(200, { 'content-type': types[extname(f)] ?? 'application/octet-stream' }); res.end(b); } catch { res.writeHead(404); res.end(); }
});
await new Promise((ok) => server.listen(4345, '127.0.0.1', ok));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const [w, h, heading, name, projector] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4], process.argv[5], process.argv[6] === 'p'];
const page = await (await browser.newContext({ viewport: { width: w, height: h } })).newPage();
page.on('console', (m) => m.type() === 'error' && console.log('console', m.text()));
await page.goto('http://127.0.0.1:4345/chapters/the-code/');
if (projector) await page.click('#projector-toggle');
await page.locator(`h2:has-text("${heading}"), h3:has-text("${heading}")`).first().scrollIntoViewIfNeeded();
await page.evaluate((t) => { const el = [...document.querySelectorAll('h2,h3')].find((e) => e.textContent.includes(t)); el.scrollIntoView(); }, heading);
await page.waitForTimeout(1200);
await page.screenshot({ path: `/tmp/code-work/${name}.png` });
await browser.close(); server.close();
