package provider

import (
	"context"
	"fmt"
	"reflect"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
)

// extraAttribute is the one attribute of an object resource that holds, in
// haproxy.cfg's own syntax, everything of its line (extra_params) or section
// (extra_directives) that the Data Plane API's model holds and no typed
// attribute says, so that every keyword and directive has an owner while the
// typed attributes stay few. The text travels as the model's JSON fields:
// parse and rows are haproxycfg's, read from the agent's own keyword tables, so
// a keyword the agent learns is one here too, with no code in the provider.
//
// A row is one entry of the agent's table for M: a keyword with its arguments
// (params) or a directive line. A row belongs to the typed attributes when they
// can say all of it, and to the extra attribute otherwise.
//
// Unset in the configuration, the attribute is computed: what the object has
// beyond the typed attributes stays as it is. Set, even to nothing, the
// resource owns the whole line or section: what the text does not say is
// removed. Import fills it, so an adopted object owns everything.
type extraAttribute[M any] struct {
	name, desc string
	list       bool // a list of lines (extra_directives), else one string of keywords
	// rows is what m says, one entry per row of the agent's table for M, ""
	// for the rows m leaves unset.
	rows func(m *M) []string
	// parse reads items (lines, or keywords and their arguments as one text)
	// into m, and returns them one row each, as spelled.
	parse func(items []string, m *M) ([]string, error)
}

// paramsExtra is extra_params of a line whose keywords model M holds.
func paramsExtra[M haproxycfg.ParamModel](desc string) *extraAttribute[M] {
	return &extraAttribute[M]{
		name: "extra_params", desc: desc,
		rows: haproxycfg.ParamRows[M],
		parse: func(items []string, m *M) ([]string, error) {
			return haproxycfg.ParseParams(strings.Join(items, " "), m)
		},
	}
}

// directivesExtra is extra_directives of the sections a view reads.
func directivesExtra[M any](view haproxycfg.SectionView[M], desc string) *extraAttribute[M] {
	return &extraAttribute[M]{
		name: "extra_directives", desc: desc, list: true,
		rows: view.Directives,
		parse: func(items []string, m *M) ([]string, error) {
			return items, view.ParseDirectives(items, m)
		},
	}
}

func (e *extraAttribute[M]) terraformType() tftypes.Type {
	if e.list {
		return tftypes.List{ElementType: tftypes.String}
	}
	return tftypes.String
}

func (e *extraAttribute[M]) attrType() attr.Type {
	if e.list {
		return types.ListType{ElemType: types.StringType}
	}
	return types.StringType
}

func (e *extraAttribute[M]) resourceAttribute() rschema.Attribute {
	if e.list {
		return rschema.ListAttribute{ElementType: types.StringType, Optional: true, Computed: true, Description: e.desc}
	}
	return rschema.StringAttribute{Optional: true, Computed: true, Description: e.desc}
}

func (e *extraAttribute[M]) dataSourceAttribute() dschema.Attribute {
	if e.list {
		return dschema.ListAttribute{ElementType: types.StringType, Computed: true, Description: e.desc}
	}
	return dschema.StringAttribute{Computed: true, Description: e.desc}
}

// items are the rows a known value gives; ok is false for null and unknown.
func (e *extraAttribute[M]) items(v tftypes.Value) (items []string, ok bool) {
	if !v.IsFullyKnown() || v.IsNull() {
		return nil, false
	}
	if !e.list {
		var s string
		if v.As(&s) != nil {
			return nil, false
		}
		if s != "" {
			items = []string{s}
		}
		return items, true
	}
	var elems []tftypes.Value
	if v.As(&elems) != nil {
		return nil, false
	}
	for _, el := range elems {
		var s string
		if el.IsNull() || el.As(&s) != nil {
			return nil, false
		}
		items = append(items, s)
	}
	return items, true
}

