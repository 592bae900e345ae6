package haproxycfg

import "github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"

// Caches is the view of the `cache` sections.
var Caches = otherSection("cache",
	func(c *dataplane.Cache) *string { return &c.Name },
	func(c *dataplane.Cache) *dataplane.Metadata { return &c.Metadata },
	[]directive[dataplane.Cache]{processVaryDirective}, nil)

// processVaryDirective is `process-vary on|off`.
var processVaryDirective = directive[dataplane.Cache]{
	keyword: "process-vary",
	match:   func(w []string) bool { return len(w) > 1 && w[0] == "process-vary" },
	read: func(c *dataplane.Cache, l *Line) {
		switch l.words[1] {
		case "on":
			c.ProcessVary = new(true)
		case "off":
			c.ProcessVary = new(false)
		}
	},
	write: func(c *dataplane.Cache) []string {
		switch {
		case c.ProcessVary == nil:
			return nil
		case *c.ProcessVary:
			return []string{"process-vary", "on"}
		}
		return []string{"process-vary", "off"}
	},
}

// HTTPErrorsSections is the view of the `http-errors` sections: their
// `errorfile <code> <file>` lines, whose files pass the file checks (files.go).
var HTTPErrorsSections = SectionView[dataplane.HTTPErrorsSection]{
	kind:     "http-errors",
	name:     func(h *dataplane.HTTPErrorsSection) *string { return &h.Name },
	metadata: func(h *dataplane.HTTPErrorsSection) *dataplane.Metadata { return &h.Metadata },
	table: []directive[dataplane.HTTPErrorsSection]{
		errorFilesDirective(func(h *dataplane.HTTPErrorsSection) *[]dataplane.Errorfile { return &h.ErrorFiles }),
	},
	check: func(h *dataplane.HTTPErrorsSection) error {
		return firstError(checkStrings(h), checkName("name", h.Name), checkErrorPages(h.ErrorFiles, nil, nil, nil))
	},
}

// ringServers are the `server` lines of ring sections, where logs are sent.
var ringServers = inSection(Servers, "ring")

// Rings is the view of the `ring` sections.
var Rings = otherSection("ring",
	func(r *dataplane.Ring) *string { return &r.Name },
	func(r *dataplane.Ring) *dataplane.Metadata { return &r.Metadata },
	nil, nil,
	namedPart("servers", ringServers, func(r *dataplane.Ring) *map[string]dataplane.Server { return &r.Servers },
		func(s *dataplane.Server) *string { return &s.Name }))

// RingServers is the view of the servers of ring sections.
var RingServers = ringServers

// MailerEntries is the view of the `mailer <name> <address>:<port>` lines of
// mailers sections.
var MailerEntries = addressedChild("mailers", "mailer", true,
	func(m *dataplane.MailerEntry) *string { return &m.Name },
	func(m *dataplane.MailerEntry) *string { return &m.Address },
	func(m *dataplane.MailerEntry) **int64 { return &m.Port },
	func(m *dataplane.MailerEntry) *dataplane.Metadata { return &m.Metadata })

// MailersSections is the view of the `mailers` sections.
var MailersSections = otherSection("mailers",
	func(m *dataplane.MailersSection) *string { return &m.Name },
	func(m *dataplane.MailersSection) *dataplane.Metadata { return &m.Metadata },
	nil, nil,
	namedPart("mailer_entries", MailerEntries, func(m *dataplane.MailersSection) *map[string]dataplane.MailerEntry { return &m.MailerEntries },
		func(e *dataplane.MailerEntry) *string { return &e.Name }))

// inSection is a child view for the lines of another kind of section.
func inSection[M any](v ChildView[M], parent string) ChildView[M] {
	v.parent = parent
	return v
}
