package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// parentAttribute names the section an object belongs to (a server's backend).
type parentAttribute struct{ name, desc string }

// parentKinds are the kinds of section an object may belong to, told by its
// parent_type attribute: the first is the default, which its ID leaves out
// (`be_app/web1`); another kind leads the ID (`listen/stats/web1`). The
// spec's calls get the kind as the first of the parents.
type parentKinds []string

const parentTypeAttr = "parent_type"

// objectSpec describes a named configuration object (frontend, backend, server,
// bind): its attributes and the client calls that read and write it. Its ID is
// its parents' names and its own, joined by "/": `be_app`, `be_app/web1`.
type objectSpec[M any] struct {
	typeName    string // haproxy_<typeName>
	description string
	parents     []parentAttribute
	kinds       parentKinds        // nil: the parents are of one kind
	fields      []field[M]         // the first is the name
	nested      []nestedField[M]   // attributes holding objects: a backend's default_server
	extra       *extraAttribute[M] // what the line or section says beyond them (extra.go)
	// prune drops the empty nested objects the flat fields left in a model, so
	// that the server is sent only what is set.
	prune  func(*M)
	read   func(ctx context.Context, c *dataplane.Client, parents []string, name string) (M, error)
	create func(ctx context.Context, c *dataplane.Client, parents []string, m M, o dataplane.WriteOptions) error
	// update writes what change makes of the object as it is now (dataplane's
	// modify), so that what the provider does not model stays as it is.
	update func(ctx context.Context, c *dataplane.Client, parents []string, name string, change func(*M) error, o dataplane.WriteOptions) error
	delete func(ctx context.Context, c *dataplane.Client, parents []string, name string) error

	typeOnce sync.Once
	typ      tftypes.Object
}

func (s *objectSpec[M]) name() string { return s.fields[0].name }

// objectType is the resource's type on the wire: its id, its parents and its
// fields.
func (s *objectSpec[M]) objectType() tftypes.Object {
	s.typeOnce.Do(func() {
		attrs := map[string]tftypes.Type{"id": tftypes.String}
		for _, p := range s.parents {
			attrs[p.name] = tftypes.String
		}
		if s.kinds != nil {
			attrs[parentTypeAttr] = tftypes.String
		}
		for _, f := range s.fields {
			attrs[f.name] = f.terraformType()
		}
		for _, n := range s.nested {
			attrs[n.name] = n.terraformType()
		}
		if s.extra != nil {
			attrs[s.extra.name] = s.extra.terraformType()
		}
		s.typ = tftypes.Object{AttributeTypes: attrs}
	})
	return s.typ
}

// idOf is the ID of the object the attribute values name.
func (s *objectSpec[M]) idOf(vals map[string]tftypes.Value) (parents []string, name, id string, err error) {
	str := func(k string) string {
		var v string
		if err == nil {
			err = vals[k].As(&v)
		}
		return v
	}
	for _, p := range s.parents {
		parents = append(parents, str(p.name))
	}
	name = str(s.name())
	id = strings.Join(append(slices.Clone(parents), name), "/")
	if s.kinds != nil {
		kind := s.kinds[0]
		if v := vals[parentTypeAttr]; v.IsKnown() && !v.IsNull() {
			kind = str(parentTypeAttr)
		}
		if kind != s.kinds[0] {
			id = kind + "/" + id
		}
		parents = append([]string{kind}, parents...)
	}
	return parents, name, id, err
}

// overlay puts the attribute values into m: each field the provider models
// takes its planned value, unset when null; the rest of m stays as it is.
func (s *objectSpec[M]) overlay(vals map[string]tftypes.Value, m *M) error {
	for _, f := range s.fields {
		f.clear(m)
		if err := f.setTerraformValue(vals[f.name], m); err != nil {
			return fmt.Errorf("%s: %w", f.name, err)
		}
	}
	for _, n := range s.nested {
		if err := n.setTerraformValue(vals[n.name], m); err != nil {
			return err
		}
	}
	if s.prune != nil {
		s.prune(m)
	}
	return nil
}