// value is items as the attribute's value: a list, or one text.
func (e *extraAttribute[M]) value(items []string) tftypes.Value {
	if !e.list {
		return tftypes.NewValue(tftypes.String, strings.Join(items, " "))
	}
	elems := make([]tftypes.Value, len(items))
	for i, s := range items {
		elems[i] = tftypes.NewValue(tftypes.String, s)
	}
	return tftypes.NewValue(e.terraformType(), elems)
}

// sameMeaning tells whether two known values say the same: the same model,
// whatever their order, spacing, quoting or spelling of times.
func (e *extraAttribute[M]) sameMeaning(a, b tftypes.Value) bool {
	x, okX := e.items(a)
	y, okY := e.items(b)
	if !okX || !okY {
		return false
	}
	var mx, my M
	_, errX := e.parse(x, &mx)
	_, errY := e.parse(y, &my)
	return errX == nil && errY == nil && reflect.DeepEqual(mx, my)
}

// typedOnly is the model of what m's typed attributes say, and nothing else.
// m is a copy: the fields' getters fill in the empty parts they reach through.
func (s *objectSpec[M]) typedOnly(m M) M {
	var t M
	for _, f := range s.fields {
		_ = f.setTerraformValue(f.terraformValue(&m), &t)
	}
	for _, n := range s.nested {
		_ = n.setTerraformValue(n.terraformValue(&m, tftypes.NewValue(n.terraformType(), nil)), &t)
	}
	if s.prune != nil {
		s.prune(&t)
	}
	return t
}

// rowsOf are the rows of the model the typed attribute values vals say, but
// for the attribute named skip: comparing them with all of them tells which
// rows an attribute writes, also one that is only part of another's (a
// cookie's type is nothing without its name).
func (s *objectSpec[M]) rowsOf(vals map[string]tftypes.Value, skip string) []string {
	var t M
	for _, f := range s.fields {
		if f.name != skip && setValue(vals[f.name]) {
			_ = f.setTerraformValue(vals[f.name], &t)
		}
	}
	for _, n := range s.nested {
		if v := vals[n.name]; n.name != skip && v.IsKnown() && !v.IsNull() {
			_ = n.setTerraformValue(v, &t)
		}
	}
	if s.prune != nil {
		s.prune(&t)
	}
	return s.extra.rows(&t)
}

// writes tells whether the attribute named name, among the typed attribute
// values vals, writes any of the rows (indexes).
func (s *objectSpec[M]) writes(vals map[string]tftypes.Value, all []string, name string, rows []int) bool {
	without := s.rowsOf(vals, name)
	for _, i := range rows {
		if without[i] != all[i] {
			return true
		}
	}
	return false
}

// setValue tells whether an attribute value says something: not null, and
// not false for a bool, which is false when unset.
func setValue(v tftypes.Value) bool {
	if !v.IsKnown() || v.IsNull() {
		return false
	}
	var b bool
	if v.Type().Is(tftypes.Bool) && v.As(&b) == nil {
		return b
	}
	return true
}

// readExtra fills in the extra attribute of vals, the state values read from
// m: the rows the typed attributes cannot say all of, in the table's order,
// with the prior state's spelling when it says the same. A typed attribute
// that says only part of such a row reads as unset unless the prior state
// set it: after an import, or when extra_directives holds the row, the row is
// the extra attribute's alone.
func (s *objectSpec[M]) readExtra(m M, prior, vals map[string]tftypes.Value) {
	e := s.extra
	full := e.rows(&m)
	t := s.typedOnly(m)
	typed := e.rows(&t)
	var items []string
	var partial []int
	for i := range full {
		if full[i] == "" || full[i] == typed[i] {
			continue
		}
		items = append(items, strings.Split(full[i], "\n")...) // a list's lines, one item each
		if typed[i] != "" {
			partial = append(partial, i)
		}
	}
	if len(partial) > 0 {
		all := s.rowsOf(vals, "")
		var unset []string
		for _, f := range s.fields {
			if !setValue(prior[f.name]) && setValue(vals[f.name]) && s.writes(vals, all, f.name, partial) {
				unset = append(unset, f.name)
			}
		}
		for _, n := range s.nested {
			if !setValue(prior[n.name]) && !vals[n.name].IsNull() && s.writes(vals, all, n.name, partial) {
				unset = append(unset, n.name)
			}
		}
		for _, name := range unset {
			vals[name] = s.unsetValue(name)
		}
	}
	v := e.value(items)
	if old, ok := prior[e.name]; ok && !old.Equal(v) && e.sameMeaning(old, v) {
		v = old
	}
	vals[e.name] = v
}

