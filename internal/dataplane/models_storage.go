package dataplane

import "time"

// The stored files and the runtime maps, each with every member of its
// official v3 model.

// SSLCertificate is a stored certificate file (certificates, and a private key
// that no answer carries), as its certificate says.
type SSLCertificate struct {
	StorageName             string     `json:"storage_name,omitempty"`
	File                    string     `json:"file,omitempty"`
	Description             string     `json:"description,omitempty"`
	Size                    *int64     `json:"size,omitempty"`
	Status                  string     `json:"status,omitempty"`
	Algorithm               string     `json:"algorithm,omitempty"`
	Serial                  string     `json:"serial,omitempty"`
	Subject                 string     `json:"subject,omitempty"`
	Issuers                 string     `json:"issuers,omitempty"`
	NotBefore               *time.Time `json:"not_before,omitempty"`
	NotAfter                *time.Time `json:"not_after,omitempty"`
	SubjectAlternativeNames string     `json:"subject_alternative_names,omitempty"`
	Domains                 string     `json:"domains,omitempty"`
	IPAddresses             string     `json:"ip_addresses,omitempty"`
	SHA1FingerPrint         string     `json:"sha1_finger_print,omitempty"`
	SHA256FingerPrint       string     `json:"sha256_finger_print,omitempty"`
	AuthorityKeyID          string     `json:"authority_key_id,omitempty"`
	SubjectKeyID            string     `json:"subject_key_id,omitempty"`
	ChainIssuer             string     `json:"chain_issuer,omitempty"`
	ChainSubject            string     `json:"chain_subject,omitempty"`
}

// Map is a map file: stored, or loaded by the running HAProxy.
type Map struct {
	ID          string `json:"id,omitempty"`
	StorageName string `json:"storage_name,omitempty"`
	File        string `json:"file,omitempty"`
	Description string `json:"description,omitempty"`
	Size        *int64 `json:"size,omitempty"`
}

// MapEntry is one line of a map: its key and value. ID is the key, as the
// official API addresses entries.
type MapEntry struct {
	ID    string `json:"id,omitempty"`
	Key   string `json:"key,omitempty"`
	Value string `json:"value,omitempty"`
}
