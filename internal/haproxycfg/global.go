package haproxycfg

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

type global = dataplane.Global

// globalSettings are the single-line settings of the global section, from the
// model's tags; globalNested those of its nested objects, from theirs.
var (
	globalSettings = sectionTagsOf[global]()
	globalNested   = []nestedSettings[global]{
		nestedTagsOf("debug_options", func(g *global) **dataplane.DebugOptions { return &g.DebugOptions }),
		nestedTagsOf("device_atlas_options", func(g *global) **dataplane.DeviceAtlasOptions { return &g.DeviceAtlasOptions }),
		nestedTagsOf("environment_options", func(g *global) **dataplane.EnvironmentOptions { return &g.EnvironmentOptions }),
		nestedTagsOf("fifty_one_degrees_options", func(g *global) **dataplane.FiftyOneDegreesOptions { return &g.FiftyOneDegreesOptions }),
		nestedTagsOf("http_client_options", func(g *global) **dataplane.HTTPClientOptions { return &g.HTTPClientOptions }),
		nestedTagsOf("lua_options", func(g *global) **dataplane.LuaOptions { return &g.LuaOptions }),
		nestedTagsOf("ocsp_update_options", func(g *global) **dataplane.OcspUpdateOptions { return &g.OcspUpdateOptions }),
		nestedTagsOf("performance_options", func(g *global) **dataplane.PerformanceOptions { return &g.PerformanceOptions }),
		nestedTagsOf("ssl_options", func(g *global) **dataplane.SSLOptions { return &g.SSLOptions }),
		nestedTagsOf("tune_buffer_options", func(g *global) **dataplane.TuneBufferOptions { return &g.TuneBufferOptions }),
		nestedTagsOf("tune_lua_options", func(g *global) **dataplane.TuneLuaOptions { return &g.TuneLuaOptions }),
		nestedTagsOf("tune_options", func(g *global) **dataplane.TuneOptions { return &g.TuneOptions }),
		nestedTagsOf("tune_quic_options", func(g *global) **dataplane.TuneQuicOptions { return &g.TuneQuicOptions }),
		nestedTagsOf("tune_ssl_options", func(g *global) **dataplane.TuneSSLOptions { return &g.TuneSSLOptions }),
		nestedTagsOf("tune_vars_options", func(g *global) **dataplane.TuneVarsOptions { return &g.TuneVarsOptions }),
		nestedTagsOf("tune_zlib_options", func(g *global) **dataplane.TuneZlibOptions { return &g.TuneZlibOptions }),
		nestedTagsOf("wurfl_options", func(g *global) **dataplane.WurflOptions { return &g.WurflOptions }),
		harden,
	}
)

// globalFields are the tagged fields of the global model and of its nested
// objects, for the files they name (sectionFiles).
var globalFields = func() []taggedField {
	out := slices.Clone(globalSettings.fields)
	for _, n := range globalNested {
		out = append(out, n.fields...)
	}
	return out
}()

// harden is harden.reject_privileged_ports, an object in an object.
var harden = func() nestedSettings[global] {
	get := func(g *global) **dataplane.Harden { return &g.Harden }
	inner := nestedTagsOf("harden.reject_privileged_ports",
		func(h *dataplane.Harden) **dataplane.RejectPrivilegedPorts { return &h.RejectPrivilegedPorts })
	n := nestedSettings[global]{fields: inner.fields, check: func(g *global) error {
		if *get(g) == nil {
			return nil
		}
		return inner.check(*get(g))
	}}
	for _, d := range inner.table {
		n.table = append(n.table, in(get, d))
	}
	return n
}()

// nestedSettings are the tagged single-line settings of a nested object, as
// directives of the section M holding it, with their checks.
type nestedSettings[M any] struct {
	table  []directive[M]
	fields []taggedField
	check  func(*M) error
}

