package dataplane

// MapFile is the official `map` model: a map file in the maps storage
// directory, or a map the running HAProxy has loaded. Size is the file's size
// in bytes, when it is known.
type MapFile struct {
	Description string `json:"description,omitempty"`
	File        string `json:"file,omitempty"`
	ID          string `json:"id,omitempty"`
	Size        *int64 `json:"size,omitempty"`
	StorageName string `json:"storage_name,omitempty"`
}

// MapEntry is the official `map_entry` model: one key of a running map and
// its value. ID is read only; the agent answers the key there, which is how
// the entry is addressed (`/runtime/maps/{parent_name}/entries/{id}`).
type MapEntry struct {
	ID    string `json:"id,omitempty"`
	Key   string `json:"key,omitempty"`
	Value string `json:"value,omitempty"`
}

// ACLFile is the official `acl_file` model: an ACL the running HAProxy has
// loaded, by its runtime ID. StorageName is the file it was loaded from, or
// for an ACL written inline in haproxy.cfg, its criterion.
type ACLFile struct {
	Description string `json:"description,omitempty"`
	ID          string `json:"id,omitempty"`
	StorageName string `json:"storage_name,omitempty"`
}

// ACLFileEntry is the official `acl_file_entry` model: one pattern of a
// running ACL. ID is read only: HAProxy's reference of the entry, valid until
// the next reload.
type ACLFileEntry struct {
	ID    string `json:"id,omitempty"`
	Value string `json:"value,omitempty"`
}
