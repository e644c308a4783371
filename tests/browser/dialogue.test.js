// A dialogue conference from planning through registration and the conference to its results,
// in Chromium against the real server: a leader plans it and opens registration; citizens
// register to speak (JavaScript off), meeting the duplicate and the cap; the leader marks it
// held; the secretary records each speaker's opinion in the conference mode (keyboard first);
// the public page shows the results and the progress of the follow-up, and no one's name.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, launchBrowser, screenshot, login } = require('./harness');

let server;
let browser;
const pad = (n) => String(n).padStart(2, '0');
// Today in Vietnam (UTC+7), as the server counts it.
const vn = new Date(Date.now() + 7 * 3600 * 1000);
const today = `${pad(vn.getUTCDate())}/${pad(vn.getUTCMonth() + 1)}/${vn.getUTCFullYear()}`;
const inTenDays = (() => {
  const d = new Date(vn.getTime() + 10 * 86400 * 1000);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
})();
const dialogue = {
  title: 'Hội nghị đối thoại của Chủ tịch UBND thành phố với Nhân dân (thử nghiệm)',
  host: 'Đồng chí Chủ tịch UBND thành phố',
};
const speakers = [
  { name: 'Trần Văn Bình', phone: '0911000111', topic: 'Bồi thường khi thu hồi đất làm đường ven biển chưa thỏa đáng.' },
  { name: 'Lê Thị Cúc', phone: '0911000222', topic: 'Cống thoát nước khu dân cư thường xuyên ngập khi mưa.' },
  { name: 'Phạm Văn Dũng', phone: '0911000333', topic: 'Đề nghị sửa nhà văn hóa thôn.' },
];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function newPage(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, ...options });
  return context.newPage();
}

test('a leader plans a dialogue and opens registration', async () => {
  const page = await newPage();
  await login(page, server.url, 'lanhdao-hp');
  await page.getByRole('link', { name: 'Đối thoại', exact: true }).click();
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Hội nghị đối thoại');
  await page.getByRole('link', { name: 'Lập kế hoạch hội nghị' }).click();

  // Saving without a title: the message stands beside the field.
  await page.getByRole('button', { name: 'Lưu kế hoạch' }).click();
  assert.match(await page.locator('.field.has-error').first().innerText(), /Vui lòng nhập Tên hội nghị/);

  await page.locator('#f-title').fill(dialogue.title);
  await page.locator('#f-host_agency_code').selectOption('UBND-HP');
  await page.locator('#f-host_name').fill(dialogue.host);
  await page.locator('#f-host_title').fill('Chủ tịch UBND thành phố');
  await page.locator('#f-held_on').fill(today);
  await page.locator('#f-starts_at').fill('08:00');
  await page.locator('#f-venue').fill('Hội trường Trung tâm Hội nghị thành phố');
  await page.locator('#f-registration_cap').fill('2');
  await page.locator('#f-registration_closes_on').fill(today);
  await page.locator('#f-agenda').fill('Giải phóng mặt bằng\nHạ tầng đô thị, thoát nước');
  await page.locator('#f-board').fill('Đồng chí Chủ tịch UBND thành phố - Chủ trì\nĐồng chí Chánh Văn phòng UBND thành phố - Thư ký');
  await page.getByRole('button', { name: 'Lưu kế hoạch' }).click();
  await page.waitForURL(/\/can-bo\/doi-thoai\/\d+\?ok=created/);
  dialogue.staffUrl = page.url().replace(/\?.*/, '');
  dialogue.id = dialogue.staffUrl.match(/(\d+)$/)[1];
  assert.equal(await page.locator('h1 + .meta .status').innerText(), 'Dự kiến');
  assert.match(await page.locator('main').innerText(), /Giải phóng mặt bằng/);

  await page.locator('#tt-open_registration').getByRole('button', { name: 'Mở đăng ký phát biểu' }).click();
  await page.waitForURL(/ok=open_registration/);
  assert.match(await page.getByRole('status').first().innerText(), /Đã thực hiện: Mở đăng ký phát biểu/);
  assert.equal(await page.locator('h1 + .meta .status').innerText(), 'Mở đăng ký phát biểu');
  await screenshot(page, 'dialogue-planned');
  await page.context().close();
});

