package haproxycfg

import (
	"slices"
	"strings"
)

// Every line has an owner: a section's own settings (its view's table, the
// header included), a named child (server, bind), or an ordered list (ACLs,
// rules). The provider's resources are made of the same views, so a line no
// view owns is a line no resource can manage or adopt. Unowned lists them, to
// measure how much of a handwritten config adoption covers.

// owner is a view, asked whether line i of section s is its.
type owner interface {
	owns(s *Section, i int) bool
}

func (v SectionView[M]) owns(s *Section, i int) bool {
	return s.Kind == v.kind && (i < s.body() || modeled(v.table, s.lines[i]))
}

func (v ChildView[M]) owns(s *Section, i int) bool {
	return s.Kind == v.parent && s.lines[i].keyword() == v.keyword
}

func (v ListView[M]) owns(s *Section, i int) bool {
	return slices.Contains(v.parents, s.Kind) && isWords(s.lines[i].words, strings.Fields(v.keyword)...)
}

func (globalView) owns(s *Section, i int) bool {
	return s.Kind == "global" && (i < s.body() || modeled(globalTable, s.lines[i]))
}

// owners are the views the agent serves.
var owners = []owner{
	GlobalView, Defaults, Frontends, Backends, Listens,
	Servers, Binds, ServerTemplates, ListenServers, ListenBinds, ServerTemplates.In("listen"),
	ACLs, HTTPRequestRules, HTTPResponseRules, HTTPAfterResponseRules, HTTPErrorRules,
	TCPRequestRules, TCPResponseRules, BackendSwitchingRules, ServerSwitchingRules, StickRules,
	HTTPChecks, TCPChecks, LogTargets, Captures, Filters, FilterSequences,
	QUICInitialRules, SSLFrontUses, ForceBeSwitches,
	Resolvers, Nameservers, Userlists, Users, Groups, PeerSections, PeerEntries, PeerServers, PeerBinds, Tables,
	Caches, HTTPErrorsSections, Rings, RingServers, MailersSections, MailerEntries,
	FCGIApps,
	LogForwards, LogForwardBinds, DgramBinds,
}

// UnownedLine is a line no view owns, in the section it is in.
type UnownedLine struct {
	Section string // "<kind> <name>", "" for the lines before the first section
	Line    *Line
}

// Unowned returns the lines of c that say something (not blank, not only a
// comment) and that no view owns, in file order.
func Unowned(c *Config) []UnownedLine {
	var out []UnownedLine
	for _, s := range c.sections {
		for i, l := range s.lines {
			if len(l.words) > 0 && !slices.ContainsFunc(owners, func(o owner) bool { return o.owns(s, i) }) {
				out = append(out, UnownedLine{Section: strings.TrimSpace(s.Kind + " " + s.Name), Line: l})
			}
		}
	}
	return out
}
