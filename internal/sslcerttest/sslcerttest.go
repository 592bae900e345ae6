// Package sslcerttest makes certificates and keys for tests, at test time, so
// that no key is ever committed.
package sslcerttest

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"testing"
	"time"
)

// Cert is a certificate and its key.
type Cert struct {
	Cert    *x509.Certificate
	Key     crypto.Signer
	CertPEM []byte
	KeyPEM  []byte // PKCS #8
}

// PEM is the file HAProxy loads for a `crt`: the certificate, then its key.
func (c Cert) PEM() []byte { return append(append([]byte{}, c.CertPEM...), c.KeyPEM...) }

// Template says what to make; the zero value of a member takes its default.
type Template struct {
	CommonName string
	DNSNames   []string
	NotBefore  time.Time // an hour ago
	NotAfter   time.Time // in a day
	IsCA       bool
	Parent     *Cert // the issuer; self-signed when nil
	RSABits    int   // an RSA key of this size instead of a P-256 one
}

// New makes a certificate with a new key, and a random serial number.
func New(t testing.TB, tpl Template) Cert {
	t.Helper()
	var key crypto.Signer
	var err error
	if tpl.RSABits != 0 {
		key, err = rsa.GenerateKey(rand.Reader, tpl.RSABits)
	} else {
		key, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	}
	if err != nil {
		t.Fatal(err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	x := &x509.Certificate{
		SerialNumber: serial, Subject: pkix.Name{CommonName: tpl.CommonName}, DNSNames: tpl.DNSNames,
		NotBefore: tpl.NotBefore, NotAfter: tpl.NotAfter, IsCA: tpl.IsCA, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	if x.NotBefore.IsZero() {
		x.NotBefore = now.Add(-time.Hour)
	}
	if x.NotAfter.IsZero() {
		x.NotAfter = now.Add(24 * time.Hour)
	}
	if tpl.IsCA {
		x.KeyUsage |= x509.KeyUsageCertSign
	}
	parent, signer := x, key
	if tpl.Parent != nil {
		parent, signer = tpl.Parent.Cert, tpl.Parent.Key
	}
	der, err := x509.CreateCertificate(rand.Reader, x, parent, key.Public(), signer)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return Cert{Cert: cert, Key: key,
		CertPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		KeyPEM:  pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8})}
}
