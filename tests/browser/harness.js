// Starts the real doithoai binary on a free port with a fresh database and the demo data, adds
// the accounts the flows need, and launches Debian's chromium through playwright-core.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const root = path.resolve(__dirname, '..', '..');
const binary = process.env.DOITHOAI_BINARY || path.join(root, 'build', 'doithoai');
const artifacts = process.env.DOITHOAI_ARTIFACTS || path.join(root, 'build', 'browser-artifacts');
const password = 'doithoai-demo';

// Accounts of the city (unit 31), so that a matter a citizen sends today (to a commune of 2025)
// is in their scope; the demo accounts are those of huyện Vĩnh Bảo in 2021.
const cityAccounts = [
  ['tiepnhan-hp', 'intake', '--unit', '31', 'Cán bộ tiếp nhận thành phố (thử nghiệm)'],
  ['chuyenvien-hp', 'officer', '--agency', 'UBND-HP', 'Chuyên viên UBND thành phố (thử nghiệm)'],
  ['lanhdao-hp', 'leader', '--unit', '31', 'Lãnh đạo thành phố (thử nghiệm)'],
  ['quantri-hp', 'admin', '--unit', '31', 'Quản trị thành phố (thử nghiệm)'],
];

async function startServer() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doithoai-browser-'));
  const db = path.join(dir, 'doithoai.db');
  const child = spawn(binary, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--demo'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start:\n' + output)), 120000);
    const onData = (chunk) => {
      output += chunk.toString();
      const m = output.match(/serving (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)));
  });
  child.removeAllListeners('exit');
  for (const [username, role, scopeFlag, scope, name] of cityAccounts) {
    const r = spawnSync(binary, ['user', 'add', '--db', db, '--username', username, '--role', role,
      scopeFlag, scope, '--display-name', name, '--password-stdin'], { cwd: root, input: password + '\n' });
    if (r.status !== 0) throw new Error(`user add ${username}: ${r.stderr}`);
  }
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// The flags DESIGN.md lists for headless Chromium on this machine; playwright gives each launch
// a fresh profile directory. Each actor gets a context of their own (their own cookies).
async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// Every test leaves a picture of its last page beside the build.
async function screenshot(page, name) {
  fs.mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, name + '.png'), fullPage: true });
}

async function login(page, base, username) {
  await page.goto(base + '/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(/\/can-bo/);
}

module.exports = { startServer, launchBrowser, screenshot, login, artifacts };