// readState refreshes a state from the live configuration: null when the
// object is gone. A time the server spells differently keeps the state's
// spelling.
func (s *objectSpec[M]) readState(ctx context.Context, c *dataplane.Client, current tftypes.Value) (tftypes.Value, error) {
	cur, err := attributeValues(current)
	if err != nil || cur == nil {
		return current, err
	}
	parents, name, id, err := s.idOf(cur)
	if err != nil {
		return current, err
	}
	m, err := s.read(ctx, c, parents, name)
	if dataplane.IsNotFound(err) {
		return tftypes.NewValue(s.objectType(), nil), nil
	}
	if err != nil {
		return current, failure("Reading "+s.typeName+" "+id, err)
	}
	vals := s.stateValues(m, cur)
	vals["id"] = tftypes.NewValue(tftypes.String, id)
	if s.kinds != nil {
		vals[parentTypeAttr] = tftypes.NewValue(tftypes.String, parents[0])
		parents = parents[1:]
	}
	for i, p := range s.parents {
		vals[p.name] = tftypes.NewValue(tftypes.String, parents[i])
	}
	return tftypes.NewValue(s.objectType(), vals), nil
}

// stateValues are the attribute values of m, the parents and id aside; times
// and extra text that say what prior says keep its spelling.
func (s *objectSpec[M]) stateValues(m M, prior map[string]tftypes.Value) map[string]tftypes.Value {
	pristine := m // the fields' getters fill in the empty parts they reach through
	vals := map[string]tftypes.Value{}
	for _, f := range s.fields {
		vals[f.name] = f.terraformValue(&m)
	}
	keepSpelling(s.fields, prior, vals)
	for _, n := range s.nested {
		vals[n.name] = n.terraformValue(&m, prior[n.name])
	}
	if s.extra != nil {
		s.readExtra(pristine, prior, vals)
	}
	return vals
}

// planState is the plan of a change, and the attributes whose change replaces
// the object. An unset bool is false; the id stays once known; renaming or
// moving to another parent replaces; a time spelled another way is no change.
func (s *objectSpec[M]) planState(config, prior, proposed tftypes.Value) (tftypes.Value, []*tftypes.AttributePath, error) {
	vals, err := attributeValues(proposed)
	if err != nil || vals == nil { // destroy
		return proposed, nil, err
	}
	cfg, err := attributeValues(config)
	if err != nil {
		return proposed, nil, err
	}
	for _, f := range s.fields {
		if f.kind == kindBool && cfg[f.name].IsNull() {
			vals[f.name] = tftypes.NewValue(tftypes.Bool, false)
		}
	}
	if s.kinds != nil && cfg[parentTypeAttr].IsNull() {
		vals[parentTypeAttr] = tftypes.NewValue(tftypes.String, s.kinds[0])
	}
	old, err := attributeValues(prior)
	if err != nil {
		return proposed, nil, err
	}
	if old == nil { // create
		vals["id"] = tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
		return tftypes.NewValue(s.objectType(), vals), nil, nil
	}
	vals["id"] = old["id"]
	var replace []*tftypes.AttributePath
	for _, k := range s.identity() {
		if !vals[k].Equal(old[k]) {
			replace = append(replace, tftypes.NewAttributePath().WithAttributeName(k))
		}
	}
	keepSpelling(s.fields, old, vals)
	for _, n := range s.nested {
		vals[n.name] = n.keepSpellingOf(old[n.name], vals[n.name])
	}
	return tftypes.NewValue(s.objectType(), vals), replace, nil
}

// identity names the attributes that say which object this is: its parents
// and its name.
func (s *objectSpec[M]) identity() []string {
	var names []string
	if s.kinds != nil {
		names = append(names, parentTypeAttr)
	}
	for _, p := range s.parents {
		names = append(names, p.name)
	}
	for _, f := range s.fields {
		if f.identity {
			names = append(names, f.name)
		}
	}
	return names
}