// nestedTagsOf reads the tags of O, the object at member of M that get
// returns: reading one of its lines creates it, errors name its fields after
// member.
func nestedTagsOf[M, O any](member string, get func(*M) **O) nestedSettings[M] {
	t := sectionTagsOf[O]()
	for i := range t.fields {
		t.fields[i].member = member + "." + t.fields[i].member
	}
	n := nestedSettings[M]{fields: t.fields, check: func(m *M) error { return t.check(*get(m)) }}
	for _, d := range t.table {
		n.table = append(n.table, in(get, d))
	}
	return n
}

// onoffDirective is `<keyword...> on|off` for "enabled"/"disabled"; a value
// of the field's enum beyond those two (auto) is written as it is.
func onoffDirective[M any](get func(*M) *string, keyword ...string) directive[M] {
	n := len(keyword)
	toWord := map[string]string{dataplane.Enabled: "on", dataplane.Disabled: "off"}
	toValue := map[string]string{"on": dataplane.Enabled, "off": dataplane.Disabled}
	return directive[M]{
		keyword: keyword[0],
		match: func(w []string) bool {
			return len(w) == n+1 && isWords(w, keyword...) && (toValue[w[n]] != "" || w[n] == "auto")
		},
		read: func(m *M, l *Line) {
			v := l.words[n]
			if x, ok := toValue[v]; ok {
				v = x
			}
			*get(m) = v
		},
		write: func(m *M) []string {
			v := *get(m)
			if v == "" {
				return nil
			}
			if x, ok := toWord[v]; ok {
				v = x
			}
			return append(slices.Clone(keyword), v)
		},
	}
}

// wordsDirective is a list field, one line per item, each line exactly
// `<keyword> <a> <b>` (or with the optional last word left out when opt):
// lines with more or fewer words are not the field's and stay as written.
func wordsDirective[M, I any](get func(*M) *[]I, keyword string, parts func(*I) []*string, opt bool) directive[M] {
	var zero I
	n := len(parts(&zero))
	return linesDirective(get, keyword,
		func(w []string) bool { return w[0] == keyword && (len(w) == n+1 || opt && len(w) == n) },
		func(l *Line) I {
			var it I
			for k, p := range parts(&it) {
				if k+1 < len(l.words) {
					*p = l.spell(k + 1)
				}
			}
			return it
		},
		func(it *I) []string {
			w := []string{keyword}
			for _, p := range parts(it) {
				w = append(w, *p)
			}
			return nonEmpty(w...)
		})
}

// restDirective is a list field, one line per item, `<keyword> <a> <rest...>`
// (or `<keyword> <rest...>` when first is nil): the rest of the line as
// spelled.
func restDirective[M, I any](get func(*M) *[]I, keyword string, first func(*I) *string, rest func(*I) *string) directive[M] {
	from := 1
	if first != nil {
		from = 2
	}
	return linesDirective(get, keyword,
		func(w []string) bool { return w[0] == keyword && len(w) > from },
		func(l *Line) I {
			var it I
			if first != nil {
				*first(&it) = l.spell(1)
			}
			*rest(&it) = rawFrom(l, from)
			return it
		},
		func(it *I) []string {
			w := []string{keyword}
			if first != nil {
				w = append(w, *first(it))
			}
			return append(w, *rest(it))
		})
}

// runtimeAPIDirective is the `stats socket <address> [<bind params>]` lines.
// A line with a keyword the bind table does not model is not the field's, so
// that rewriting it cannot drop the keyword.
func runtimeAPIDirective(get func(*global) *[]dataplane.RuntimeAPI) directive[global] {
	ps := bindKeywords.paramSet
	return linesDirective(get, "stats",
		func(w []string) bool {
			if len(w) < 3 || w[0] != "stats" || w[1] != "socket" {
				return false
			}
			for _, it := range scanParams(w, 3, ps) {
				if p := ps.find(it.name); it.name != "name" && (p == nil || it.j-it.i != 1+p.args) || it.name == "name" && it.j-it.i != 2 {
					return false
				}
			}
			return true
		},
		func(l *Line) dataplane.RuntimeAPI {
			var r dataplane.RuntimeAPI
			r.Address = l.spell(2)
			readParams(l, 3, ps, &r.Bind)
			for _, it := range scanParams(l.words, 3, ps) {
				if it.name == "name" {
					r.Name = l.spell(it.i + 1)
				}
			}
			return r
		},
		func(r *dataplane.RuntimeAPI) []string {
			w := []string{"stats", "socket", r.Address}
			if r.Name != "" {
				w = append(w, "name", r.Name)
			}
			for _, row := range ParamRows(&r.Bind) {
				if row != "" {
					w = append(w, row)
				}
			}
			return w
		})
}

