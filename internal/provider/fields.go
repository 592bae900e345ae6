package provider

import (
	"context"
	"fmt"
	"math/big"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
)

// kind is how a model field appears in Terraform.
type kind int

const (
	kindString   kind = iota // string; "" is unset
	kindInt                  // *int64
	kindBool                 // bool; false is unset
	kindSwitch               // "enabled" as true, "disabled" as false, unset as null
	kindDuration             // *int64 milliseconds, as an HAProxy time string
)

// attribute is what one attribute is: its name, type, checks and description.
// The schema attribute, its validators, its description and the conversions
// all come from here, so what a value may be and what the documentation says
// it may be never disagree.
type attribute struct {
	name     string
	desc     string
	kind     kind
	identity bool     // required; a change replaces the resource
	required bool     // required, changed in place
	enum     []string // allowed values of a string
	lo, hi   int64    // range of an int, when hi > lo
	ints     []int64  // allowed values of an int
	pattern  *regexp.Regexp
	off      string // a switch's explicit off, for its description
	with     *onlyWith
	spelling spelling
	// nullFalse is a bool of a list item, whose false is null: items have no
	// plan of their own in which to turn an unset bool into false.
	nullFalse bool
}

// spelling is how a free-form string is given: in HAProxy's own syntax, as it
// stands in haproxy.cfg, as the official Data Plane API gives it.
type spelling int

const (
	plain     spelling = iota // a name or a keyword: never quoted
	spellWord                 // one word of a line, quotes and escapes included
	spellText                 // the words of a line, quotes and escapes included
)

// onlyWith ties an argument to one value of another attribute, as
// balance_hdr_name to balance = "hdr": it is refused with any other value, and,
// when required, missing with that one is refused too.
type onlyWith struct {
	name, value string
	required    bool
}

// field maps one attribute to one field of a JSON model M.
type field[M any] struct {
	attribute
	str  func(*M) *string
	num  func(*M) **int64
	flag func(*M) *bool
	// plain is an integer the model cannot leave unset (the official model's
	// non-nullable ones): 0 is null here, as it is absent from the JSON.
	plain func(*M) *int64
	// codec is a string attribute for a member the model holds otherwise (a
	// return's headers), in HAProxy's syntax: "" is unset.
	codec *codec[M]
}

// codec converts a member of M to and from its text.
type codec[M any] struct {
	text  func(*M) string
	parse func(*M, string) error
}

// codecField is a string attribute that c converts.
func codecField[M any](name, desc string, c codec[M]) field[M] {
	return field[M]{attribute: attribute{name: name, desc: desc, spelling: spellText}, codec: &c}
}

// argumentOf makes f an argument of another attribute's value (onlyWith).
func argumentOf[M any](f field[M], name, value string, required bool) field[M] {
	f.with = &onlyWith{name, value, required}
	return f
}

// lift makes fields of a part P of model M into fields of M, for the
// attributes M shares with P (a server's params). part may create P.
func lift[M, P any](fields []field[P], part func(*M) *P) []field[M] {
	out := make([]field[M], len(fields))
	for i, f := range fields {
		out[i].attribute = f.attribute
		if f.str != nil {
			out[i].str = func(m *M) *string { return f.str(part(m)) }
		}
		if f.num != nil {
			out[i].num = func(m *M) **int64 { return f.num(part(m)) }
		}
		if f.flag != nil {
			out[i].flag = func(m *M) *bool { return f.flag(part(m)) }
		}
		if f.plain != nil {
			out[i].plain = func(m *M) *int64 { return f.plain(part(m)) }
		}
	}
	return out
}

func strField[M any](name, desc string, get func(*M) *string) field[M] {
	return field[M]{attribute: attribute{name: name, desc: desc, kind: kindString}, str: get}
}

// wordField is a free-form string that is one word of its line in haproxy.cfg:
// a format, an expression, a path. It is given as spelled there.
func wordField[M any](name, desc string, get func(*M) *string) field[M] {
	f := strField(name, desc, get)
	f.spelling = spellWord
	return f
}

// textField is a free-form string that is several words of its line: a
// condition, options, a description. It is given as spelled there.
func textField[M any](name, desc string, get func(*M) *string) field[M] {
	f := strField(name, desc, get)
	f.spelling = spellText
	return f
}

