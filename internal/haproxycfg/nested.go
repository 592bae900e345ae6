package haproxycfg

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// The nested objects of frontends and backends (dataplane/nested.go), as
// directives of either section: each is given the field of the section's model
// that holds it. Free-form values (addresses, formats, conditions, paths) are
// read and written as spelled, names and enums as HAProxy reads them (see
// words.go).

// group is one directive made of others: the lines of one nested object, which
// all start with keyword (a line that does not is not tried against them).
func group[M any](keyword string, rows ...directive[M]) directive[M] {
	return directive[M]{keyword: keyword, rows: rows}
}

// in makes a directive of a nested object O one of the section holding it:
// reading a line creates the object, and an unset object writes nothing.
func in[M, O any](get func(*M) **O, d directive[O]) directive[M] {
	r := directive[M]{
		keyword: d.keyword,
		match:   d.match,
		read: func(m *M, l *Line) {
			o := get(m)
			if *o == nil {
				*o = new(O)
			}
			d.read(*o, l)
		},
	}
	if d.write != nil {
		r.write = func(m *M) []string {
			if o := *get(m); o != nil {
				return d.write(o)
			}
			return nil
		}
	}
	if d.lines != nil {
		r.lines = func(m *M) [][]string {
			if o := *get(m); o != nil {
				return d.lines(o)
			}
			return nil
		}
	}
	return r
}

// addedWordsDirective is `<keyword...> <value> [<value>...]` over one or more
// lines, whose values HAProxy adds up (compression algo, compression type): the
// values as spelled, written on one line.
func addedWordsDirective[M any](get func(*M) *[]string, keyword ...string) directive[M] {
	n := len(keyword)
	return directive[M]{
		keyword: keyword[0],
		match:   func(w []string) bool { return len(w) > n && isWords(w, keyword...) },
		read:    func(m *M, l *Line) { *get(m) = append(*get(m), l.spells[n:]...) },
		lines: func(m *M) [][]string {
			if v := *get(m); len(v) > 0 {
				return [][]string{append(slices.Clone(keyword), v...)}
			}
			return nil
		},
	}
}

// linesDirective is a list field of a section, one line per item, whose lines
// start with keyword: read adds the line's item, words writes one.
func linesDirective[M, I any](get func(*M) *[]I, keyword string, match func(w []string) bool, read func(l *Line) I, words func(it *I) []string) directive[M] {
	return directive[M]{
		keyword: keyword,
		match:   match,
		read:    func(m *M, l *Line) { *get(m) = append(*get(m), read(l)) },
		lines: func(m *M) [][]string {
			var out [][]string
			for i := range *get(m) {
				out = append(out, words(&(*get(m))[i]))
			}
			return out
		},
	}
}

// objectMetadata is the metadata of a directive whose line holds a nested
// object: the object's, none when it is unset.
func objectMetadata[M, O any](get func(*M) **O, md func(*O) dataplane.Metadata) func(*M) []dataplane.Metadata {
	return func(m *M) []dataplane.Metadata {
		if o := *get(m); o != nil {
			return []dataplane.Metadata{md(o)}
		}
		return nil
	}
}

// withMetadata makes the comment of d's line the metadata of the nested
// object d is a line of.
func withMetadata[M, O any](d directive[M], get func(*M) **O, md func(*O) *dataplane.Metadata) directive[M] {
	read := d.read
	d.read = func(m *M, l *Line) {
		read(m, l)
		*md(*get(m)) = lineMetadata(l)
	}
	d.metadata = objectMetadata(get, func(o *O) dataplane.Metadata { return *md(o) })
	return d
}

// itemsMetadata makes the comment of each line of d, a list of lines, the
// metadata of its item (the item's read sets it).
func itemsMetadata[M, I any](get func(*M) *[]I, md func(*I) dataplane.Metadata, d directive[M]) directive[M] {
	d.metadata = func(m *M) []dataplane.Metadata {
		out := make([]dataplane.Metadata, len(*get(m)))
		for i := range *get(m) {
			out[i] = md(&(*get(m))[i])
		}
		return out
	}
	return d
}

func sizeOrNil(s string) *int64 {
	if v, ok := parseSize(s); ok {
		return &v
	}
	return nil
}