// applyState carries out a planned change: create, update or delete. The new
// state is the plan with its id. When the configuration sets the extra
// attribute, the resource owns the whole object: it is written as the extra
// text and the typed attributes say, and nothing else of it stays.
func (s *objectSpec[M]) applyState(ctx context.Context, c *dataplane.Client, config, prior, planned tftypes.Value) (tftypes.Value, error) {
	vals, err := attributeValues(planned)
	if err != nil {
		return prior, err
	}
	if vals == nil {
		old, err := attributeValues(prior)
		if err != nil || old == nil {
			return planned, err
		}
		parents, name, id, err := s.idOf(old)
		if err != nil {
			return prior, err
		}
		if err := s.delete(ctx, c, parents, name); err != nil && !dataplane.IsNotFound(err) {
			return prior, failure("Deleting "+s.typeName+" "+id, err)
		}
		return planned, nil
	}
	parents, name, id, err := s.idOf(vals)
	if err != nil {
		return prior, err
	}
	change := func(m *M) error { return s.overlay(vals, m) }
	if items, owning := s.ownedItems(config); owning {
		change = func(m *M) error {
			var err error
			*m, err = s.owned(items, vals)
			return err
		}
	}
	verb := "Creating"
	if prior.IsNull() {
		var m M
		if err = change(&m); err == nil {
			err = s.create(ctx, c, parents, m, dataplane.WriteOptions{})
		}
		if dataplane.IsExists(err) {
			err = fmt.Errorf("%w. %s", err, adoptHint(s.typeName, id))
		}
	} else {
		verb = "Updating"
		err = s.update(ctx, c, parents, name, change, dataplane.WriteOptions{})
	}
	if err != nil {
		return prior, failure(verb+" "+s.typeName+" "+id, err)
	}
	vals["id"] = tftypes.NewValue(tftypes.String, id)
	return tftypes.NewValue(s.objectType(), vals), nil
}

// ownedItems are the rows of the extra attribute when config sets it.
func (s *objectSpec[M]) ownedItems(config tftypes.Value) ([]string, bool) {
	cfg, err := attributeValues(config)
	if s.extra == nil || err != nil || cfg == nil {
		return nil, false
	}
	return s.extra.items(cfg[s.extra.name])
}

// attributeValues are the attributes of an object value; nil when it is null.
func attributeValues(v tftypes.Value) (map[string]tftypes.Value, error) {
	if v.IsNull() {
		return nil, nil
	}
	var vals map[string]tftypes.Value
	return vals, v.As(&vals)
}

// sameTime tells whether two known time strings mean the same time.
func sameTime(a, b tftypes.Value) bool {
	var x, y string
	if !a.IsKnown() || !b.IsKnown() || a.IsNull() || b.IsNull() || a.As(&x) != nil || b.As(&y) != nil {
		return false
	}
	p, okP := dataplane.ParseTime(x)
	q, okQ := dataplane.ParseTime(y)
	return okP && okQ && p == q
}

// objectFailure is an error of a call to the server, as a diagnostic says it.
type objectFailure struct {
	summary string
	err     error
}

func failure(summary string, err error) error { return &objectFailure{summary, err} }
func (e *objectFailure) Error() string        { return e.summary + ": " + e.err.Error() }

// adoptHint says how to bring what a create found, which someone else wrote,
// under a resource, rather than overwrite it.
func adoptHint(typeName, id string) string {
	return fmt.Sprintf("Someone else wrote it; to manage it here, import it first, with an import block "+
		"(to = haproxy_%s.<name>, id = %q) or `terraform import haproxy_%s.<name> %s`", typeName, id, typeName, id)
}

// explainTakeover says how to adopt the lines a create of a typeName found
// there already (a dataplane.NotEmptyError); other errors it returns as they are.
func explainTakeover(err error, typeName string) error {
	var ne *dataplane.NotEmptyError
	if !errors.As(err, &ne) {
		return err
	}
	return fmt.Errorf("%w. %s", err, adoptHint(typeName, ne.ImportID()))
}

// summaryAndDetail splits an error into a diagnostic's summary and detail.
func summaryAndDetail(err error) (string, string) {
	var f *objectFailure
	if errors.As(err, &f) {
		return f.summary, f.err.Error()
	}
	return "Unexpected value", err.Error() + "; this is a bug in the provider"
}

// objectResource is the resource of an objectSpec. Terraform reads, plans and
// applies it through protocolServer, which calls the spec's readState,
// planState and applyState directly; the framework serves its schema,
// validation and import.
type objectResource[M any] struct {
	spec   *objectSpec[M]
	client *dataplane.Client
}

var (
	_ resource.ResourceWithConfigure      = (*objectResource[dataplane.Backend])(nil)
	_ resource.ResourceWithImportState    = (*objectResource[dataplane.Backend])(nil)
	_ resource.ResourceWithValidateConfig = (*objectResource[dataplane.Backend])(nil)
)

func (r *objectResource[M]) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + r.spec.typeName
}