// requiredEnum is an enumerated string that must be set, and changes in place.
func requiredEnum[M any](name, desc string, allowed []string, get func(*M) *string) field[M] {
	return field[M]{attribute: attribute{name: name, desc: desc, kind: kindString, required: true, enum: allowed}, str: get}
}

// required makes a field one that must be set, and changes in place.
func required[M any](f field[M]) field[M] {
	f.required = true
	return f
}

func enumField[M any](name, desc string, allowed []string, get func(*M) *string) field[M] {
	return field[M]{attribute: attribute{name: name, desc: desc, kind: kindString, enum: allowed}, str: get}
}

func intField[M any](name, desc string, lo, hi int64, get func(*M) **int64) field[M] {
	return field[M]{attribute: attribute{name: name, desc: desc, kind: kindInt, lo: lo, hi: hi}, num: get}
}

// plainIntField is an integer whose 0 the model cannot tell from unset: null
// writes 0.
func plainIntField[M any](name, desc string, lo, hi int64, get func(*M) *int64) field[M] {
	return field[M]{attribute: attribute{name: name, desc: desc + " Unset is 0.", kind: kindInt, lo: lo, hi: hi}, plain: get}
}

// flagField is a bool of a list item: true, or unset.
func flagField[M any](name, desc string, get func(*M) *bool) field[M] {
	f := boolField(name, desc, get)
	f.nullFalse = true
	return f
}

func boolField[M any](name, desc string, get func(*M) *bool) field[M] {
	return field[M]{attribute: attribute{name: name, desc: desc, kind: kindBool}, flag: get}
}

// switchField is an on/off keyword with an explicit off, which wins over a
// default that turns it on: `check` and `no-check`.
func switchField[M any](name, desc, off string, get func(*M) *string) field[M] {
	return field[M]{attribute: attribute{name: name, desc: desc, kind: kindSwitch, off: off}, str: get}
}

func durationField[M any](name, desc string, get func(*M) **int64) field[M] {
	return field[M]{attribute: attribute{name: name, desc: desc, kind: kindDuration}, num: get}
}

// noBlanks is one word.
var noBlanks = regexp.MustCompile(`^\S*$`)

// nameChars is what HAProxy allows in proxy, server and ACL names.
var nameChars = regexp.MustCompile(`^[A-Za-z0-9_.:-]+$`)

// nameField is the identity of an object: required, HAProxy's name characters,
// and a new name is a new object.
func nameField[M any](name, desc string, get func(*M) *string) field[M] {
	return field[M]{attribute: attribute{name: name, desc: desc, kind: kindString, identity: true, pattern: nameChars}, str: get}
}

// description is the field's documentation, with the facts the validators check.
func (f attribute) description() string {
	d := f.desc
	switch {
	case len(f.enum) > 0:
		d += " One of `" + strings.Join(f.enum, "`, `") + "`."
	case len(f.ints) > 0:
		d += " One of " + joinInts(f.ints) + "."
	case f.kind == kindInt && f.hi > f.lo:
		d += fmt.Sprintf(" From %d to %d.", f.lo, f.hi)
	case f.kind == kindDuration:
		d += " An HAProxy time: a number with an optional unit (`us`, `ms`, `s`, `m`, `h`, `d`), such as `5s`; a bare number is milliseconds. Times that mean the same never show a diff."
	case f.kind == kindBool && f.nullFalse:
		d += " `true`, or unset."
	case f.kind == kindBool:
		d += " Defaults to `false`."
	case f.kind == kindSwitch:
		d += " `false` writes " + f.off + ", which wins over a default that turns it on; unset writes neither."
	}
	if f.pattern != nil {
		d += " Letters, digits and `-`, `_`, `.`, `:`."
	}
	switch f.spelling {
	case spellWord:
		d += " One word as in haproxy.cfg, quotes and escapes included: quote text with blanks or `#`, such as `\"a b\"`."
	case spellText:
		d += " Words as in haproxy.cfg, quotes and escapes included."
	}
	if f.with != nil {
		d += fmt.Sprintf(" Only with `%s = %q`", f.with.name, f.with.value)
		if f.with.required {
			d += ", which requires it"
		}
		d += "."
	}
	if f.identity {
		d += " Changing it replaces the object."
	}
	return d
}

