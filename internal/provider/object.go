package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// parentAttribute names the section an object belongs to (a server's backend).
type parentAttribute struct{ name, desc string }

// objectSpec describes a named configuration object (frontend, backend, server,
// bind): its attributes and the client calls that read and write it. Its ID is
// its parents' names and its own, joined by "/": `be_app`, `be_app/web1`.
type objectSpec[M any] struct {
	typeName    string // haproxy_<typeName>
	description string
	parents     []parentAttribute
	fields      []field[M] // the first is the name
	// prune drops the empty nested objects the flat fields left in a model, so
	// that the server is sent only what is set.
	prune  func(*M)
	read   func(ctx context.Context, c *dataplane.Client, parents []string, name string) (M, error)
	create func(ctx context.Context, c *dataplane.Client, parents []string, m M) error
	update func(ctx context.Context, c *dataplane.Client, parents []string, m M) error
	delete func(ctx context.Context, c *dataplane.Client, parents []string, name string) error
}

func (s *objectSpec[M]) name() string { return s.fields[0].name }

// idOf is the ID of the object the attribute values name.
func (s *objectSpec[M]) idOf(vals map[string]attr.Value) (parents []string, name, id string) {
	for _, p := range s.parents {
		parents = append(parents, vals[p.name].(types.String).ValueString())
	}
	name = vals[s.name()].(types.String).ValueString()
	return parents, name, strings.Join(append(append([]string{}, parents...), name), "/")
}

// model is the JSON model the attribute values say.
func (s *objectSpec[M]) model(vals map[string]attr.Value) M {
	m := model(s.fields, vals)
	if s.prune != nil {
		s.prune(&m)
	}
	return m
}

// state is the attribute values of an object read from the server.
func (s *objectSpec[M]) state(parents []string, id string, m *M) map[string]attr.Value {
	vals := values(s.fields, m)
	for i, p := range s.parents {
		vals[p.name] = types.StringValue(parents[i])
	}
	vals["id"] = types.StringValue(id)
	return vals
}

// objectResource is the resource of an objectSpec.
type objectResource[M any] struct {
	spec   *objectSpec[M]
	client *dataplane.Client
}

var (
	_ resource.ResourceWithConfigure   = (*objectResource[dataplane.Backend])(nil)
	_ resource.ResourceWithImportState = (*objectResource[dataplane.Backend])(nil)
)

func (r *objectResource[M]) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + r.spec.typeName
}

func (r *objectResource[M]) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := map[string]rschema.Attribute{
		"id": rschema.StringAttribute{Computed: true, Description: "The object's ID, for import: " + r.importFormat() + ".",
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
	}
	for _, p := range r.spec.parents {
		attrs[p.name] = rschema.StringAttribute{Required: true, Description: p.desc + " Changing it replaces the object.",
			Validators:    field[M]{pattern: nameChars}.stringValidators(),
			PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()}}
	}
	for _, f := range r.spec.fields {
		attrs[f.name] = f.resourceAttribute()
	}
	resp.Schema = rschema.Schema{Description: r.spec.description, Attributes: attrs}
}

func (r *objectResource[M]) importFormat() string {
	var parts []string
	for _, p := range r.spec.parents {
		parts = append(parts, "<"+p.name+">")
	}
	return "`" + strings.Join(append(parts, "<"+r.spec.name()+">"), "/") + "`"
}

func (r *objectResource[M]) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// attributes reads a plan, state or config as attribute values.
func attributes(ctx context.Context, get func(context.Context, any) diag.Diagnostics, diags *diag.Diagnostics) map[string]attr.Value {
	var obj types.Object
	diags.Append(get(ctx, &obj)...)
	if diags.HasError() {
		return nil
	}
	return obj.Attributes()
}

// setState writes attribute values as the resource's state.
func setState(ctx context.Context, state *tfsdk.State, vals map[string]attr.Value, diags *diag.Diagnostics) {
	attrTypes := state.Schema.Type().(interface{ AttributeTypes() map[string]attr.Type }).AttributeTypes()
	obj, d := types.ObjectValue(attrTypes, vals)
	diags.Append(d...)
	if !diags.HasError() {
		diags.Append(state.Set(ctx, obj)...)
	}
}