// unsetValue is what the attribute named name reads as when the object does
// not set it: false for a bool, else null.
func (s *objectSpec[M]) unsetValue(name string) tftypes.Value {
	for _, f := range s.fields {
		if f.name == name && f.kind == kindBool {
			return tftypes.NewValue(tftypes.Bool, false)
		}
	}
	return tftypes.NewValue(s.objectType().AttributeTypes[name], nil)
}

// owned is the model of an object whose resource owns all of it: what the
// extra attribute says, and over it what the typed attributes set. Unset typed
// attributes leave what the text says of their rows (a row the typed
// attributes cannot say all of is the text's).
func (s *objectSpec[M]) owned(items []string, vals map[string]tftypes.Value) (M, error) {
	var m M
	if _, err := s.extra.parse(items, &m); err != nil {
		return m, fmt.Errorf("%s: %w", s.extra.name, err)
	}
	for _, f := range s.fields {
		if !setValue(vals[f.name]) {
			continue
		}
		if err := f.setTerraformValue(vals[f.name], &m); err != nil {
			return m, fmt.Errorf("%s: %w", f.name, err)
		}
	}
	for _, n := range s.nested {
		if vals[n.name].IsNull() {
			continue
		}
		if err := n.setTerraformValue(vals[n.name], &m); err != nil {
			return m, err
		}
	}
	if s.prune != nil {
		s.prune(&m)
	}
	return m, nil
}

// checkExtra refuses, with a message for each, an extra value that the model
// cannot hold, a row the typed attributes can say all of ("use the attribute
// weight"), and a row the configured typed attributes write too.
func (s *objectSpec[M]) checkExtra(vals map[string]tftypes.Value) []string {
	e := s.extra
	items, ok := e.items(vals[e.name])
	if !ok {
		return nil
	}
	var m M
	rows, err := e.parse(items, &m)
	if err != nil {
		return []string{err.Error()}
	}
	var problems []string
	configured := s.rowsOf(vals, "")
	var sofar M                // what the rows up to this one say
	saidBy := map[int]string{} // which row said each row of the table last
	for _, row := range rows {
		var one M
		if _, err := e.parse([]string{row}, &one); err != nil {
			problems = append(problems, err.Error())
			continue
		}
		t := s.typedOnly(one)
		said, typed := e.rows(&one), e.rows(&t)
		_, _ = e.parse([]string{row}, &sofar)
		now := e.rows(&sofar)
		for i := range said {
			if said[i] == "" {
				continue
			}
			// A row that holds one value (not a list of lines) is what the last
			// line says: an earlier one is lost.
			if first, ok := saidBy[i]; ok && now[i] == said[i] {
				problems = append(problems, fmt.Sprintf("%q and %q both say %s, and HAProxy would take only the last: keep one", first, row, strings.Fields(said[i])[0]))
			}
			saidBy[i] = row
		}
		if names := s.attributesOf(t); equalRows(said, typed) && len(names) > 0 {
			problems = append(problems, fmt.Sprintf("%q is what %s say(s): use that instead", row, strings.Join(names, ", ")))
			continue
		}
		for i := range said {
			if said[i] != "" && configured[i] != "" {
				problems = append(problems, fmt.Sprintf("%q and %s both write the %s line: say it in one place, "+
					"either whole here or with the attributes only", row, strings.Join(s.writers(vals, i), ", "), strings.Fields(said[i])[0]))
				break
			}
		}
	}
	return problems
}