test('citizens register to speak; a second registration and the cap are refused clearly (JavaScript off)', async () => {
  const page = await newPage({ javaScriptEnabled: false });
  await page.goto(server.url + '/');
  // The home page lists the upcoming dialogue.
  assert.match(await page.locator('#home-dialogues-heading + .card-list').innerText(), new RegExp(dialogue.title.slice(0, 40)));
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Hội nghị đối thoại' }).click();
  await page.getByRole('link', { name: dialogue.title }).click();
  assert.match(await page.locator('main').innerText(), /Hạn đăng ký\s*\d{2}\/\d{2}\/\d{4}/);
  await page.getByRole('link', { name: 'Đăng ký phát biểu' }).last().click();
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Đăng ký phát biểu tại hội nghị');

  // Without a name: the message beside the field, what was typed kept.
  await page.locator('#f-topic').fill(speakers[0].topic);
  await page.getByRole('button', { name: 'Gửi đăng ký' }).click();
  assert.match(await page.locator('.field.has-error').innerText(), /Vui lòng nhập Họ và tên/);
  assert.equal(await page.locator('#f-topic').inputValue(), speakers[0].topic);

  async function register(s) {
    await page.goto(server.url + `/hoi-nghi-doi-thoai/${dialogue.id}/dang-ky`);
    await page.locator('#f-topic').fill(s.topic);
    await page.locator('#f-field_code').selectOption({ label: 'Giải phóng mặt bằng' });
    await page.locator('#f-name').fill(s.name);
    await page.locator('#f-phone').fill(s.phone);
    await page.locator('#f-unit_code').selectOption({ label: 'xã Vĩnh Bảo' });
    await page.getByRole('button', { name: 'Gửi đăng ký' }).click();
  }
  await register(speakers[0]);
  await page.waitForURL(/da-dang-ky=1/);
  assert.match(await page.getByRole('status').first().innerText(), /Đã ghi nhận đăng ký phát biểu/);
  // The same person again: refused, with the form and what was typed kept.
  await register(speakers[0]);
  assert.match(await page.locator('.error-summary').innerText(), /Bạn đã đăng ký phát biểu tại hội nghị này rồi/);
  assert.equal(await page.locator('#f-topic').inputValue(), speakers[0].topic);
  await register(speakers[1]);
  await page.waitForURL(/da-dang-ky=1/);
  // The cap of two is reached: the form gives way to the reason.
  await page.goto(server.url + `/hoi-nghi-doi-thoai/${dialogue.id}/dang-ky`);
  assert.match(await page.locator('.notice-stop').innerText(), /Hội nghị đã đủ số người đăng ký phát biểu/);
  assert.equal(await page.locator('#f-name').count(), 0);
  await page.goto(server.url + `/hoi-nghi-doi-thoai/${dialogue.id}`);
  assert.match(await page.locator('aside').innerText(), /Hội nghị đã đủ số người đăng ký phát biểu/);

  // The public page counts the registrations but names no one.
  await page.goto(server.url + `/hoi-nghi-doi-thoai/${dialogue.id}`);
  const text = await page.locator('main').innerText();
  assert.match(text, /Số người đăng ký:\s*2/);
  for (const s of speakers) {
    assert.doesNotMatch(text, new RegExp(s.name));
    assert.doesNotMatch(text, new RegExp(s.phone));
  }
  await screenshot(page, 'dialogue-registration');
  await page.context().close();
});