func (r *objectResource[M]) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.write(ctx, "Creating", r.spec.create, req.Plan, &resp.State, &resp.Diagnostics)
}

// write sends the planned object with create or update, and records the plan as
// the state.
func (r *objectResource[M]) write(ctx context.Context, verb string, send func(context.Context, *dataplane.Client, []string, M) error,
	plan tfsdk.Plan, state *tfsdk.State, diags *diag.Diagnostics) {
	vals := attributes(ctx, plan.Get, diags)
	if vals == nil {
		return
	}
	parents, _, id := r.spec.idOf(vals)
	if err := send(ctx, r.client, parents, r.spec.model(vals)); err != nil {
		diags.AddError(verb+" "+r.spec.typeName+" "+id, err.Error())
		return
	}
	vals["id"] = types.StringValue(id)
	setState(ctx, state, vals, diags)
}

func (r *objectResource[M]) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	vals := attributes(ctx, req.State.Get, &resp.Diagnostics)
	if vals == nil {
		return
	}
	parents, name, id := r.spec.idOf(vals)
	m, err := r.spec.read(ctx, r.client, parents, name)
	if dataplane.IsNotFound(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Reading "+r.spec.typeName+" "+id, err.Error())
		return
	}
	setState(ctx, &resp.State, r.spec.state(parents, id, &m), &resp.Diagnostics)
}

func (r *objectResource[M]) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.write(ctx, "Updating", r.keepExplicitOff, req.Plan, &resp.State, &resp.Diagnostics)
}

// keepExplicitOff updates the object, keeping the explicit "off" of its switches.
// A switch attribute is false both when the file says nothing and when it says
// off (`no-check`, `no option dontlognull`), and the two differ when a default
// turns the switch on: a server with `no-check` under `default-server check` is
// not checked. So a switch planned false stays "disabled" where the file has it.
func (r *objectResource[M]) keepExplicitOff(ctx context.Context, c *dataplane.Client, parents []string, m M) error {
	if !slices.ContainsFunc(r.spec.fields, func(f field[M]) bool { return f.kind == kindSwitch }) {
		return r.spec.update(ctx, c, parents, m) // nothing to keep: no read
	}
	name := *r.spec.fields[0].str(&m)
	if current, err := r.spec.read(ctx, c, parents, name); err == nil {
		for _, f := range r.spec.fields {
			if f.kind == kindSwitch && *f.str(&m) == "" && *f.str(&current) == dataplane.Disabled {
				*f.str(&m) = dataplane.Disabled
			}
		}
	}
	if r.spec.prune != nil {
		r.spec.prune(&m)
	}
	return r.spec.update(ctx, c, parents, m)
}

func (r *objectResource[M]) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	vals := attributes(ctx, req.State.Get, &resp.Diagnostics)
	if vals == nil {
		return
	}
	parents, name, id := r.spec.idOf(vals)
	if err := r.spec.delete(ctx, r.client, parents, name); err != nil && !dataplane.IsNotFound(err) {
		resp.Diagnostics.AddError("Deleting "+r.spec.typeName+" "+id, err.Error())
	}
}

// ImportState takes the readable ID apart into the parents and the name; Read
// then fills in the rest from the live configuration.
func (r *objectResource[M]) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	parts := strings.Split(req.ID, "/")
	if len(parts) != len(r.spec.parents)+1 || strings.Contains(req.ID, "//") || strings.HasPrefix(req.ID, "/") || strings.HasSuffix(req.ID, "/") {
		resp.Diagnostics.AddError("Invalid import ID", fmt.Sprintf("%q is not an ID of %s: use %s.", req.ID, r.spec.typeName, r.importFormat()))
		return
	}
	for i, p := range r.spec.parents {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(p.name), parts[i])...)
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(r.spec.name()), parts[len(parts)-1])...)
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
	out := values(d.spec.fields, &m)
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