// optionalDirective is `<keyword> <a> [<b>]`, one object O of two words.
func optionalDirective[M, O any](get func(*M) **O, keyword string, parts func(*O) (*string, *string)) directive[M] {
	return directive[M]{
		keyword: keyword,
		match:   func(w []string) bool { return w[0] == keyword && (len(w) == 2 || len(w) == 3) },
		read: func(m *M, l *Line) {
			o := new(O)
			a, b := parts(o)
			*a = l.spell(1)
			if len(l.words) == 3 {
				*b = l.spell(2)
			}
			*get(m) = o
		},
		write: func(m *M) []string {
			o := *get(m)
			if o == nil {
				return nil
			}
			a, b := parts(o)
			return nonEmpty(keyword, *a, *b)
		},
	}
}

// logSendHostnameDirective is `log-send-hostname [<param>]`.
func logSendHostnameDirective(get func(*global) **dataplane.LogSendHostname) directive[global] {
	return directive[global]{
		keyword: "log-send-hostname",
		match:   func(w []string) bool { return w[0] == "log-send-hostname" && len(w) <= 2 },
		read: func(g *global, l *Line) {
			h := &dataplane.LogSendHostname{Enabled: dataplane.Enabled}
			if len(l.words) == 2 {
				h.Param = l.spell(1)
			}
			*get(g) = h
		},
		write: func(g *global) []string {
			h := *get(g)
			if h == nil || h.Enabled != dataplane.Enabled {
				return nil
			}
			return nonEmpty("log-send-hostname", h.Param)
		},
	}
}

// ocspHttpproxyDirective is `ocsp-update.httpproxy <address>:<port>`.
func ocspHttpproxyDirective(get func(*dataplane.OcspUpdateOptions) **dataplane.OcspHttpproxy) directive[dataplane.OcspUpdateOptions] {
	return directive[dataplane.OcspUpdateOptions]{
		keyword: "ocsp-update.httpproxy",
		match:   func(w []string) bool { return len(w) == 2 && w[0] == "ocsp-update.httpproxy" },
		read: func(o *dataplane.OcspUpdateOptions, l *Line) {
			addr, port, _ := splitAddress(l.spell(1))
			*get(o) = &dataplane.OcspHttpproxy{Address: addr, Port: optionalInt(port)}
		},
		write: func(o *dataplane.OcspUpdateOptions) []string {
			p := *get(o)
			if p == nil {
				return nil
			}
			return []string{"ocsp-update.httpproxy", joinAddress(p.Address, p.Port, nil)}
		},
	}
}

// sslEngineDirective is the `ssl-engine <name> [algo <algorithms>]` lines.
func sslEngineDirective(get func(*dataplane.SSLOptions) *[]dataplane.SSLEngine) directive[dataplane.SSLOptions] {
	return linesDirective(get, "ssl-engine",
		func(w []string) bool { return w[0] == "ssl-engine" && (len(w) == 2 || len(w) == 4 && w[2] == "algo") },
		func(l *Line) dataplane.SSLEngine {
			e := dataplane.SSLEngine{Name: l.spell(1)}
			if len(l.words) == 4 {
				e.Algorithms = l.spell(3)
			}
			return e
		},
		func(e *dataplane.SSLEngine) []string {
			if e.Algorithms == "" {
				return []string{"ssl-engine", e.Name}
			}
			return []string{"ssl-engine", e.Name, "algo", e.Algorithms}
		})
}

