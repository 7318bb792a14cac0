// The chat page in a real browser: two users (two headless Chromium pages) against a real
// chat-runner.jar, through a server restart. Exits 0 when every check passed.
//
//   CHAT_RUNNER_JAR=../../../target/chat-runner.jar node chat-page.test.mjs
//
// Environment: CHAT_RUNNER_JAR (required), CHROMIUM_PATH (default /usr/bin/chromium; never a
// downloaded browser), JAVA_HOME (else `java` from the PATH), REDIS_SERVER (default `redis-server`
// from the PATH). The script starts the servers (and, for the second part, a redis-server) itself
// on free loopback ports and stops them however the script ends.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { connect as tcpConnect, createServer } from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';

const JAR = process.env.CHAT_RUNNER_JAR;
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const JAVA = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
const REDIS_SERVER = process.env.REDIS_SERVER || 'redis-server';
const WAIT_MS = 15_000; // for anything in the page
const START_WAIT_MS = 30_000; // for the server to answer, and the pages to reconnect
const STOP_WAIT_MS = 20_000;
// the first server's: small enough for the page to be shown an ERROR, and to be refused at the door
const LIMITS = { MAX_MESSAGE_CHARS: '200', MAX_CONNECTIONS_PER_USER: '1' };
const INJECTED = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';