func (f attribute) stringValidators() []validator.String {
	v := []validator.String{stringvalidator.LengthAtLeast(1), noControlCharacters}
	if f.spelling != plain {
		v = append(v, spelled{oneWord: f.spelling == spellWord})
	}
	if len(f.enum) > 0 {
		v = append(v, stringvalidator.OneOf(f.enum...))
	}
	if f.pattern != nil {
		v = append(v, stringvalidator.RegexMatches(f.pattern, "must use letters, digits and - _ . : only"))
	}
	return v
}

// noControlCharacters refuses newlines and other control characters at plan time.
var noControlCharacters = stringvalidator.RegexMatches(regexp.MustCompile(`^[^\x00-\x1f\x7f]*$`),
	"must not contain newlines or other control characters; in haproxy.cfg's spelling a newline is \\n inside double quotes")

// spelled refuses at plan a value in haproxy.cfg's spelling that HAProxy would not
// read as the value: a quote left open, a '#' that starts a comment, and, for a
// one-word value, blanks outside quotes. The agent checks the whole line again;
// this catches it for any Data Plane API, before anything is written.
type spelled struct{ oneWord bool }

func (v spelled) Description(context.Context) string {
	if v.oneWord {
		return "must be one word as HAProxy reads haproxy.cfg: text with blanks or '#' in double quotes"
	}
	return "must be words as HAProxy reads haproxy.cfg: quotes closed, '#' in quotes or escaped"
}

func (v spelled) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v spelled) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	words, problem := haproxycfg.Spelling(s)
	if problem == "" && v.oneWord && words > 1 {
		problem = fmt.Sprintf(`HAProxy reads it as %d words: put it in double quotes, such as "\"a b\""`, words)
	}
	if problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Value HAProxy would read otherwise",
			fmt.Sprintf("%s is written into haproxy.cfg as given, in HAProxy's spelling, and %q would not read back: %s.", req.Path, s, problem))
	}
}

// resourceAttribute is the field's attribute in a resource schema. A bool is
// computed because an unset one is planned false (objectSpec.planState); a
// switch has three states, null among them.
func (f attribute) resourceAttribute() rschema.Attribute {
	switch f.kind {
	case kindInt:
		a := rschema.Int64Attribute{Optional: true, Description: f.description()}
		if f.hi > f.lo {
			a.Validators = []validator.Int64{int64validator.Between(f.lo, f.hi)}
		}
		if len(f.ints) > 0 {
			a.Validators = []validator.Int64{int64validator.OneOf(f.ints...)}
		}
		return a
	case kindBool:
		return rschema.BoolAttribute{Optional: true, Computed: !f.nullFalse, Description: f.description()}
	case kindSwitch:
		return rschema.BoolAttribute{Optional: true, Description: f.description()}
	case kindDuration:
		return rschema.StringAttribute{CustomType: DurationType{}, Optional: true, Description: f.description()}
	}
	return rschema.StringAttribute{Optional: !f.identity && !f.required, Required: f.identity || f.required, Description: f.description(), Validators: f.stringValidators()}
}

// dataSourceAttribute is the field's attribute in a data source schema: read
// only, except an identity, which names what to read.
func (f attribute) dataSourceAttribute() dschema.Attribute {
	switch {
	case f.identity:
		return dschema.StringAttribute{Required: true, Description: f.desc}
	case f.kind == kindInt:
		return dschema.Int64Attribute{Computed: true, Description: f.desc}
	case f.kind == kindBool || f.kind == kindSwitch:
		return dschema.BoolAttribute{Computed: true, Description: f.desc}
	case f.kind == kindDuration:
		return dschema.StringAttribute{CustomType: DurationType{}, Computed: true, Description: f.desc}
	}
	return dschema.StringAttribute{Computed: true, Description: f.desc}
}

// attrType is the field's type in the framework.
func (f attribute) attrType() attr.Type {
	switch f.kind {
	case kindInt:
		return types.Int64Type
	case kindBool, kindSwitch:
		return types.BoolType
	case kindDuration:
		return DurationType{}
	}
	return types.StringType
}

// terraformType is the field's type on the wire.
func (f attribute) terraformType() tftypes.Type {
	return f.attrType().TerraformType(context.Background())
}

