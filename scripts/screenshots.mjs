// Takes the README's screenshots of MigrationBot's cards as a person sees them in the Microsoft 365 Agents
// Playground: one headless Chromium page (Debian's chromium, driven by playwright-core from tools/node) stays open
// from the start and does everything through the UI, because the UI shows only what reaches it while it is open
// (BOTFRAMEWORK.md §2.10 item 1). It runs a whole wave in the Announcements channel: the form, the form with an
// invalid CSV, the preflight card, the progress card while syncing, the approval card, a refusal, the completed card
// and its Details; and the IT channel's alerts: created, started, a stall (the demo source hung with SIGSTOP for a
// while), synced with approval requested, the daily report (every minute in this run), the completed summary, and
// throttling.
// The throttling alert comes from a front before the demo target that throttles one APPEND as Exchange Online does
// (screenshots.sh starts the demo with it). The demo corpus syncs in about a second, faster than the card's updates (every 3 s), so first
// 80,000 small messages are added to alice's INBOX on the demo SOURCE: the sync then lasts long enough to be seen.
// Then it opens the personal chat, Alex Wilber's 1:1 chat with the bot (alice's mailbox is his, by the demo's Graph
// stand-in), and takes each end-user notice that arrived there: the announcement, the reminder, "in progress",
// "moved" and the check-in. The reminder and the check-in are timed; to have them now, the batch's cutover is set in
// the form a few minutes ahead (--cutover-in, minutes), so the reminder's moment (09:00 the day before) has passed
// and it is sent at once, and the bot runs with Notices:CheckInDelay, the check-in that long after the cutover
// (screenshots.sh sets it to --check-in-delay minutes; it must end after the wave completes, or no check-in is sent).
//
// Usage: scripts/screenshots.sh (starts a fresh ./run.sh --detach, runs this, stops it), or by hand against a running
//        ./run.sh whose store holds no batch named wave2:
//        node scripts/screenshots.mjs [--url http://localhost:56150] [--out docs/screenshots] [--demo .run/demo.json]
//             [--cutover-in 3] [--check-in-delay 4]   (the latter as the bot's Notices:CheckInDelay, in minutes)
import { createRequire } from 'node:module';
import net from 'node:net';
import { readFileSync, mkdirSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(repo, 'tools/node/package.json'));
const { values: options } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://localhost:56150' },
    out: { type: 'string', default: join(repo, 'docs/screenshots') },
    demo: { type: 'string', default: join(repo, '.run/demo.json') },
    extra: { type: 'string', default: '80000' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
    'cutover-in': { type: 'string', default: '3' },
    'check-in-delay': { type: 'string', default: '4' },
  },
});

function fail(message) {
  console.error(`screenshots: error: ${message}`);
  process.exit(1);
}

let chromium;
try {
  ({ chromium } = require('playwright-core'));
} catch {
  fail('playwright-core is not installed: run npm ci --prefix tools/node');
}
if (!existsSync(options.chromium)) fail(`no Chromium at ${options.chromium}: apt-get install chromium (or pass --chromium PATH)`);
if (!existsSync(options.demo)) fail(`no ${options.demo}: start ./run.sh first (its demo mail servers write it)`);
const demo = JSON.parse(readFileSync(options.demo, 'utf8'));

// A channel takes no passwords: the admin form logs in for every user, so the CSV has EmailAddress and UserName.
const users = demo.source.users.map(u => `${u.emailAddress},${u.name}`);
const csv = ['EmailAddress,UserName', ...users].join('\n');
const badCsv = ['EmailAddress,UserName', users[0], 'bob-at-contoso.test,bob', users[2]].join('\n');

