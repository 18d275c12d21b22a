// The console's browser tests: Debian's chromium, driven by playwright-core, against a local server
// that the caller started (LocalServer on a free port with a fresh data folder: local/'s
// ConsoleBrowserTest does it inside `mvn verify`). Every flow of the console runs end to end, in
// sequence, as the people of one organisation would; each page is scanned with axe-core and a
// serious or critical violation fails the run; every request the pages make must go to the server's
// own origin. Screenshots go to --screenshots (docs/console/), numbers to --metrics.
//
//   node tests/browser/run.mjs --base-url http://127.0.0.1:PORT [--chromium /usr/bin/chromium]
//       [--screenshots DIR] [--metrics FILE] [--only render]
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startFakeIssuer } from './fake-issuer.mjs';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const consoleDir = resolve(here, '../..');

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) => {
  if (arg.startsWith('--')) {
    pairs.push([arg.slice(2), all[i + 1]]);
  }
  return pairs;
}, []));
const BASE = (args['base-url'] ?? '').replace(/\/$/, '');
if (!BASE) {
  console.error('usage: node tests/browser/run.mjs --base-url http://127.0.0.1:PORT');
  process.exit(2);
}
const CHROMIUM = args.chromium ?? process.env.CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = args.screenshots ? resolve(args.screenshots) : null;
const METRICS = args.metrics ? resolve(args.metrics) : null;
const ONLY = args.only ?? null;
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const LINK = /(\S+)\?token=([A-Za-z0-9_-]+)/;

const metrics = {};
const axeResults = [];
const results = [];
const foreignRequests = [];
/** Origins the pages may call besides the server's: the identity provider of the OpenID Connect flow. */
const allowedOrigins = new Set();
const openPages = [];
let browser;

// ---------------------------------------------------------------- small helpers

class Failure extends Error {}

function check(condition, message) {
  if (!condition) {
    throw new Failure(message);
  }
}

async function step(name, body) {
  const started = Date.now();
  try {
    await body();
    results.push({ name, ok: true });
    console.log(`ok - ${name} (${Date.now() - started} ms)`);
  } catch (failure) {
    results.push({ name, ok: false, failure });
    console.log(`not ok - ${name}\n  ${String(failure.stack ?? failure).split('\n').slice(0, 8).join('\n  ')}`);
    // what each person's page showed when the step failed
    const folder = join(SHOTS ?? tmpdir(), 'failures');
    mkdirSync(folder, { recursive: true });
    for (const [index, page] of openPages.entries()) {
      if (!page.isClosed()) {
        const file = join(folder, `failure-${results.length}-${index}.png`);
        await page.screenshot({ path: file, fullPage: true }).then(() => console.log(`  screenshot: ${file} (${page.url()})`),
          () => {});
      }
    }
    throw failure;
  }
}

async function api(method, path, token, body) {
  const response = await fetch(BASE + path, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  }
  return json;
}

const tokenOf = async (email) => (await api('POST', '/local/token', null, { email })).token;

/**
 * SES's "Email Bounced" event (the sample in events/, the shape SES sends) for the pending invitation to
 * `email`, with the message tags the mailer gives its email, run through the local server's Lambda Invoke API.
 */
async function reportBounce(orgId, email) {
  const owned = await api('GET', `/orgs/${orgId}/invitations?status=pending&limit=100`,
    await tokenOf('ann@example.com'));
  const invitation = owned.items.find((item) => item.email === email);
  const event = JSON.parse(readFileSync(fileURLToPath(new URL('../../../events/EmailFeedbackFunction.json',
    import.meta.url)), 'utf8'));
  event.detail.mail.destination = [email];
  event.detail.bounce.bouncedRecipients[0].emailAddress = email;
  event.detail.mail.tags.invitationId = [invitation.id];
  event.detail.mail.tags.orgId = [orgId];
  return api('POST', '/2015-03-31/functions/EmailFeedbackFunction/invocations', null, event);
}

/** The accept link of the latest invitation email to an address (the test reads mail; the console never does). */
async function inviteLink(email) {
  const { items } = await api('GET', '/local/emails');
  const mail = items.filter((item) => item.to.includes(email)).at(-1);
  check(mail, `no invitation email to ${email}`);
  const link = LINK.exec(mail.text);
  check(link, `no link in the email to ${email}`);
  return link[0];
}

async function newPerson(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-GB',
    timezoneId: 'UTC', reducedMotion: 'reduce', ...options });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE });
  const page = await context.newPage();
  openPages.push(page);
  page.setDefaultTimeout(15_000);
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith('data:') && new URL(url).origin !== BASE && !allowedOrigins.has(new URL(url).origin)) {
      foreignRequests.push(url);
    }
  });
  page.on('dialog', (dialog) => dialog.accept());
  page.on('pageerror', (error) => console.log(`  page error: ${error.message}`));
  return page;
}

const button = (scope, name) => scope.getByRole('button', { name, exact: true });
const heading = (scope, name) => scope.getByRole('heading', { name, exact: true });
const tab = (scope, name) => scope.getByRole('tab', { name, exact: true });
const dialog = (page) => page.getByRole('dialog');

