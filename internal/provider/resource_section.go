package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"
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
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
)

// sectionResource is a section that is not a proxy and has no resource of its
// own (a cache, a ring, a peers section, ...), held as its body: its lines in
// haproxy.cfg's own syntax. The lines travel as the API's full model of the
// section, read and written with the agent's own tables
// (haproxycfg.BodySections), so it works against the official dataplaneapi
// too. Why lines and not typed attributes: these sections are small and
// rarely changed, and each has its own children; one resource for all of them
// costs a table row per kind, and drift shows as a line diff.
type sectionResource struct{ client *dataplane.Client }

var (
	_ resource.ResourceWithImportState    = (*sectionResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*sectionResource)(nil)
	_ resource.ResourceWithValidateConfig = (*sectionResource)(nil)
)

type sectionModel struct {
	ID    types.String `tfsdk:"id"`
	Type  types.String `tfsdk:"type"`
	Name  types.String `tfsdk:"name"`
	Lines types.List   `tfsdk:"lines"`
}

// lines are the lines, when all are known.
func (m *sectionModel) lines() ([]string, bool) {
	if m.Lines.IsNull() || m.Lines.IsUnknown() {
		return nil, false
	}
	var out []string
	for _, e := range m.Lines.Elements() {
		s, ok := e.(types.String)
		if !ok || s.IsUnknown() || s.IsNull() {
			return nil, false
		}
		out = append(out, s.ValueString())
	}
	return out, true
}

// kind is the section's kind and its API collection.
func (m *sectionModel) kind() (haproxycfg.BodySection, string) {
	return haproxycfg.BodySections[m.Type.ValueString()], dataplane.BodySectionPaths[m.Type.ValueString()]
}

func (m *sectionModel) id() string { return m.Type.ValueString() + "/" + m.Name.ValueString() }

func (r *sectionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_section"
}

func (r *sectionResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	kinds := slices.Sorted(maps.Keys(haproxycfg.BodySections))
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = rschema.Schema{
		Description: "A section of haproxy.cfg that is not a proxy (`" + strings.Join(kinds, "`, `") + "`), with all its lines: " +
			"the resource owns the section, and a line `lines` leaves out is removed (but for the lines the agent does not model " +
			"yet, a peers section's `log` and `default-bind`, which stay and cannot be in `lines`). Each line is read with the agent's tables " +
			"at plan, and one they cannot read whole is refused, naming it; on our agent, `terraform plan` also checks the section " +
			"with `haproxy -c`. Comments in the file stay. Import with `<type>/<name>`, such as `cache/static`.",
		Attributes: map[string]rschema.Attribute{
			"id": rschema.StringAttribute{Computed: true, Description: "`<type>/<name>`, the import ID.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"type": rschema.StringAttribute{Required: true, PlanModifiers: replace,
				Description: "Kind of section: its keyword in haproxy.cfg. One of `" + strings.Join(kinds, "`, `") + "`.",
				Validators:  []validator.String{stringvalidator.OneOf(kinds...)}},
			"name": rschema.StringAttribute{Required: true, PlanModifiers: replace, Description: "Name of the section.",
				Validators: attribute{pattern: nameChars}.stringValidators()},
			"lines": rschema.ListAttribute{Required: true, ElementType: types.StringType,
				Description: "The section's lines after its header, in order, each as in haproxy.cfg without its indentation " +
					"(quotes and escapes included, no comment), such as `total-max-size 64` or `server collector 10.0.0.5:6514`."},
		},
	}
}

func (r *sectionResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig reads the lines as the agent would, at `terraform validate`.
func (r *sectionResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m sectionModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &m)...); resp.Diagnostics.HasError() || m.Type.IsUnknown() || m.Name.IsUnknown() {
		return
	}
	lines, known := m.lines()
	if kind, _ := m.kind(); kind != nil && known {
		if _, err := kind.Parse(m.Name.ValueString(), lines); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("lines"), "Invalid "+m.Type.ValueString()+" section", err.Error())
		}
	}
}