// globalLists are the directives of the global model's custom lines.
func globalLists() []directive[global] {
	type g = global
	type lua = dataplane.LuaOptions
	type env = dataplane.EnvironmentOptions
	luaOf := func(m *g) **lua { return &m.LuaOptions }
	envOf := func(m *g) **env { return &m.EnvironmentOptions }
	return []directive[global]{
		optionalDirective(func(m *g) **dataplane.CPUAffinity { return &m.CPUAffinity }, "cpu-affinity",
			func(o *dataplane.CPUAffinity) (*string, *string) { return &o.Affinity, &o.Argument }),
		restDirective(func(m *g) *[]dataplane.CPUMap { return &m.CPUMaps }, "cpu-map",
			func(i *dataplane.CPUMap) *string { return &i.Process }, func(i *dataplane.CPUMap) *string { return &i.CPUSet }),
		wordsDirective(func(m *g) *[]dataplane.CPUSet { return &m.CPUSet }, "cpu-set",
			func(i *dataplane.CPUSet) []*string { return []*string{&i.Directive, &i.Set} }, true),
		optionalDirective(func(m *g) **dataplane.DefaultPath { return &m.DefaultPath }, "default-path",
			func(o *dataplane.DefaultPath) (*string, *string) { return &o.Type, &o.Path }),
		wordsDirective(func(m *g) *[]dataplane.H1CaseAdjust { return &m.H1CaseAdjust }, "h1-case-adjust",
			func(i *dataplane.H1CaseAdjust) []*string { return []*string{&i.From, &i.To} }, false),
		restDirective(func(m *g) *[]dataplane.HTTPCodes { return &m.HTTPErrCodes }, "http-err-codes",
			nil, func(i *dataplane.HTTPCodes) *string { return &i.Value }),
		restDirective(func(m *g) *[]dataplane.HTTPCodes { return &m.HTTPFailCodes }, "http-fail-codes",
			nil, func(i *dataplane.HTTPCodes) *string { return &i.Value }),
		logSendHostnameDirective(func(m *g) **dataplane.LogSendHostname { return &m.LogSendHostname }),
		runtimeAPIDirective(func(m *g) *[]dataplane.RuntimeAPI { return &m.RuntimeAPIs }),
		restDirective(func(m *g) *[]dataplane.GlobalSetVar { return &m.SetVar }, "set-var",
			func(i *dataplane.GlobalSetVar) *string { return &i.Name }, func(i *dataplane.GlobalSetVar) *string { return &i.Expr }),
		restDirective(func(m *g) *[]dataplane.GlobalSetVarFmt { return &m.SetVarFmt }, "set-var-fmt",
			func(i *dataplane.GlobalSetVarFmt) *string { return &i.Name }, func(i *dataplane.GlobalSetVarFmt) *string { return &i.Format }),
		wordsDirective(func(m *g) *[]dataplane.ThreadGroup { return &m.ThreadGroupLines }, "thread-group",
			func(i *dataplane.ThreadGroup) []*string { return []*string{&i.Group, &i.NumOrRange} }, false),
		in(luaOf, wordsDirective(func(o *lua) *[]dataplane.LuaLoad { return &o.Loads }, "lua-load",
			func(i *dataplane.LuaLoad) []*string { return []*string{&i.File} }, false)),
		in(luaOf, wordsDirective(func(o *lua) *[]dataplane.LuaPrependPath { return &o.PrependPath }, "lua-prepend-path",
			func(i *dataplane.LuaPrependPath) []*string { return []*string{&i.Path, &i.Type} }, true)),
		in(envOf, wordsDirective(func(o *env) *[]dataplane.EnvVar { return &o.Presetenv }, "presetenv",
			func(i *dataplane.EnvVar) []*string { return []*string{&i.Name, &i.Value} }, false)),
		in(envOf, wordsDirective(func(o *env) *[]dataplane.EnvVar { return &o.Setenv }, "setenv",
			func(i *dataplane.EnvVar) []*string { return []*string{&i.Name, &i.Value} }, false)),
		in(func(m *g) **dataplane.SSLOptions { return &m.SSLOptions },
			sslEngineDirective(func(o *dataplane.SSLOptions) *[]dataplane.SSLEngine { return &o.Engines })),
		in(func(m *g) **dataplane.OcspUpdateOptions { return &m.OcspUpdateOptions },
			ocspHttpproxyDirective(func(o *dataplane.OcspUpdateOptions) **dataplane.OcspHttpproxy { return &o.Httpproxy })),
	}
}

