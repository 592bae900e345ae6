package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
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
)

// aclResource is one `acl` line of a frontend or backend. ACLs are unordered named
// declarations, so the line's identity is its content: any change replaces it,
// and its index is only computed on read, so deleting another ACL is no drift.
type aclResource struct{ client *dataplane.Client }

var (
	_ resource.ResourceWithImportState = (*aclResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*aclResource)(nil)
)

// aclModel is the resource's attributes.
type aclModel struct {
	ID         types.String `tfsdk:"id"`
	ParentType types.String `tfsdk:"parent_type"`
	ParentName types.String `tfsdk:"parent_name"`
	ACLName    types.String `tfsdk:"acl_name"`
	Criterion  types.String `tfsdk:"criterion"`
	Value      types.String `tfsdk:"value"`
	Index      types.Int64  `tfsdk:"index"`
}

func (m *aclModel) acl() dataplane.ACL {
	return dataplane.ACL{ACLName: m.ACLName.ValueString(), Criterion: m.Criterion.ValueString(), Value: m.Value.ValueString()}
}

func (m *aclModel) parent() (kind, name string) {
	return m.ParentType.ValueString(), m.ParentName.ValueString()
}

// setID names the ACL by where it is and what it says.
func (m *aclModel) setID() {
	kind, name := m.parent()
	a := m.acl()
	m.ID = types.StringValue(strings.TrimSpace(fmt.Sprintf("%s/%s/%s %s %s", dataplane.SectionPlural(kind), name, a.ACLName, a.Criterion, a.Value)))
}

func (r *aclResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_acl"
}

var aclParents = []string{"frontend", "backend", "listen", "defaults"}

func (r *aclResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	text := attribute{}.stringValidators()
	resp.Schema = rschema.Schema{
		Description: "One `acl <name> <criterion> [<value>]` line of a frontend or backend. Several lines may share a name " +
			"(HAProxy ORs them). Any change replaces the line; its `index` is computed on read. On our agent, `terraform plan` " +
			"checks the criterion with `haproxy -c`.",
		Attributes: map[string]rschema.Attribute{
			"id": rschema.StringAttribute{Computed: true, Description: "Where the ACL is and what it says. Import with `<frontends|backends>/<parent>/<index>`.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"parent_type": rschema.StringAttribute{Required: true, PlanModifiers: replace,
				Description: "Kind of section the ACL is in. One of `" + strings.Join(aclParents, "`, `") + "`.",
				Validators:  []validator.String{stringvalidator.OneOf(aclParents...)}},
			"parent_name": rschema.StringAttribute{Required: true, PlanModifiers: replace, Description: "Name of that section.",
				Validators: attribute{pattern: nameChars}.stringValidators()},
			"acl_name": rschema.StringAttribute{Required: true, PlanModifiers: replace, Description: "Name of the ACL. Letters, digits and `-`, `_`, `.`, `:`.",
				Validators: attribute{pattern: nameChars}.stringValidators()},
			"criterion": rschema.StringAttribute{Required: true, PlanModifiers: replace,
				Description: "The fetch and its converters, such as `path_beg`, `hdr(host)` or `src`.",
				Validators:  append(text, stringvalidator.RegexMatches(noBlanks, "must be one word"))},
			"value": rschema.StringAttribute{Optional: true, PlanModifiers: replace,
				Description: "Flags and patterns as written in haproxy.cfg, such as `-i api.example.com` or `/static /images`.",
				Validators:  text},
			"index": rschema.Int64Attribute{Computed: true, Description: "Position among the section's ACL lines, from 0, as last read."},
		},
	}
}

