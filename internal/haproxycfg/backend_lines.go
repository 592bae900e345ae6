package haproxycfg

import (
	"fmt"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// The lines backends, defaults and listen sections share, on whichever model
// embeds the shared structs of dataplane's sections.go: one table, lifted onto
// each model, so that what a backend line means is said once.

// lift makes a directive of a part P of a model M into a directive of M.
func lift[M, P any](d directive[P], get func(*M) *P) directive[M] {
	out := directive[M]{keyword: d.keyword, match: d.match}
	if d.read != nil {
		out.read = func(m *M, l *Line) { d.read(get(m), l) }
	}
	if d.write != nil {
		out.write = func(m *M) []string { return d.write(get(m)) }
	}
	if d.update != nil {
		out.update = func(l *Line, m *M) *Line { return d.update(l, get(m)) }
	}
	if d.lines != nil {
		out.lines = func(m *M) [][]string { return d.lines(get(m)) }
	}
	for _, r := range d.rows {
		out.rows = append(out.rows, lift(r, get))
	}
	return out
}

// backendParts are where a model keeps the shared structs; own is nil for a
// model without them (a defaults section has no force-persist).
type backendParts[M any] struct {
	objects func(*M) *backendObjects
	options func(*M) *dataplane.BackendOptions
	proxy   func(*M) *dataplane.ProxyOptions
	own     func(*M) *dataplane.BackendOwn
}

// backendDirectives are the custom directives of a backend's lines, in the
// order new lines are written: balance, the check, redispatch, hash-type,
// forwardfor, the connection mode, cookie, default-server, persist, source,
// force- and ignore-persist, use-small-buffers.
func backendDirectives[M any](p backendParts[M]) []directive[M] {
	o := p.objects
	table := []directive[M]{
		lift(balanceDirective, o),
		lift(advCheckDirective, o),
		lift(redispatchDirective, o),
		lift(hashTypeDirective, p.options),
		forwardforDirective(func(m *M) **dataplane.Forwardfor { return &p.proxy(m).Forwardfor }),
		choiceDirective(func(m *M) *string { return &p.proxy(m).HTTPConnectionMode }, dataplane.HTTPConnectionModes...),
		lift(cookieDirective, o),
		lift(defaultServerDirective, o),
		persistRuleDirective(func(m *M) **dataplane.PersistRule { return &o(m).PersistRule }),
		sourceDirective(func(m *M) **dataplane.Source { return &o(m).Source }),
	}
	if p.own != nil {
		table = append(table,
			persistListDirective(func(m *M) *[]dataplane.PersistCond { return &p.own(m).ForcePersistList }, "force-persist"),
			persistListDirective(func(m *M) *[]dataplane.PersistCond { return &p.own(m).IgnorePersistList }, "ignore-persist"))
	}
	return append(table, lift(smallBuffersDirective, o))
}

// checkBackendObjects checks the backend's nested objects and hash-type, and
// what balance, cookie and the check's option took on beyond their first
// fields.
func checkBackendObjects(b *backendObjects, opts *dataplane.BackendOptions) error {
	var algorithm string
	if b.Balance != nil {
		algorithm = b.Balance.Algorithm
		if algorithm == "" {
			return &FieldError{"balance.algorithm", "is required"}
		}
	}
	var cookieType string
	if b.Cookie != nil {
		cookieType = b.Cookie.Type
		if err := checkWord("cookie.name", b.Cookie.Name); err != nil {
			return err
		}
	}
	if b.HttpchkParams != nil && b.AdvCheck != "httpchk" {
		return &FieldError{"httpchk_params", `needs adv_check "httpchk"`}
	}
	var redispatch string
	if b.Redispatch != nil {
		redispatch = b.Redispatch.Enabled
	}
	if h := opts.HashType; h != nil {
		switch {
		case h.Method == "":
			return &FieldError{"hash_type.method", "is required"}
		case h.Modifier != "" && h.Function == "":
			return &FieldError{"hash_type.modifier", "needs a hash_type.function"}
		}
	}
	var defaultServer error
	if b.DefaultServer != nil {
		defaultServer = serverParamKeywords.check(b.DefaultServer)
	}
	return firstError(
		checkTagged(hashTypeFields, opts.HashType),
		checkEnums(
			enumCheck{"balance.algorithm", algorithm, dataplane.BalanceAlgorithms},
			enumCheck{"adv_check", b.AdvCheck, dataplane.AdvChecks},
			enumCheck{"cookie.type", cookieType, dataplane.CookieTypes},
			enumCheck{"redispatch.enabled", redispatch, dataplane.Switch},
		),
		defaultServer,
		checkPersistRule(b.PersistRule),
		checkSource(b.Source),
		checkAdvCheckParams(b),
		checkBalanceCookie(b),
		checkSmallBuffers(b.UseSmallBuffers),
	)
}

// checkBackendOwn checks the force- and ignore-persist conditions.
func checkBackendOwn(o *dataplane.BackendOwn) error {
	for _, p := range []struct {
		name string
		list []dataplane.PersistCond
	}{{"force_persist_list", o.ForcePersistList}, {"ignore_persist_list", o.IgnorePersistList}} {
		for i, c := range p.list {
			if err := checkConds(fmt.Sprintf("%s[%d]", p.name, i), c.Cond, c.CondTest); err != nil {
				return err
			}
		}
	}
	return nil
}
