// The four flows of issue 5, end to end in Chromium against the real server: a citizen
// submits, gets a code and tracks it; an intake officer classifies and assigns; a department
// officer answers; a leader sees what is overdue. They run in order on one matter.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, launchBrowser, screenshot, login } = require('./harness');

let server;
let browser;
const matter = {
  title: 'Đường liên xã bị sạt lở sau mưa lớn',
  content: 'Đoạn đường liên xã dài khoảng 200 m bị sạt lở, xe máy đi lại rất nguy hiểm.',
  name: 'Nguyễn Thị Hoa',
  phone: '0912345678',
};

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

// Finds the matter through the list's filters (the demo data fills the inbox tabs).
async function openFromList(page, status, unit, title) {
  await page.getByRole('link', { name: 'Vụ việc', exact: true }).click();
  await page.getByLabel('Trạng thái').selectOption({ label: status });
  await page.locator('#f-unit').selectOption({ label: unit });
  await page.getByRole('button', { name: 'Lọc' }).click();
  const count = await page.locator('main .count').innerText();
  assert.match(count, /^Có \d+ vụ việc · đang lọc:/);
  assert.match(count, new RegExp(status + ' · ' + unit));
  await page.getByRole('link', { name: title }).click();
}

async function newPage(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, ...options });
  return context.newPage();
}

