// Package sslcert reads a PEM certificate file as HAProxy loads one for a
// `crt`: its first certificate is the one served, the ones after it its chain,
// and its private key must be the served certificate's. It checks a file before
// it is stored, describes it without its key, and re-encodes it for the
// runtime API.
package sslcert

import (
	"bytes"
	"crypto"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// ErrInvalid is what every refusal of Parse wraps.
var ErrInvalid = errors.New("invalid certificate file")

// Bundle is a parsed certificate file.
type Bundle struct {
	Certs  []*x509.Certificate // the served certificate first
	blocks []*pem.Block        // every block, in file order, the key's included
}

// otherBlocks are the blocks HAProxy reads in a certificate file besides
// certificates and keys.
var otherBlocks = []string{"DH PARAMETERS", "EC PARAMETERS"}

// Parse reads and checks a certificate file: every PEM block parses, there is
// at least one certificate and exactly one private key, unencrypted, and the
// key is the first certificate's. Its errors wrap ErrInvalid and never quote
// the file.
func Parse(data []byte) (*Bundle, error) {
	b := &Bundle{}
	var key crypto.Signer
	begins := bytes.Count(data, []byte("-----BEGIN "))
	for rest := data; ; {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		n := len(b.blocks) + 1
		b.blocks = append(b.blocks, block)
		if len(block.Headers) > 0 {
			return nil, fmt.Errorf("%w: PEM block %d (%s) has headers, as an encrypted key has: HAProxy needs the key unencrypted", ErrInvalid, n, block.Type)
		}
		switch block.Type {
		case "CERTIFICATE":
			cert, err := x509.ParseCertificate(block.Bytes)
			if err != nil {
				return nil, fmt.Errorf("%w: PEM block %d: the certificate does not parse: %v", ErrInvalid, n, err)
			}
			b.Certs = append(b.Certs, cert)
		case "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY":
			if key != nil {
				return nil, fmt.Errorf("%w: PEM block %d is a second private key; give the one of the first certificate only", ErrInvalid, n)
			}
			k, err := parseKey(block)
			if err != nil {
				return nil, fmt.Errorf("%w: PEM block %d: the private key does not parse: %v", ErrInvalid, n, err)
			}
			key = k
		case "ENCRYPTED PRIVATE KEY":
			return nil, fmt.Errorf("%w: PEM block %d is an encrypted private key: HAProxy needs the key unencrypted", ErrInvalid, n)
		default:
			if !slices.Contains(otherBlocks, block.Type) {
				return nil, fmt.Errorf("%w: PEM block %d is a %q, which a certificate file does not hold (certificates, a private key, %s)",
					ErrInvalid, n, block.Type, strings.Join(otherBlocks, ", "))
			}
		}
	}
	switch {
	case begins > len(b.blocks):
		return nil, fmt.Errorf("%w: %d of its %d PEM blocks do not parse (a missing END line, or a broken base64 body)", ErrInvalid, begins-len(b.blocks), begins)
	case len(b.blocks) == 0:
		return nil, fmt.Errorf("%w: no PEM block: a certificate file is the certificate, its chain and its private key, each as -----BEGIN ...----- lines", ErrInvalid)
	case len(b.Certs) == 0:
		return nil, fmt.Errorf("%w: no certificate in it", ErrInvalid)
	case key == nil:
		return nil, fmt.Errorf("%w: no private key in it: HAProxy needs the certificate's key in the same file", ErrInvalid)
	}
	pub, ok := b.Certs[0].PublicKey.(interface{ Equal(crypto.PublicKey) bool })
	if !ok || !pub.Equal(key.Public()) {
		return nil, fmt.Errorf("%w: the private key does not match the first certificate (subject %q), the one HAProxy serves", ErrInvalid, b.Certs[0].Subject.String())
	}
	return b, nil
}

func parseKey(block *pem.Block) (crypto.Signer, error) {
	var k any
	var err error
	switch block.Type {
	case "RSA PRIVATE KEY":
		k, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	case "EC PRIVATE KEY":
		k, err = x509.ParseECPrivateKey(block.Bytes)
	default:
		k, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	}
	if err != nil {
		return nil, err
	}
	signer, ok := k.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("a %T is no signing key", k)
	}
	return signer, nil
}

