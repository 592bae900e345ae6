package dataplane

// SSLCertificate is a certificate file of the agent's certificate storage
// (/services/haproxy/storage/ssl_certificates), as the official ssl_certificate
// model describes it: what its certificates say, never its private key. Every
// member is read-only: a certificate is written as a PEM file, not as JSON.
//
// As the official server fills them: subject is the leaf certificate's common
// name, serial its serial number in decimal, fingerprints and key IDs
// upper-case hex pairs joined by ':', algorithm its signature algorithm;
// not_before and not_after are the window in which every certificate of the
// file is valid (RFC 3339); domains, ip_addresses and issuers gather the
// names of all of its certificates, joined by ", ".
type SSLCertificate struct {
	Algorithm               string `json:"algorithm,omitempty"`
	AuthorityKeyID          string `json:"authority_key_id,omitempty"`
	ChainIssuer             string `json:"chain_issuer,omitempty"`
	ChainSubject            string `json:"chain_subject,omitempty"`
	Description             string `json:"description,omitempty"`
	Domains                 string `json:"domains,omitempty"`
	File                    string `json:"file,omitempty"`
	IPAddresses             string `json:"ip_addresses,omitempty"`
	Issuers                 string `json:"issuers,omitempty"`
	NotAfter                string `json:"not_after,omitempty"`
	NotBefore               string `json:"not_before,omitempty"`
	Serial                  string `json:"serial,omitempty"`
	Sha1FingerPrint         string `json:"sha1_finger_print,omitempty"`
	Sha256FingerPrint       string `json:"sha256_finger_print,omitempty"`
	Size                    *int64 `json:"size,omitempty"`
	Status                  string `json:"status,omitempty"`
	StorageName             string `json:"storage_name,omitempty"`
	Subject                 string `json:"subject,omitempty"`
	SubjectAlternativeNames string `json:"subject_alternative_names,omitempty"`
	SubjectKeyID            string `json:"subject_key_id,omitempty"`
}
