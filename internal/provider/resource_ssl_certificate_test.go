package provider

import (
	"crypto/tls"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/agenttest"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxytest"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/sslcerttest"
)

// TestAccSSLCertificate stores a certificate that a bind serves, rotates it
// with no reload (new connections see the new serial), shows a file changed by
// hand as drift and writes it back, refuses a key that is not the
// certificate's at plan, and imports it.
func TestAccSSLCertificate(t *testing.T) {
	requireTerraform(t)
	fe, tlsPort := haproxytest.FreePort(t), haproxytest.FreePort(t)
	a := agenttest.Start(t, smallConfig(fe))
	file := filepath.Join(filepath.Dir(a.Config), "ssl", "site.pem")
	addr := fmt.Sprintf("127.0.0.1:%d", tlsPort)
	first := sslcerttest.New(t, sslcerttest.Template{CommonName: "first.test", DNSNames: []string{"first.test"}})
	second := sslcerttest.New(t, sslcerttest.Template{CommonName: "second.test"})
	byHand := sslcerttest.New(t, sslcerttest.Template{CommonName: "by-hand.test"})
	config := func(c sslcerttest.Cert, key []byte) string {
		return providerConfig(a) + fmt.Sprintf(`
resource "haproxy_ssl_certificate" "site" {
  name        = "site.pem"
  certificate = <<-EOT
%sEOT
  private_key = <<-EOT
%sEOT
}

resource "haproxy_bind" "tls" {
  frontend        = "fe_main"
  name            = "tls"
  address         = "127.0.0.1"
  port            = %d
  ssl             = true
  ssl_certificate = haproxy_ssl_certificate.site.file
}
`, c.CertPEM, key, tlsPort)
	}
	serves := func(c sslcerttest.Cert) resource.TestCheckFunc {
		return func(*terraform.State) error {
			conn, err := tls.DialWithDialer(&net.Dialer{Timeout: 10 * time.Second}, "tcp", addr, &tls.Config{InsecureSkipVerify: true})
			if err != nil {
				return err
			}
			defer conn.Close()
			if got := conn.ConnectionState().PeerCertificates[0].SerialNumber; got.Cmp(c.Cert.SerialNumber) != 0 {
				return fmt.Errorf("a new connection is served serial %s, want %s", got, c.Cert.SerialNumber)
			}
			return nil
		}
	}
	reloads := 0
	countReloads := func() { reloads = a.Events.Get("reload").Count }
	written := func(*terraform.State) error { // the file is what Terraform says again
		if data, _ := os.ReadFile(file); string(data) != string(second.PEM()) {
			return fmt.Errorf("the apply after a hand edit left %s:\n%s", file, data)
		}
		return nil
	}
	noReload := func(*terraform.State) error {
		if got := a.Events.Get("reload").Count; got != reloads {
			return fmt.Errorf("%d reloads during the rotation, want none", got-reloads)
		}
		return nil
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy: func(s *terraform.State) error {
			if _, err := os.Stat(file); !os.IsNotExist(err) {
				return fmt.Errorf("destroy left %s: %v", file, err)
			}
			return destroyRestores(t, a)(s)
		},
		Steps: []resource.TestStep{
			{
				Config: config(first, first.KeyPEM),
				Check: resource.ComposeTestCheckFunc(serves(first),
					resource.TestCheckResourceAttr("haproxy_ssl_certificate.site", "file", file),
					resource.TestCheckResourceAttr("haproxy_ssl_certificate.site", "serial", first.Cert.SerialNumber.String()),
					resource.TestCheckResourceAttr("haproxy_ssl_certificate.site", "subject_alternative_names", "first.test"),
					resource.TestMatchResourceAttr("haproxy_ssl_certificate.site", "sha256_fingerprint", regexp.MustCompile(`^[0-9a-f]{64}$`)),
					resource.TestMatchResourceAttr("haproxy_ssl_certificate.site", "not_after", regexp.MustCompile(`^\d{4}-\d\d-\d\dT`)),
					fileContains(t, a, "bind 127.0.0.1:"+fmt.Sprint(tlsPort)+" name tls ssl crt "+file)),
			},
			{
				Config:      config(second, first.KeyPEM),
				ExpectError: regexp.MustCompile(`(?s)not a certificate file HAProxy can load.*does not match`),
			},
			{
				PreConfig: countReloads,
				Config:    config(second, second.KeyPEM),
				Check: resource.ComposeTestCheckFunc(serves(second), noReload,
					resource.TestCheckResourceAttr("haproxy_ssl_certificate.site", "serial", second.Cert.SerialNumber.String())),
			},
			{
				PreConfig: func() {
					if err := os.WriteFile(file, byHand.PEM(), 0o600); err != nil {
						t.Fatal(err)
					}
				},
				Config:   config(second, second.KeyPEM),
				PlanOnly: true, ExpectNonEmptyPlan: true,
			},
			{Config: config(second, second.KeyPEM), Check: written},
			{
				// The same served certificate with a chain added by hand: drift too.
				PreConfig: func() {
					ca := sslcerttest.New(t, sslcerttest.Template{CommonName: "Test CA", IsCA: true})
					chained := string(second.CertPEM) + string(ca.CertPEM) + string(second.KeyPEM)
					if err := os.WriteFile(file, []byte(chained), 0o600); err != nil {
						t.Fatal(err)
					}
				},
				Config:   config(second, second.KeyPEM),
				PlanOnly: true, ExpectNonEmptyPlan: true,
			},
			{
				// Its key taken out by hand: the agent no longer takes the file
				// for a certificate, and the apply writes it back.
				PreConfig: func() {
					if err := os.WriteFile(file, second.CertPEM, 0o600); err != nil {
						t.Fatal(err)
					}
				},
				Config: config(second, second.KeyPEM), Check: written,
			},
			{ResourceName: "haproxy_ssl_certificate.site", ImportState: true, ImportStateId: "site.pem", ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"certificate", "private_key"}},
		},
	})
}

// TestCertificateFingerprint: the fingerprint the provider compares with the
// agent's is the served certificate's, of a file the agent would take only.
func TestCertificateFingerprint(t *testing.T) {
	c := sslcerttest.New(t, sslcerttest.Template{CommonName: "a.test"})
	other := sslcerttest.New(t, sslcerttest.Template{CommonName: "b.test"})
	m := sslCertificateModel{Certificate: types.StringValue(string(c.CertPEM)), PrivateKey: types.StringValue(string(c.KeyPEM))}
	if got := m.storedFingerprint(); got == "" || got != fingerprint(strings.ToUpper(got)) {
		t.Fatalf("fingerprint of a certificate and its key: %q", got)
	}
	m.PrivateKey = types.StringValue(string(other.KeyPEM))
	if got := m.storedFingerprint(); got != "" {
		t.Fatalf("fingerprint of a certificate with another's key: %q", got)
	}
	if got := fingerprint("AB:CD:EF"); got != "abcdef" {
		t.Fatalf("fingerprint(AB:CD:EF) = %q", got)
	}
}

// TestAddWarnings: the agent's Warning headers become Terraform warnings of
// their text.
func TestAddWarnings(t *testing.T) {
	var diags diag.Diagnostics
	addWarnings(&diags, "Certificate a.pem", []string{`299 - "certificate stored, but it expired"`, "plain"})
	if len(diags) != 2 || diags[0].Severity() != diag.SeverityWarning || diags[0].Detail() != "certificate stored, but it expired" || diags[1].Detail() != "plain" {
		t.Fatalf("warnings: %+v", diags)
	}
}