// terraformValue is the field of m as a value on the wire. It is the one
// conversion from a model: value builds on it.
func (f field[M]) terraformValue(m *M) tftypes.Value {
	var v any // nil: null
	switch f.kind {
	case kindInt:
		if f.plain != nil {
			if n := *f.plain(m); n != 0 {
				v = n
			}
		} else if n := *f.num(m); n != nil {
			v = *n
		}
	case kindBool:
		if v = *f.flag(m); f.nullFalse && !*f.flag(m) {
			v = nil
		}
	case kindSwitch:
		switch *f.str(m) {
		case dataplane.Enabled:
			v = true
		case dataplane.Disabled:
			v = false
		}
	case kindDuration:
		if ms := *f.num(m); ms != nil {
			v = dataplane.FormatTime(*ms)
		}
	case kindString:
		s := ""
		if f.codec != nil {
			s = f.codec.text(m)
		} else {
			s = *f.str(m)
		}
		if s != "" {
			v = s
		}
	}
	return tftypes.NewValue(f.terraformType(), v)
}

// setTerraformValue puts a value from the wire into the field of m; null and
// unknown leave it unset. It is the one conversion to a model: set builds on it.
func (f field[M]) setTerraformValue(v tftypes.Value, m *M) error {
	if !v.IsKnown() || v.IsNull() {
		return nil
	}
	switch f.kind {
	case kindInt:
		var n big.Float
		if err := v.As(&n); err != nil {
			return err
		}
		i, _ := n.Int64()
		if f.plain != nil {
			*f.plain(m) = i
			return nil
		}
		*f.num(m) = &i
	case kindBool:
		return v.As(f.flag(m))
	case kindSwitch:
		var on bool
		if err := v.As(&on); err != nil {
			return err
		}
		*f.str(m) = dataplane.Disabled
		if on {
			*f.str(m) = dataplane.Enabled
		}
	case kindDuration:
		var s string
		if err := v.As(&s); err != nil {
			return err
		}
		if ms, ok := dataplane.ParseTime(s); ok {
			*f.num(m) = &ms
		}
	case kindString:
		if f.codec == nil {
			return v.As(f.str(m))
		}
		var s string
		if err := v.As(&s); err != nil {
			return err
		}
		return f.codec.parse(m, s)
	}
	return nil
}

// clear unsets the field of m.
func (f field[M]) clear(m *M) {
	switch {
	case f.plain != nil:
		*f.plain(m) = 0
	case f.kind == kindInt || f.kind == kindDuration:
		*f.num(m) = nil
	case f.kind == kindBool:
		*f.flag(m) = false
	case f.codec != nil:
		_ = f.codec.parse(m, "") // "" is unset in every codec
	default:
		*f.str(m) = ""
	}
}

// value is the field of m as a framework value.
func (f field[M]) value(m *M) attr.Value {
	v, err := f.attrType().ValueFromTerraform(context.Background(), f.terraformValue(m))
	if err != nil {
		panic(fmt.Sprintf("field %s: %v", f.name, err)) // the types above agree: a bug
	}
	return v
}

// set puts a framework value into the field of m.
func (f field[M]) set(v attr.Value, m *M) {
	tv, err := v.ToTerraformValue(context.Background())
	if err == nil {
		err = f.setTerraformValue(tv, m)
	}
	if err != nil {
		panic(fmt.Sprintf("field %s: %v", f.name, err)) // the types above agree: a bug
	}
}

// values is a model as Terraform attribute values, by attribute name.
func values[M any](fields []field[M], m *M) map[string]attr.Value {
	out := make(map[string]attr.Value, len(fields))
	for _, f := range fields {
		out[f.name] = f.value(m)
	}
	return out
}

// model builds a model from Terraform attribute values.
func model[M any](fields []field[M], vals map[string]attr.Value) M {
	var m M
	for _, f := range fields {
		if v, ok := vals[f.name]; ok && !v.IsNull() && !v.IsUnknown() {
			f.set(v, &m)
		}
	}
	return m
}

// known tells whether every field value is known (not "known after apply").
func known[M any](fields []field[M], vals map[string]attr.Value) bool {
	for _, f := range fields {
		if v, ok := vals[f.name]; ok && v.IsUnknown() {
			return false
		}
	}
	return true
}

func joinInts(v []int64) string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = fmt.Sprint(n)
	}
	return "`" + strings.Join(s, "`, `") + "`"
}

// attrTypes are the Terraform types of the fields, for the objects of a nested list.
func attrTypes[M any](fields []field[M]) map[string]attr.Type {
	out := make(map[string]attr.Type, len(fields))
	for _, f := range fields {
		out[f.name] = f.attrType()
	}
	return out
}