// ModifyPlan has our agent check the planned section with haproxy -c
// (dry_run), so that what HAProxy refuses fails `terraform plan`.
func (r *sectionResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if !dryRunPlanned(ctx, req, r.client) {
		return
	}
	var m sectionModel
	if resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...); resp.Diagnostics.HasError() {
		return
	}
	err := r.write(ctx, &m, req.State.Raw.IsNull(), dataplane.WriteOptions{DryRun: true})
	kind, name := m.Type.ValueString(), m.Name.ValueString()
	addDryRunError(&resp.Diagnostics, err, kind, name, "HAProxy rejects the "+kind+" section "+name)
}

// write creates or replaces the section the lines say.
func (r *sectionResource) write(ctx context.Context, m *sectionModel, create bool, o dataplane.WriteOptions) error {
	kind, plural := m.kind()
	lines, _ := m.lines()
	model, err := kind.Parse(m.Name.ValueString(), lines)
	if err != nil {
		return err
	}
	if create {
		return r.client.CreateOtherSection(ctx, plural, model, o)
	}
	return r.client.ReplaceOtherSection(ctx, plural, m.Name.ValueString(), model, o)
}

func (r *sectionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.apply(ctx, req.Plan, &resp.State, &resp.Diagnostics, true)
}

func (r *sectionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.apply(ctx, req.Plan, &resp.State, &resp.Diagnostics, false)
}

func (r *sectionResource) apply(ctx context.Context, plan tfsdk.Plan, state *tfsdk.State, diags *diag.Diagnostics, create bool) {
	var m sectionModel
	if diags.Append(plan.Get(ctx, &m)...); diags.HasError() {
		return
	}
	if err := r.write(ctx, &m, create, dataplane.WriteOptions{}); err != nil {
		diags.AddError("Writing the "+m.Type.ValueString()+" section "+m.Name.ValueString(), takeover(err, m.Type.ValueString(), m.Name.ValueString()).Error())
		return
	}
	r.readInto(ctx, &m, state, diags)
}

func (r *sectionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m sectionModel
	if resp.Diagnostics.Append(req.State.Get(ctx, &m)...); resp.Diagnostics.HasError() {
		return
	}
	r.readInto(ctx, &m, &resp.State, &resp.Diagnostics)
}

// readInto reads the section into m's lines and sets the state; lines that
// say what the file says keep their spelling.
func (r *sectionResource) readInto(ctx context.Context, m *sectionModel, state *tfsdk.State, diags *diag.Diagnostics) {
	kind, plural := m.kind()
	raw, err := r.client.OtherSection(ctx, plural, m.Name.ValueString())
	if dataplane.IsNotFound(err) {
		state.RemoveResource(ctx)
		return
	}
	var lines []string
	if err == nil {
		lines, err = kind.Lines(raw)
	}
	if err != nil {
		diags.AddError("Reading the "+m.Type.ValueString()+" section "+m.Name.ValueString(), err.Error())
		return
	}
	if given, known := m.lines(); !known || !sameBody(kind, m.Name.ValueString(), given, lines) {
		m.Lines = stringList(lines)
	}
	m.ID = types.StringValue(m.id())
	diags.Append(state.Set(ctx, m)...)
}

// sameBody tells whether given lines say what lines the agent wrote say.
func sameBody(kind haproxycfg.BodySection, name string, given, lines []string) bool {
	body, err := kind.Canonical(name, given)
	return err == nil && slices.Equal(body, lines)
}

func (r *sectionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var m sectionModel
	if resp.Diagnostics.Append(req.State.Get(ctx, &m)...); resp.Diagnostics.HasError() {
		return
	}
	_, plural := m.kind()
	if err := r.client.DeleteOtherSection(ctx, plural, m.Name.ValueString()); err != nil && !dataplane.IsNotFound(err) {
		resp.Diagnostics.AddError("Deleting the "+m.Type.ValueString()+" section "+m.Name.ValueString(), err.Error())
	}
}

// ImportState takes `<type>/<name>`; Read fills in the lines.
func (r *sectionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	typ, name, ok := strings.Cut(req.ID, "/")
	if _, known := haproxycfg.BodySections[typ]; !ok || !known || name == "" || strings.Contains(name, "/") {
		resp.Diagnostics.AddError("Invalid import ID", fmt.Sprintf("%q is not an ID of a section: use `<type>/<name>`, such as `cache/static`.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("type"), typ)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), name)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
}
