package agent

import (
	"slices"
	"strconv"
	"strings"
)

// route is one endpoint: how it is matched, how it is answered, and what the
// OpenAPI document says of it. The route table is the one list both the router
// and the document are made from.
type route struct {
	method  string
	path    string // under /v3, with {parameters}
	summary string
	query   []string // the query parameters it takes, named in queryParams
	body    any      // the request body's model; text(""), or nil for none
	reply   any      // the success body's model; nil for none
	codes   []int    // the success statuses
	handle  func(c *call) (int, any, error)
}

func (rt *route) segments() []string { return strings.Split(strings.Trim(rt.path, "/"), "/") }

// matches tells whether path segments fit the route, and binds its parameters.
func (rt *route) matches(segs []string) (map[string]string, bool) {
	want := rt.segments()
	if len(want) != len(segs) {
		return nil, false
	}
	var params map[string]string
	for i, w := range want {
		if name, ok := strings.CutPrefix(w, "{"); ok {
			if segs[i] == "" {
				return nil, false
			}
			if params == nil {
				params = map[string]string{}
			}
			params[strings.TrimSuffix(name, "}")] = segs[i]
		} else if w != segs[i] {
			return nil, false
		}
	}
	return params, true
}

// queryParams describes every query parameter a route may take.
var queryParams = map[string]struct{ typ, description string }{
	"version":         {"integer", "Configuration version the change is made at; exactly one of version and transaction_id."},
	"transaction_id":  {"string", "Transaction the change is made in; exactly one of version and transaction_id."},
	"force_reload":    {"boolean", "Reload HAProxy before answering instead of scheduling a reload."},
	"dry_run":         {"boolean", "Extension: apply the change to a candidate and validate it with haproxy -c, writing nothing."},
	"wait":            {"integer", "Extension: while the reload is in progress, answer when it ends, or after at most this many seconds (up to 60)."},
	"acl_name":        {"string", "Only the ACLs of this name."},
	"resolver":        {"string", "The resolvers section the nameserver is in."},
	"userlist":        {"string", "The userlist the user or group is in."},
	"peer_section":    {"string", "The peers section the peer is in."},
	"mailers_section": {"string", "The mailers section the mailer is in."},
	"only_validate":   {"boolean", "Validate the configuration with haproxy -c, writing nothing."},
	"skip_reload":     {"boolean", "Write the configuration without reloading HAProxy."},
	"full_section": {"boolean", "Read or write the section with its children (acl_list, binds or servers, and every *_list of the lists this agent serves): " +
		"a write replaces all the children of those kinds, deleting the ones left out; lines of other kinds stay. " +
		"Without it, child members are not written: one that differs from what the section holds is refused."},
	// the runtime maps' (runtime_maps.go)
	"force_sync":        {"boolean", "Write the change to the map or ACL file too: taken, and the file is always written."},
	"include_unmanaged": {"boolean", "Also list the maps loaded from files outside the maps directory."},
	"forceDelete":       {"boolean", "Delete the map file too, unless haproxy.cfg names it."},
}

var (
	readParams  = []string{"transaction_id"}
	writeQuery  = []string{"version", "transaction_id", "force_reload", "dry_run"}
	deleteQuery = writeQuery
	// The sections' routes also take full_section.
	sectionReadQuery  = append(slices.Clone(readParams), "full_section")
	sectionWriteQuery = append(slices.Clone(writeQuery), "full_section")
)

func itoa(v int64) string { return strconv.FormatInt(v, 10) }
