// Issue 5 and 6 in Chromium: an admin merges two communes by decree and the reports still add
// up (the successor's figures are the sum of the two before); the reports dashboard, search
// with marked words, and the main pages at a phone's and a desktop's width.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, launchBrowser, screenshot, login } = require('./harness');

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function newPage(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, ...options });
  return context.newPage();
}

// 6.247 -> 6247
function number(text) {
  return Number(text.replace(/\./g, '').trim());
}

// The dashboard of a unit over 2016-2021, through its form; the figure of matters received.
async function matterFigure(page, unitLabel) {
  await page.getByRole('link', { name: 'Báo cáo, thống kê', exact: true }).click();
  await page.getByLabel('Từ ngày').fill('01/01/2016');
  await page.getByLabel('Đến ngày').fill('31/12/2021');
  await page.getByRole('radio', { name: 'Đơn vị hành chính' }).check();
  await page.locator('#f-unit').selectOption({ label: unitLabel });
  await page.getByRole('button', { name: 'Xem báo cáo' }).click();
  assert.equal(await page.locator('#report-scope').innerText(), unitLabel);
  const figure = page.locator('.figure', { hasText: 'Vụ việc tiếp nhận trong kỳ' }).locator('dd');
  return number(await figure.innerText());
}

test('an admin merges two communes and the reports still add up (JavaScript off)', async () => {
  const page = await newPage({ javaScriptEnabled: false });
  await login(page, server.url, 'quantri-hp');
  const am = await matterFigure(page, 'xã Vĩnh Am');
  const hai = await matterFigure(page, 'xã Vĩnh Hải');
  assert.ok(am > 0 && hai > 0, `${am} ${hai}`);

  await page.getByRole('link', { name: 'Quản trị', exact: true }).click();
  await page.getByRole('link', { name: 'Đơn vị hành chính' }).first().click();
  const form = page.locator('#sap-nhap');
  await form.locator('#f-from_1').selectOption({ label: 'xã Vĩnh Am' });
  await form.locator('#f-from_2').selectOption({ label: 'xã Vĩnh Hải' });
  await form.getByLabel('Mã', { exact: true }).fill('HP-2026-VINHHAIAM');
  await form.getByLabel('Loại (xã, phường, thị trấn...)').fill('xã');
  await form.getByLabel('Tên', { exact: true }).fill('Vĩnh Hải Am');
  await form.getByLabel('Đơn vị cấp trên').selectOption({ label: 'thành phố Hải Phòng' });
  await form.getByLabel('Ngày nghị quyết có hiệu lực').fill('01/01/2026');
  await form.getByLabel('Số, ký hiệu nghị quyết').fill('Nghị quyết 99/NQ-UBTVQH15');
  await form.getByRole('button', { name: 'Ghi nhận sáp nhập' }).click();
  await page.waitForURL(/ok=1/);
  assert.match(await page.getByRole('status').first().innerText(), /Đã lưu thay đổi/);
  const tree = await page.locator('.unit-tree').innerText();
  assert.match(tree, /xã Vĩnh Hải Am[\s\S]*Hợp nhất từ: xã Vĩnh Am, xã Vĩnh Hải/);
  assert.match(tree, /Sáp nhập vào: xã Vĩnh Hải Am/);

  const merged = await matterFigure(page, 'xã Vĩnh Hải Am');
  assert.equal(merged, am + hai);
  await screenshot(page, 'admin-merged-report');
  await page.context().close();
});

test('a leader reads the dashboard: charts with their tables, the overdue list, downloads', async () => {
  const page = await newPage();
  await login(page, server.url, 'lanhdao');
  await page.getByRole('link', { name: 'Báo cáo, thống kê', exact: true }).click();
  await page.getByLabel('Từ ngày').fill('01/01/2021');
  await page.getByLabel('Đến ngày').fill('31/12/2021');
  await page.getByRole('button', { name: 'Xem báo cáo' }).click();
  // Four charts, each drawn or saying there is nothing to draw in the period.
  assert.equal(await page.locator('figure.chart-figure').count(), 4);
  assert.ok(await page.locator('svg.chart[role="img"]').count() >= 3);
  await page.locator('#chart-monthly-cap').scrollIntoViewIfNeeded();
  await page.locator('figure', { hasText: 'Tỷ lệ giải quyết đúng hạn theo tháng' }).getByText('Xem số liệu dạng bảng').click();
  assert.match(await page.locator('figure', { hasText: 'theo tháng' }).locator('table').innerText(), /12\/2021/);
  assert.match(await page.locator('.downloads').innerText(), /Tải Excel \(XLSX\)[\s\S]*Tải PDF/);
  const overdue = await page.locator('#overdue-heading + .count').innerText();
  assert.match(overdue, /^Có [\d.]+ vụ việc quá hạn$/);
  await screenshot(page, 'leader-dashboard');
  await page.context().close();
});

test('staff search marks the words it found', async () => {
  const page = await newPage();
  await login(page, server.url, 'lanhdao');
  await page.getByRole('link', { name: 'Vụ việc', exact: true }).click();
  await page.getByLabel('Tìm theo từ khóa').fill('đường');
  await page.getByRole('button', { name: 'Lọc' }).click();
  assert.match(await page.locator('main .count').innerText(), /từ khóa “đường”/);
  assert.ok(await page.locator('.matter-table mark').count() > 0);
  await screenshot(page, 'staff-search');
  await page.context().close();
});

test('the main pages at a phone and a desktop width', async () => {
  for (const [name, viewport] of [['phone', { width: 390, height: 844 }], ['desktop', { width: 1366, height: 900 }]]) {
    const page = await newPage({ viewport });
    await login(page, server.url, 'quantri-hp');
    for (const [shot, path] of [
      ['dashboard', '/can-bo/bao-cao?from=01/01/2021&to=31/12/2021&scope=unit&unit=316'],
      ['admin-units', '/can-bo/quan-tri/don-vi'],
      ['admin-users', '/can-bo/quan-tri/nguoi-dung'],
      ['search', '/can-bo/vu-viec?q=ô+nhiễm'],
    ]) {
      await page.goto(server.url + path);
      // Nothing wider than the screen.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `${shot} at ${name}: ${overflow}px too wide`);
      await screenshot(page, `${name}-${shot}`);
    }
    await page.goto(server.url + '/khong-co-trang-nay');
    assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /Không tìm thấy/);
    await screenshot(page, `${name}-not-found`);
    await page.context().close();
  }
});