// Payload is the file's blocks encoded again, one after the other: what the
// runtime API's `set ssl cert` takes, which an empty line would end (text
// between blocks is left out; HAProxy does not read it).
func (b *Bundle) Payload() string {
	var buf bytes.Buffer
	for _, block := range b.blocks {
		_ = pem.Encode(&buf, block)
	}
	return buf.String()
}

// Describe is what the official ssl_certificate model says of the file's
// certificates (see dataplane.SSLCertificate); file, storage_name, size and
// description are the caller's.
func (b *Bundle) Describe() dataplane.SSLCertificate {
	leaf := b.Certs[0]
	notBefore, notAfter := b.window()
	var domains, ips, issuers, chainSubjects, chainIssuers []string
	for i, c := range b.Certs {
		issuers = append(issuers, c.Issuer.CommonName)
		if i > 0 {
			chainSubjects, chainIssuers = append(chainSubjects, c.Subject.CommonName), append(chainIssuers, c.Issuer.CommonName)
		}
		if c.IsCA {
			continue
		}
		if c.Subject.CommonName != "" {
			domains = append(domains, c.Subject.CommonName)
		}
		domains = append(domains, c.DNSNames...)
		for _, ip := range c.IPAddresses {
			ips = append(ips, ip.String())
		}
	}
	sha1sum, sha256sum := sha1.Sum(leaf.Raw), sha256.Sum256(leaf.Raw)
	return dataplane.SSLCertificate{
		Algorithm:               leaf.SignatureAlgorithm.String(),
		AuthorityKeyID:          hexPairs(leaf.AuthorityKeyId),
		ChainIssuer:             strings.Join(chainIssuers, ", "),
		ChainSubject:            strings.Join(chainSubjects, ", "),
		Domains:                 joinUnique(domains),
		IPAddresses:             joinUnique(ips),
		Issuers:                 joinUnique(issuers),
		NotAfter:                notAfter.UTC().Format(time.RFC3339),
		NotBefore:               notBefore.UTC().Format(time.RFC3339),
		Serial:                  leaf.SerialNumber.String(),
		Sha1FingerPrint:         hexPairs(sha1sum[:]),
		Sha256FingerPrint:       hexPairs(sha256sum[:]),
		Subject:                 leaf.Subject.CommonName,
		SubjectAlternativeNames: strings.Join(leaf.DNSNames, ", "),
		SubjectKeyID:            hexPairs(leaf.SubjectKeyId),
	}
}

// window is when every certificate of the file is valid.
func (b *Bundle) window() (notBefore, notAfter time.Time) {
	for i, c := range b.Certs {
		if i == 0 || c.NotBefore.After(notBefore) {
			notBefore = c.NotBefore
		}
		if i == 0 || c.NotAfter.Before(notAfter) {
			notAfter = c.NotAfter
		}
	}
	return notBefore, notAfter
}

// Warnings say what is wrong with a file that HAProxy still loads: a
// certificate that has expired, or is not valid yet, at now.
func (b *Bundle) Warnings(now time.Time) []string {
	var out []string
	for i, c := range b.Certs {
		what := "the certificate"
		if i > 0 {
			what = fmt.Sprintf("chain certificate %d (%s)", i, c.Subject.CommonName)
		}
		switch {
		case now.After(c.NotAfter):
			out = append(out, fmt.Sprintf("%s expired at %s", what, c.NotAfter.UTC().Format(time.RFC3339)))
		case now.Before(c.NotBefore):
			out = append(out, fmt.Sprintf("%s is not valid before %s", what, c.NotBefore.UTC().Format(time.RFC3339)))
		}
	}
	return out
}

// hexPairs writes bytes as OpenSSL prints fingerprints: upper-case hex pairs
// joined by ':'.
func hexPairs(b []byte) string {
	parts := make([]string, len(b))
	for i, c := range b {
		parts[i] = fmt.Sprintf("%02X", c)
	}
	return strings.Join(parts, ":")
}

// joinUnique joins the distinct non-empty values, sorted, with ", ".
func joinUnique(values []string) string {
	values = slices.DeleteFunc(slices.Clone(values), func(v string) bool { return v == "" })
	slices.Sort(values)
	return strings.Join(slices.Compact(values), ", ")
}