// stickTableDirective is `stick-table type <type> [len <n>] size <size> [expire
// <t>] [nopurge] [peers <p>] [srvkey <k>] [write-to <t>] [recv-only] [store
// <data>,...]`; `store` may come more than once, its lists add up.
func stickTableDirective[M any](get func(*M) **dataplane.StickTable) directive[M] {
	return directive[M]{
		keyword: "stick-table",
		match:   func(w []string) bool { return len(w) > 1 && w[0] == "stick-table" },
		read: func(m *M, l *Line) {
			st := &dataplane.StickTable{}
			w := l.words
			for i := 1; i < len(w); i++ {
				switch w[i] {
				case "nopurge":
					st.Nopurge = true
					continue
				case "recv-only":
					st.RecvOnly = true
					continue
				}
				if i+1 >= len(w) {
					break
				}
				i++
				switch w[i-1] {
				case "type":
					st.Type = w[i]
				case "len":
					st.Keylen = optionalInt(w[i])
				case "size":
					st.Size = sizeOrNil(w[i])
				case "expire":
					st.Expire = timeOrNil(w[i])
				case "peers":
					st.Peers = w[i]
				case "srvkey":
					st.Srvkey = w[i]
				case "write-to":
					st.WriteTo = w[i]
				case "store":
					st.Store = strings.TrimPrefix(st.Store+","+l.spell(i), ",")
				}
			}
			st.Metadata = lineMetadata(l)
			*get(m) = st
		},
		metadata: objectMetadata(get, func(st *dataplane.StickTable) dataplane.Metadata { return st.Metadata }),
		write: func(m *M) []string {
			st := *get(m)
			if st == nil {
				return nil
			}
			w := []string{"stick-table"}
			add := func(k, v string) {
				if v != "" {
					w = append(w, k, v)
				}
			}
			add("type", st.Type)
			if st.Keylen != nil {
				add("len", formatInt(*st.Keylen))
			}
			if st.Size != nil {
				add("size", formatInt(*st.Size))
			}
			if st.Expire != nil {
				add("expire", formatTime(*st.Expire))
			}
			if st.Nopurge {
				w = append(w, "nopurge")
			}
			add("peers", st.Peers)
			add("srvkey", st.Srvkey)
			add("write-to", st.WriteTo)
			if st.RecvOnly {
				w = append(w, "recv-only")
			}
			add("store", st.Store)
			return w
		},
	}
}

func checkStickTable(st *dataplane.StickTable) error {
	if st == nil {
		return nil
	}
	if st.Type == "" {
		return &FieldError{"stick_table.type", "is required"}
	}
	return firstError(
		checkEnums(
			enumCheck{"stick_table.type", st.Type, dataplane.StickTableTypes},
			enumCheck{"stick_table.srvkey", st.Srvkey, dataplane.StickTableSrvkeys},
		),
		checkRanges(
			rangeCheck{"stick_table.keylen", st.Keylen, 1, 1 << 16},
			rangeCheck{"stick_table.size", st.Size, 0, 1 << 40},
			rangeCheck{"stick_table.expire", st.Expire, 0, 1 << 31},
		),
		within("stick_table", checkMetadata(st.Metadata)),
	)
}

// compressionDirective is the `compression` lines.
func compressionDirective[M any](get func(*M) **dataplane.Compression) directive[M] {
	type c = dataplane.Compression
	return group("compression",
		in(get, addedWordsDirective(func(c *c) *[]string { return &c.Algorithms }, "compression", "algo")),
		in(get, valueDirective(func(c *c) *string { return &c.AlgoReq }, "compression", "algo-req")),
		in(get, addedWordsDirective(func(c *c) *[]string { return &c.AlgosRes }, "compression", "algo-res")),
		in(get, addedWordsDirective(func(c *c) *[]string { return &c.Types }, "compression", "type")),
		in(get, addedWordsDirective(func(c *c) *[]string { return &c.TypesReq }, "compression", "type-req")),
		in(get, addedWordsDirective(func(c *c) *[]string { return &c.TypesRes }, "compression", "type-res")),
		in(get, flagDirective(func(c *c) *bool { return &c.Offload }, "compression", "offload")),
		in(get, valueDirective(func(c *c) *string { return &c.Direction }, "compression", "direction")),
		in(get, numberDirective(func(c *c) **int64 { return &c.MinsizeReq }, parseSize, formatInt, "compression", "minsize-req")),
		in(get, numberDirective(func(c *c) **int64 { return &c.MinsizeRes }, parseSize, formatInt, "compression", "minsize-res")),
	)
}

func checkCompression(c *dataplane.Compression) error {
	if c == nil {
		return nil
	}
	return firstError(
		checkEnumList("compression.algorithms", c.Algorithms, dataplane.CompressionAlgos),
		checkEnumList("compression.algos-res", c.AlgosRes, dataplane.CompressionAlgos),
		checkEnums(
			enumCheck{"compression.algo-req", c.AlgoReq, dataplane.CompressionAlgos},
			enumCheck{"compression.direction", c.Direction, dataplane.CompressionDirection},
		),
		checkWords("compression.types", c.Types),
		checkWords("compression.types-req", c.TypesReq),
		checkWords("compression.types-res", c.TypesRes),
		checkRanges(
			rangeCheck{"compression.minsize_req", c.MinsizeReq, 0, 1 << 31},
			rangeCheck{"compression.minsize_res", c.MinsizeRes, 0, 1 << 31},
		),
	)
}

// checkEnumList checks every item of a list against allowed.
func checkEnumList(field string, v, allowed []string) error {
	for i, s := range v {
		if err := checkOneOf(fmt.Sprintf("%s[%d]", field, i), s, allowed...); err != nil {
			return err
		}
	}
	return checkWords(field, v)
}

