// The PACT API client against a tiny local cpp-httplib host that answers with the spec's recorded
// examples (tests/fixtures/pact/README.md): the token request as RFC 6749 §4.4 wants it, the
// recorded ListFootprints body read page by page through `Link` headers, the spec's error bodies
// turned into pact.remote messages that say what the other host said, and a pagination link to
// another host refused.
#include <gtest/gtest.h>
#include <httplib.h>

#include <thread>

#include "io/file.hpp"
#include "io/pact.hpp"
#include "io/pact_client.hpp"

namespace cl::io {
namespace {

const std::string kFixtures = CL_SOURCE_DIR "/tests/fixtures/pact/";

std::string fixture(const std::string& name) {
  return read_file(kFixtures + name).value();
}

/// A host on a free port of 127.0.0.1 with the handlers the test sets, stopped at the end.
class StubHost {
 public:
  StubHost() : port_(server_.bind_to_any_port("127.0.0.1")) {}
  ~StubHost() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }
  httplib::Server& server() { return server_; }
  void start() {
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // cpp-httplib 0.11 has no wait_until_ready(): poll until the listening loop runs.
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  httplib::Server server_;
  int port_;
  std::thread thread_;
};

/// The token endpoint: accepts client "id" with secret "s3cret", answers the spec's examples.
void add_token_endpoint(httplib::Server& server) {
  server.Post("/auth/token", [](const httplib::Request& req, httplib::Response& res) {
    // base64("id:s3cret") = "aWQ6czNjcmV0"
    const bool ok = req.get_header_value("Authorization") == "Basic aWQ6czNjcmV0" &&
                    req.body == "grant_type=client_credentials" &&
                    req.get_header_value("Content-Type") == "application/x-www-form-urlencoded";
    if (!ok) {
      // rest-api.md "Example Error Response" of Action Authenticate.
      res.status = 400;
      res.set_content(
          R"({"error": "invalid_client", "error_description": "Authentication failed"})",
          "application/json");
      return;
    }
    res.set_content(R"({"access_token": "tok", "token_type": "bearer"})", "application/json");
  });
}

TEST(PactClientTest, BasicCredentialsFollowRfc6749) {
  // RFC 6749 §2.3.1's example: client s6BhdRkqt3, secret 7Fjfp0ZBr1KtDRbnfVdmIw.
  EXPECT_EQ(pact_basic_credentials("s6BhdRkqt3", "7Fjfp0ZBr1KtDRbnfVdmIw"),
            "Basic czZCaGRSa3F0Mzo3RmpmcDBaQnIxS3REUmJuZlZkbUl3");
  // Form-encoded before base64: "id 1" → "id+1", "s3:cr/t" → "s3%3Acr%2Ft" (python3
  // base64.b64encode(b"id+1:s3%3Acr%2Ft")).
  EXPECT_EQ(pact_basic_credentials("id 1", "s3:cr/t"), "Basic aWQrMTpzMyUzQWNyJTJGdA==");
}

TEST(PactClientTest, NextLinkOfTheSpecsExample) {
  // rest-api.md "Example Action ListFootprints request and response".
  EXPECT_EQ(pact_next_link("<https://api.pathfinder.sine.dev/2/footprints?limit=10&offset=10>; "
                           "rel=\"next\""),
            "https://api.pathfinder.sine.dev/2/footprints?limit=10&offset=10");
  EXPECT_EQ(pact_next_link("<https://h/a>; rel=\"prev\", <https://h/b>; rel=\"next\""),
            "https://h/b");
  EXPECT_EQ(pact_next_link("<https://h/a>; rel=\"prev\""), "");
  EXPECT_EQ(pact_next_link(""), "");
}

TEST(PactClientTest, ReadsTheRecordedListResponsePageByPage) {
  StubHost host;
  add_token_endpoint(host.server());
  const std::string next = host.url() + "/3/footprints?limit=1&offset=1";
  host.server().Get("/3/footprints", [&](const httplib::Request& req, httplib::Response& res) {
    if (req.get_header_value("Authorization") != "Bearer tok") {
      res.status = 403;
      res.set_content(fixture("spec-error-response-access-denied.json"), "application/json");
      return;
    }
    if (!req.has_param("offset")) {
      res.set_header("Link", "<" + next + ">; rel=\"next\"");
      res.set_content(fixture("spec-list-footprints-response.json"), "application/json");
    } else {
      res.set_content("{\"data\": [" + fixture("spec-example-adapted-v3-draft.json") + "]}",
                      "application/json");
    }
  });
  host.start();
  PactApiClient client({host.url(), "id", "s3cret", std::chrono::seconds(5)});
  ASSERT_TRUE(client.authenticate());
  const auto page = client.list_footprints();
  ASSERT_TRUE(page) << page.error().to_string();
  EXPECT_EQ(page->pages, 2);
  ASSERT_EQ(page->footprints.size(), 2u);
  EXPECT_EQ(page->footprints[0]["id"], "91715e5e-fd0b-4d1c-8fab-76290c46e6ed");
  EXPECT_EQ(page->footprints[0]["productNameCompany"], "Green Ethanol");
  EXPECT_EQ(page->footprints[0]["pcf"]["declaredUnitOfMeasurement"], "liter");
  EXPECT_EQ(page->footprints[1]["pcf"]["declaredUnit"], "liter");
  EXPECT_TRUE(validate_pact(page->footprints[1]).empty());
}

TEST(PactClientTest, WithoutATokenTheHostsErrorIsReported) {
  StubHost host;
  host.server().Get("/3/footprints", [](const httplib::Request&, httplib::Response& res) {
    res.status = 403;
    res.set_content(fixture("spec-error-response-access-denied.json"), "application/json");
  });
  add_token_endpoint(host.server());
  host.start();
  PactApiClient client({host.url(), "id", "wrong", std::chrono::seconds(5)});
  const auto token = client.authenticate();
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().code, ErrorCode::pact_remote);
  EXPECT_NE(token.error().message.find("HTTP 400 invalid_client: Authentication failed"),
            std::string::npos)
      << token.error().message;
  const auto list = client.list_footprints();
  ASSERT_FALSE(list);
  EXPECT_NE(list.error().message.find("not authenticated"), std::string::npos);
}

TEST(PactClientTest, GetFootprintAndNoSuchFootprint) {
  StubHost host;
  add_token_endpoint(host.server());
  host.server().Get(
      R"(/3/footprints/([-0-9a-f]+))", [](const httplib::Request& req, httplib::Response& res) {
        if (req.matches[1] == "91715e5e-fd0b-4d1c-8fab-76290c46e6ed") {
          res.set_content("{\"data\": " + fixture("spec-example-adapted-v3-draft.json") + "}",
                          "application/json");
          return;
        }
        res.status = 404;
        // rest-api.md "Error responses", the table's example message.
        res.set_content(R"({"code": "NoSuchFootprint", "message": "The specified )"
                        R"(footprint does not exist."})",
                        "application/json");
      });
  host.start();
  PactApiClient client({host.url(), "id", "s3cret", std::chrono::seconds(5)});
  ASSERT_TRUE(client.authenticate());
  const auto found = client.get_footprint("91715e5e-fd0b-4d1c-8fab-76290c46e6ed");
  ASSERT_TRUE(found) << found.error().to_string();
  EXPECT_EQ((*found)["companyName"], "My Corp");
  const auto missing = client.get_footprint("00000000-0000-4000-8000-000000000000");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::pact_remote);
  EXPECT_NE(missing.error().message.find(
                "HTTP 404 NoSuchFootprint: The specified footprint does not exist."),
            std::string::npos)
      << missing.error().message;
}

