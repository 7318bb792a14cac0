// The chat page in a real browser: two users (two headless Chromium pages) against a real
// chat-runner.jar, through a server restart. Exits 0 when every check passed.
//
//   CHAT_RUNNER_JAR=../../../target/chat-runner.jar node chat-page.test.mjs
//
// Environment: CHAT_RUNNER_JAR (required), CHROMIUM_PATH (default /usr/bin/chromium; never a
// downloaded browser), JAVA_HOME (else `java` from the PATH). The script starts the server itself
// on a free loopback port and stops it however the script ends.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';

const JAR = process.env.CHAT_RUNNER_JAR;
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const JAVA = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
const WAIT_MS = 15_000; // for anything in the page
const START_WAIT_MS = 30_000; // for the server to answer, and the pages to reconnect
const STOP_WAIT_MS = 20_000;
const INJECTED = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';

const started = Date.now();
const log = (message) => console.log(`[chat-page +${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);

let server = null; // the running chat-runner process
let browser = null;
// however the script ends, no server is left behind
process.on('exit', () => server?.process.kill('SIGKILL'));
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    console.error(`[chat-page] stopped by ${signal}`);
    process.exit(1); // runs the exit handler above
  });
}

async function main() {
  assert.ok(JAR, 'set CHAT_RUNNER_JAR to the chat-runner.jar to test');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}/`;
  server = await startServer(port, base);

  log(`launching ${CHROMIUM}`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  const alice = await openChat(base, 'alice');
  const bob = await openChat(base, 'bob');

  log('alice joins lobby, then bob: alice sees bob enter');
  await join(alice, 'lobby');
  await join(bob, 'lobby');
  await waitForLine(alice, 'lobby', 'li[data-kind="enter"][data-user="bob"]');
  log('bob joins garden, then alice: bob sees alice enter');
  await join(bob, 'garden');
  await join(alice, 'garden');
  await waitForLine(bob, 'garden', 'li[data-kind="enter"][data-user="alice"]');

  log('they talk both ways in lobby');
  await talk(alice, 'lobby', 'hello bob');
  await waitForTalk(bob, 'lobby', 'alice', 'hello bob');
  await talk(bob, 'lobby', 'hi alice');
  await waitForTalk(alice, 'lobby', 'bob', 'hi alice');
  await waitForTalk(alice, 'lobby', 'alice', 'hello bob'); // the sender sees its own TALK too

  log('markup in a message is shown as text and never runs');
  await talk(alice, 'lobby', INJECTED);
  for (const user of [alice, bob]) {
    await waitForTalk(user, 'lobby', 'alice', INJECTED);
    assert.equal(await user.page.evaluate(() => window.__pwned), undefined, `${user.name}: injected script ran`);
    assert.equal(await user.page.locator('#logs img, #logs script').count(), 0, `${user.name}: markup became elements`);
  }
  assert.deepEqual(await seqs(bob, 'lobby'), [1, 2, 3], 'bob sees lobby TALKs once each, in seq order');

  log('the server stops with SIGTERM: both pages are told and lose their connection');
  await stopServer();
  for (const user of [alice, bob]) {
    await user.page.locator('#notices li[data-kind="shutdown"]').waitFor({ state: 'attached', timeout: WAIT_MS });
    await user.page.locator('#status:not([data-state="connected"])').waitFor({ timeout: WAIT_MS });
  }

  log('the server starts again on the same port: both pages reconnect and re-enter their rooms');
  server = await startServer(port, base);
  for (const user of [alice, bob]) {
    await user.page.locator('#status[data-state="connected"]').waitFor({ timeout: START_WAIT_MS });
    for (const room of ['lobby', 'garden']) {
      await waitForCount(user, `.log[data-room="${room}"] li[data-kind="enter"][data-user="${user.name}"]`, 2);
    }
    // lobby had TALKs up to seq 3 and the new server's history is empty: the page is told so
    await waitForLine(user, 'lobby', 'li[data-kind="resync"]');
    log(`${user.name} is back in lobby and garden`);
  }

  log('they talk again after the restart');
  await talk(bob, 'lobby', 'back again');
  await waitForTalk(alice, 'lobby', 'bob', 'back again');
  await talk(alice, 'garden', 'welcome back');
  await waitForTalk(bob, 'garden', 'alice', 'welcome back');
  assert.equal(await talkCount(alice, 'lobby', 'hello bob'), 1, 'a TALK from before the restart is shown once');

  for (const user of [alice, bob]) {
    assert.deepEqual(user.problems, [], `${user.name}: uncaught errors or refused content in the page`);
  }
  await browser.close();
  browser = null;
  await stopServer();
  log('PASS');
}

// --- the server

async function startServer(port, base) {
  log(`starting ${JAR} on 127.0.0.1:${port}`);
  const env = { ...process.env, SERVER_HOST: '127.0.0.1', SERVER_PORT: String(port), METRICS_PORT: '0' };
  const child = spawn(JAVA, ['-Xmx256m', '-jar', JAR], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (text) => {
      for (const line of text.split('\n').filter(Boolean)) {
        console.log(`[server] ${line}`);
      }
    });
  }
  const running = { process: child, exited };
  const deadline = Date.now() + START_WAIT_MS;
  let ended = false;
  exited.then(() => { ended = true; });
  while (!(await answers(base))) {
    if (ended) throw new Error(`the server exited (${await exited}) before it answered on ${base}`);
    if (Date.now() > deadline) throw new Error(`the server did not answer on ${base} within ${START_WAIT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  log(`the server answers on ${base}`);
  return running;
}

async function answers(url) {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2_000) })).status === 200;
  } catch {
    return false;
  }
}

async function stopServer() {
  const { process: child, exited } = server;
  child.kill('SIGTERM');
  let timer;
  const timeout = new Promise((resolve) => { timer = setTimeout(resolve, STOP_WAIT_MS, 'timeout'); });
  const result = await Promise.race([exited, timeout]);
  clearTimeout(timer); // or it would keep the script alive
  assert.equal(result, 0, `the server's exit after SIGTERM (within ${STOP_WAIT_MS} ms)`);
  server = null;
  log('the server stopped with exit code 0');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

// --- the pages

async function openChat(base, name) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const user = { name, page, problems: [] };
  page.on('pageerror', (error) => user.problems.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) {
      user.problems.push(message.text());
    }
  });
  await page.goto(base);
  await page.fill('#name', name);
  await page.click('#connect');
  await page.locator('#status[data-state="connected"]').waitFor({ timeout: WAIT_MS });
  log(`${name} is connected`);
  return user;
}

