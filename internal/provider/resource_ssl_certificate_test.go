package provider

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"math/big"
	"strings"
	"testing"
	"time"
)

// testCertificate is a self-signed certificate for name with serial, and its
// key, PEM-encoded, made for the test.
func testCertificate(t testing.TB, name string, serial int64) (certPEM, keyPEM string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: name}, DNSNames: []string{name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})),
		string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}))
}

// TestCertificateChecks: the plan-time checks find a certificate's fingerprint
// and tell a key that fits it from one that does not.
func TestCertificateChecks(t *testing.T) {
	cert, key := testCertificate(t, "a.example.com", 1)
	_, otherKey := testCertificate(t, "b.example.com", 2)
	c := firstCertificate([]byte(cert))
	if c == nil {
		t.Fatal("the certificate does not parse")
	}
	sum := sha256.Sum256(c.Raw)
	if got := leafFingerprint(cert + key); got != hex.EncodeToString(sum[:]) {
		t.Fatalf("leafFingerprint = %s", got)
	}
	if got := leafFingerprint(key); got != "" {
		t.Fatalf("the fingerprint of a key alone: %q", got)
	}
	if err := keyMatches(c, []byte(key)); err != nil {
		t.Fatalf("the certificate's own key: %v", err)
	}
	if err := keyMatches(c, []byte(otherKey)); err == nil || !strings.Contains(err.Error(), "not the key") {
		t.Fatalf("another key: %v", err)
	}
	if err := keyMatches(c, []byte(cert)); err == nil {
		t.Fatal("a certificate taken for a key")
	}
	if got := fingerprint("AB:CD:EF"); got != "abcdef" {
		t.Fatalf("fingerprint(AB:CD:EF) = %q", got)
	}
}
