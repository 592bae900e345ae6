package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
)

// listSpec describes a resource that owns the whole ordered list of one parent
// (its http-request rules, its use_backend rules): the order in the
// configuration is the order in HAProxy, and every change replaces the list in
// one write.
type listSpec[T any] struct {
	typeName    string
	description string
	list        string   // the list's endpoint, e.g. dataplane.ListHTTPRequestRules
	parents     []string // the section kinds that hold such a list
	// Each item is either an object of typed attributes (fields), or, for the
	// lists with many kinds of item, a string in HAProxy's own syntax, read
	// and written with the agent's tables for the list (lines; see
	// haproxycfg/itemtext.go).
	fields []field[T]
	lines  *haproxycfg.ListView[T]
}

// listResource is the resource of a listSpec.
type listResource[T any] struct {
	spec   *listSpec[T]
	client *dataplane.Client
}

var (
	_ resource.ResourceWithImportState    = (*listResource[dataplane.HTTPRequestRule])(nil)
	_ resource.ResourceWithModifyPlan     = (*listResource[dataplane.HTTPRequestRule])(nil)
	_ resource.ResourceWithValidateConfig = (*listResource[dataplane.HTTPRequestRule])(nil)
)

func (r *listResource[T]) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + r.spec.typeName
}

func (r *listResource[T]) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	items := map[string]rschema.Attribute{}
	for _, f := range r.spec.fields {
		items[f.name] = f.resourceAttribute()
	}
	var rules rschema.Attribute = rschema.ListNestedAttribute{Required: true, Description: "The rules, in order.",
		NestedObject: rschema.NestedAttributeObject{Attributes: items}}
	if r.spec.lines != nil {
		rules = rschema.ListAttribute{Required: true, ElementType: types.StringType, Validators: []validator.List{lineItems[T]{r.spec.lines}},
			Description: "The items, in order, each a line of haproxy.cfg without its leading `" + r.spec.lines.Keyword() +
				"`, as HAProxy's manual gives it (quotes and escapes included). A line the agent's tables do not read whole is refused at plan."}
	}
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = rschema.Schema{Description: r.spec.description, Attributes: map[string]rschema.Attribute{
		"id": rschema.StringAttribute{Computed: true, Description: "`<parent_type>s/<parent_name>` (`global` for the global section's), the import ID.",
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
		"parent_type": rschema.StringAttribute{Required: true, PlanModifiers: replace,
			Description: "Kind of section that holds the list. One of `" + strings.Join(r.spec.parents, "`, `") + "`.",
			Validators:  []validator.String{stringvalidator.OneOf(r.spec.parents...)}},
		"parent_name": rschema.StringAttribute{Optional: true, PlanModifiers: replace,
			Description: "Name of that section; required, but for the global section, which has none.",
			Validators:  attribute{pattern: nameChars}.stringValidators()},
		"rules": rules,
	}}
}

func (r *listResource[T]) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// parent and items read the attribute values.
func (r *listResource[T]) parent(vals map[string]attr.Value) (kind, name, id string) {
	kind, name = vals["parent_type"].(types.String).ValueString(), vals["parent_name"].(types.String).ValueString()
	return kind, name, listID(kind, name)
}

// listID is the ID of a parent's list: `<parent_type>s/<parent_name>`, and
// `global` for the global section's.
func listID(kind, name string) string {
	if kind == "global" {
		return kind
	}
	return dataplane.SectionPlural(kind) + "/" + name
}

// ValidateConfig has parent_name name a section, but for the global section.
func (r *listResource[T]) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var kind, name types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("parent_type"), &kind)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("parent_name"), &name)...)
	if resp.Diagnostics.HasError() || kind.IsUnknown() || kind.IsNull() || name.IsUnknown() {
		return
	}
	switch global := kind.ValueString() == "global"; {
	case global && !name.IsNull():
		resp.Diagnostics.AddAttributeError(path.Root("parent_name"), "parent_name names no global section",
			"The global section has no name: leave parent_name out.")
	case !global && name.IsNull():
		resp.Diagnostics.AddAttributeError(path.Root("parent_name"), "parent_name is required",
			"Name the "+kind.ValueString()+" section that holds the list.")
	}
}