// checkWords checks that no item of a list is empty.
func checkWords(field string, v []string) error {
	for i, s := range v {
		if err := checkWord(fmt.Sprintf("%s[%d]", field, i), s); err != nil {
			return err
		}
	}
	return nil
}

// statsDirective is the `stats` lines of a proxy.
func statsDirective[M any](get func(*M) **dataplane.StatsOptions) directive[M] {
	type s = dataplane.StatsOptions
	// optional is `stats <keyword> [<value>]`; HAProxy reads the rest of a
	// show-desc line as the description, one word for show-node.
	optional := func(f func(*s) **string, keyword string, to int) directive[s] {
		return directive[s]{
			keyword: "stats",
			match:   func(w []string) bool { return isWords(w, "stats", keyword) },
			read: func(o *s, l *Line) {
				v := rawRange(l, 2, min(to, len(l.words)))
				*f(o) = &v
			},
			write: func(o *s) []string {
				switch v := *f(o); {
				case v == nil:
					return nil
				case *v == "":
					return []string{"stats", keyword}
				default:
					return []string{"stats", keyword, *v}
				}
			},
		}
	}
	return group("stats",
		in(get, flagDirective(func(o *s) *bool { return &o.StatsEnable }, "stats", "enable")),
		in(get, textDirective(func(o *s) *string { return &o.StatsURIPrefix }, "stats", "uri")),
		in(get, directive[s]{
			keyword: "stats",
			match:   func(w []string) bool { return len(w) > 2 && isWords(w, "stats", "realm") },
			read:    func(o *s, l *Line) { o.StatsRealm, o.StatsRealmRealm = true, l.spell(2) },
			write: func(o *s) []string {
				if !o.StatsRealm {
					return nil
				}
				return nonEmpty("stats", "realm", o.StatsRealmRealm)
			},
		}),
		in(get, linesDirective(func(o *s) *[]dataplane.StatsAuth { return &o.StatsAuths }, "stats",
			func(w []string) bool { return len(w) > 2 && isWords(w, "stats", "auth") },
			func(l *Line) dataplane.StatsAuth {
				user, pass, _ := strings.Cut(l.spell(2), ":")
				return dataplane.StatsAuth{User: user, Passwd: pass}
			},
			func(a *dataplane.StatsAuth) []string { return []string{"stats", "auth", a.User + ":" + a.Passwd} })),
		in(get, linesDirective(func(o *s) *[]dataplane.StatsHTTPRequest { return &o.StatsHTTPRequests }, "stats",
			func(w []string) bool { return len(w) > 2 && isWords(w, "stats", "http-request") },
			readStatsHTTPRequest, writeStatsHTTPRequest)),
		in(get, directive[s]{
			keyword: "stats",
			match:   func(w []string) bool { return isWords(w, "stats", "admin") },
			read: func(o *s, l *Line) {
				o.StatsAdmin, o.StatsAdminCond, o.StatsAdminCondTest = true, "", ""
				if len(l.words) > 2 {
					o.StatsAdminCond, o.StatsAdminCondTest = l.words[2], rawFrom(l, 3)
				}
			},
			write: func(o *s) []string {
				if !o.StatsAdmin {
					return nil
				}
				return nonEmpty("stats", "admin", o.StatsAdminCond, o.StatsAdminCondTest)
			},
		}),
		in(get, flagDirective(func(o *s) *bool { return &o.StatsHideVersion }, "stats", "hide-version")),
		in(get, flagDirective(func(o *s) *bool { return &o.StatsShowVersion }, "stats", "show-version")),
		in(get, flagDirective(func(o *s) *bool { return &o.StatsShowLegends }, "stats", "show-legends")),
		in(get, flagDirective(func(o *s) *bool { return &o.StatsShowModules }, "stats", "show-modules")),
		in(get, optional(func(o *s) **string { return &o.StatsShowDesc }, "show-desc", MaxLineWords)),
		in(get, optional(func(o *s) **string { return &o.StatsShowNodeName }, "show-node", 3)),
		in(get, numberDirective(func(o *s) **int64 { return &o.StatsMaxconn }, parseInt, formatInt, "stats", "maxconn")),
		in(get, numberDirective(func(o *s) **int64 { return &o.StatsRefreshDelay }, parseSeconds, formatTime, "stats", "refresh")),
		in(get, linesDirective(func(o *s) *[]string { return &o.StatsScopes }, "stats",
			func(w []string) bool { return len(w) > 2 && isWords(w, "stats", "scope") },
			func(l *Line) string { return l.spell(2) },
			func(v *string) []string { return []string{"stats", "scope", *v} })),
	)
}

// nonEmpty is the words that are not "".
func nonEmpty(words ...string) []string {
	return slices.DeleteFunc(words, func(w string) bool { return w == "" })
}