// Schema declares what Terraform checks and documents. Defaults, replacement
// and the rest of planning are planState's.
func (r *objectResource[M]) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := map[string]rschema.Attribute{
		"id": rschema.StringAttribute{Computed: true, Description: "The object's ID, for import: " + r.importFormat() + "."},
	}
	for _, p := range r.spec.parents {
		attrs[p.name] = rschema.StringAttribute{Required: true, Description: p.desc + " Changing it replaces the object.",
			Validators: attribute{pattern: nameChars}.stringValidators()}
	}
	if k := r.spec.kinds; k != nil {
		attrs[parentTypeAttr] = rschema.StringAttribute{Optional: true, Computed: true,
			Description: "Kind of section `" + r.spec.parents[0].name + "` names: one of `" + strings.Join(k, "`, `") + "`; `" + k[0] +
				"` when unset. Changing it replaces the object.",
			Validators: []validator.String{stringvalidator.OneOf(k...)}}
	}
	for _, f := range r.spec.fields {
		attrs[f.name] = f.resourceAttribute()
	}
	for _, n := range r.spec.nested {
		attrs[n.name] = n.resourceAttribute()
	}
	if e := r.spec.extra; e != nil {
		attrs[e.name] = e.resourceAttribute()
	}
	resp.Schema = rschema.Schema{Description: r.spec.description, Attributes: attrs}
}

// ValidateConfig refuses an argument without the value it belongs to
// (balance_hdr_name without balance = "hdr"), and that value without its
// required argument.
func (r *objectResource[M]) ValidateConfig(_ context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	vals, err := attributeValues(req.Config.Raw)
	if err != nil || vals == nil {
		return
	}
	for _, f := range r.spec.fields {
		if f.with == nil || !vals[f.name].IsKnown() || !vals[f.with.name].IsKnown() {
			continue
		}
		var value string
		_ = vals[f.with.name].As(&value) // a null leaves ""
		var on bool
		set := !vals[f.name].IsNull() && (f.kind != kindBool || vals[f.name].As(&on) == nil && on)
		switch {
		case set && value != f.with.value:
			resp.Diagnostics.AddAttributeError(path.Root(f.name), "Argument without its "+f.with.name,
				fmt.Sprintf("%s is only for %s = %q.", f.name, f.with.name, f.with.value))
		case !set && value == f.with.value && f.with.required:
			resp.Diagnostics.AddAttributeError(path.Root(f.with.name), "Missing "+f.name,
				fmt.Sprintf("%s = %q needs %s.", f.with.name, f.with.value, f.name))
		}
	}
	if e := r.spec.extra; e != nil {
		for _, problem := range r.spec.checkExtra(vals) {
			resp.Diagnostics.AddAttributeError(path.Root(e.name), "Invalid "+e.name, problem)
		}
	}
}

func (r *objectResource[M]) importFormat() string {
	var parts []string
	for _, p := range r.spec.parents {
		parts = append(parts, "<"+p.name+">")
	}
	format := "`" + strings.Join(append(parts, "<"+r.spec.name()+">"), "/") + "`"
	for _, k := range r.spec.kinds[min(1, len(r.spec.kinds)):] {
		format += ", or `" + k + "/" + strings.Join(append(parts, "<"+r.spec.name()+">"), "/") + "` in a " + k + " section"
	}
	return format
}

func (r *objectResource[M]) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// Create, Read, Update and Delete serve the framework's calls with the same
// functions protocolServer calls.
func (r *objectResource[M]) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	state, err := r.spec.applyState(ctx, r.client, req.Config.Raw, tftypes.NewValue(r.spec.objectType(), nil), req.Plan.Raw)
	r.setState(&resp.State, state, err, &resp.Diagnostics)
}

func (r *objectResource[M]) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, err := r.spec.readState(ctx, r.client, req.State.Raw)
	r.setState(&resp.State, state, err, &resp.Diagnostics)
}

func (r *objectResource[M]) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	state, err := r.spec.applyState(ctx, r.client, req.Config.Raw, req.State.Raw, req.Plan.Raw)
	r.setState(&resp.State, state, err, &resp.Diagnostics)
}

func (r *objectResource[M]) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	null := tftypes.NewValue(r.spec.objectType(), nil)
	_, err := r.spec.applyState(ctx, r.client, null, req.State.Raw, null)
	if err != nil {
		resp.Diagnostics.AddError(summaryAndDetail(err))
	}
}

