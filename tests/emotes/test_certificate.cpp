#include "emotes/test_certificate.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace pererecos::emotes::testing {
namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

void add_extension(X509* cert, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  check(ext != nullptr);
  check(X509_add_ext(cert, ext, -1) == 1);
  X509_EXTENSION_free(ext);
}

}  // namespace

TestCertificate::TestCertificate() {
  char dir_template[] = "/tmp/pererecos-emotes-tls-XXXXXX";
  check(::mkdtemp(dir_template) != nullptr);
  dir_ = dir_template;
  cert_path_ = dir_ + "/cert.pem";
  key_path_ = dir_ + "/key.pem";

  EVP_PKEY* key = EVP_EC_gen("P-256");
  check(key != nullptr);
  X509* cert = X509_new();
  check(cert != nullptr);
  check(X509_set_version(cert, 2) == 1);
  check(ASN1_INTEGER_set(X509_get_serialNumber(cert), 1) == 1);
  check(X509_gmtime_adj(X509_getm_notBefore(cert), -3600) != nullptr);
  check(X509_gmtime_adj(X509_getm_notAfter(cert), 86400) != nullptr);
  check(X509_set_pubkey(cert, key) == 1);
  X509_NAME* name = X509_get_subject_name(cert);
  check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                   reinterpret_cast<const unsigned char*>("pererecos test"), -1, -1,
                                   0) == 1);
  check(X509_set_issuer_name(cert, name) == 1);
  add_extension(cert, NID_basic_constraints, "critical,CA:TRUE");
  add_extension(cert, NID_subject_key_identifier, "hash");
  add_extension(cert, NID_subject_alt_name, "IP:127.0.0.1");
  check(X509_sign(cert, key, EVP_sha256()) > 0);

  FILE* f = std::fopen(cert_path_.c_str(), "wb");
  check(f != nullptr);
  check(PEM_write_X509(f, cert) == 1);
  std::fclose(f);
  f = std::fopen(key_path_.c_str(), "wb");
  check(f != nullptr);
  check(PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr) == 1);
  std::fclose(f);
  X509_free(cert);
  EVP_PKEY_free(key);
}

TestCertificate::~TestCertificate() {
  ::unlink(cert_path_.c_str());
  ::unlink(key_path_.c_str());
  ::rmdir(dir_.c_str());
}

}  // namespace pererecos::emotes::testing