// readStatsHTTPRequest reads `stats http-request <type> [realm <realm>]
// [{if|unless} <condition>]`.
func readStatsHTTPRequest(l *Line) dataplane.StatsHTTPRequest {
	w := l.words
	r := dataplane.StatsHTTPRequest{Type: w[2]}
	i := 3
	if r.Type == "auth" && len(w) > 4 && w[3] == "realm" {
		r.Realm, i = l.spell(4), 5
	}
	if i < len(w) && (w[i] == "if" || w[i] == "unless") {
		r.Cond, r.CondTest = w[i], rawFrom(l, i+1)
	}
	return r
}

func writeStatsHTTPRequest(r *dataplane.StatsHTTPRequest) []string {
	w := []string{"stats", "http-request", r.Type}
	if r.Realm != "" {
		w = append(w, "realm", r.Realm)
	}
	return append(w, nonEmpty(r.Cond, r.CondTest)...)
}

func checkStats(o *dataplane.StatsOptions) error {
	if o == nil {
		return nil
	}
	for i, a := range o.StatsAuths {
		field := fmt.Sprintf("stats_options.stats_auths[%d]", i)
		if err := firstError(checkWord(field+".user", a.User), checkWord(field+".passwd", a.Passwd)); err != nil {
			return err
		}
		if strings.Contains(a.User, ":") {
			return &FieldError{field + ".user", "must not hold ':', which ends the user in `stats auth <user>:<passwd>`"}
		}
	}
	for i, scope := range o.StatsScopes {
		if err := checkWord(fmt.Sprintf("stats_options.stats_scopes[%d]", i), scope); err != nil {
			return err
		}
	}
	for i, r := range o.StatsHTTPRequests {
		field := fmt.Sprintf("stats_options.stats_http_requests[%d]", i)
		if err := firstError(
			checkWord(field+".type", r.Type),
			checkEnums(enumCheck{field + ".type", r.Type, dataplane.StatsHTTPRequestType}, enumCheck{field + ".cond", r.Cond, dataplane.Conds}),
			checkCond(field, r.Cond, r.CondTest),
		); err != nil {
			return err
		}
		if r.Realm != "" && r.Type != "auth" {
			return &FieldError{field + ".realm", `needs type "auth"`}
		}
	}
	switch {
	case o.StatsRealm && o.StatsRealmRealm == "":
		return &FieldError{"stats_options.stats_realm_realm", "is required with stats_realm"}
	case !o.StatsRealm && o.StatsRealmRealm != "":
		return &FieldError{"stats_options.stats_realm", "must be true with stats_realm_realm"}
	case !o.StatsAdmin && (o.StatsAdminCond != "" || o.StatsAdminCondTest != ""):
		return &FieldError{"stats_options.stats_admin", "must be true with stats_admin_cond"}
	}
	return firstError(
		checkEnums(enumCheck{"stats_options.stats_admin_cond", o.StatsAdminCond, dataplane.Conds}),
		checkCond("stats_options.stats_admin", o.StatsAdminCond, o.StatsAdminCondTest),
		checkRanges(
			rangeCheck{"stats_options.stats_maxconn", o.StatsMaxconn, 1, 1 << 31},
			rangeCheck{"stats_options.stats_refresh_delay", o.StatsRefreshDelay, 0, 1 << 31},
		),
	)
}

// checkCond checks a condition's two fields: both or neither.
func checkCond(field, cond, test string) error {
	switch {
	case cond != "" && test == "":
		return &FieldError{field + ".cond_test", "is required with cond"}
	case cond == "" && test != "":
		return &FieldError{field + ".cond", "is required with cond_test"}
	}
	return nil
}

// emailAlertDirective is the `email-alert <keyword> <value>` lines.
func emailAlertDirective[M any](get func(*M) **dataplane.EmailAlert) directive[M] {
	type e = dataplane.EmailAlert
	return group("email-alert",
		in(get, textDirective(func(o *e) *string { return &o.From }, "email-alert", "from")),
		in(get, textDirective(func(o *e) *string { return &o.To }, "email-alert", "to")),
		in(get, valueDirective(func(o *e) *string { return &o.Level }, "email-alert", "level")),
		withMetadata(in(get, valueDirective(func(o *e) *string { return &o.Mailers }, "email-alert", "mailers")),
			get, func(o *e) *dataplane.Metadata { return &o.Metadata }),
		in(get, textDirective(func(o *e) *string { return &o.Myhostname }, "email-alert", "myhostname")),
	)
}

func checkEmailAlert(e *dataplane.EmailAlert) error {
	if e == nil {
		return nil
	}
	for _, a := range []struct{ field, v string }{{"email_alert.from", e.From}, {"email_alert.to", e.To}} {
		if err := checkWord(a.field, a.v); err != nil {
			return err
		}
		if !strings.Contains(a.v, "@") {
			return &FieldError{a.field, fmt.Sprintf("%q is not an email address", a.v)}
		}
	}
	return firstError(
		checkName("email_alert.mailers", e.Mailers),
		within("email_alert", checkMetadata(e.Metadata)),
		checkEnums(enumCheck{"email_alert.level", e.Level, dataplane.EmailAlertLevels}),
	)
}