TEST(PactClientTest, APaginationLinkToAnotherHostIsNotFollowed) {
  StubHost host;
  add_token_endpoint(host.server());
  host.server().Get("/3/footprints", [](const httplib::Request&, httplib::Response& res) {
    // The spec's example header as it is: its host is not ours.
    res.set_header("Link",
                   "<https://api.pathfinder.sine.dev/2/footprints?limit=10&offset=10>; "
                   "rel=\"next\"");
    res.set_content(fixture("spec-list-footprints-response.json"), "application/json");
  });
  host.start();
  PactApiClient client({host.url(), "id", "s3cret", std::chrono::seconds(5)});
  ASSERT_TRUE(client.authenticate());
  const auto page = client.list_footprints();
  ASSERT_FALSE(page);
  EXPECT_NE(page.error().message.find("points to another host"), std::string::npos)
      << page.error().message;
}

TEST(PactClientTest, AHostThatIsNotThereIsPactRemote) {
  int port = 0;
  {
    httplib::Server probe;  // a port that was free a moment ago and is closed now
    port = probe.bind_to_any_port("127.0.0.1");
  }
  PactApiClient client(
      {"http://127.0.0.1:" + std::to_string(port), "id", "s3cret", std::chrono::seconds(2)});
  const auto token = client.authenticate();
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().code, ErrorCode::pact_remote);
  EXPECT_NE(token.error().message.find("check the URL and that the host is up"), std::string::npos);
}

}  // namespace
}  // namespace cl::io
