// A throw-away self-signed certificate for 127.0.0.1 (EC P-256, valid for a day), written
// as PEM files into a fresh temporary directory that is removed on destruction.
#pragma once

#include <string>

namespace pererecos::emotes::testing {

class TestCertificate {
 public:
  // Aborts the test binary if OpenSSL or the file system fails.
  TestCertificate();
  ~TestCertificate();
  TestCertificate(const TestCertificate&) = delete;
  TestCertificate& operator=(const TestCertificate&) = delete;

  const std::string& cert_path() const { return cert_path_; }  // also the CA file to trust
  const std::string& key_path() const { return key_path_; }

 private:
  std::string dir_;
  std::string cert_path_;
  std::string key_path_;
};

}  // namespace pererecos::emotes::testing