// errorFilesDirective is the `errorfile <code> <file>` lines; the files go
// through the file checks (files.go).
func errorFilesDirective[M any](get func(*M) *[]dataplane.Errorfile) directive[M] {
	return linesDirective(get, "errorfile",
		func(w []string) bool { return len(w) > 2 && w[0] == "errorfile" },
		func(l *Line) dataplane.Errorfile {
			code, _ := parseInt(l.words[1])
			return dataplane.Errorfile{Code: code, File: l.spell(2)}
		},
		func(e *dataplane.Errorfile) []string { return []string{"errorfile", formatInt(e.Code), e.File} })
}

// errorfilesDirective is the `errorfiles <http-errors section> [<code>...]` lines.
func errorfilesDirective[M any](get func(*M) *[]dataplane.Errorfiles) directive[M] {
	return itemsMetadata(get, func(e *dataplane.Errorfiles) dataplane.Metadata { return e.Metadata }, linesDirective(get, "errorfiles",
		func(w []string) bool { return len(w) > 1 && w[0] == "errorfiles" },
		func(l *Line) dataplane.Errorfiles {
			e := dataplane.Errorfiles{Name: l.words[1], Metadata: lineMetadata(l)}
			for _, w := range l.words[2:] {
				if code, ok := parseInt(w); ok {
					e.Codes = append(e.Codes, code)
				}
			}
			return e
		},
		func(e *dataplane.Errorfiles) []string {
			w := []string{"errorfiles", e.Name}
			for _, c := range e.Codes {
				w = append(w, formatInt(c))
			}
			return w
		}))
}

// errorlocDirective is `errorloc302 <code> <url>` or `errorloc303 <code> <url>`.
func errorlocDirective[M any](get func(*M) **dataplane.Errorloc, keyword string) directive[M] {
	return directive[M]{
		keyword: keyword,
		match:   func(w []string) bool { return len(w) > 2 && w[0] == keyword },
		read: func(m *M, l *Line) {
			code, _ := parseInt(l.words[1])
			*get(m) = &dataplane.Errorloc{Code: code, URL: l.spell(2), Metadata: lineMetadata(l)}
		},
		metadata: objectMetadata(get, func(e *dataplane.Errorloc) dataplane.Metadata { return e.Metadata }),
		write: func(m *M) []string {
			if e := *get(m); e != nil {
				return []string{keyword, formatInt(e.Code), e.URL}
			}
			return nil
		},
	}
}

