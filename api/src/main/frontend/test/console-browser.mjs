// Drives the console in Debian's headless Chromium (never a downloaded browser) through playwright-core:
// opens the one-time link, sees the resources, follows the training job to its timeline, logs and chart, opens the
// endpoint's page, opens the notebook instance's Jupyter, and takes screenshots. ConsoleIT runs it; it can also run by hand against a running Sagebox:
//   CONSOLE_LINK="$(./sagebox console-url)" TRAINING_JOB=<name> ENDPOINT=<name> MODEL=<name> NOTEBOOK=<name> \
//     SCREENSHOTS=/tmp/shots node api/src/main/frontend/test/console-browser.mjs
// Chart checks need the CloudWatch metrics service; without it they print "skipped: no CloudWatch metrics service".
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const need = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const link = need('CONSOLE_LINK');
const job = need('TRAINING_JOB');
const endpoint = need('ENDPOINT');
const model = need('MODEL');
const notebook = need('NOTEBOOK');
const shots = need('SCREENSHOTS');
const browserPath = process.env.CHROMIUM || '/usr/bin/chromium';
const timeout = Number(process.env.STEP_TIMEOUT_MS || 60000);
mkdirSync(shots, { recursive: true });

const profile = mkdtempSync(join(tmpdir(), 'sagebox-console-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: browserPath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
    '--no-first-run', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 900 },
});
context.setDefaultTimeout(timeout);
const page = context.pages()[0] || await context.newPage();
const problems = [];
page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
// A refused request (ListMetrics without the CloudWatch service) is logged by the browser too: that is not a fault.
page.on('console', (message) => {
  if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
    problems.push(`console: ${message.text()}`);
  }
});

const step = (what) => console.log(`step: ${what}`);
const shot = async (name) => {
  // A value rendered as "[object …]" or "undefined" is a page bug that no wait above would notice.
  const text = await page.locator('main').innerText();
  const garbled = text.match(/\[object \w+\]|\bundefined\b|\bNaN\b/);
  if (garbled) problems.push(`${name}: the page shows "${garbled[0]}"`);
  const path = join(shots, name);
  await page.screenshot({ path, fullPage: true });
  console.log(`screenshot: ${path}`);
};

/** Whether this server answers CloudWatch metric queries through the console (the charts' data source). */
const metricsServed = () => page.evaluate(async () => (await fetch('api/monitoring/ListMetrics', {
  method: 'POST',
  headers: { 'Content-Type': 'application/json', 'X-Sagebox-Console': '1' },
  body: JSON.stringify({ Namespace: 'AWS/SageMaker' }),
})).ok);

/** Waits for a chart whose legend names {@code series} inside {@code scope}, with a canvas drawn. */
async function chartNaming(scope, series) {
  const chart = page.locator(`${scope} .chart`).filter({ has: page.locator('.u-legend', { hasText: series }) }).first();
  await chart.locator('canvas').waitFor();
  return chart;
}

try {
  step('open the one-time link');
  const response = await page.goto(link);
  if (!page.url().endsWith('/console/')) throw new Error(`the link led to ${page.url()} (${response?.status()})`);

  step('the lists show the resources');
  await page.locator('[data-testid=list-training-jobs] a', { hasText: job }).waitFor();
  await page.locator('[data-testid=list-endpoints] a', { hasText: endpoint }).waitFor();
  await page.locator('[data-testid=list-models] a', { hasText: model }).waitFor();
  await page.locator('[data-testid=list-training-jobs] [data-status=Completed]').first().waitFor();
  await shot('01-resources.png');

  step('the filter narrows the lists');
  await page.fill('[data-testid=filter]', job);
  await page.locator('[data-testid=list-models] a', { hasText: model }).waitFor({ state: 'hidden' });
  await page.fill('[data-testid=filter]', '');

  step('the training job page: timeline, final metrics, logs');
  await page.locator('[data-testid=list-training-jobs] a', { hasText: job }).click();
  await page.locator('[data-testid=timeline] li[data-status=Completed]').waitFor();
  await page.locator('[data-testid=final-metrics] td', { hasText: 'train:loss' }).waitFor();
  await page.locator('[data-testid=logs] [data-host=algo-1]').waitFor();
  await page.locator('[data-testid=log-algo-1]', { hasText: 'train_loss=' }).waitFor();
  const cloudWatch = await metricsServed();
  if (cloudWatch) {
    step('the training job chart names its metric');
    const chart = await chartNaming('[data-testid=metrics]', 'train:loss');
    await page.waitForFunction((element) => Number(element.dataset.points || 0) > 0, await chart.elementHandle());
  } else {
    console.log('skipped: no CloudWatch metrics service (training job chart)');
  }
  await shot('02-training-job.png');

  step('the endpoint page: variants and their health');
  await page.goto(new URL('#/endpoints', page.url()).href);
  await page.locator('[data-testid=list-endpoints] a', { hasText: endpoint }).click();
  await page.locator('[data-testid=variants] tr[data-variant]').first().waitFor();
  await page.locator('[data-testid=variants] [data-status=InService]').first().waitFor();
  if (cloudWatch) {
    step('the endpoint charts name the variant');
    const variant = await page.locator('[data-testid=variants] tr[data-variant]').first().getAttribute('data-variant');
    await chartNaming('[data-testid=metrics]', variant);
    await page.locator('[data-testid=metrics] .chart[data-title^=Invocations] canvas').waitFor();
    await page.locator('[data-testid=metrics] .chart[data-title^="Model latency"] canvas').waitFor();
  } else {
    console.log('skipped: no CloudWatch metrics service (endpoint charts)');
  }
  await shot('03-endpoint.png');

  step('the notebook page opens Jupyter through a presigned URL');
  await page.goto(new URL('#/notebook-instances', page.url()).href);
  await page.locator('[data-testid=list-notebook-instances] a', { hasText: notebook }).click();
  const open = page.locator('[data-testid=open-notebook]:not([disabled])');
  await open.waitFor();
  await shot('04-notebook-instance.png');
  const [jupyter] = await Promise.all([context.waitForEvent('page'), open.click()]);
  await jupyter.waitForURL(new RegExp(`/notebooks/${notebook}/`));
  await jupyter.waitForLoadState('domcontentloaded');
  const title = await jupyter.title();
  if (!/jupyter|home/i.test(title)) throw new Error(`the notebook window shows "${title}" at ${jupyter.url()}`);
  const jupyterShot = join(shots, '05-jupyter.png');
  await jupyter.screenshot({ path: jupyterShot });
  console.log(`screenshot: ${jupyterShot}`);
  await jupyter.close();

  step('a model page shows its Describe answer');
  await page.goto(new URL(`#/models/${encodeURIComponent(model)}`, page.url()).href);
  await page.locator('[data-testid=describe]', { hasText: model }).waitFor();
  await shot('06-model.png');

  if (problems.length) throw new Error(`the page reported errors:\n${problems.join('\n')}`);
  console.log('console-browser: ok');
} catch (error) {
  await shot('failure.png').catch(() => {});
  console.error(`console-browser: FAILED: ${error.stack || error}`);
  if (problems.length) console.error(problems.join('\n'));
  process.exitCode = 1;
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
