package sslcert

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/sslcerttest"
)

// TestParseRefusesWhatHAProxyCannotServe: each bad file is ErrInvalid with a
// message that says what is wrong, and never quotes the key.
func TestParseRefusesWhatHAProxyCannotServe(t *testing.T) {
	a := sslcerttest.New(t, sslcerttest.Template{CommonName: "a.test"})
	b := sslcerttest.New(t, sslcerttest.Template{CommonName: "b.test"})
	truncated := a.CertPEM[:len(a.CertPEM)-30]
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "no PEM block"},
		{"text", []byte("hello\n"), "no PEM block"},
		{"key only", a.KeyPEM, "no certificate"},
		{"certificate only", a.CertPEM, "no private key"},
		{"key of another certificate", append(append([]byte{}, a.CertPEM...), b.KeyPEM...), "does not match"},
		{"broken block before the key", append(append([]byte{}, truncated...), a.KeyPEM...), "do not parse"},
		{"bad base64", []byte("-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n"), "do not parse"},
		{"bad certificate", append([]byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"), a.KeyPEM...), "does not parse"},
		{"two keys", append(a.PEM(), a.KeyPEM...), "second private key"},
		{"encrypted", append(append([]byte{}, a.CertPEM...), []byte("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n")...), "encrypted"},
		{"other block", append(a.PEM(), []byte("-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n")...), "X509 CRL"},
	}
	keyBody := strings.Split(string(a.KeyPEM), "\n")[1]
	for _, tc := range cases {
		_, err := Parse(tc.data)
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want ErrInvalid saying %q", tc.name, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), keyBody) {
			t.Errorf("%s: the error quotes the key", tc.name)
		}
	}
}

// TestParseDescribes: a leaf with its chain and key is accepted, described as
// the official server describes it, and re-encoded without empty lines.
func TestParseDescribes(t *testing.T) {
	ca := sslcerttest.New(t, sslcerttest.Template{CommonName: "Test CA", IsCA: true})
	leaf := sslcerttest.New(t, sslcerttest.Template{CommonName: "www.test", DNSNames: []string{"www.test", "api.test"}, Parent: &ca})
	// Blank lines and text between blocks, as files made by hand have them.
	data := bytes.Join([][]byte{leaf.CertPEM, []byte("\nsubject=www.test\n\n"), ca.CertPEM, []byte("\n"), leaf.KeyPEM}, nil)
	b, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	d := b.Describe()
	if d.Subject != "www.test" || d.Serial != leaf.Cert.SerialNumber.String() || d.Issuers != "Test CA" ||
		d.Domains != "api.test, www.test" || d.SubjectAlternativeNames != "www.test, api.test" ||
		d.ChainSubject != "Test CA" || d.ChainIssuer != "Test CA" || d.Algorithm != "ECDSA-SHA256" {
		t.Errorf("described as %+v", d)
	}
	if len(d.Sha256FingerPrint) != 32*3-1 || len(d.Sha1FingerPrint) != 20*3-1 || d.AuthorityKeyID == "" {
		t.Errorf("fingerprints %q %q, authority key id %q", d.Sha256FingerPrint, d.Sha1FingerPrint, d.AuthorityKeyID)
	}
	if want := leaf.Cert.NotAfter.UTC().Format(time.RFC3339); d.NotAfter != want {
		t.Errorf("not_after %s, want %s", d.NotAfter, want)
	}
	p := b.Payload()
	if strings.Contains(p, "\n\n") || strings.Contains(p, "subject=") || strings.Count(p, "-----BEGIN") != 3 {
		t.Errorf("payload:\n%s", p)
	}
	if _, err := Parse([]byte(p)); err != nil {
		t.Errorf("the payload does not parse: %v", err)
	}
	if w := b.Warnings(time.Now()); len(w) != 0 {
		t.Errorf("warnings %q for a valid certificate", w)
	}
}

// TestWarnings: an expired certificate is accepted, with a warning.
func TestWarnings(t *testing.T) {
	old := sslcerttest.New(t, sslcerttest.Template{CommonName: "old.test", NotBefore: time.Now().Add(-48 * time.Hour), NotAfter: time.Now().Add(-24 * time.Hour)})
	b, err := Parse(old.PEM())
	if err != nil {
		t.Fatal(err)
	}
	if w := b.Warnings(time.Now()); len(w) != 1 || !strings.Contains(w[0], "expired at") {
		t.Errorf("warnings %q", w)
	}
	if w := b.Warnings(old.Cert.NotBefore.Add(-time.Minute)); len(w) != 1 || !strings.Contains(w[0], "not valid before") {
		t.Errorf("warnings %q", w)
	}
}