test('the leader orders the speakers and marks the conference held', async () => {
  const page = await newPage();
  await login(page, server.url, 'lanhdao-hp');
  await page.goto(dialogue.staffUrl);
  const rows = page.locator('.reg-table tbody tr');
  assert.equal(await rows.count(), 2);
  await page.getByRole('button', { name: 'Xếp thứ tự theo ngày đăng ký' }).click();
  await page.waitForURL(/ok=order/);
  assert.match(await rows.nth(0).innerText(), new RegExp(`1\\s+${speakers[0].name}`));
  // The second speaker goes first.
  await page.getByRole('button', { name: `Chuyển lên trước: ${speakers[1].name}` }).click();
  await page.waitForURL(/ok=order/);
  assert.match(await rows.nth(0).innerText(), new RegExp(`1\\s+${speakers[1].name}`));
  assert.match(await rows.nth(1).innerText(), new RegExp(`2\\s+${speakers[0].name}`));

  await page.locator('#f-attendance-hold').fill('250');
  await page.locator('#tt-hold').getByRole('button', { name: 'Ghi nhận đã tổ chức' }).click();
  await page.waitForURL(/ok=hold/);
  assert.equal(await page.locator('h1 + .meta .status').innerText(), 'Đã tổ chức');
  assert.match(await page.locator('.facts').innerText(), /Số người tham dự\s*250/);
  await page.context().close();
});

test('the secretary records each opinion and its outcome in the conference mode', async () => {
  const page = await newPage();
  await login(page, server.url, 'tiepnhan-hp');
  await page.goto(dialogue.staffUrl);
  await page.getByRole('link', { name: 'Mở chế độ hội nghị' }).click();
  assert.equal(await page.locator('.queue li').count(), 2);
  assert.match(await page.locator('#ghi-y-kien').innerText(), new RegExp(`Đang phát biểu: ${speakers[1].name}`));
  // The registered topic is there to edit; the cursor waits in it.
  assert.equal(await page.locator('#f-content').inputValue(), speakers[1].topic);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'f-content');

  // Keyboard only: leave the text box, key 1 = answered on the spot, Ctrl+Enter records.
  await page.locator('#f-content').press('Control+End');
  await page.keyboard.type(' Đã trả lời: thành phố bố trí vốn nạo vét cống trong quý này.');
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press('1');
  assert.equal(await page.locator('input[name=outcome][value=answered]').isChecked(), true);
  assert.equal(await page.locator('#f-agency_code').isVisible(), false);
  await page.locator('#f-content').press('Control+Enter');
  await page.waitForURL(/hoi-nghi\?ok=opinion/);
  assert.match(await page.getByRole('status').first().innerText(), /Đã ghi ý kiến/);
  assert.equal(await page.locator('.queue li').count(), 1);
  assert.match(await page.locator('.opinion-log').innerText(), /Trả lời trực tiếp tại hội nghị/);

  // The next speaker: assigned, first without the agency.
  assert.match(await page.locator('#ghi-y-kien').innerText(), new RegExp(speakers[0].name));
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press('2');
  assert.equal(await page.locator('#f-agency_code').isVisible(), true);
  await page.getByRole('button', { name: 'Ghi ý kiến' }).click();
  assert.match(await page.locator('.conference-form .field.has-error').innerText(), /Cần chọn cơ quan được giao giải quyết/);
  await page.locator('#f-agency_code').selectOption('UBND-HP');
  await page.locator('#f-due_on').fill(inTenDays);
  await page.getByRole('button', { name: 'Ghi ý kiến' }).click();
  await page.waitForURL(/hoi-nghi\?ok=opinion/);
  assert.match(await page.locator('.opinion-log').innerText(), new RegExp(`Giao cơ quan giải quyết[\\s\\S]*hạn ${inTenDays}`));

  // An opinion from the floor, beyond the city's authority: forwarded up.
  assert.match(await page.locator('#queue-heading').innerText(), /0/);
  await page.getByRole('link', { name: 'Ý kiến từ hội trường (không đăng ký)' }).click();
  await page.locator('#f-speaker_name').fill('Vũ Văn Em');
  await page.locator('#f-content').fill('Đề nghị Trung ương sửa quy định về hạn mức giao đất nông nghiệp.');
  await page.locator('#f-field_code').selectOption({ label: 'Giải phóng mặt bằng' });
  await page.getByLabel('Chuyển cấp trên').check();
  await page.getByRole('button', { name: 'Ghi ý kiến' }).click();
  await page.waitForURL(/hoi-nghi\?ok=opinion/);
  assert.match(await page.locator('#log-heading').innerText(), /3/);
  await screenshot(page, 'dialogue-conference');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'dialogue-conference-phone');
  await page.context().close();
});