const started = Date.now();
const log = (message) => console.log(`[chat-page +${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);

let server = null; // the running chat-runner process of the first part
const children = new Set(); // every process started, until it exits
let browser = null;
// however the script ends, no server is left behind
process.on('exit', () => children.forEach((child) => child.kill('SIGKILL')));
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
  server = await startServer(port, base, LIMITS);

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

  log("an error frame is shown to its sender: a message over the server's limit");
  await talk(bob, 'lobby', 'x'.repeat(Number(LIMITS.MAX_MESSAGE_CHARS) + 1));
  await bob.page.locator('li[data-kind="error"]', { hasText: 'MESSAGE_TOO_LONG' }).first()
    .waitFor({ state: 'attached', timeout: WAIT_MS });
  await talk(bob, 'lobby', 'a short one');
  await waitForTalk(alice, 'lobby', 'bob', 'a short one'); // what followed the refused message arrived
  assert.deepEqual(await seqs(alice, 'lobby'), [1, 2, 3, 4], 'the refused message reached nobody');

  log('a second page as alice is refused at the door (one connection per user here) and shows why');
  const twin = await (await browser.newContext()).newPage();
  await twin.goto(base);
  await twin.fill('#name', 'alice');
  await twin.click('#connect');
  await twin.locator('#status[data-state="disconnected"]', { hasText: 'too many connections' })
    .waitFor({ timeout: WAIT_MS });

  log('the server stops with SIGTERM: both pages are told and lose their connection');
  await stopServer();
  for (const user of [alice, bob]) {
    await user.page.locator('#notices li[data-kind="shutdown"]').waitFor({ state: 'attached', timeout: WAIT_MS });
    await user.page.locator('#status:not([data-state="connected"])').waitFor({ timeout: WAIT_MS });
  }

  log('the server starts again on the same port: both pages reconnect and re-enter their rooms');
  server = await startServer(port, base, LIMITS);
  for (const user of [alice, bob]) {
    await user.page.locator('#status[data-state="connected"]').waitFor({ timeout: START_WAIT_MS });
    for (const room of ['lobby', 'garden']) {
      await waitForCount(user, `.log[data-room="${room}"] li[data-kind="enter"][data-user="${user.name}"]`, 2);
    }
    // lobby had TALKs up to seq 4 and the new server's history is empty: the page is told so
    await waitForLine(user, 'lobby', 'li[data-kind="resync"]');
    log(`${user.name} is back in lobby and garden`);
  }

  log('they talk again after the restart');
  await talk(bob, 'lobby', 'back again');
  await waitForTalk(alice, 'lobby', 'bob', 'back again');
  await talk(alice, 'garden', 'welcome back');
  await waitForTalk(bob, 'garden', 'alice', 'welcome back');
  assert.equal(await talkCount(alice, 'lobby', 'hello bob'), 1, 'a TALK from before the restart is shown once');
  assert.equal(await twin.locator('#status').getAttribute('data-state'), 'disconnected',
    'the refused page did not try again, not even across the restart');

  for (const user of [alice, bob]) {
    assert.deepEqual(user.problems, [], `${user.name}: uncaught errors or refused content in the page`);
  }
  await stopServer();
  await resumeThroughRedis();
  await browser.close();
  browser = null;
  log('PASS');
}

/**
 * Two servers sharing rooms and history through Redis: bob's server restarts while alice talks on
 * the other, and bob's page, once back, gets exactly the TALKs it missed (ENTER with lastSeq).
 */
async function resumeThroughRedis() {
  const redisPort = await freePort();
  log(`starting ${REDIS_SERVER} on 127.0.0.1:${redisPort}`);
  const redis = spawn(REDIS_SERVER, ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '',
    '--appendonly', 'no'], { stdio: 'ignore' });
  track(redis);
  let spawnError = null;
  redis.once('error', (error) => { spawnError = error; });
  await until(() => {
    if (spawnError) {
      throw new Error(`cannot run ${REDIS_SERVER} (apt-get install redis-server, or set REDIS_SERVER): ${spawnError.message}`);
    }
    return reachable(redisPort);
  }, `redis-server on port ${redisPort}`);
  const env = { REDIS_URL: `redis://127.0.0.1:${redisPort}` };
  const basesByName = {};
  const serversByName = {};
  for (const name of ['one', 'two']) {
    const port = await freePort();
    basesByName[name] = `http://127.0.0.1:${port}/`;
    serversByName[name] = await startServer(port, basesByName[name], { ...env, INSTANCE_ID: name });
  }
  const carol = await openChat(basesByName.one, 'carol');
  const dave = await openChat(basesByName.two, 'dave');
  await join(carol, 'replay');
  await join(dave, 'replay');
  await waitForLine(carol, 'replay', 'li[data-kind="enter"][data-user="dave"]');
  await talk(carol, 'replay', 'before the restart');
  await waitForTalk(dave, 'replay', 'carol', 'before the restart');

  log("dave's server stops; carol talks on the other one meanwhile");
  await stop(serversByName.two);
  await dave.page.locator('#status:not([data-state="connected"])').waitFor({ timeout: WAIT_MS });
  await talk(carol, 'replay', 'missed one');
  await talk(carol, 'replay', 'missed two');
  await waitForTalk(carol, 'replay', 'carol', 'missed two');

  log("dave's server starts again: his page resumes after the last TALK it had");
  serversByName.two = await startServer(Number(new URL(basesByName.two).port), basesByName.two,
    { ...env, INSTANCE_ID: 'two' });
  await dave.page.locator('#status[data-state="connected"]').waitFor({ timeout: START_WAIT_MS });
  await waitForTalk(dave, 'replay', 'carol', 'missed two');
  assert.deepEqual(await seqs(dave, 'replay'), [1, 2, 3], 'dave has every TALK once, in seq order');
  assert.equal(await dave.page.locator('.log[data-room="replay"] li[data-kind="resync"]').count(), 0,
    'nothing was lost, so no RESYNC');
  await talk(dave, 'replay', 'thanks, I saw them');
  await waitForTalk(carol, 'replay', 'dave', 'thanks, I saw them');
  for (const user of [carol, dave]) {
    assert.deepEqual(user.problems, [], `${user.name}: uncaught errors or refused content in the page`);
  }
  for (const running of Object.values(serversByName)) await stop(running);
  redis.kill('SIGTERM');
}

// --- the server

async function startServer(port, base, extraEnv = {}) {
  log(`starting ${JAR} on 127.0.0.1:${port}`);
  const env = { ...process.env, SERVER_HOST: '127.0.0.1', SERVER_PORT: String(port), METRICS_PORT: '0', ...extraEnv };
  const child = spawn(JAVA, ['-Xmx256m', '-jar', JAR], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  track(child);
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

function track(child) {
  children.add(child);
  child.on('exit', () => children.delete(child));
}

async function until(condition, what) {
  const deadline = Date.now() + START_WAIT_MS;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what} not ready within ${START_WAIT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function reachable(port) {
  return new Promise((resolve) => {
    const socket = tcpConnect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

async function stopServer() {
  await stop(server);
  server = null;
}

async function stop({ process: child, exited }) {
  child.kill('SIGTERM');
  let timer;
  const timeout = new Promise((resolve) => { timer = setTimeout(resolve, STOP_WAIT_MS, 'timeout'); });
  const result = await Promise.race([exited, timeout]);
  clearTimeout(timer); // or it would keep the script alive
  assert.equal(result, 0, `the server's exit after SIGTERM (within ${STOP_WAIT_MS} ms)`);
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
  children.forEach((child) => child.kill('SIGKILL'));
}