func (r *aclResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan has our agent check a new ACL with haproxy -c, so that an unknown
// criterion fails `terraform plan`.
func (r *aclResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || !req.State.Raw.IsNull() || r.client == nil {
		return // destroys, and lines already there
	}
	var m aclModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.ParentType.IsUnknown() || m.ParentName.IsUnknown() || m.ACLName.IsUnknown() ||
		m.Criterion.IsUnknown() || m.Value.IsUnknown() || !r.client.SupportsDryRun(ctx) {
		return
	}
	kind, name := m.parent()
	if sectionExists(ctx, r.client, kind, name) != nil {
		return // created by this apply, most likely: the apply checks the ACL
	}
	err := r.client.AddACL(ctx, kind, name, m.acl(), dataplane.WriteOptions{DryRun: true})
	var ne *dataplane.NotEmptyError
	switch {
	case errors.As(err, &ne):
		resp.Diagnostics.AddAttributeError(path.Root("acl_name"), "The ACL line exists already", explainTakeover(err, "acl").Error())
	case err != nil && !pendingReference(err):
		resp.Diagnostics.AddAttributeError(path.Root("criterion"), "HAProxy rejects the ACL", err.Error())
	}
}

// find reads the ACL's index in its section; -1 when it is not there.
func (r *aclResource) find(ctx context.Context, m *aclModel) (int, error) {
	kind, name := m.parent()
	// Each node of a fleet is asked whether it has the line: the rest of its
	// list, and of its section, is not this resource's.
	return dataplane.ReadEach(ctx, r.client, func(ctx context.Context) (int, error) {
		list, err := dataplane.List[dataplane.ACL](ctx, r.client, kind, name, dataplane.ListACLs)
		if err != nil {
			return -1, err
		}
		if err := sectionExists(ctx, r.client, kind, name); err != nil {
			return -1, err
		}
		return dataplane.FindACL(list, m.acl()), nil
	}, func(canary, other int) bool { return (canary >= 0) == (other >= 0) })
}

func (r *aclResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.write(ctx, req.Plan, &resp.State, &resp.Diagnostics, "Creating", func(kind, name string, a dataplane.ACL) error {
		return explainTakeover(r.client.AddACL(ctx, kind, name, a, dataplane.WriteOptions{}), "acl")
	})
}

// write adds the planned line with add (doing says how, in an error), and
// reads its index into the state.
func (r *aclResource) write(ctx context.Context, plan tfsdk.Plan, state *tfsdk.State, diags *diag.Diagnostics, doing string,
	add func(kind, name string, a dataplane.ACL) error) {
	var m aclModel
	if diags.Append(plan.Get(ctx, &m)...); diags.HasError() {
		return
	}
	kind, name := m.parent()
	m.setID()
	if err := add(kind, name, m.acl()); err != nil {
		diags.AddError(doing+" ACL "+m.ID.ValueString(), err.Error())
		return
	}
	i, err := r.find(ctx, &m)
	if err == nil && i < 0 {
		err = errors.New("the line is not there after it was written")
	}
	if err != nil {
		diags.AddError("Reading ACL "+m.ID.ValueString(), err.Error())
		return
	}
	m.Index = types.Int64Value(int64(i))
	diags.Append(state.Set(ctx, &m)...)
}

func (r *aclResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m aclModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	i, err := r.find(ctx, &m)
	if dataplane.IsNotFound(err) || err == nil && i < 0 {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Reading ACL "+m.ID.ValueString(), err.Error())
		return
	}
	m.Index = types.Int64Value(int64(i))
	m.setID()
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Update is called only when the nodes of a fleet differ (nodes_differ): every
// other attribute but the computed index replaces. The line is added on every
// node that lacks it.
func (r *aclResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.write(ctx, req.Plan, &resp.State, &resp.Diagnostics, "Writing", func(kind, name string, a dataplane.ACL) error {
		return r.client.EnsureACL(ctx, kind, name, a)
	})
}

func (r *aclResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var m aclModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	kind, name := m.parent()
	if err := r.client.DeleteACL(ctx, kind, name, m.acl()); err != nil {
		resp.Diagnostics.AddError("Deleting ACL "+m.ID.ValueString(), err.Error())
	}
}

// ImportState takes `<frontends|backends|listens|defaults>/<parent>/<index>` and reads the line at
// that index.
func (r *aclResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	parts := strings.Split(req.ID, "/")
	bad := func() {
		resp.Diagnostics.AddError("Invalid import ID", fmt.Sprintf("%q is not an ID of an ACL: use `<frontends|backends|listens|defaults>/<parent>/<index>`, such as `frontends/web/0`.", req.ID))
	}
	if len(parts) != 3 || !slices.Contains(aclParents, dataplane.SectionKind(parts[0])) || parts[1] == "" {
		bad()
		return
	}
	index, err := strconv.Atoi(parts[2])
	if err != nil || index < 0 {
		bad()
		return
	}
	kind := dataplane.SectionKind(parts[0])
	list, err := dataplane.List[dataplane.ACL](ctx, r.client, kind, parts[1], dataplane.ListACLs)
	if err == nil && index >= len(list) {
		err = fmt.Errorf("%s %s has %d ACL lines", kind, parts[1], len(list))
	}
	if err != nil {
		resp.Diagnostics.AddError("Importing ACL "+req.ID, err.Error())
		return
	}
	a := list[index]
	m := aclModel{ParentType: types.StringValue(kind), ParentName: types.StringValue(parts[1]), ACLName: types.StringValue(a.ACLName),
		Criterion: types.StringValue(a.Criterion), Value: types.StringNull(), Index: types.Int64Value(int64(index))}
	if a.Value != "" {
		m.Value = types.StringValue(a.Value)
	}
	m.setID()
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