test('the follow-up starts and the public page shows the results', async () => {
  const staff = await newPage();
  await login(staff, server.url, 'lanhdao-hp');
  await staff.goto(dialogue.staffUrl);
  await staff.locator('#tt-follow_up').getByRole('button', { name: 'Chuyển sang theo dõi giải quyết' }).click();
  await staff.waitForURL(/ok=follow_up/);
  assert.match(await staff.locator('main').innerText(), /Đã trả lời 1\/3 vụ việc được nêu tại hội nghị/);
  await staff.context().close();

  const page = await newPage({ javaScriptEnabled: false });
  await page.goto(server.url + '/hoi-nghi-doi-thoai');
  await page.getByRole('link', { name: dialogue.title }).click();
  const text = await page.locator('main').innerText();
  assert.match(text, /Đang theo dõi giải quyết/);
  assert.match(text, /Số người tham dự\s*250/);
  assert.match(text, /Đã trả lời 1\/3 vụ việc được nêu tại hội nghị \(33%\)/);
  assert.match(text, /Trả lời trực tiếp tại hội nghị/);
  assert.match(text, /Giao cơ quan giải quyết/);
  assert.match(text, /Chuyển cấp trên/);
  assert.match(text, /Hạ tầng đô thị, thoát nước/);
  for (const name of [speakers[0].name, speakers[1].name, 'Vũ Văn Em']) {
    assert.doesNotMatch(text, new RegExp(name));
  }
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'dialogue-results-phone');
  await page.setViewportSize({ width: 1366, height: 900 });
  await screenshot(page, 'dialogue-results');
  await page.context().close();
});

