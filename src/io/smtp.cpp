// One mail over SMTP with libcurl's easy interface (io/smtp.hpp).
#include "io/smtp.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <mutex>

namespace cl::io {
namespace {

/// curl_global_init is not thread-safe before libcurl 7.84 (Debian 12 has 7.88, but be plain):
/// once per process.
void init_curl() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Upload {
  const std::string* text = nullptr;
  std::size_t offset = 0;
};

std::size_t read_message(char* buffer, std::size_t size, std::size_t count, void* data) {
  auto* upload = static_cast<Upload*>(data);
  const std::size_t room = size * count;
  const std::size_t left = upload->text->size() - upload->offset;
  const std::size_t n = std::min(room, left);
  std::memcpy(buffer, upload->text->data() + upload->offset, n);
  upload->offset += n;
  return n;
}

struct Easy {
  CURL* handle = curl_easy_init();
  curl_slist* recipients = nullptr;
  ~Easy() {
    curl_slist_free_all(recipients);
    if (handle != nullptr) curl_easy_cleanup(handle);
  }
};

}  // namespace

bool is_smtp_url(const std::string& url) {
  for (const std::string_view scheme : {"smtp://", "smtps://"}) {
    if (url.rfind(scheme, 0) == 0 && url.size() > scheme.size() && url[scheme.size()] != '/' &&
        url[scheme.size()] != ':') {
      return true;
    }
  }
  return false;
}

Result<void> send_smtp(const SmtpServer& server, const std::string& from, const std::string& to,
                       const std::string& message) {
  init_curl();
  Easy easy;
  if (easy.handle == nullptr) return fail(ErrorCode::mail_failed, "libcurl could not start");
  Upload upload{&message, 0};
  const std::string mail_from = "<" + from + ">";
  easy.recipients = curl_slist_append(nullptr, ("<" + to + ">").c_str());
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(easy.handle, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(easy.handle, CURLOPT_URL, server.url.c_str());
  curl_easy_setopt(easy.handle, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(easy.handle, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(easy.handle, CURLOPT_MAIL_RCPT, easy.recipients);
  curl_easy_setopt(easy.handle, CURLOPT_READFUNCTION, read_message);
  curl_easy_setopt(easy.handle, CURLOPT_READDATA, &upload);
  curl_easy_setopt(easy.handle, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(easy.handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy.handle, CURLOPT_TIMEOUT, static_cast<long>(server.timeout.count()));
  curl_easy_setopt(easy.handle, CURLOPT_CONNECTTIMEOUT, static_cast<long>(server.timeout.count()));
  // STARTTLS when offered; required when credentials would be sent.
  curl_easy_setopt(
      easy.handle, CURLOPT_USE_SSL,
      server.user.empty() ? static_cast<long>(CURLUSESSL_TRY) : static_cast<long>(CURLUSESSL_ALL));
  if (!server.user.empty()) {
    curl_easy_setopt(easy.handle, CURLOPT_USERNAME, server.user.c_str());
    curl_easy_setopt(easy.handle, CURLOPT_PASSWORD, server.password.c_str());
  }
  const CURLcode code = curl_easy_perform(easy.handle);
  if (code == CURLE_OK) return {};
  long reply = 0;
  curl_easy_getinfo(easy.handle, CURLINFO_RESPONSE_CODE, &reply);
  std::string reason = error[0] != '\0' ? error : curl_easy_strerror(code);
  while (!reason.empty() && (reason.back() == '\n' || reason.back() == '\r')) reason.pop_back();
  return fail(ErrorCode::mail_failed,
              "sending to " + to + " through " + server.url + " failed: " + reason +
                  (reply != 0 ? " (server reply " + std::to_string(reply) + ")" : "") +
                  "; check the mail server address, that it is up and accepts mail from this "
                  "host (serve --smtp)");
}

}  // namespace cl::io