// globalTable is every directive of the global model.
var globalTable = func() []directive[global] {
	table := slices.Clone(globalSettings.table)
	for _, n := range globalNested {
		table = append(table, n.table...)
	}
	return append(table, globalLists()...)
}()

// checkGlobal checks what the tags do not: the lists' items and the objects
// of two words.
func checkGlobal(g *global) error {
	errs := []error{checkStrings(g), globalSettings.check(g), checkMetadata(g.Metadata)}
	for _, n := range globalNested {
		errs = append(errs, n.check(g))
	}
	if a := g.CPUAffinity; a != nil {
		errs = append(errs, checkWord("cpu_affinity.affinity", a.Affinity), checkEnums(
			enumCheck{"cpu_affinity.affinity", a.Affinity, enumOf[dataplane.CPUAffinity]("Affinity")},
			enumCheck{"cpu_affinity.argument", a.Argument, enumOf[dataplane.CPUAffinity]("Argument")}))
	}
	if p := g.DefaultPath; p != nil {
		errs = append(errs, checkWord("default_path.type", p.Type),
			checkEnums(enumCheck{"default_path.type", p.Type, enumOf[dataplane.DefaultPath]("Type")}))
		if (p.Type == "origin") != (p.Path != "") {
			errs = append(errs, &FieldError{"default_path.path", `is required with type "origin", and only with it`})
		}
	}
	if h := g.LogSendHostname; h != nil {
		errs = append(errs, checkOneOf("log_send_hostname.enabled", h.Enabled, dataplane.Enabled))
	}
	for i, m := range g.CPUMaps {
		errs = append(errs, checkWord(fmt.Sprintf("cpu_maps[%d].process", i), m.Process), checkWord(fmt.Sprintf("cpu_maps[%d].cpu_set", i), m.CPUSet))
	}
	for i, s := range g.CPUSet {
		f := fmt.Sprintf("cpu_set[%d]", i)
		errs = append(errs, checkWord(f+".directive", s.Directive),
			checkEnums(enumCheck{f + ".directive", s.Directive, enumOf[dataplane.CPUSet]("Directive")}))
		if s.Set == "" && s.Directive != "reset" {
			errs = append(errs, &FieldError{f + ".set", "is required, but with directive \"reset\""})
		}
	}
	for i, h := range g.H1CaseAdjust {
		errs = append(errs, checkWord(fmt.Sprintf("h1_case_adjust[%d].from", i), h.From), checkWord(fmt.Sprintf("h1_case_adjust[%d].to", i), h.To))
	}
	for name, list := range map[string][]dataplane.HTTPCodes{"http_err_codes": g.HTTPErrCodes, "http_fail_codes": g.HTTPFailCodes} {
		for i, c := range list {
			errs = append(errs, checkWord(fmt.Sprintf("%s[%d].value", name, i), c.Value))
		}
	}
	for i, r := range g.RuntimeAPIs {
		f := fmt.Sprintf("runtime_apis[%d]", i)
		errs = append(errs, checkWord(f+".address", r.Address), prefixed(f, bindKeywords.check(&r.Bind)))
		if r.Port != nil || r.PortRangeEnd != nil || r.Metadata != nil {
			errs = append(errs, &FieldError{f, "a runtime API has no port (it is part of its address) and no metadata"})
		}
	}
	for i, v := range g.SetVar {
		errs = append(errs, checkWord(fmt.Sprintf("set_var[%d].name", i), v.Name), checkWord(fmt.Sprintf("set_var[%d].expr", i), v.Expr))
	}
	for i, v := range g.SetVarFmt {
		errs = append(errs, checkWord(fmt.Sprintf("set_var_fmt[%d].name", i), v.Name), checkWord(fmt.Sprintf("set_var_fmt[%d].format", i), v.Format))
	}
	for i, t := range g.ThreadGroupLines {
		errs = append(errs, checkWord(fmt.Sprintf("thread_group_lines[%d].group", i), t.Group), checkWord(fmt.Sprintf("thread_group_lines[%d].num_or_range", i), t.NumOrRange))
	}
	if l := g.LuaOptions; l != nil {
		for i, x := range l.Loads {
			errs = append(errs, checkWord(fmt.Sprintf("lua_options.loads[%d].file", i), x.File))
		}
		for i, x := range l.PrependPath {
			f := fmt.Sprintf("lua_options.prepend_path[%d]", i)
			errs = append(errs, checkWord(f+".path", x.Path), checkEnums(enumCheck{f + ".type", x.Type, enumOf[dataplane.LuaPrependPath]("Type")}))
		}
	}
	if e := g.EnvironmentOptions; e != nil {
		for name, list := range map[string][]dataplane.EnvVar{"presetenv": e.Presetenv, "setenv": e.Setenv} {
			for i, v := range list {
				f := fmt.Sprintf("environment_options.%s[%d]", name, i)
				errs = append(errs, checkWord(f+".name", v.Name), checkWord(f+".value", v.Value))
			}
		}
	}
	if s := g.SSLOptions; s != nil {
		for i, e := range s.Engines {
			errs = append(errs, checkWord(fmt.Sprintf("ssl_options.engines[%d].name", i), e.Name))
		}
	}
	if o := g.OcspUpdateOptions; o != nil && o.Httpproxy != nil {
		errs = append(errs, checkWord("ocsp_update_options.httpproxy.address", o.Httpproxy.Address),
			checkRanges(rangeCheck{"ocsp_update_options.httpproxy.port", o.Httpproxy.Port, 1, 65535}))
	}
	return firstError(errs...)
}

