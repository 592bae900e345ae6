package haproxycfg

import "github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"

type frontend = dataplane.Frontend

// Frontends is the view of the `frontend` sections.
var Frontends = SectionView[frontend]{
	kind: "frontend",
	name: func(f *frontend) *string { return &f.Name },
	table: []directive[frontend]{
		valueDirective(func(f *frontend) *string { return &f.Mode }, "mode"),
		textDirective(func(f *frontend) *string { return &f.Description }, "description"),
		flagDirective(func(f *frontend) *bool { return &f.Disabled }, "disabled"),
		intDirective(func(f *frontend) **int64 { return &f.Maxconn }, "maxconn"),
		intDirective(func(f *frontend) **int64 { return &f.Backlog }, "backlog"),
		timeoutDirective(func(f *frontend) **int64 { return &f.ClientTimeout }, "client"),
		timeoutDirective(func(f *frontend) **int64 { return &f.HTTPRequestTimeout }, "http-request"),
		timeoutDirective(func(f *frontend) **int64 { return &f.HTTPKeepAliveTimeout }, "http-keep-alive"),
		flagDirective(func(f *frontend) *bool { return &f.Httplog }, "option", "httplog"),
		flagDirective(func(f *frontend) *bool { return &f.Tcplog }, "option", "tcplog"),
		spelledDirective(func(f *frontend) *string { return &f.LogFormat }, "log-format"),
		switchDirective(func(f *frontend) *string { return &f.Dontlognull }, "dontlognull"),
		forwardforDirective(func(f *frontend) **dataplane.Forwardfor { return &f.Forwardfor }),
		choiceDirective(func(f *frontend) *string { return &f.HTTPConnectionMode }, dataplane.HTTPConnectionModes...),
		valueDirective(func(f *frontend) *string { return &f.DefaultBackend }, "default_backend"),
	},
	check: func(f *frontend) error {
		return firstError(
			checkStrings(f),
			checkName("name", f.Name),
			checkEnums(
				enumCheck{"mode", f.Mode, dataplane.Modes},
				enumCheck{"dontlognull", f.Dontlognull, dataplane.Switch},
				enumCheck{"http_connection_mode", f.HTTPConnectionMode, dataplane.HTTPConnectionModes},
			),
			checkForwardfor(f.Forwardfor),
			checkRanges(
				rangeCheck{"maxconn", f.Maxconn, 0, 1 << 31},
				rangeCheck{"backlog", f.Backlog, 0, 1 << 31},
				rangeCheck{"client_timeout", f.ClientTimeout, 0, 1 << 31},
				rangeCheck{"http_request_timeout", f.HTTPRequestTimeout, 0, 1 << 31},
				rangeCheck{"http_keep_alive_timeout", f.HTTPKeepAliveTimeout, 0, 1 << 31},
			),
			checkOptionalName("default_backend", f.DefaultBackend),
		)
	},
}

// checkOptionalName is checkName for a name that may be unset.
func checkOptionalName(field, v string) error {
	if v == "" {
		return nil
	}
	return checkName(field, v)
}