func (r *listResource[T]) items(vals map[string]attr.Value) (items []T, ok bool) {
	list := vals["rules"].(types.List)
	if list.IsUnknown() {
		return nil, false
	}
	items = []T{}
	if r.spec.lines != nil {
		for _, e := range list.Elements() {
			text := e.(types.String)
			item, err := r.spec.lines.ParseItem(text.ValueString())
			if text.IsUnknown() || err != nil { // the validator said why
				return nil, false
			}
			items = append(items, item)
		}
		return items, true
	}
	for _, e := range list.Elements() {
		obj := e.(types.Object)
		if obj.IsUnknown() || !known(r.spec.fields, obj.Attributes()) {
			return nil, false
		}
		items = append(items, model(r.spec.fields, obj.Attributes()))
	}
	return items, true
}

// rulesValue is the rules attribute of items. Lines keep their spelling in
// prior (the state's or the plan's) where it says the same item.
func (r *listResource[T]) rulesValue(items []T, prior types.List) types.List {
	if r.spec.lines != nil {
		var before []attr.Value
		if !prior.IsNull() && !prior.IsUnknown() {
			before = prior.Elements()
		}
		elems := make([]attr.Value, len(items))
		for i, item := range items {
			elems[i] = types.StringValue(r.spec.lines.ItemText(item))
			if i < len(before) {
				if was, err := r.spec.lines.ParseItem(before[i].(types.String).ValueString()); err == nil && r.spec.lines.SameItem(was, item) {
					elems[i] = before[i]
				}
			}
		}
		return types.ListValueMust(types.StringType, elems)
	}
	itemTypes := attrTypes(r.spec.fields)
	elems := make([]attr.Value, len(items))
	for i := range items {
		elems[i] = types.ObjectValueMust(itemTypes, values(r.spec.fields, &items[i]))
	}
	return types.ListValueMust(types.ObjectType{AttrTypes: itemTypes}, elems)
}

// ModifyPlan has our agent check the planned list with haproxy -c (dry_run), so
// that a rule HAProxy refuses fails `terraform plan`, not `apply`. Servers
// without dry_run (the official API) are not asked, nor is a section that does
// not exist yet. A rule that names an ACL or a backend that is not there yet may
// name one this apply creates: that is a warning, checked again at apply.
func (r *listResource[T]) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.client == nil {
		return
	}
	vals := attributes(ctx, req.Plan.Get, &resp.Diagnostics)
	if vals == nil || vals["parent_type"].IsUnknown() || vals["parent_name"].IsUnknown() {
		return
	}
	kind, name, id := r.parent(vals)
	creating := req.State.Raw.IsNull()
	if creating {
		if err := dataplane.RequireEmptyList[T](ctx, r.client, kind, name, r.spec.list); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("parent_name"), "The "+r.spec.typeName+" of "+id+" exist already",
				explainTakeover(err, r.spec.typeName).Error())
			return
		}
	}
	items, ok := r.items(vals)
	if !ok || !r.client.SupportsDryRun(ctx) {
		return
	}
	if sectionExists(ctx, r.client, kind, name) != nil {
		return // created by this apply, most likely: the apply checks the rules
	}
	err := dataplane.ReplaceList(ctx, r.client, kind, name, r.spec.list, items, dataplane.WriteOptions{DryRun: true})
	switch {
	case err == nil:
	case pendingReference(err):
		resp.Diagnostics.AddAttributeWarning(path.Root("rules"), "HAProxy cannot check "+id+" yet",
			"The rules name something that does not exist yet. When another resource of this apply creates it, the apply "+
				"waits for it (within the provider's timeout); naming it through that resource, such as "+
				"`cond_test = haproxy_acl.x.acl_name`, tells Terraform the order. HAProxy said: "+err.Error())
	default:
		resp.Diagnostics.AddAttributeError(path.Root("rules"), "HAProxy rejects the "+r.spec.typeName+" of "+id, err.Error())
	}
}

// pendingReference tells whether a dry run failed only for a parent, ACL or
// backend that does not exist yet.
func pendingReference(err error) bool {
	return dataplane.IsNotFound(err) || dataplane.IsMissingReference(err)
}

// Create writes the list, which must be empty (see dataplane.CreateList).
func (r *listResource[T]) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.apply(ctx, req.Plan, &resp.State, &resp.Diagnostics, func(kind, name string, items []T) error {
		err := dataplane.CreateList(ctx, r.client, kind, name, r.spec.list, items, dataplane.WriteOptions{})
		return explainTakeover(err, r.spec.typeName)
	})
}

func (r *listResource[T]) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.apply(ctx, req.Plan, &resp.State, &resp.Diagnostics, func(kind, name string, items []T) error {
		return dataplane.ReplaceList(ctx, r.client, kind, name, r.spec.list, items, dataplane.WriteOptions{})
	})
}