// enumOf is the enum tag of field name of O.
func enumOf[O any](name string) []string {
	f, _ := reflect.TypeFor[O]().FieldByName(name)
	return strings.Split(f.Tag.Get("enum"), "|")
}

// prefixed names a FieldError's field after the member holding it.
func prefixed(member string, err error) error {
	if fe, ok := err.(*FieldError); ok {
		return &FieldError{member + "." + fe.Field, fe.Reason}
	}
	return err
}

// GlobalView is the view of the `global` section, which has no name and of
// which a configuration has one. HAProxy reads every global section, in file
// order, as one: Get reads them so, and Replace, which edits one section,
// refuses a file with more than one (merge them first, in the raw file).
var GlobalView = globalView{}

type globalView struct{}

// globalKey names the global section's object, as Touched reports it.
var globalKey = sectionKey("global", "")

// sections are the indexes of the global sections, in file order.
func (globalView) sections(c *Config) []int {
	var out []int
	for i, s := range c.sections {
		if s.Kind == "global" {
			out = append(out, i)
		}
	}
	return out
}

// Get reads the global section: an empty model when the file has none.
func (v globalView) Get(c *Config) dataplane.Global {
	var g global
	for k, i := range v.sections(c) {
		s := c.sections[i]
		if k == 0 {
			g.Metadata = lineMetadata(s.lines[0])
		}
		readDirectives(s, globalTable, &g)
	}
	return g
}