func (r *objectResource[M]) setState(state *tfsdk.State, v tftypes.Value, err error, diags *diag.Diagnostics) {
	if err != nil {
		diags.AddError(summaryAndDetail(err))
		return
	}
	state.Raw = v
}

// ImportState takes the readable ID apart into the parents and the name; Read
// then fills in the rest from the live configuration. Section names hold no
// '/', so a child's name is all that follows its parents: a bind named by its
// socket's path has slashes in it.
func (r *objectResource[M]) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	parts := strings.Split(req.ID, "/")
	n := len(r.spec.parents)
	if k := r.spec.kinds; k != nil {
		kind := k[0]
		if len(parts) >= n+2 && slices.Contains(k[1:], parts[0]) {
			kind, parts = parts[0], parts[1:]
		}
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(parentTypeAttr), kind)...)
	}
	if len(parts) < n+1 || n == 0 && len(parts) > 1 || slices.Contains(parts[:n], "") || strings.Join(parts[n:], "/") == "" {
		resp.Diagnostics.AddError("Invalid import ID", fmt.Sprintf("%q is not an ID of %s: use %s.", req.ID, r.spec.typeName, r.importFormat()))
		return
	}
	for i, p := range r.spec.parents {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(p.name), parts[i])...)
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(r.spec.name()), strings.Join(parts[n:], "/"))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
}

// objectDataSource reads an objectSpec's object by name.
type objectDataSource[M any] struct {
	spec   *objectSpec[M]
	client *dataplane.Client
	// extra adds attributes beyond the spec's (a backend's servers).
	extra      func(ctx context.Context, c *dataplane.Client, name string, vals map[string]attr.Value) error
	extraAttrs map[string]dschema.Attribute
}

func (d *objectDataSource[M]) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + d.spec.typeName
}

func (d *objectDataSource[M]) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := map[string]dschema.Attribute{"id": dschema.StringAttribute{Computed: true, Description: "The object's ID."}}
	for _, f := range d.spec.fields {
		attrs[f.name] = f.dataSourceAttribute()
	}
	for _, n := range d.spec.nested {
		attrs[n.name] = n.dataSourceAttribute()
	}
	if e := d.spec.extra; e != nil {
		attrs[e.name] = e.dataSourceAttribute()
	}
	for k, a := range d.extraAttrs {
		attrs[k] = a
	}
	resp.Schema = dschema.Schema{Description: "Reads a " + d.spec.typeName + " from the live configuration.", Attributes: attrs}
}

func (d *objectDataSource[M]) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *objectDataSource[M]) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	vals := attributes(ctx, req.Config.Get, &resp.Diagnostics)
	if vals == nil {
		return
	}
	name := vals[d.spec.name()].(types.String).ValueString()
	m, err := d.spec.read(ctx, d.client, nil, name)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root(d.spec.name()), "Reading "+d.spec.typeName+" "+name, err.Error())
		return
	}
	var extra attr.Value
	if e := d.spec.extra; e != nil {
		if extra, err = e.attrType().ValueFromTerraform(ctx, d.spec.stateValues(m, nil)[e.name]); err != nil {
			resp.Diagnostics.AddError("Reading "+d.spec.typeName+" "+name, err.Error())
			return
		}
	}
	out := values(d.spec.fields, &m)
	for _, n := range d.spec.nested {
		out[n.name] = n.value(&m)
	}
	if extra != nil {
		out[d.spec.extra.name] = extra
	}
	out["id"] = types.StringValue(name)
	if d.extra != nil {
		if err := d.extra(ctx, d.client, name, out); err != nil {
			resp.Diagnostics.AddError("Reading "+d.spec.typeName+" "+name, err.Error())
			return
		}
	}
	attrTypes := resp.State.Schema.Type().(interface{ AttributeTypes() map[string]attr.Type }).AttributeTypes()
	obj, diags := types.ObjectValue(attrTypes, out)
	resp.Diagnostics.Append(diags...)
	if !resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(resp.State.Set(ctx, obj)...)
	}
}

// clientFrom takes the client the provider configured.
func clientFrom(data any, diags *diag.Diagnostics) *dataplane.Client {
	if data == nil {
		return nil // the provider is not configured yet (validation)
	}
	c, ok := data.(*dataplane.Client)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("expected *dataplane.Client, got %T; this is a bug in the provider", data))
	}
	return c
}