// apply writes the planned list in one write.
func (r *listResource[T]) apply(ctx context.Context, plan tfsdk.Plan, state *tfsdk.State, diags *diag.Diagnostics,
	write func(kind, name string, items []T) error) {
	vals := attributes(ctx, plan.Get, diags)
	if vals == nil {
		return
	}
	items, _ := r.items(vals)
	kind, name, id := r.parent(vals)
	if err := write(kind, name, items); err != nil {
		diags.AddError("Writing the "+r.spec.typeName+" of "+id, err.Error())
		return
	}
	vals["id"] = types.StringValue(id)
	setState(ctx, state, vals, diags)
}

// sectionExists reads a section, to tell a missing section (whose lists read
// as empty) from an empty list.
func sectionExists(ctx context.Context, c *dataplane.Client, kind, name string) error {
	// Only whether each node of a fleet has it: what else it holds is not
	// the asker's.
	_, err := dataplane.ReadEach(ctx, c, func(ctx context.Context) (struct{}, error) {
		_, err := c.Section(ctx, kind, name)
		return struct{}{}, err
	}, func(struct{}, struct{}) bool { return true })
	return err
}

func (r *listResource[T]) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	vals := attributes(ctx, req.State.Get, &resp.Diagnostics)
	if vals == nil {
		return
	}
	kind, name, id := r.parent(vals)
	err := sectionExists(ctx, r.client, kind, name)
	if dataplane.IsNotFound(err) { // the list went with its section
		resp.State.RemoveResource(ctx)
		return
	}
	var items []T
	if err == nil {
		items, err = dataplane.List[T](ctx, r.client, kind, name, r.spec.list)
	}
	if err != nil {
		resp.Diagnostics.AddError("Reading the "+r.spec.typeName+" of "+id, err.Error())
		return
	}
	vals["rules"], vals["id"] = r.rulesValue(items, vals["rules"].(types.List)), types.StringValue(id)
	setState(ctx, &resp.State, vals, &resp.Diagnostics)
}

// Delete empties the list: the section and everything else in it stay.
func (r *listResource[T]) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	vals := attributes(ctx, req.State.Get, &resp.Diagnostics)
	if vals == nil {
		return
	}
	kind, name, id := r.parent(vals)
	err := dataplane.ReplaceList(ctx, r.client, kind, name, r.spec.list, []T{}, dataplane.WriteOptions{})
	if err != nil && !pendingReference(err) {
		resp.Diagnostics.AddError("Deleting the "+r.spec.typeName+" of "+id, err.Error())
	}
}

// ImportState takes `<frontends|backends|...>/<name>`, or `global`; Read
// fills in the rules.
func (r *listResource[T]) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if req.ID == "global" && slices.Contains(r.spec.parents, "global") {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("parent_type"), "global")...)
	} else {
		plural, name, ok := strings.Cut(req.ID, "/")
		kind := dataplane.SectionKind(plural)
		if !ok || name == "" || strings.Contains(name, "/") || !slices.Contains(r.spec.parents, kind) {
			var plurals []string
			for _, k := range r.spec.parents {
				if k != "global" {
					plurals = append(plurals, dataplane.SectionPlural(k))
				}
			}
			also := ""
			if slices.Contains(r.spec.parents, "global") {
				also = ", or `global`"
			}
			resp.Diagnostics.AddError("Invalid import ID", fmt.Sprintf("%q is not an ID of %s: use `<%s>/<name>`, such as `%s/web`%s.",
				req.ID, r.spec.typeName, strings.Join(plurals, "|"), plurals[0], also))
			return
		}
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("parent_type"), kind)...)
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("parent_name"), name)...)
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("rules"), r.rulesValue(nil, types.ListNull(types.StringType)))...)
}

// lineItems checks each line of a list resource with the agent's tables, so
// that a line they cannot read whole fails at plan, naming it.
type lineItems[T any] struct{ view *haproxycfg.ListView[T] }

func (v lineItems[T]) Description(context.Context) string {
	return "each item is a line of `" + v.view.Keyword() + "` the agent reads whole"
}
func (v lineItems[T]) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v lineItems[T]) ValidateList(_ context.Context, req validator.ListRequest, resp *validator.ListResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	for i, e := range req.ConfigValue.Elements() {
		text := e.(types.String)
		if text.IsUnknown() || text.IsNull() {
			continue
		}
		if _, err := v.view.ParseItem(text.ValueString()); err != nil {
			resp.Diagnostics.AddAttributeError(req.Path.AtListIndex(i), "Invalid "+v.view.Keyword()+" line",
				fmt.Sprintf("%q: %v", text.ValueString(), err))
		}
	}
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