// Appends `count` small messages to a user's INBOX on the demo SOURCE over plain IMAP (its loopback-only port), 500
// to a MULTIAPPEND command (RFC 3502) with non-synchronising literals (LITERAL+, RFC 7888), which Dovecot offers.
async function addMessages(user, count) {
  const commands = [`L LOGIN "${user.name}" "${user.password}"\r\n`];
  for (let first = 0; first < count; first += 500) {
    let command = `A${first} APPEND INBOX`;
    for (let i = first; i < Math.min(count, first + 500); i++) {
      const message = `From: Bulk <bulk@example.test>\r\nTo: ${user.emailAddress}\r\nSubject: Bulk message ${i}\r\n` +
        `Date: Mon, 30 Nov 2026 12:00:00 +0000\r\nMessage-ID: <bulk-${i}@example.test>\r\n\r\nBulk message ${i}.\r\n`;
      command += ` {${Buffer.byteLength(message)}+}\r\n${message}`;
    }
    commands.push(`${command}\r\n`);
  }
  commands.push('Z LOGOUT\r\n');
  await new Promise((resolvePromise, reject) => {
    const socket = net.connect(demo.source.imapPort, demo.source.host);
    let answer = '';
    let sent = false;
    socket.setTimeout(120_000, () => socket.destroy(new Error('the demo source did not answer within 120 s')));
    socket.on('error', reject);
    socket.on('data', chunk => {
      answer = (answer + chunk.toString('latin1')).slice(-4096);
      if (!sent && answer.includes('* OK')) {
        sent = true;
        socket.write(commands.join(''));
      }
      const refused = answer.match(/^\S+ (NO|BAD) .*$/m);
      if (refused) socket.destroy(new Error(`the demo source refused: ${refused[0]}`));
      else if (/^Z OK/m.test(answer)) socket.end(resolvePromise);
    });
  });
}

// The demo SOURCE's IMAP processes serving the bot's connections (found by their established sockets on its ports):
// stopping them with SIGSTOP is a hung server as IT meets it, which the bot reports as stalled; SIGCONT resumes them.
function sourceImapProcesses() {
  const sockets = execFileSync('ss', ['-Htnp', 'state', 'established', `( sport = :${demo.source.imapsPort} or sport = :${demo.source.imapPort} )`], { encoding: 'utf8' });
  return [...new Set([...sockets.matchAll(/pid=(\d+)/g)].map(m => Number(m[1])))];
}
let hung = [];
function hangSource() {
  hung = sourceImapProcesses();
  if (hung.length === 0) throw new Error(`no IMAP process of the demo source (ports ${demo.source.imapsPort}, ${demo.source.imapPort}) serves the bot: ss found none`);
  for (const pid of hung) process.kill(pid, 'SIGSTOP');
  return hung.length;
}
function resumeSource() {
  for (const pid of hung) {
    try { process.kill(pid, 'SIGCONT'); } catch { /* gone already */ }
  }
  hung = [];
}