// writers names the typed attributes set in vals that write row i.
func (s *objectSpec[M]) writers(vals map[string]tftypes.Value, i int) []string {
	all := s.rowsOf(vals, "")
	var names []string
	for _, f := range s.fields {
		if !f.identity && setValue(vals[f.name]) && s.writes(vals, all, f.name, []int{i}) {
			names = append(names, "`"+f.name+"`")
		}
	}
	for _, n := range s.nested {
		if v := vals[n.name]; v.IsKnown() && !v.IsNull() && s.writes(vals, all, n.name, []int{i}) {
			names = append(names, "`"+n.name+"`")
		}
	}
	return names
}

// attributesOf names the typed attributes m sets, the identity aside.
func (s *objectSpec[M]) attributesOf(m M) []string {
	var names []string
	for _, f := range s.fields {
		if !f.identity && setValue(f.terraformValue(&m)) {
			names = append(names, "`"+f.name+"`")
		}
	}
	for _, n := range s.nested {
		if !n.terraformValue(&m, tftypes.NewValue(n.terraformType(), nil)).IsNull() {
			names = append(names, "`"+n.name+"`")
		}
	}
	return names
}

func equalRows(a, b []string) bool {
	return reflect.DeepEqual(a, b)
}

// dryRun has our agent check with haproxy -c, writing nothing, the object as
// the apply of a planned change would write it, when the change is to the
// extra attribute: HAProxy's refusal of verbatim text then fails the plan.
// Servers without dry_run (the official API) are not asked, nor about an
// object whose parent does not exist yet; nor about one that exists when a
// create is planned (a replacement: the apply deletes it first).
func (s *objectSpec[M]) dryRun(ctx context.Context, c *dataplane.Client, config, prior, planned tftypes.Value) error {
	if s.extra == nil {
		return nil
	}
	cfg, err := attributeValues(config)
	if err != nil || cfg == nil {
		return err
	}
	vals, err := attributeValues(planned)
	if err != nil || vals == nil {
		return err
	}
	old, err := attributeValues(prior)
	if err != nil {
		return err
	}
	if _, owning := s.extra.items(cfg[s.extra.name]); !owning || old != nil && old[s.extra.name].Equal(vals[s.extra.name]) {
		return nil
	}
	for k, v := range vals {
		if k != "id" && !v.IsFullyKnown() {
			return nil // checked at apply
		}
	}
	if c == nil || !c.SupportsDryRun(ctx) {
		return nil
	}
	dry := dataplane.WriteOptions{DryRun: true}
	parents, name, id, err := s.idOf(vals)
	if err != nil {
		return err
	}
	items, _ := s.extra.items(vals[s.extra.name])
	m, err := s.owned(items, vals)
	if err != nil {
		return nil // ValidateConfig says why
	}
	if old == nil {
		err = s.create(ctx, c, parents, m, dry)
	} else {
		err = s.update(ctx, c, parents, name, func(cur *M) error { *cur = m; return nil }, dry)
	}
	if err == nil || pendingReference(err) || dataplane.IsExists(err) {
		return nil
	}
	return &attributeFailure{objectFailure{"HAProxy rejects " + s.typeName + " " + id, err}, s.extra.name}
}

// attributeFailure is an objectFailure about one attribute.
type attributeFailure struct {
	objectFailure
	attribute string
}

func (e *attributeFailure) Unwrap() error { return &e.objectFailure }

// extraDescription documents an extra attribute: what it holds, an example,
// and what setting it means.
func extraDescription(holds, example, unheld string) string {
	return holds + ", in haproxy.cfg's own syntax (quotes and escapes included), such as " + example + ". " +
		"Anything the Data Plane API's model holds that no attribute here says; what an attribute says is refused here (use the attribute). " +
		"Unset, it is read from the live configuration and what it holds stays as it is. Set, even to empty, the resource owns all of it: " +
		"what it does not say is removed, and a hand edit shows in `plan`. Import and `terraform plan -generate-config-out` fill it. " +
		"The file saying the same another way (another order or spacing, `5s` for `5000`) is no change. On our agent, `terraform plan` checks it with `haproxy -c`. " +
		unheld
}
