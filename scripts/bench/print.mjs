// The print view, measured in Chromium against a served build: how long until a whole track is
// assembled and the page has drawn its next frame (the reader can scroll and print), and how long
// Chromium then takes to print it to PDF.
export async function printTimings(browser, url, track = 'devops') {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const start = performance.now();
  await page.goto(`${url}print/?include=${track}`);
  await page.locator(`handbook-print-view[data-ready="${track}"]`).waitFor({ timeout: 300_000 });
  // Ready is set when the chapters are in the page; the first frame after it is when styles are
  // computed, which is where a long track used to stall.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done))));
  const readyMs = performance.now() - start;
  const chapters = await page.locator('.hb-print-chapter').count();
  const printStart = performance.now();
  const pdf = await page.pdf();
  const pdfMs = performance.now() - printStart;
  await context.close();
  return { track, chapters, readyMs, pdfMs, pdfBytes: pdf.length };
}