async function join(user, room) {
  await user.page.fill('#room', room);
  await user.page.click('#join');
  await waitForLine(user, room, `li[data-kind="enter"][data-user="${user.name}"]`);
}

async function talk(user, room, message) {
  await user.page.click(`#rooms button[data-room="${room}"]`);
  await user.page.fill('#message', message);
  await user.page.click('#send');
}

function waitForLine(user, room, selector) {
  return user.page.locator(`.log[data-room="${room}"] ${selector}`).first()
    .waitFor({ state: 'attached', timeout: WAIT_MS });
}

function waitForCount(user, selector, count) {
  return user.page.waitForFunction(([s, n]) => document.querySelectorAll(s).length >= n, [selector, count],
    { timeout: WAIT_MS });
}

async function waitForTalk(user, room, from, text) {
  await user.page.waitForFunction(([r, f, t]) => [...document.querySelectorAll(`.log[data-room="${r}"] li.talk`)]
    .some((li) => li.dataset.user === f && li.querySelector('.text')?.textContent === t), [room, from, text],
  { timeout: WAIT_MS });
}

function talkCount(user, room, text) {
  return user.page.evaluate(([r, t]) => [...document.querySelectorAll(`.log[data-room="${r}"] li.talk .text`)]
    .filter((p) => p.textContent === t).length, [room, text]);
}

function seqs(user, room) {
  return user.page.evaluate((r) => [...document.querySelectorAll(`.log[data-room="${r}"] li.talk`)]
    .map((li) => Number(li.dataset.seq)), room);
}

// --- run

try {
  await main();
} catch (error) {
  console.error(`[chat-page] FAIL: ${error.stack ?? error}`);
  process.exitCode = 1;
} finally {
  await browser?.close().catch(() => {});
  if (server) {
    server.process.kill('SIGKILL');
    server = null;
  }
}