// Replace makes the global section say what g says, touching only the lines
// whose value changes; the lines the model does not hold (log, and whatever
// it has no field for) stay, and so does the header's comment when g has no
// metadata. A file without a global section gets one, at its top.
func (v globalView) Replace(c *Config, g dataplane.Global) error {
	if err := checkGlobal(&g); err != nil {
		return err
	}
	c.touch(globalKey)
	at := v.sections(c)
	if len(at) > 1 {
		return &FieldError{"", fmt.Sprintf("the configuration has %d global sections, which HAProxy reads as one; "+
			"merge them into one (a raw upload) to write the global section through the API", len(at))}
	}
	var s *Section
	if len(at) == 1 {
		s = c.sections[at[0]]
	} else {
		s = &Section{Kind: "global", lines: []*Line{newLine("global" + c.eol)}}
	}
	old := v.Get(c)
	if g.Metadata == nil {
		g.Metadata = old.Metadata
	}
	if err := readBackKeeping(c, &g, &old, v.written(c, s)); err != nil {
		return err
	}
	if err := checkMetadataLine(writeMetadata(s.lines[0], g.Metadata), g.Metadata); err != nil {
		return err
	}
	if len(at) == 1 {
		v.write(c, c.edit(at[0]), &g)
		return nil
	}
	if sameModel(&g, &global{Metadata: g.Metadata}) && g.Metadata == nil {
		return nil // nothing to say: no section to add
	}
	s = c.addGlobal()
	v.write(c, s, &g)
	return nil
}

func sameModel[M any](a, b *M) bool {
	return len(differences(reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem())) == 0
}

// addGlobal adds an empty global section before every other section, after
// the lines that precede them (the preamble), separated by a blank line.
func (c *Config) addGlobal() *Section {
	s := &Section{Kind: "global", lines: []*Line{newLine("global" + c.eol)}}
	if len(c.sections) > 1 {
		s.lines = append(s.lines, newLine(c.eol))
	}
	pre := c.edit(0)
	if n := len(pre.lines); n > 0 && !isBlankLine(pre.lines[n-1]) {
		c.insertLines(pre, n, newLine(c.eol))
	}
	c.sections = slices.Insert(c.sections, 1, s)
	return s
}

func (globalView) write(c *Config, s *Section, g *global) {
	s.lines[0] = writeMetadata(s.lines[0], g.Metadata)
	writeDirectives(c, s, globalTable, g)
}

// written is what section s, made to say a model, reads back as (see
// SectionView.written).
func (v globalView) written(c *Config, s *Section) func(*global) written[global] {
	return func(g *global) written[global] {
		e := s.clone()
		v.write(c, e, g)
		had := make(map[*Line]bool, len(s.lines))
		for _, l := range s.lines {
			had[l] = true
		}
		var w written[global]
		w.model.Metadata = lineMetadata(e.lines[0])
		readDirectives(e, globalTable, &w.model)
		for _, l := range e.lines {
			if w.problem == "" && !had[l] {
				w.problem = lineProblem(l)
			}
		}
		w.files = func() []string {
			var files []string
			for _, l := range e.lines[e.body():] {
				if modeled(globalTable, l) {
					files = append(files, l.files()...)
				}
			}
			return files
		}
		return w
	}
}

// Directives returns, for each row of the global table in order, the line g
// makes of it as spelled ("" when unset; a list's lines joined by "\n"), as
// SectionView.Directives does.
func (globalView) Directives(g *dataplane.Global) []string {
	var out []string
	flat(globalTable, func(d *directive[global]) {
		if d.lines == nil {
			out = append(out, strings.Join(d.write(g), " "))
			return
		}
		var lines []string
		for _, w := range d.lines(g) {
			lines = append(lines, strings.Join(w, " "))
		}
		out = append(out, strings.Join(lines, "\n"))
	})
	return out
}

// ParseDirectives reads lines, global directives in haproxy.cfg's syntax, into
// g; a line the model does not hold, or would not keep whole, is refused.
func (globalView) ParseDirectives(lines []string, g *dataplane.Global) error {
	for i, text := range lines {
		if _, err := parseDirective(globalTable, "global", text, g); err != nil {
			return fmt.Errorf("line %d (%q): %w", i, text, err)
		}
	}
	return checkGlobal(g)
}