func checkErrorPages(files []dataplane.Errorfile, fromHTTPErrors []dataplane.Errorfiles, loc302, loc303 *dataplane.Errorloc) error {
	for i, e := range files {
		field := fmt.Sprintf("error_files[%d]", i)
		if err := firstError(checkCode(field+".code", e.Code), checkWord(field+".file", e.File)); err != nil {
			return err
		}
	}
	for i, e := range fromHTTPErrors {
		field := fmt.Sprintf("errorfiles_from_http_errors[%d]", i)
		if err := firstError(checkName(field+".name", e.Name), within(field, checkMetadata(e.Metadata))); err != nil {
			return err
		}
		for k, c := range e.Codes {
			if err := checkCode(fmt.Sprintf("%s.codes[%d]", field, k), c); err != nil {
				return err
			}
		}
	}
	for name, e := range map[string]*dataplane.Errorloc{"errorloc302": loc302, "errorloc303": loc303} {
		if e != nil {
			if err := firstError(checkCode(name+".code", e.Code), checkWord(name+".url", e.URL), within(name, checkMetadata(e.Metadata))); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkCode checks an HTTP status code HAProxy has an error page for.
func checkCode(field string, code int64) error {
	if !slices.Contains(dataplane.ErrorCodes, code) {
		return &FieldError{field, fmt.Sprintf("%d is not one of the codes HAProxy has error pages for (%v)", code, dataplane.ErrorCodes)}
	}
	return nil
}

// originaltoDirective is `option originalto [except <network>] [header <name>]`.
func originaltoDirective[M any](get func(*M) **dataplane.Originalto) directive[M] {
	return headerOptionDirective("originalto", get, originaltoParts)
}

func checkOriginalto(o *dataplane.Originalto) error {
	return checkHeaderOption("originalto", o, originaltoParts)
}

func originaltoParts(o *dataplane.Originalto) headerOption {
	return headerOption{enabled: &o.Enabled, except: &o.Except, header: &o.Header}
}

// forwardedParam is one parameter of `option forwarded`: a keyword alone, or
// its -expr form with a log-format expression.
type forwardedParam struct {
	name string
	on   func(*dataplane.Forwarded) *bool
	expr func(*dataplane.Forwarded) *string // nil for proto, which has none
}

var forwardedParams = []forwardedParam{
	{"proto", func(f *dataplane.Forwarded) *bool { return &f.Proto }, nil},
	{"host", func(f *dataplane.Forwarded) *bool { return &f.Host }, func(f *dataplane.Forwarded) *string { return &f.HostExpr }},
	{"by", func(f *dataplane.Forwarded) *bool { return &f.By }, func(f *dataplane.Forwarded) *string { return &f.ByExpr }},
	{"by_port", func(f *dataplane.Forwarded) *bool { return &f.ByPort }, func(f *dataplane.Forwarded) *string { return &f.ByPortExpr }},
	{"for", func(f *dataplane.Forwarded) *bool { return &f.For }, func(f *dataplane.Forwarded) *string { return &f.ForExpr }},
	{"for_port", func(f *dataplane.Forwarded) *bool { return &f.ForPort }, func(f *dataplane.Forwarded) *string { return &f.ForPortExpr }},
}

// forwardedDirective is `option forwarded [<param>|<param>-expr <expr>]...`, or
// `no option forwarded` (disabled).
func forwardedDirective[M any](get func(*M) **dataplane.Forwarded) directive[M] {
	return directive[M]{
		keyword: "option",
		match: func(w []string) bool {
			return isWords(w, "option", "forwarded") || slices.Equal(w, []string{"no", "option", "forwarded"})
		},
		read: func(m *M, l *Line) {
			if l.words[0] == "no" {
				*get(m) = &dataplane.Forwarded{Enabled: dataplane.Disabled}
				return
			}
			f := &dataplane.Forwarded{Enabled: dataplane.Enabled}
			for i := 2; i < len(l.words); i++ {
				for _, p := range forwardedParams {
					switch {
					case l.words[i] == p.name:
						*p.on(f) = true
					case p.expr != nil && l.words[i] == p.name+"-expr" && i+1 < len(l.words):
						i++
						*p.expr(f) = l.spell(i)
					}
				}
			}
			*get(m) = f
		},
		write: func(m *M) []string {
			switch f := *get(m); {
			case f == nil:
				return nil
			case f.Enabled == dataplane.Disabled:
				return []string{"no", "option", "forwarded"}
			default:
				w := []string{"option", "forwarded"}
				for _, p := range forwardedParams {
					if *p.on(f) {
						w = append(w, p.name)
					}
					if p.expr != nil && *p.expr(f) != "" {
						w = append(w, p.name+"-expr", *p.expr(f))
					}
				}
				return w
			}
		},
	}
}

func checkForwarded(f *dataplane.Forwarded) error {
	if f == nil {
		return nil
	}
	if f.Enabled == "" {
		return &FieldError{"forwarded.enabled", "is required"}
	}
	if err := checkOneOf("forwarded.enabled", f.Enabled, dataplane.Switch...); err != nil {
		return err
	}
	for _, p := range forwardedParams {
		if p.expr != nil && *p.on(f) && *p.expr(f) != "" {
			return &FieldError{"forwarded." + p.name + "_expr", "cannot be set with " + p.name}
		}
		if f.Enabled == dataplane.Disabled && (*p.on(f) || p.expr != nil && *p.expr(f) != "") {
			return &FieldError{"forwarded." + p.name, `needs enabled "enabled"`}
		}
	}
	return nil
}

// condDirective is `<keyword...> {if|unless} <condition>` (monitor fail).
func condDirective[M, O any](get func(*M) **O, cond func(*O) (*string, *string), keyword ...string) directive[M] {
	n := len(keyword)
	return directive[M]{
		keyword: keyword[0],
		match:   func(w []string) bool { return len(w) > n && isWords(w, keyword...) },
		read: func(m *M, l *Line) {
			o := new(O)
			c, t := cond(o)
			*c, *t = l.words[n], rawFrom(l, n+1)
			*get(m) = o
		},
		write: func(m *M) []string {
			o := *get(m)
			if o == nil {
				return nil
			}
			c, t := cond(o)
			return append(slices.Clone(keyword), nonEmpty(*c, *t)...)
		},
	}
}

func monitorFailDirective[M any](get func(*M) **dataplane.MonitorFail) directive[M] {
	return condDirective(get, func(o *dataplane.MonitorFail) (*string, *string) { return &o.Cond, &o.CondTest }, "monitor", "fail")
}

// persistListDirective is the `force-persist` or `ignore-persist` lines.
func persistListDirective[M any](get func(*M) *[]dataplane.PersistCond, keyword string) directive[M] {
	return linesDirective(get, keyword,
		func(w []string) bool { return len(w) > 1 && w[0] == keyword },
		func(l *Line) dataplane.PersistCond {
			return dataplane.PersistCond{Cond: l.words[1], CondTest: rawFrom(l, 2)}
		},
		func(p *dataplane.PersistCond) []string {
			return append([]string{keyword}, nonEmpty(p.Cond, p.CondTest)...)
		})
}

// checkConds checks a condition that is required: cond is if or unless, and
// the test is set.
func checkConds(field string, cond, test string) error {
	if cond == "" {
		return &FieldError{field + ".cond", "is required"}
	}
	if test == "" {
		return &FieldError{field + ".cond_test", "is required"}
	}
	return checkOneOf(field+".cond", cond, dataplane.Conds...)
}

func checkMonitorFail(f *dataplane.MonitorFail) error {
	if f == nil {
		return nil
	}
	return checkConds("monitor_fail", f.Cond, f.CondTest)
}

// persistRuleDirective is `persist rdp-cookie[(<name>)]`.
func persistRuleDirective[M any](get func(*M) **dataplane.PersistRule) directive[M] {
	return directive[M]{
		keyword: "persist",
		match:   func(w []string) bool { return len(w) > 1 && w[0] == "persist" },
		read: func(m *M, l *Line) {
			typ, arg, _ := strings.Cut(l.words[1], "(")
			*get(m) = &dataplane.PersistRule{Type: typ, RdpCookieName: strings.TrimSuffix(arg, ")")}
		},
		write: func(m *M) []string {
			p := *get(m)
			if p == nil {
				return nil
			}
			if p.RdpCookieName != "" {
				return []string{"persist", p.Type + "(" + p.RdpCookieName + ")"}
			}
			return []string{"persist", p.Type}
		},
	}
}

// sourceDirective is `source <addr>[:<port>] [usesrc {<addr>[:<port>]|client|
// clientip|hdr_ip(<hdr>[,<occ>])}] [interface <name>]`.
func sourceDirective[M any](get func(*M) **dataplane.Source) directive[M] {
	hostPort := func(s string) (string, *int64) {
		if i := strings.LastIndexByte(s, ':'); i >= 0 && !strings.Contains(s[i+1:], "]") {
			if p, ok := parseInt(s[i+1:]); ok {
				return s[:i], &p
			}
		}
		return s, nil
	}
	join := func(a string, p *int64) string {
		if p == nil {
			return a
		}
		return a + ":" + formatInt(*p)
	}
	return directive[M]{
		keyword: "source",
		match:   func(w []string) bool { return len(w) > 1 && w[0] == "source" },
		read: func(m *M, l *Line) {
			s := &dataplane.Source{}
			s.Address, s.Port = hostPort(l.spell(1))
			for i := 2; i+1 < len(l.words); i++ {
				switch l.words[i] {
				case "usesrc":
					i++
					switch v := l.words[i]; {
					case v == "client" || v == "clientip":
						s.Usesrc = v
					case strings.HasPrefix(v, "hdr_ip(") && strings.HasSuffix(v, ")"):
						s.Usesrc = "hdr_ip"
						s.Hdr, s.Occ, _ = strings.Cut(v[len("hdr_ip("):len(v)-1], ",")
					default:
						s.Usesrc = "address"
						s.AddressSecond, s.PortSecond = hostPort(l.spell(i))
					}
				case "interface":
					i++
					s.Interface = l.spell(i)
				}
			}
			*get(m) = s
		},
		write: func(m *M) []string {
			s := *get(m)
			if s == nil {
				return nil
			}
			w := []string{"source", join(s.Address, s.Port)}
			switch s.Usesrc {
			case "client", "clientip":
				w = append(w, "usesrc", s.Usesrc)
			case "hdr_ip":
				hdr := s.Hdr
				if s.Occ != "" {
					hdr += "," + s.Occ
				}
				w = append(w, "usesrc", "hdr_ip("+hdr+")")
			case "address":
				w = append(w, "usesrc", join(s.AddressSecond, s.PortSecond))
			}
			if s.Interface != "" {
				w = append(w, "interface", s.Interface)
			}
			return w
		},
	}
}

func checkSource(s *dataplane.Source) error {
	if s == nil {
		return nil
	}
	if err := checkWord("source.address", s.Address); err != nil {
		return err
	}
	switch {
	case s.Usesrc == "address" && s.AddressSecond == "":
		return &FieldError{"source.address_second", `is required with usesrc "address"`}
	case s.Usesrc != "address" && (s.AddressSecond != "" || s.PortSecond != nil):
		return &FieldError{"source.address_second", `needs usesrc "address"`}
	case s.Usesrc == "hdr_ip" && s.Hdr == "":
		return &FieldError{"source.hdr", `is required with usesrc "hdr_ip"`}
	case s.Usesrc != "hdr_ip" && (s.Hdr != "" || s.Occ != ""):
		return &FieldError{"source.hdr", `needs usesrc "hdr_ip"`}
	}
	return firstError(
		checkEnums(enumCheck{"source.usesrc", s.Usesrc, dataplane.SourceUsesrc}),
		checkRanges(
			rangeCheck{"source.port", s.Port, 1, 65535},
			rangeCheck{"source.port_second", s.PortSecond, 1, 65535},
		),
	)
}

// proxyObjectDirectives are the directives of the nested objects frontends and
// backends both have.
func proxyObjectDirectives[M any](get func(*M) *dataplane.ProxyObjects) []directive[M] {
	type o = dataplane.ProxyObjects
	return []directive[M]{
		stickTableDirective(func(m *M) **dataplane.StickTable { return &get(m).StickTable }),
		compressionDirective(func(m *M) **dataplane.Compression { return &get(m).Compression }),
		statsDirective(func(m *M) **dataplane.StatsOptions { return &get(m).StatsOptions }),
		emailAlertDirective(func(m *M) **dataplane.EmailAlert { return &get(m).EmailAlert }),
		errorFilesDirective(func(m *M) *[]dataplane.Errorfile { return &get(m).ErrorFiles }),
		errorfilesDirective(func(m *M) *[]dataplane.Errorfiles { return &get(m).ErrorFilesFromHTTPErrors }),
		errorlocDirective(func(m *M) **dataplane.Errorloc { return &get(m).Errorloc302 }, "errorloc302"),
		errorlocDirective(func(m *M) **dataplane.Errorloc { return &get(m).Errorloc303 }, "errorloc303"),
		originaltoDirective(func(m *M) **dataplane.Originalto { return &get(m).Originalto }),
		forwardedDirective(func(m *M) **dataplane.Forwarded { return &get(m).Forwarded }),
	}
}

// checkProxyObjects checks the nested objects frontends and backends both have.
func checkProxyObjects(o *dataplane.ProxyObjects) error {
	return firstError(
		checkStickTable(o.StickTable),
		checkCompression(o.Compression),
		checkStats(o.StatsOptions),
		checkEmailAlert(o.EmailAlert),
		checkErrorPages(o.ErrorFiles, o.ErrorFilesFromHTTPErrors, o.Errorloc302, o.Errorloc303),
		checkOriginalto(o.Originalto),
		checkForwarded(o.Forwarded),
	)
}

func checkPersistRule(p *dataplane.PersistRule) error {
	if p == nil {
		return nil
	}
	if p.Type == "" {
		return &FieldError{"persist_rule.type", "is required"}
	}
	return checkOneOf("persist_rule.type", p.Type, dataplane.PersistTypes...)
}

// checkAdvCheckParams checks the arguments of an `option <check>` line.
func checkAdvCheckParams(b *backendObjects) error {
	for _, p := range []struct {
		name, check string
		set         bool
	}{
		{"mysql_check_params", "mysql-check", b.MysqlCheckParams != nil},
		{"pgsql_check_params", "pgsql-check", b.PgsqlCheckParams != nil},
		{"smtpchk_params", "smtpchk", b.SmtpchkParams != nil},
	} {
		if p.set && b.AdvCheck != p.check {
			return &FieldError{p.name, fmt.Sprintf("needs adv_check %q", p.check)}
		}
	}
	if m := b.MysqlCheckParams; m != nil {
		if m.ClientVersion != "" && m.Username == "" {
			return &FieldError{"mysql_check_params.username", "is required with client_version"}
		}
		if err := checkOneOf("mysql_check_params.client_version", m.ClientVersion, dataplane.MysqlClientVersions...); err != nil {
			return err
		}
	}
	if s := b.SmtpchkParams; s != nil && (s.Hello == "") != (s.Domain == "") {
		return &FieldError{"smtpchk_params", "hello and domain go together: `option smtpchk <hello> <domain>`"}
	}
	if h := b.HttpchkParams; h != nil {
		switch {
		case h.Host != "" && (h.Method == "" || h.URI == "" || h.Version == ""):
			return &FieldError{"httpchk_params.host", "needs method, uri and version: `option httpchk <method> <uri> <version> <host>`"}
		case h.Version != "" && (h.Method == "" || h.URI == ""):
			return &FieldError{"httpchk_params.version", "needs method and uri: `option httpchk <method> <uri> <version>`"}
		}
		return checkOneOf("httpchk_params.method", h.Method, dataplane.HttpchkMethods...)
	}
	return nil
}

// checkBalanceCookie checks what the balance and cookie lines took on beyond
// their first fields.
func checkBalanceCookie(b *backendObjects) error {
	if bal := b.Balance; bal != nil && bal.Algorithm != "url_param" && (bal.URLParamCheckPost != nil || bal.URLParamMaxWait != nil) {
		return &FieldError{"balance.url_param_check_post", `needs algorithm "url_param"`}
	}
	if bal := b.Balance; bal != nil {
		if err := checkRanges(
			rangeCheck{"balance.url_param_check_post", bal.URLParamCheckPost, 0, 1 << 31},
			rangeCheck{"balance.url_param_max_wait", bal.URLParamMaxWait, 0, 1 << 31},
		); err != nil {
			return err
		}
	}
	if c := b.Cookie; c != nil {
		for i, d := range c.Domains {
			if err := checkWord(fmt.Sprintf("cookie.domain[%d].value", i), d.Value); err != nil {
				return err
			}
		}
		for i, a := range c.Attrs {
			if err := checkWord(fmt.Sprintf("cookie.attr[%d].value", i), a.Value); err != nil {
				return err
			}
		}
	}
	return nil
}