test('a citizen submits, gets a tracking code and tracks it (JavaScript off)', async () => {
  const page = await newPage({ javaScriptEnabled: false });
  await page.goto(server.url + '/');
  await page.getByRole('link', { name: 'Gửi phản ánh, kiến nghị' }).first().click();
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Gửi phản ánh, kiến nghị');

  // Sending without the title: the form comes back with the message beside the field and
  // what was typed kept.
  await page.locator('#f-kind').selectOption({ label: 'Kiến nghị' });
  await page.locator('#f-unit_code').selectOption({ label: 'xã Vĩnh Bảo' });
  await page.locator('#f-content').fill(matter.content);
  await page.locator('#f-name').fill(matter.name);
  await page.getByRole('button', { name: 'Gửi phản ánh, kiến nghị' }).click();
  assert.match(await page.locator('.field.has-error').innerText(), /Vui lòng nhập Tiêu đề/);
  assert.equal(await page.locator('#f-title').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#f-content').inputValue(), matter.content);
  assert.equal(await page.locator('#f-name').inputValue(), matter.name);

  await page.locator('#f-title').fill(matter.title);
  await page.locator('#f-phone').fill(matter.phone);
  await page.getByRole('button', { name: 'Gửi phản ánh, kiến nghị' }).click();
  await page.waitForURL(/\/bien-nhan\//);
  const code = (await page.locator('#tracking-code').innerText()).trim();
  assert.match(code, /^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
  matter.code = code;
  const receipt = await page.locator('main').innerText();
  assert.match(receipt, /Bước tiếp theo/);
  assert.match(receipt, /hạn \d{2}\/\d{2}\/\d{4}/);
  assert.match(receipt, /còn \d+ ngày làm việc/);
  assert.match(receipt, /Mới tiếp nhận/);
  await screenshot(page, 'citizen-receipt');

  // Tracking with the code typed loosely (lower case, no hyphen).
  await page.getByRole('link', { name: 'Tra cứu', exact: true }).click();
  await page.getByLabel('Mã tra cứu').fill(code.replace('-', '').toLowerCase());
  await page.getByRole('button', { name: 'Tra cứu' }).click();
  await page.waitForURL(new RegExp('/tra-cuu/' + code));
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), matter.title);
  const tracked = await page.locator('main').innerText();
  assert.match(tracked, /Mới tiếp nhận/);
  assert.match(tracked, /Quá trình xử lý[\s\S]*Tiếp nhận/);
  // Nothing personal on a public page.
  assert.doesNotMatch(tracked, new RegExp(matter.name));
  assert.doesNotMatch(tracked, new RegExp(matter.phone));
  await screenshot(page, 'citizen-track');
  await page.context().close();
});

test('an intake officer classifies and assigns the matter', async () => {
  const page = await newPage();
  await login(page, server.url, 'tiepnhan-hp');
  assert.match(await page.locator('.tabs [aria-current="page"]').innerText(), /Mới tiếp nhận, cần phân loại/);
  await openFromList(page, 'Mới tiếp nhận', 'xã Vĩnh Bảo', matter.title);
  matter.url = page.url();
  assert.match(await page.locator('main').innerText(), new RegExp(matter.name));

  await page.locator('#tt-classify summary').click();
  await page.locator('#f-field_code-classify').selectOption({ label: 'Giải phóng mặt bằng' });
  await page.locator('#tt-classify').getByRole('button', { name: 'Phân loại' }).click();
  await page.waitForURL(/ok=classify/);
  assert.match(await page.getByRole('status').first().innerText(), /Đã thực hiện: Phân loại/);
  assert.equal(await page.locator('h1 + .meta .status').innerText(), 'Đã phân loại');

  // Assigning without an agency: the message stands beside the field, the form stays open.
  await page.locator('#tt-assign summary').click();
  await page.locator('#tt-assign').getByRole('button', { name: 'Giao xử lý' }).click();
  assert.equal(await page.locator('#tt-assign').getAttribute('open'), '');
  assert.match(await page.locator('#tt-assign .field.has-error').innerText(), /Vui lòng chọn Cơ quan/);

  await page.locator('#f-agency_code-assign').selectOption('UBND-HP');
  await page.locator('#f-handler-assign').fill('chuyenvien-hp');
  await page.locator('#tt-assign').getByRole('button', { name: 'Giao xử lý' }).click();
  await page.waitForURL(/ok=assign/);
  const text = await page.locator('main').innerText();
  assert.match(text, /Đang xử lý/);
  assert.match(text, /Ủy ban nhân dân thành phố Hải Phòng/);
  await screenshot(page, 'intake-assigned');
  await page.context().close();
});

test('a department officer answers the matter', async () => {
  const page = await newPage();
  await login(page, server.url, 'chuyenvien-hp');
  assert.match(await page.locator('.tabs').innerText(), /Giao cho cơ quan tôi/);
  await openFromList(page, 'Đang xử lý', 'xã Vĩnh Bảo', matter.title);
  await page.locator('#tt-answer summary').click();
  await page.locator('#f-text-answer').fill('UBND thành phố đã chỉ đạo sửa chữa đoạn đường, hoàn thành trước ngày 15/12/2026.');
  await page.locator('#f-document_number-answer').fill('45/UBND-GT');
  await page.locator('#f-signed_by-answer').fill('Phó Chủ tịch UBND thành phố');
  await page.locator('#tt-answer').getByRole('button', { name: 'Trả lời' }).click();
  await page.waitForURL(/ok=answer/);
  const text = await page.locator('main').innerText();
  assert.match(text, /Đã trả lời/);
  assert.match(text, /Số: 45\/UBND-GT, ngày \d{2}\/\d{2}\/\d{4}/);
  await screenshot(page, 'officer-answered');
  await page.context().close();
});

test('a leader sees what is overdue', async () => {
  const page = await newPage();
  await login(page, server.url, 'lanhdao');
  await page.getByRole('link', { name: /^Quá hạn/ }).click();
  const count = await page.locator('main .count').innerText();
  const n = Number(count.replace(/\D/g, ''));
  assert.ok(n > 0, count);
  const badge = await page.locator('.tabs [aria-current="page"] .badge').innerText();
  assert.equal(Number(badge.replace(/\D/g, '')), n);
  const rows = page.locator('.matter-table tbody tr');
  assert.equal(await rows.count(), Math.min(20, n));
  assert.match(await rows.first().innerText(), /quá hạn [\d.]+ ngày/);
  await screenshot(page, 'leader-overdue');
  await page.context().close();
});

test('the leader publishes the answer and the citizen reads and rates it', async () => {
  const staff = await newPage();
  await login(staff, server.url, 'lanhdao-hp');
  await staff.goto(matter.url);
  await staff.locator('#tt-publish summary').click();
  await staff.locator('#tt-publish').getByRole('button', { name: 'Công khai kết quả' }).click();
  await staff.waitForURL(/ok=publish/);
  await staff.context().close();

  const page = await newPage();
  await page.goto(server.url + '/tra-cuu/' + matter.code);
  const text = await page.locator('main').innerText();
  assert.match(text, /Đã công khai/);
  assert.match(text, /Văn bản trả lời[\s\S]*45\/UBND-GT/);
  await page.getByLabel('Hài lòng', { exact: true }).check();
  await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
  await page.waitForURL(/da-danh-gia=1/);
  assert.match(await page.getByRole('status').first().innerText(), /Cảm ơn bạn đã đánh giá/);
  assert.match(await page.locator('.facts').innerText(), /Mức độ hài lòng\s*Hài lòng/);
  // The published answer is listed for everyone.
  await page.goto(server.url + '/ket-qua');
  assert.match(await page.locator('.card-list').innerText(), new RegExp(matter.title));
  await screenshot(page, 'citizen-rated');
  await page.context().close();
});
