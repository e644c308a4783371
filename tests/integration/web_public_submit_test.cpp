// The public web form (/gui-phan-anh) takes the writer's asynchronous path like the API: a valid
// form is answered with the redirect to its receipt once written; a refused one gets the form
// again with its message, and nothing is written.
#include <gtest/gtest.h>

#include "integration/fixture.hpp"
#include "integration/web_forms.hpp"

namespace doithoai::testsupport {
namespace {

class WebPublicSubmit : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ =
        std::make_unique<LiveServer>(std::vector<Account>{{"quantri", "admin", "--unit", "31"}});
  }

  // Posts the form with the anonymous CSRF cookie and token of a freshly read form page.
  HttpResponse post(std::vector<std::pair<std::string, std::string>> fields,
                    bool good_token = true) {
    HttpClient client(server_->port());
    const auto page = client.get("/gui-phan-anh");
    EXPECT_EQ(page.status, 200);
    fields.emplace_back("csrf_token", good_token ? csrf_in(page.body) : std::string("sai"));
    return client.request("POST", "/gui-phan-anh",
                          {{"Content-Type", "application/x-www-form-urlencoded"},
                           {"Cookie", "doithoai_csrf=" + cookie_value(page, "doithoai_csrf")}},
                          form_encode(fields));
  }

  static std::vector<std::pair<std::string, std::string>> valid_form(const std::string& title) {
    return {{"kind", "phan_anh"},
            {"unit_code", "HP-2025-VINHBAO"},
            {"title", title},
            {"content", "Đèn đường ở thôn Đông không sáng đã một tuần."},
            {"name", "Nguyễn Văn An"}};
  }

  std::unique_ptr<LiveServer> server_;
};

TEST_F(WebPublicSubmit, AValidFormRedirectsToTheReceiptOfTheWrittenMatter) {
  const auto posted = post(valid_form("Đèn đường thôn Đông hỏng"));
  ASSERT_EQ(posted.status, 303) << posted.body;
  const std::string location = posted.header("location");
  ASSERT_EQ(location.rfind("/bien-nhan/", 0), 0u) << location;
  HttpClient client(server_->port());
  const auto receipt = client.get(location);
  ASSERT_EQ(receipt.status, 200);
  EXPECT_NE(receipt.body.find("Đèn đường thôn Đông hỏng"), std::string::npos);
  const auto code = location.substr(std::string("/bien-nhan/").size());
  const auto tracked = client.get("/api/v1/public/matters/" + code);
  EXPECT_EQ(tracked.status, 200) << tracked.body;
}

TEST_F(WebPublicSubmit, ARefusedFormComesBackWithItsMessageAndWritesNothing) {
  const long long before = server_->last_event_id("quantri");
  auto unknown_unit = valid_form("Đèn đường thôn Đông hỏng");
  unknown_unit[1].second = "KHONG-CO";
  const auto refused = post(unknown_unit);
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("Đèn đường ở thôn Đông"), std::string::npos);  // what was typed
  const auto forged = post(valid_form("Đèn đường thôn Đông hỏng"), false);
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(server_->last_event_id("quantri"), before);
}

}  // namespace
}  // namespace doithoai::testsupport