async function visible(locator, message) {
  try {
    await locator.first().waitFor({ state: 'visible' });
  } catch {
    throw new Failure(message ?? `not visible: ${locator}`);
  }
}

async function absent(locator, message) {
  // the page has settled when this is called (a heading or list it shows is visible)
  const count = await locator.count();
  check(count === 0, message ?? `should not be shown: ${locator} (${count})`);
}

async function settle(page) {
  await page.waitForLoadState('networkidle');
  await page.locator('.loading').first().waitFor({ state: 'detached' }).catch(() => {});
}

/** axe-core on the page as it is: no serious or critical violation (WCAG 2.1 A/AA and best practices). */
async function scan(page, name) {
  await settle(page);
  if (!(await page.evaluate(() => Boolean(window.axe)))) {
    // evaluated through the DevTools protocol: the page's Content-Security-Policy (script-src 'self') stays on
    await page.evaluate(`${AXE}\n;void 0`);
  }
  const found = await page.evaluate(async () => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag',
      values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  const blocking = found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  axeResults.push({ page: name, violations: found.length, blocking: blocking.length,
    minor: found.filter((v) => !blocking.includes(v)).map((v) => `${v.id} (${v.impact})`) });
  console.log(`  axe ${name}: ${found.length ? found.map((v) => `${v.id}/${v.impact}`).join(', ') : 'no violations'}`);
  check(blocking.length === 0, `axe on ${name}: ${JSON.stringify(blocking, null, 1)}`);
}

/** A screenshot for docs/console; a page (not a dialog) from its top, without a focus ring left over. */
async function shoot(page, file, options = {}) {
  if (SHOTS) {
    await settle(page);
    await page.evaluate(() => {
      if (!document.querySelector('dialog[open]')) {
        document.activeElement?.blur?.();
        window.scrollTo(0, 0);
      }
    });
    await page.screenshot({ path: join(SHOTS, file), fullPage: Boolean(options.fullPage) });
  }
}

async function signIn(page, email) {
  await page.getByLabel('Email', { exact: true }).fill(email);
  await button(page, 'Sign in').click();
}

async function openTab(page, name) {
  await tab(page, name).click();
  await visible(page.locator('[role="tabpanel"] h2, [role="tabpanel"] .loading'));
  await settle(page);
}

const rowOf = (page, text) => page.getByRole('row').filter({ hasText: text });

// ---------------------------------------------------------------- the flows

async function flows() {
  const ann = await newPerson();
  const owner = 'ann@example.com';
  let orgUrl;

  await step('sign in with the local form (Email, Sign in)', async () => {
    await ann.goto(`${BASE}/`);
    await visible(heading(ann, 'Sign in'));
    await scan(ann, 'sign-in');
    await signIn(ann, owner);
    await visible(heading(ann, 'Organisations'));
    await visible(ann.getByText('You are not in an organisation yet'));
    await visible(ann.getByText('No invitation is waiting for you.'));
    await visible(ann.getByText(`Signed in as ${owner}`));
    await scan(ann, 'organisations (empty)');
  });

  await step('create an organisation, an error shown by its field first', async () => {
    await button(ann, 'Create organisation').click();
    const form = dialog(ann);
    await form.getByLabel('Name').fill('\u0301');
    await button(form, 'Create').click();
    await visible(form.locator('.field-error, .error-note'), 'the refusal of a bad name is shown');
    await scan(ann, 'create organisation (with an error)');
    await form.getByLabel('Name').fill('Acme Robotics');
    await button(form, 'Create').click();
    await visible(heading(ann, 'Acme Robotics'));
    await visible(tab(ann, 'Users'));
    check(await tab(ann, 'Users').getAttribute('aria-selected') === 'true', 'Users is the first tab');
    for (const name of ['Invitations', 'Roles', 'Service accounts', 'Audit log', 'Settings']) {
      await visible(tab(ann, name));
    }
    orgUrl = ann.url().replace(/\/users$/, '');
    await visible(ann.getByRole('columnheader', { name: 'Name' }));
    for (const column of ['Type', 'Status', 'Roles', 'Actions']) {
      await visible(ann.getByRole('columnheader', { name: column, exact: true }));
    }
    await visible(rowOf(ann, owner).getByRole('cell', { name: 'Self', exact: true }));
    await scan(ann, 'users');
  });

  await step('the tabs work with the keyboard (arrow keys, one tab stop)', async () => {
    await tab(ann, 'Users').focus();
    await ann.keyboard.press('ArrowRight');
    await visible(heading(ann, 'Invitations'));
    check(ann.url().endsWith('/invitations'), `the Invitations tab has its address: ${ann.url()}`);
    await ann.keyboard.press('End');
    await visible(heading(ann, 'Settings'));
    await ann.keyboard.press('Home');
    await visible(heading(ann, 'Users'));
  });

  await step('invite several addresses and see each result', async () => {
    await button(ann, 'Invite users').click();
    const form = dialog(ann);
    await visible(form.getByLabel('Email addresses'));
    check(await form.getByRole('checkbox', { name: 'member', exact: true }).isChecked(), 'member is the default role');
    await form.getByLabel('Email addresses').fill('bob@example.com, carol@example.com, dave@example.com, '
      + 'erin@example.com, frank@example.com, not-an-address, ann@example.com');
    await button(form, 'Invite').click();
    await visible(form.getByText('5 of 7 invited.'));
    for (const [email, result] of [['bob@example.com', 'Invited'], ['carol@example.com', 'Invited'],
      ['not-an-address', 'Not an email address'], ['ann@example.com', 'Already a member']]) {
      await visible(form.getByRole('row').filter({ hasText: email }).getByText(result, { exact: true }),
        `${email}: ${result}`);
    }
    await scan(ann, 'invite dialog with results');
    await shoot(ann, 'invite-dialog.png');
    await button(form, 'Done').click();
    await visible(rowOf(ann, 'bob@example.com').getByText('pending'));
  });

  await step('invitations: pending ones with Resend and Cancel, and the status tabs', async () => {
    await openTab(ann, 'Invitations');
    for (const name of ['Pending', 'Accepted', 'Cancelled', 'Expired', 'Declined']) {
      await visible(tab(ann, name));
    }
    await visible(rowOf(ann, 'dave@example.com'));
    await button(ann, 'Resend the invitation of dave@example.com').click();
    await visible(rowOf(ann, 'dave@example.com').getByText('(2 sends)'));
    await button(ann, 'Edit roles of the invitation of dave@example.com').click();
    await dialog(ann).getByRole('checkbox', { name: 'instance_accessor', exact: true }).check();
    await button(dialog(ann), 'Save roles').click();
    await visible(rowOf(ann, 'dave@example.com').getByText('member, instance_accessor'));
    await button(ann, 'Cancel the invitation of dave@example.com').click();
    await rowOf(ann, 'dave@example.com').waitFor({ state: 'detached' });
    // SES reports that the email to erin@example.com bounced: the local server runs EmailFeedbackFunction
    const bounce = await reportBounce(orgUrl.split('/').pop(), 'erin@example.com');
    check(bounce.outcome === 'recorded', `the bounce is recorded: ${JSON.stringify(bounce)}`);
    await tab(ann, 'Cancelled').click();
    await visible(rowOf(ann, 'dave@example.com'));
    await absent(button(ann, 'Resend the invitation of dave@example.com'), 'a cancelled invitation cannot be resent');
    await tab(ann, 'Accepted').click();
    await visible(ann.getByText('Nobody has accepted an invitation yet.'));
    await tab(ann, 'Pending').click();
    await visible(rowOf(ann, 'bob@example.com'));
    await visible(rowOf(ann, 'erin@example.com').getByText('Bounced', { exact: true }), 'the bounce is shown');
    await absent(rowOf(ann, 'bob@example.com').getByText('Bounced', { exact: true }), 'only on its invitation');
    await scan(ann, 'invitations');
    await shoot(ann, 'invitations.png');
  });

  const bob = await newPerson();
  await step('the invitee opens the /accept link, signs in and joins', async () => {
    const link = await inviteLink('bob@example.com');
    check(link.startsWith(`${BASE}/accept?token=`), `the email links to the console's accept page: ${link}`);
    await bob.goto(link);
    await visible(heading(bob, 'Accept your invitation'));
    await scan(bob, 'accept (signed out)');
    await shoot(bob, 'accept.png');
    await signIn(bob, 'bob@example.com');
    await visible(heading(bob, 'Acme Robotics'));
    check(bob.url().startsWith(`${orgUrl}/users`), `the organisation opens: ${bob.url()}`);
    await visible(rowOf(bob, 'bob@example.com').getByRole('cell', { name: 'Self', exact: true }));
  });

  await step('an /accept link that no longer works says why', async () => {
    const stranger = await newPerson();
    await stranger.goto(`${BASE}/accept?token=${'x'.repeat(43)}`);
    await signIn(stranger, 'carol@example.com');
    await visible(stranger.getByRole('alert').filter({ hasText: 'The invitation could not be accepted' }));
    await scan(stranger, 'accept (refused)');
    await stranger.context().close();
  });

  const carol = await newPerson();
  await step('the invitee accepts from Organisations', async () => {
    await carol.goto(`${BASE}/`);
    await signIn(carol, 'carol@example.com');
    const card = carol.getByRole('listitem').filter({ hasText: 'Acme Robotics' });
    await visible(card.getByText('Roles: member'));
    await scan(carol, 'organisations (with an invitation)');
    await shoot(carol, 'organisations.png');
    await button(carol, 'Accept the invitation to Acme Robotics').click();
    await visible(heading(carol, 'Acme Robotics'));
    await visible(rowOf(carol, 'carol@example.com').getByRole('cell', { name: 'Self', exact: true }));
  });

  await step('another invitee declines from Organisations, and the inviter sees it', async () => {
    const erin = await newPerson();
    await erin.goto(`${BASE}/`);
    await signIn(erin, 'erin@example.com');
    await button(erin, 'Decline the invitation to Acme Robotics').click();
    await visible(erin.getByText('No invitation is waiting for you.'));
    await absent(erin.getByRole('link', { name: 'Acme Robotics' }));
    await erin.context().close();
    await ann.goto(`${orgUrl}/invitations/declined`);
    await visible(rowOf(ann, 'erin@example.com'));
    check(await tab(ann, 'Declined').getAttribute('aria-selected') === 'true', 'the Declined tab is selected');
    await tab(ann, 'Accepted').click();
    await visible(rowOf(ann, 'bob@example.com'));
    await visible(rowOf(ann, 'carol@example.com'));
  });

  await step('change a member\'s roles', async () => {
    await ann.goto(`${orgUrl}/users`);
    await button(ann, 'Edit roles of bob@example.com').click();
    const form = dialog(ann);
    await form.getByRole('checkbox', { name: 'instance_accessor', exact: true }).check();
    await scan(ann, 'edit roles dialog');
    await button(form, 'Save roles').click();
    await visible(rowOf(ann, 'bob@example.com').getByText('member, instance_accessor'));
    // the API's refusal is shown where it was asked: the last owner cannot lose owner
    await button(ann, `Edit roles of ${owner}`).click();
    await dialog(ann).getByRole('checkbox', { name: 'owner', exact: true }).uncheck();
    await button(dialog(ann), 'Save roles').click();
    await visible(dialog(ann).getByRole('alert'), 'the last-owner refusal is shown in the dialog');
    await button(dialog(ann), 'Cancel').click();
  });

  await step('create, edit and delete a custom role with permission categories and file permissions', async () => {
    await openTab(ann, 'Roles');
    await visible(ann.getByRole('heading', { name: 'Built-in roles' }));
    await visible(ann.getByRole('link', { name: 'owner', exact: true }));
    await button(ann, 'Create role').click();
    await visible(heading(ann, 'Create role'));
    await ann.getByLabel('Name', { exact: true }).fill('Owner');
    await ann.getByLabel('Description').fill('Deploy and manage releases of apollo');
    await ann.getByLabel('IdP Groups').fill('release-managers, TECH-leads');
    await ann.getByRole('group', { name: 'Users' }).getByRole('checkbox', { name: 'bob@example.com' }).check();
    check(!(await ann.getByRole('switch', { name: /All projects/ }).isChecked()), 'All projects is off by default');
    await ann.getByLabel('Projects', { exact: true }).fill('apollo');
    await ann.getByRole('group', { name: 'Releases' }).getByRole('checkbox', { name: /^Manage/ }).check();
    await ann.getByRole('group', { name: 'Releases' }).getByRole('checkbox', { name: /^Deploy/ }).check();
    await ann.getByRole('group', { name: 'Projects and environments' }).getByRole('checkbox', { name: /^Logs/ }).check();
    await button(ann, 'Add file permission').click();
    const file = ann.getByRole('group', { name: 'File permission 1' });
    await file.getByLabel('Project').fill('apollo');
    await file.getByLabel('Path').fill('docs/releases/**');
    await file.getByRole('checkbox', { name: 'Edit Content' }).check();
    // a name taken by a built-in role: the API's 409 detail is shown
    await ann.locator('form button[type="submit"]').click();
    await visible(ann.locator('.field.has-error').filter({ hasText: 'Name' }).getByText(/built-in role 'owner'/),
      'the duplicate-name refusal is shown by the Name field');
    await ann.getByLabel('Name', { exact: true }).fill('Release managers');
    await scan(ann, 'role editor');
    await shoot(ann, 'role-editor.png', { fullPage: true });
    await ann.locator('form button[type="submit"]').click();
    await visible(ann.getByRole('link', { name: 'Release managers' }));
    const role = await api('GET', `/orgs/${orgUrl.split('/').at(-1)}/roles`, await tokenOf(owner));
    const saved = role.items.find((r) => r.name === 'Release managers');
    check(saved && saved.projects.join() === 'apollo' && saved.idpGroups.length === 2
      && saved.permissions.includes('releases:deploy') && saved.filePermissions[0].path === 'docs/releases/**'
      && saved.users.length === 1, `the role as stored: ${JSON.stringify(saved)}`);

    await button(ann, 'Edit the role Release managers').click();
    await visible(heading(ann, 'Edit role Release managers'));
    await ann.getByLabel('Description').fill('Releases of apollo, and its environments');
    await ann.getByRole('group', { name: 'Environments' }).getByRole('checkbox', { name: /^Manage/ }).check();
    await button(ann, 'Save role').click();
    await visible(ann.getByRole('cell', { name: 'Releases of apollo, and its environments' }));
    await scan(ann, 'roles');
    await button(ann, 'Delete the role Release managers').click();
    await ann.getByRole('link', { name: 'Release managers' }).waitFor({ state: 'detached' });
  });

  await step('create a service account, see its secret once, rotate, edit, delete', async () => {
    await openTab(ann, 'Service accounts');
    await visible(ann.getByText('No service accounts yet.'));
    await button(ann, 'Create service account').click();
    const form = dialog(ann);
    await form.getByLabel('Name').fill('CI deployer');
    await form.getByLabel('Description').fill('Deploys apollo from CI');
    await button(form, 'Create').click();
    const secretField = dialog(ann).getByLabel('Secret');
    await visible(secretField);
    const secret = await secretField.inputValue();
    check(/^uars_[A-Za-z0-9_-]{43}$/.test(secret), `a secret is shown: ${secret.slice(0, 5)}…`);
    await button(dialog(ann), 'Copy').click();
    await visible(dialog(ann).getByText('Copied to the clipboard.'));
    check(await ann.evaluate(() => navigator.clipboard.readText()) === secret, 'Copy puts the secret on the clipboard');
    await scan(ann, 'service account secret');
    await shoot(ann, 'service-account-secret.png');
    await button(dialog(ann), 'I have stored it').click();
    await visible(rowOf(ann, 'CI deployer'));
    check(!(await ann.content()).includes(secret), 'the secret is not on the page once the dialog is closed');
    await ann.reload();
    await visible(rowOf(ann, 'CI deployer'));
    check(!(await ann.content()).includes(secret), 'nor after a reload');

    await button(ann, 'Rotate secret of CI deployer').click();
    const rotated = await dialog(ann).getByLabel('Secret').inputValue();
    check(/^uars_/.test(rotated) && rotated !== secret, 'rotating shows a new secret');
    await button(dialog(ann), 'I have stored it').click();

    await button(ann, 'Edit CI deployer').click();
    await dialog(ann).getByLabel('Name').fill('CI deployer (apollo)');
    await button(dialog(ann), 'Save').click();
    await visible(rowOf(ann, 'CI deployer (apollo)'));
    await scan(ann, 'service accounts');
    await button(ann, 'Delete CI deployer (apollo)').click();
    await visible(ann.getByText('No service accounts yet.'));
  });

  await step('what a member without permissions does not see', async () => {
    await bob.goto(`${orgUrl}/users`);
    await visible(rowOf(bob, owner));
    await absent(button(bob, 'Invite users'));
    await absent(bob.getByRole('button', { name: /^Edit roles of/ }));
    await absent(bob.getByRole('button', { name: /^Remove / }));
    await openTab(bob, 'Invitations');
    await visible(rowOf(bob, 'frank@example.com'));
    await absent(bob.getByRole('button', { name: /^(Resend|Cancel|Edit roles of) the invitation/ }));
    await openTab(bob, 'Roles');
    await visible(bob.getByRole('link', { name: 'owner', exact: true }));
    await absent(button(bob, 'Create role'));
    await absent(bob.getByRole('button', { name: /^(Edit|Delete) the role/ }));
    await openTab(bob, 'Service accounts');
    await absent(button(bob, 'Create service account'));
    await openTab(bob, 'Settings');
    check(await bob.getByLabel('Organisation name').isDisabled(), 'the name cannot be changed');
    await absent(button(bob, 'Save'));
    await scan(bob, 'settings (member)');
    await absent(tab(bob, 'Audit log'), 'the Audit log tab needs audit:view');
    await bob.goto(`${orgUrl}/audit-log`);
    await visible(bob.getByText('Seeing the audit log needs the audit:view permission'));
    await absent(bob.getByRole('table'));
  });

  await step('settings: rename the organisation', async () => {
    await openTab(ann, 'Settings');
    await ann.getByLabel('Avatar URL').fill('ftp://files.example/acme.png');
    await button(ann, 'Save').click();
    await visible(ann.locator('.field-error').filter({ hasText: /./ }), 'the avatar URL refusal is shown by its field');
    await ann.getByLabel('Avatar URL').fill('');
    await ann.getByLabel('Organisation name').fill('Acme Robotics GmbH');
    await button(ann, 'Save').click();
    await visible(heading(ann, 'Acme Robotics GmbH'));
    await scan(ann, 'settings');
  });

  await step('audit log: the events of what was done, newest first, with their changes', async () => {
    await openTab(ann, 'Audit log');
    const rows = ann.locator('table.audit tbody tr');
    await visible(rows);
    // the rename just made is the newest event: by the caller, its name before and after
    const newest = rows.first();
    await visible(newest.getByRole('rowheader', { name: /^Organisation updated/ }));
    await visible(newest.getByRole('button', { name: /^You/ }));
    await visible(newest.locator('.changes li').filter({ hasText: 'name' }).getByText('Acme Robotics', { exact: true }));
    await visible(newest.locator('.changes li').filter({ hasText: 'name' }).getByText('Acme Robotics GmbH', { exact: true }));
    const times = await rows.locator('time').evaluateAll((all) => all.map((t) => t.getAttribute('datetime')));
    check(times.length >= 15 && times.every((t, i) => i === 0 || times[i - 1] >= t), `newest first: ${times.join(', ')}`);
    await visible(rowOf(ann, 'Organisation created'));
    await visible(rowOf(ann, 'Service account secret rotated').getByRole('button', { name: /^CI deployer \(show only/ }));
    // another person's change names them
    await visible(rowOf(ann, 'Invitation declined').getByRole('button', { name: /^erin@example\.com \(show only events by/ }));
    await scan(ann, 'audit log');
    await shoot(ann, 'audit-log.png');
  });

  await step('audit log: filters by action, by target, by time; a refused filter is shown by its field', async () => {
    const rows = ann.locator('table.audit tbody tr');
    await ann.getByLabel('Action', { exact: true }).selectOption({ label: 'Member roles changed' });
    await button(ann, 'Apply filters').click();
    await visible(rowOf(ann, 'Member roles changed'));
    check(/[?&]action=member\.roles_updated/.test(ann.url()), `the filters are in the address: ${ann.url()}`);
    check(await rows.count() === 1, `one roles change: ${await rows.count()}`);
    const change = rows.first().locator('.changes li').filter({ hasText: 'roles' });
    await visible(change.locator('.from').getByText('member', { exact: true }));
    await visible(change.locator('.to').getByText('member, instance_accessor', { exact: true }));
    // a target's name narrows the log to the events about it; the filters combine
    await rows.first().getByRole('button', { name: 'bob@example.com (show only events about this user)' }).click();
    await ann.waitForURL(/[?&]targetId=/);
    await visible(rowOf(ann, 'Member roles changed'));
    check(/[?&]action=member\.roles_updated/.test(ann.url()), `the action filter stays: ${ann.url()}`);
    await ann.getByLabel('Action', { exact: true }).selectOption({ label: 'Organisation updated' });
    await button(ann, 'Apply filters').click();
    await visible(ann.getByText('No event matches these filters.'), 'an empty result says what to do');
    await scan(ann, 'audit log (nothing matches)');
    await button(ann, 'Clear filters').click();
    await visible(rowOf(ann, 'Organisation created'));
    check(!ann.url().includes('?'), `no filter left: ${ann.url()}`);
    await rowOf(ann, 'Invitation accepted').filter({ hasText: 'bob@example.com' })
      .getByRole('button', { name: 'bob@example.com (show only events about this user)' }).click();
    await ann.waitForURL(/[?&]targetId=/);
    await settle(ann);
    check(!/action=/.test(ann.url()), `only the target filter: ${ann.url()}`);
    const actions = await rows.locator('th[scope="row"] code').allTextContents();
    check(actions.includes('invitation.accepted') && actions.includes('member.roles_updated')
      && actions.includes('role.created') && !actions.includes('org.updated'), `bob's events: ${actions.join(', ')}`);
    check(await ann.getByLabel('Target id').inputValue() !== '', 'the form shows the target filter');
    await scan(ann, 'audit log (filtered)');
    await button(ann, 'Clear filters').click();
    await ann.getByLabel('Since').fill('2100-01-02T10:00');
    await ann.getByLabel('Until').fill('2100-01-01T10:00');
    await button(ann, 'Apply filters').click();
    await visible(ann.locator('.field.has-error').filter({ hasText: 'Until' }).getByText('must be after since'),
      'the API refuses until before since, shown by the Until field');
    await scan(ann, 'audit log (refused filter)');
    await ann.getByLabel('Until').fill('');
    await button(ann, 'Apply filters').click();
    await visible(ann.getByText('No event matches these filters.'), 'nothing happened after 2100');
    await button(ann, 'Clear filters').click();
    await visible(rowOf(ann, 'Organisation created'));
  });

  await step('audit log: a long log pages (Load more events, then none)', async () => {
    const orgId = orgUrl.split('/').at(-1);
    const token = await tokenOf(owner);
    for (let i = 0; i < 40; i++) {
      await api('PATCH', `/orgs/${orgId}`, token, { avatarUrl: i % 2 ? null : 'https://files.example/acme.png' });
    }
    await ann.reload();
    const rows = ann.locator('table.audit tbody tr');
    await visible(rows);
    await settle(ann);
    check(await rows.count() === 50, `the first page holds 50 events: ${await rows.count()}`);
    await button(ann, 'Load more events').click();
    await ann.waitForFunction(() => document.querySelectorAll('table.audit tbody tr').length > 50);
    await settle(ann);
    await absent(button(ann, 'Load more events'), 'the last page offers no more');
    await visible(rowOf(ann, 'Organisation created'));
  });

  await step('leave an organisation (and the last owner cannot)', async () => {
    await carol.goto(`${orgUrl}/settings`);
    await button(carol, 'Leave organisation').click();
    await visible(heading(carol, 'Organisations'));
    await visible(carol.getByText('You are not in an organisation yet'));
    await ann.goto(`${orgUrl}/settings`);
    await button(ann, 'Leave organisation').click();
    await visible(ann.getByRole('alert').filter({ hasText: 'You cannot leave' }), 'the last-owner refusal is shown');
    await visible(heading(ann, 'Acme Robotics GmbH'));
  });

  await step('deployed sign-in: OpenID Connect code flow with PKCE, back to the /accept link, which joins', async () => {
    const issuer = await startFakeIssuer({ apiBase: BASE, email: 'dora@example.com', clientId: 'console' });
    allowedOrigins.add(issuer.issuer);
    try {
      const orgId = orgUrl.split('/').at(-1);
      await api('POST', `/orgs/${orgId}/invitations`, await tokenOf(owner), { emails: ['dora@example.com'] });
      const link = await inviteLink('dora@example.com');
      // the deployed console's config.json; the local server's page policy (connect-src 'self') is for the
      // local sign-in, so this one person's pages run without it (deployed, the policy allows the provider)
      const dora = await newPerson({ bypassCSP: true });
      await dora.context().route(`${BASE}/config.json`, (route) => route.fulfill({ json: { apiUrl: '', signIn: 'oidc',
        oidc: { issuer: issuer.issuer, clientId: 'console', apiToken: 'access_token' } } }));
      await dora.goto(link);
      await visible(heading(dora, 'Accept your invitation'));
      await absent(dora.getByLabel('Email', { exact: true }), 'no local form when deployed');
      await button(dora, 'Sign in').click();
      await visible(heading(dora, 'Acme Robotics GmbH'));
      check(dora.url().startsWith(`${orgUrl}/users`), `the organisation opens: ${dora.url()}`);
      await visible(dora.getByText('Signed in as dora@example.com'));
      await visible(rowOf(dora, 'dora@example.com').getByRole('cell', { name: 'Self', exact: true }));
      check(issuer.seen.authorize.length === 1 && issuer.seen.authorize[0].code_challenge_method === 'S256'
        && issuer.seen.authorize[0].redirect_uri === `${BASE}/console/callback`, 'the code flow asked for PKCE (S256)');
      check(issuer.seen.token.length === 1 && issuer.seen.token[0].code_verifier, 'the code was redeemed with its verifier');
      await button(dora, 'Sign out').click();
      await visible(heading(dora, 'Sign in'));
      await dora.context().close();
    } finally {
      await issuer.close();
    }
  });

  await step('remove a member', async () => {
    await ann.goto(`${orgUrl}/users`);
    await button(ann, 'Remove bob@example.com').click();
    await rowOf(ann, 'bob@example.com').waitFor({ state: 'detached' });
    await bob.goto(`${orgUrl}/users`);
    await visible(bob.getByRole('alert').filter({ hasText: 'This organisation could not be opened' }));
  });

  await step('the Users tab with a few people (screenshot)', async () => {
    const orgId = orgUrl.split('/').at(-1);
    const token = await tokenOf(owner);
    await api('POST', `/orgs/${orgId}/invitations`, token, { emails: ['gina@example.com', 'hal@example.com'],
      roles: ['member'] });
    await api('POST', `/orgs/${orgId}/service-accounts`, token, { name: 'Nightly builds', roles: ['member'] });
    await ann.goto(`${orgUrl}/users`);
    await visible(rowOf(ann, 'Nightly builds'));
    await shoot(ann, 'users.png');
  });

  await step('the Users tab filters by type and status', async () => {
    const rows = ann.locator('table.users tbody tr');
    await ann.getByLabel('Type', { exact: true }).selectOption({ label: 'Service account' });
    await rowOf(ann, 'gina@example.com').waitFor({ state: 'detached' });
    await visible(rowOf(ann, 'Nightly builds'));
    check(await rows.count() === 1, `only the service account: ${await rows.count()}`);
    await ann.getByLabel('Status', { exact: true }).selectOption({ label: 'Pending (invited)' });
    await visible(ann.getByText('Nobody here matches these filters.'));
    await ann.getByLabel('Type', { exact: true }).selectOption({ label: 'Every type' });
    await visible(rowOf(ann, 'gina@example.com'));
    await absent(rowOf(ann, owner), 'an active member is not pending');
    await scan(ann, 'users (filtered)');
    await ann.getByLabel('Status', { exact: true }).selectOption({ label: 'Every status' });
    await visible(rowOf(ann, owner));
  });

  await step('the organisations page lists the caller\'s organisations with its roles', async () => {
    await ann.goto(`${BASE}/`);
    await visible(ann.getByRole('listitem').filter({ hasText: 'Acme Robotics GmbH' }).getByText('Your roles: owner'));
    await ann.getByRole('link', { name: 'Acme Robotics GmbH' }).click();
    await visible(heading(ann, 'Acme Robotics GmbH'));
    await scan(ann, 'organisations');
  });

  await ann.context().close();
  await bob.context().close();
  await carol.context().close();
}

/**
 * First render of the Users tab with 100 rows in this browser: from the navigation's start to the 100th
 * row in the table (config, scripts, the organisation, the caller's permissions, the roles and the first
 * page of users included), the median of 5 loads after a first one that warms the server. Reported as
 * console_users_render_ms (target under 1 s, docs/benchmarks.md). The part that is the browser's own
 * (from the last API answer to the rows on screen) must stay under 1 s whatever the machine's load; the
 * whole must stay under 5 s here, since a loaded 2-core machine stretches the server's answers.
 */
async function renderUsers() {
  const email = 'render-owner@example.com';
  const token = await tokenOf(email);
  const org = await api('POST', '/orgs', token, { name: 'Hundred People' });
  const emails = Array.from({ length: 99 }, (_, i) => `person-${String(i).padStart(2, '0')}@example.com`);
  await api('POST', `/orgs/${org.orgId}/invitations`, token, { emails, roles: ['member'] });
  const page = await newPerson();
  await page.goto(`${BASE}/`);
  await signIn(page, email);
  await visible(heading(page, 'Organisations'));
  const samples = [];
  for (let i = 0; i < 6; i++) {
    await page.goto(`${BASE}/console/orgs/${org.orgId}/users`);
    await page.waitForFunction(() => document.querySelectorAll('table.users tbody tr').length >= 100);
    const timing = await page.evaluate(() => {
      const done = performance.now();
      const answers = performance.getEntriesByType('resource')
        .filter((entry) => /\/orgs\//.test(entry.name) && entry.responseEnd <= done).map((entry) => entry.responseEnd);
      return { total: done, browser: done - Math.max(...answers) };
    });
    if (i > 0) {
      samples.push(timing);
    }
  }
  const rows = await page.locator('table.users tbody tr').count();
  check(rows === 100, `the first page shows 100 rows: ${rows}`);
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const total = median(samples.map((s) => s.total));
  const browserPart = median(samples.map((s) => s.browser));
  metrics.console_users_render_ms = Math.round(total);
  metrics.console_users_render_samples_ms = samples.map((s) => Math.round(s.total));
  metrics.console_users_render_browser_ms = Math.round(browserPart);
  console.log(`  console_users_render_ms ${metrics.console_users_render_ms} (target under 1000; samples `
    + `${metrics.console_users_render_samples_ms.join(', ')}); the browser's own part ${metrics.console_users_render_browser_ms} ms`);
  await scan(page, 'users (100 rows)');
  // a list longer than a page pages with the API's cursor
  await api('POST', `/orgs/${org.orgId}/invitations`, token, { emails: ['person-99@example.com'], roles: ['member'] });
  await page.reload();
  await page.waitForFunction(() => document.querySelectorAll('table.users tbody tr').length >= 100);
  await button(page, 'Load more users').click();
  await page.waitForFunction(() => document.querySelectorAll('table.users tbody tr').length === 101);
  await absent(button(page, 'Load more users'), 'the last page offers no more');
  await page.context().close();
  check(browserPart < 1000, `the browser takes ${browserPart} ms after the last answer to show 100 rows, over 1 s`);
  check(total < 5000, `the Users tab with 100 rows took ${total} ms, over 5 s`);
}

/** The JavaScript of the first page (what index.html loads), gzipped. */
function firstPageJs() {
  const dist = join(consoleDir, 'dist');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  check(scripts.length > 0, 'index.html loads a script');
  const bytes = scripts.reduce((sum, file) => sum + gzipSync(readFileSync(join(dist, file)), { level: 9 }).length, 0);
  metrics.console_js_kb_gz = Math.round(bytes / 10.24) / 100;
  console.log(`  console_js_kb_gz ${metrics.console_js_kb_gz} (${scripts.join(', ')})`);
  check(metrics.console_js_kb_gz <= 150, `the first page's JavaScript is ${metrics.console_js_kb_gz} KB gzipped, over 150`);
}

// ---------------------------------------------------------------- main

async function main() {
  if (SHOTS) {
    mkdirSync(SHOTS, { recursive: true });
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  console.log(`browser: ${browser.version()} at ${CHROMIUM}; server ${BASE}`);
  let failed = false;
  try {
    if (ONLY !== 'render') {
      await flows();
    }
    await step('the first page\'s JavaScript is at most 150 KB gzipped', async () => firstPageJs());
    await step('the Users tab renders 100 rows (console_users_render_ms)', renderUsers);
    await step('no request went to another host', async () => {
      check(foreignRequests.length === 0, `requests to other hosts: ${foreignRequests.join(', ')}`);
    });
  } catch {
    failed = true;
  } finally {
    await browser.close();
  }
  if (METRICS) {
    mkdirSync(dirname(METRICS), { recursive: true });
    writeFileSync(METRICS, JSON.stringify({ ...metrics, axe: axeResults }, null, 2));
  }
  const passed = results.filter((r) => r.ok).length;
  console.log(`axe-core: ${axeResults.length} page states scanned, ${axeResults.reduce((n, r) => n + r.blocking, 0)} serious or critical violations`);
  console.log(`${passed} passed, ${results.length - passed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((failure) => {
  console.error(failure);
  process.exit(1);
});
