package dataplane

// Alias is a deprecated member of an official model that another member now
// says: set ("enabled", or true for the boolean ones), it stands for Member set
// to Value; unset ("disabled", false), it asks for nothing. A client may still
// send it, so the agent reads it as its replacement (see internal/agent/body.go)
// and answers with the replacement only.
type Alias struct {
	Member, Value string
	// List marks an object that stands for Member, a list, holding it alone: a
	// backend's force_persist is its force_persist_list with one item.
	List bool
}

// switchAliases are the deprecated force_<v> and no_<v> members of a TLS version
// switch <v> (force-<v> and no-<v> on the line).
func switchAliases(versions ...string) map[string]Alias {
	out := map[string]Alias{}
	for _, v := range versions {
		out["force_"+v] = Alias{Member: v, Value: Enabled}
		out["no_"+v] = Alias{Member: v, Value: Disabled}
	}
	return out
}

// Aliases are the deprecated members of the official models, by model kind, as
// the official specification marks them (x-deprecated, "in favor of").
var Aliases = func() map[string]map[string]Alias {
	tls := func() map[string]Alias { return switchAliases("sslv3", "tlsv10", "tlsv11", "tlsv12", "tlsv13") }
	bind := tls()
	bind["strict_sni"] = Alias{Member: "force_strict_sni", Value: Enabled}
	bind["no_strict_sni"] = Alias{Member: "force_strict_sni", Value: Disabled}
	bind["no_tls_tickets"] = Alias{Member: "tls_tickets", Value: Disabled}
	backend := map[string]Alias{
		"force_persist":  {Member: "force_persist_list", List: true},
		"ignore_persist": {Member: "ignore_persist_list", List: true},
	}
	// a runtime API (global's stats socket) is a bind's params: the same aliases
	return map[string]map[string]Alias{"server": tls(), "default_server": tls(), "server_template": tls(), "bind": bind,
		"runtime_api": bind, "backend": backend}
}()
