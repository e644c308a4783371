-- POSTs public submissions with varied titles, and prints the RESULT line of report.lua.
local counter = 0
local kinds = {"phan_anh", "kien_nghi", "de_xuat", "gop_y"}
local units = {"HP-2025-VINHBAO", "HP-2025-VINHTHUAN", "HP-2025-VINHAM", "HP-2025-VINHHAI"}

request = function()
  counter = counter + 1
  local body = string.format(
    '{"name":"Người gửi %d","unit_code":"%s","kind":"%s","title":"Phản ánh số %d",' ..
    '"content":"Nội dung phản ánh thử tải số %d về đường giao thông nông thôn."}',
    counter, units[counter % #units + 1], kinds[counter % #kinds + 1], counter, counter)
  return wrk.format("POST", "/api/v1/public/submissions",
    {["Content-Type"] = "application/json"}, body)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d\n",
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