mkdirSync(options.out, { recursive: true });
let viewport = { width: 1200, height: 900 };
const browser = await chromium.launch({
  executablePath: options.chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const page = await browser.newPage({ viewport });
page.setDefaultTimeout(30_000);
const step = message => console.log(`screenshots: ${message}`);

const card = text => page.locator('.ac-adaptiveCard').filter({ hasText: text }).last();

// A card as it is shown; a card taller than the window is taken in a window tall enough to hold it.
async function shoot(locator, name) {
  await locator.scrollIntoViewIfNeeded();
  const box = await locator.boundingBox();
  if (box && box.height > viewport.height - 120) {
    await page.setViewportSize({ width: viewport.width, height: Math.ceil(box.height) + 240 });
    await locator.scrollIntoViewIfNeeded();
  }
  await page.waitForTimeout(300);
  await locator.screenshot({ path: join(options.out, name), animations: 'disabled' });
  await page.setViewportSize(viewport);
  step(`wrote ${join(options.out, name)}`);
}

// Fails when the chat list (found by its heading) lies over the card rather than beside it.
async function uncovered(cardLocator, chatListHeading) {
  await cardLocator.scrollIntoViewIfNeeded();
  const cardBox = await cardLocator.boundingBox();
  const listBox = (await chatListHeading.isVisible()) ? await chatListHeading.boundingBox() : null;
  if (cardBox && listBox && cardBox.x < listBox.x + listBox.width)
    throw new Error(`the chat list covers the card (card from x=${cardBox.x}, list to x=${listBox.x + listBox.width})`);
}

// A new post in the channel that @mentions the bot (channel posts reach the bot only when they mention it).
async function post(text) {
  const editor = page.locator('[data-lexical-editor="true"][role="textbox"]').first();
  await editor.click();
  await page.keyboard.type('@Migration');
  await page.getByRole('menuitem', { name: 'MigrationBot' }).click();
  await page.keyboard.type(` ${text}`);
  await page.locator('button', { hasText: /^Post$/ }).click();
}

async function press(cardLocator, title) {
  await cardLocator.getByRole('button', { name: title, exact: true }).click();
}

try {
  const alice = demo.source.users[0];
  step(`add ${options.extra} messages to ${alice.name}'s INBOX on the demo source`);
  await addMessages(alice, Number(options.extra));

  await page.goto(options.url, { waitUntil: 'domcontentloaded' });
  await page.locator('button[title="Hide log panel"]').click();
  await page.locator('button[title="Toggle app bar and conversation window"]').click();
  await page.getByText('Announcements', { exact: true }).click();
  // The chat list closes again once a chat is chosen at this width; make sure it is out of the way.
  await page.waitForTimeout(1000);

  step('start batch wave2 in the Announcements channel');
  await post('start batch wave2');
  const form = card('New migration batch: wave2');
  await form.waitFor();
  await shoot(form, '01-form.png');

  step('submit the form with an invalid CSV');
  await form.locator('textarea').fill(badCsv);
  await press(form, 'Create batch');
  const refusedForm = card('problem to fix');
  await refusedForm.waitFor();
  await shoot(refusedForm, '02-form-errors.png');

  // The cutover a few minutes ahead, in the form's time zone (UTC): the reminder is due at once, the check-in soon.
  const cutoverAt = new Date(Date.now() + Number(options['cutover-in']) * 60_000);
  cutoverAt.setUTCSeconds(0, 0);
  const checkInAt = new Date(cutoverAt.getTime() + Number(options['check-in-delay']) * 60_000);
  step(`submit it with the demo users and the cutover at ${cutoverAt.toISOString()} (the check-in at ${checkInAt.toISOString()})`);
  await refusedForm.getByLabel('Cutover on').fill(cutoverAt.toISOString().slice(0, 10));
  await refusedForm.getByLabel('Cutover at').fill(cutoverAt.toISOString().slice(11, 16));
  await refusedForm.locator('textarea').fill(csv);
  await press(refusedForm, 'Create batch');
  const progress = card('Migration batch wave2');
  await progress.waitFor();

  const created = card('Batch wave2 created');
  await created.waitFor({ timeout: 60_000 });
  await shoot(created, '14-alert-created.png');
  const preflight = card('Preflight of wave2');
  await preflight.waitFor({ timeout: 120_000 });
  await shoot(preflight, '03-preflight.png');
  const started = card('Batch wave2: initial sync started');
  await started.waitFor({ timeout: 60_000 });
  await shoot(started, '15-alert-started.png');

  step('wait for the progress card to show the sync');
  await card('Copying now').waitFor({ timeout: 60_000 });
  await shoot(card('Copying now'), '04-progress-syncing.png');

  // The bot runs with Alerts:StallAfter 10 s (screenshots.sh): a source that stops answering for longer is told.
  step(`hang the demo source (SIGSTOP of ${hangSource()} IMAP process(es)) until the bot reports the stall`);
  try {
    const stalled = card('user(s) stalled');
    await stalled.waitFor({ timeout: 90_000 });
    await shoot(stalled, '16-alert-stalled.png');
  } finally {
    resumeSource();
  }

  const synced = card('Batch wave2 is synced');
  await synced.waitFor({ timeout: 240_000 });
  await shoot(synced, '17-alert-synced.png');
  // Alerts:ReportEvery is 1 minute in this run: the report comes while the batch waits for approval.
  const report = card('Daily report: batch wave2');
  await report.waitFor({ timeout: 120_000 });
  await shoot(report, '18-alert-daily-report.png');

  step('complete batch wave2: the approval card');
  await post('complete batch wave2');
  const approval = card('Approve completion of wave2?');
  await approval.waitFor({ timeout: 120_000 });
  await shoot(approval, '05-approval.png');

  // The UI acts only as its current user (Alex Wilber, the admin and approver run.sh configures). A person who is
  // no approver is shown by rewriting this one press as Adele Vance's, a member of the team; the Playground's invoke
  // honours from.id for members (BOTFRAMEWORK.md §2.10 item 2), so the bot sees her press and the UI shows its answer.
  step('Approve completion pressed by Adele Vance, who is no approver');
  await page.route('**/_conversation/v1/invoke', async route => {
    const body = route.request().postDataJSON();
    await route.continue({ postData: JSON.stringify({ ...body, from: { ...body.from, id: 'user-id-2' } }) });
  }, { times: 1 });
  await press(approval, 'Approve completion');
  const refusal = card('Refused:');
  await refusal.waitFor();
  await shoot(refusal, '06-refused.png');

  step('complete batch wave2 again, and Alex Wilber approves');
  await post('complete batch wave2');
  const approval2 = page.locator('.ac-adaptiveCard').filter({ hasText: 'Approve completion of wave2?' }).first();
  await approval2.waitFor({ timeout: 120_000 });
  await press(approval2, 'Approve completion');
  await card('Completion of wave2 approved').waitFor();
  const summary = card('Batch wave2 is Completed');
  await summary.waitFor({ timeout: 180_000 });
  await shoot(summary, '19-alert-completed.png');
  // screenshots.sh runs the demo with a throttling front before the target (its 60th APPEND, early in the sync).
  const throttled = card('Exchange Online is throttling');
  await throttled.waitFor({ timeout: 10_000 });
  await shoot(throttled, '20-alert-throttled.png');
  const completed = page.locator('.ac-adaptiveCard').filter({ hasText: 'Migration batch wave2' }).filter({ hasText: /State\s*Completed/ });
  await completed.waitFor({ timeout: 30_000 });
  await shoot(completed, '07-completed.png');
  await press(completed, 'Details');
  const details = card('wave2: users 1');
  await details.waitFor();
  await shoot(details, '08-details.png');
  const completedAt = new Date();
  if (completedAt >= checkInAt)
    throw new Error(`wave2 completed at ${completedAt.toISOString()}, after the check-in's moment (${checkInAt.toISOString()}), so no check-in is sent: raise --check-in-delay`);

  step("open the personal chat: Alex Wilber's notices, as alice@contoso.test's owner");
  // At 1200 px the chat list, once open, stays over the personal chat's cards (no click or key puts it away); from
  // about 1700 px it is docked beside the conversation instead.
  viewport = { width: 1700, height: 900 };
  await page.setViewportSize(viewport);
  await page.waitForTimeout(500);
  // At that width the toggle is gone: the chat list is always shown.
  const toggle = page.locator('button[title="Toggle app bar and conversation window"]');
  if (await toggle.isVisible()) await toggle.click();
  await page.getByText('Personal Chat', { exact: true }).click();
  await page.waitForTimeout(1500);
  const chatList = page.getByText('Teams Channel', { exact: true });
  const notices = [
    ['Your mailbox is moving to Microsoft 365', '09-notice-announcement.png'],
    ['Your mailbox moves soon', '10-notice-reminder.png'],
    ['Your mailbox is moving now', '11-notice-in-progress.png'],
    ['Your mailbox has moved', '12-notice-moved.png'],
  ];
  for (const [title, name] of notices) {
    const notice = card(title);
    await notice.waitFor({ timeout: 60_000 });
    await uncovered(notice, chatList);
    await shoot(notice, name);
  }
  const wait = checkInAt.getTime() - Date.now() + 120_000;
  step(`wait for the check-in, due at ${checkInAt.toISOString()} (up to ${Math.round(wait / 1000)} s)`);
  const checkIn = card('Everything there?');
  await checkIn.waitFor({ timeout: wait });
  await uncovered(checkIn, chatList);
  await shoot(checkIn, '13-notice-check-in.png');
  step('done');
} catch (error) {
  await page.screenshot({ path: join(options.out, 'failed-page.png') }).catch(() => {});
  console.error(`screenshots: failed; the page as it was is in ${join(options.out, 'failed-page.png')}`);
  throw error;
} finally {
  resumeSource();
  await browser.close();
}