test('a reception schedule: a citizen books, an officer records a visit, the register lists it', async () => {
  const staff = await newPage();
  await login(staff, server.url, 'lanhdao-hp');
  await staff.getByRole('link', { name: 'Tiếp công dân', exact: true }).click();
  await staff.locator('#tt-schedule summary').click();
  await staff.locator('#f-leader_name').fill('Nguyễn Văn Hùng');
  await staff.locator('#f-leader_title').fill('Chủ tịch UBND thành phố');
  await staff.locator('#f-agency_code').selectOption('UBND-HP');
  await staff.locator('#f-rule').selectOption({ label: 'Thứ Năm hằng tuần' });
  const start = new Date(vn.getTime() - 30 * 86400 * 1000);
  await staff.locator('#f-starts_on').fill(`${pad(start.getUTCDate())}/${pad(start.getUTCMonth() + 1)}/${start.getUTCFullYear()}`);
  await staff.locator('#f-venue').fill('Phòng tiếp công dân thành phố');
  await staff.getByRole('button', { name: 'Lưu lịch tiếp' }).click();
  await staff.waitForURL(/ok=schedule/);
  assert.match(await staff.locator('.schedule-list').innerText(), /Nguyễn Văn Hùng[\s\S]*Thứ Năm hằng tuần/);

  // A citizen books the next Thursday.
  const page = await newPage({ javaScriptEnabled: false });
  await page.goto(server.url + '/');
  assert.match(await page.locator('#home-reception-heading').locator('..').innerText(), /Nguyễn Văn Hùng/);
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Lịch tiếp công dân' }).click();
  assert.match(await page.locator('main').innerText(), /Thứ Năm, \d{2}\/\d{2}\/\d{4}/);
  await page.getByRole('link', { name: /^Đặt lịch: Thứ Năm/ }).first().click();
  await page.locator('#f-topic').fill('Đề nghị cấp giấy chứng nhận quyền sử dụng đất.');
  await page.locator('#f-name').fill('Đặng Văn Khoa');
  await page.locator('#f-phone').fill('0914000555');
  await page.getByRole('button', { name: 'Đặt lịch' }).click();
  await page.waitForURL(/da-dat-lich/);
  assert.match(await page.locator('#booking-code').innerText(), /^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
  assert.doesNotMatch(await page.locator('main').innerText(), /Đặng Văn Khoa/);
  await screenshot(page, 'reception-booked');
  await page.context().close();

  // The officer records a visit on the last Thursday; a refusal needs its ground.
  const last = new Date(vn.getTime());
  while (last.getUTCDay() !== 4) last.setTime(last.getTime() - 86400 * 1000);
  const iso = `${last.getUTCFullYear()}-${pad(last.getUTCMonth() + 1)}-${pad(last.getUTCDate())}`;
  await staff.goto(staff.url().replace(/\/can-bo.*/, `/can-bo/tiep-cong-dan`));
  const href = await staff.locator('.schedule-list a').first().getAttribute('href');
  const lich = href.match(/lich=(\d+)/)[1];
  await staff.goto(server.url + `/can-bo/tiep-cong-dan/buoi?lich=${lich}&ngay=${iso}`);
  await staff.locator('#f-name').fill('Hoàng Thị Lan');
  await staff.locator('#f-id_number').fill('031190004567');
  await staff.locator('#f-address').fill('xã Vĩnh Bảo');
  await staff.locator('#f-summary').fill('Đề nghị sửa chữa cầu dân sinh bị xuống cấp.');
  await staff.locator('#f-field_code').selectOption({ label: 'Giải phóng mặt bằng' });
  await staff.locator('#f-unit_code').selectOption({ label: 'xã Vĩnh Bảo' });
  await staff.getByRole('button', { name: 'Ghi vào sổ tiếp công dân' }).click();
  await staff.waitForURL(/ok=visit/);
  assert.match(await staff.getByRole('status').first().innerText(), /mở vụ việc [0-9A-Z]{5}-[0-9A-Z]{5}/);
  await staff.getByLabel('Từ chối tiếp', { exact: true }).check();
  await staff.locator('#f-name').fill('Người thứ hai');
  await staff.locator('#f-summary').fill('Vụ việc đã được giải quyết đúng pháp luật.');
  await staff.getByRole('button', { name: 'Ghi vào sổ tiếp công dân' }).click();
  assert.match(await staff.locator('.visit-form .field.has-error').innerText(), /Cần chọn căn cứ từ chối tiếp/);
  await screenshot(staff, 'reception-session');

  await staff.goto(server.url + '/can-bo/tiep-cong-dan/so');
  const head = await staff.locator('.register-table thead th').allInnerTexts();
  assert.deepEqual(head, ['STT', 'Ngày tiếp', 'Họ tên, địa chỉ', 'Số CMND/CCCD', 'Nội dung vụ việc',
    'Phân loại vụ việc, số người', 'Cơ quan đã giải quyết', 'Hướng xử lý',
    'Theo dõi kết quả giải quyết', 'Ghi chú']);
  assert.match(await staff.locator('.register-table tbody').innerText(), /Hoàng Thị Lan[\s\S]*031190004567/);
  await screenshot(staff, 'reception-register');
  await staff.setViewportSize({ width: 390, height: 844 });
  await staff.goto(server.url + '/lich-tiep-cong-dan');
  await screenshot(staff, 'reception-schedule-phone');
  await staff.context().close();
});
