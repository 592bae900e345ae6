package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// resolversResource is a `resolvers` section with its nameservers: a section
// without nameservers resolves nothing, so they are a map attribute of the
// section, keyed by name, rather than resources of their own.
type resolversResource struct{ client *dataplane.Client }

var (
	_ resource.ResourceWithImportState = (*resolversResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*resolversResource)(nil)
)

type nameserverModel struct {
	Address types.String `tfsdk:"address"`
	Port    types.Int64  `tfsdk:"port"`
}

type resolversModel struct {
	ID                  types.String               `tfsdk:"id"`
	Name                types.String               `tfsdk:"name"`
	Nameservers         map[string]nameserverModel `tfsdk:"nameservers"`
	AcceptedPayloadSize types.Int64                `tfsdk:"accepted_payload_size"`
	HoldNx              DurationValue              `tfsdk:"hold_nx"`
	HoldObsolete        DurationValue              `tfsdk:"hold_obsolete"`
	HoldOther           DurationValue              `tfsdk:"hold_other"`
	HoldRefused         DurationValue              `tfsdk:"hold_refused"`
	HoldTimeout         DurationValue              `tfsdk:"hold_timeout"`
	HoldValid           DurationValue              `tfsdk:"hold_valid"`
	ParseResolvConf     types.Bool                 `tfsdk:"parse_resolv_conf"`
	ResolveRetries      types.Int64                `tfsdk:"resolve_retries"`
	TimeoutResolve      DurationValue              `tfsdk:"timeout_resolve"`
	TimeoutRetry        DurationValue              `tfsdk:"timeout_retry"`
}

// times are the model's time attributes with the fields of the API's model
// they are, one place for both directions.
func (m *resolversModel) times(r *dataplane.Resolver) []timeAttribute {
	return []timeAttribute{
		{&m.HoldNx, &r.HoldNx}, {&m.HoldObsolete, &r.HoldObsolete}, {&m.HoldOther, &r.HoldOther},
		{&m.HoldRefused, &r.HoldRefused}, {&m.HoldTimeout, &r.HoldTimeout}, {&m.HoldValid, &r.HoldValid},
		{&m.TimeoutResolve, &r.TimeoutResolve}, {&m.TimeoutRetry, &r.TimeoutRetry},
	}
}

// resolver is the API's model of the attributes.
func (m *resolversModel) resolver() dataplane.Resolver {
	r := dataplane.Resolver{Name: m.Name.ValueString(), AcceptedPayloadSize: int64Ptr(m.AcceptedPayloadSize),
		ParseResolvConf: m.ParseResolvConf.ValueBool(), ResolveRetries: int64Ptr(m.ResolveRetries)}
	for _, t := range m.times(&r) {
		t.toAPI()
	}
	for name, ns := range m.Nameservers {
		if r.Nameservers == nil {
			r.Nameservers = map[string]dataplane.Nameserver{}
		}
		r.Nameservers[name] = dataplane.Nameserver{Name: name, Address: ns.Address.ValueString(), Port: int64Ptr(ns.Port)}
	}
	return r
}

// set makes the attributes say what r says; times that mean what the prior
// state says keep its spelling, and an empty map the state has stays empty.
func (m *resolversModel) set(r dataplane.Resolver) {
	m.ID, m.Name = types.StringValue(r.Name), types.StringValue(r.Name)
	m.AcceptedPayloadSize, m.ResolveRetries = int64Value(r.AcceptedPayloadSize), int64Value(r.ResolveRetries)
	m.ParseResolvConf = types.BoolNull()
	if r.ParseResolvConf || !m.ParseResolvConf.IsNull() {
		m.ParseResolvConf = types.BoolValue(r.ParseResolvConf)
	}
	for _, t := range m.times(&r) {
		t.fromAPI()
	}
	if len(r.Nameservers) == 0 && m.Nameservers != nil {
		m.Nameservers = map[string]nameserverModel{}
		return
	}
	m.Nameservers = nil
	for name, ns := range r.Nameservers {
		if m.Nameservers == nil {
			m.Nameservers = map[string]nameserverModel{}
		}
		m.Nameservers[name] = nameserverModel{Address: types.StringValue(ns.Address), Port: int64Value(ns.Port)}
	}
}

func (r *resolversResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_resolvers"
}

func (r *resolversResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	duration := func(desc string) rschema.Attribute {
		return rschema.StringAttribute{Optional: true, CustomType: DurationType{}, Description: desc + " An HAProxy time, such as `10s`."}
	}
	positive := func(desc string, lo, hi int64) rschema.Attribute {
		return rschema.Int64Attribute{Optional: true, Description: desc, Validators: []validator.Int64{int64validator.Between(lo, hi)}}
	}
	resp.Schema = rschema.Schema{
		Description: "A `resolvers` section of haproxy.cfg, which servers name with `resolvers <name>` to find their addresses by DNS, " +
			"with its `nameserver` lines. The resource owns the section's nameservers: those `nameservers` leaves out are removed. " +
			"Lines the model does not hold stay as they are. Import with the section's name.",
		Attributes: map[string]rschema.Attribute{
			"id": rschema.StringAttribute{Computed: true, Description: "The section's name.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"name": rschema.StringAttribute{Required: true, Description: "Name of the section. Letters, digits and `-`, `_`, `.`, `:`.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:    attribute{pattern: nameChars}.stringValidators()},
			"nameservers": rschema.MapNestedAttribute{Optional: true,
				Description: "The `nameserver <name> <address>:<port>` lines, keyed by name.",
				NestedObject: rschema.NestedAttributeObject{Attributes: map[string]rschema.Attribute{
					"address": rschema.StringAttribute{Required: true, Description: "IP address of the DNS server (`tcp@` for DNS over TCP).",
						Validators: attribute{pattern: noBlanks}.stringValidators()},
					"port": rschema.Int64Attribute{Optional: true, Description: "UDP (or TCP) port; 53 when unset.",
						Validators: []validator.Int64{int64validator.Between(1, 65535)}},
				}}},
			"accepted_payload_size": positive("`accepted_payload_size`: the largest DNS response accepted, in bytes (512-8192).", 512, 8192),
			"hold_nx":               duration("`hold nx`: how long an NXDOMAIN answer is kept."),
			"hold_obsolete":         duration("`hold obsolete`: how long an address gone from the answers is kept."),
			"hold_other":            duration("`hold other`: how long other errors are kept."),
			"hold_refused":          duration("`hold refused`: how long a REFUSED answer is kept."),
			"hold_timeout":          duration("`hold timeout`: how long a timeout is kept."),
			"hold_valid":            duration("`hold valid`: how long a valid answer is kept."),
			"parse_resolv_conf":     rschema.BoolAttribute{Optional: true, Description: "`parse-resolv-conf`: also use the nameservers of /etc/resolv.conf."},
			"resolve_retries":       positive("`resolve_retries`: queries sent before giving up.", 1, 2147483647),
			"timeout_resolve":       duration("`timeout resolve`: the time between two resolutions."),
			"timeout_retry":         duration("`timeout retry`: the time before a query is sent again."),
		},
	}
}

func (r *resolversResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan has our agent check the planned section with haproxy -c
// (dry_run), so that what HAProxy refuses fails `terraform plan`.
func (r *resolversResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if !dryRunPlanned(ctx, req, r.client) {
		return
	}
	var m resolversModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	dry := dataplane.WriteOptions{DryRun: true}
	var err error
	if req.State.Raw.IsNull() {
		err = r.client.CreateResolver(ctx, m.resolver(), dry)
	} else {
		err = r.client.ReplaceResolver(ctx, m.resolver(), dry)
	}
	addDryRunError(&resp.Diagnostics, err, "resolvers", m.Name.ValueString(), "HAProxy rejects the resolvers section")
}

func (r *resolversResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m resolversModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := r.client.CreateResolver(ctx, m.resolver(), dataplane.WriteOptions{}); err != nil {
		resp.Diagnostics.AddError("Creating resolvers "+m.Name.ValueString(), takeover(err, "resolvers", m.Name.ValueString()).Error())
		return
	}
	r.readInto(ctx, &m, &resp.State, &resp.Diagnostics)
}

func (r *resolversResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m resolversModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	got, err := r.client.Resolver(ctx, m.Name.ValueString())
	if dataplane.IsNotFound(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Reading resolvers "+m.Name.ValueString(), err.Error())
		return
	}
	m.set(got)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *resolversResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m resolversModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := r.client.ReplaceResolver(ctx, m.resolver(), dataplane.WriteOptions{}); err != nil {
		resp.Diagnostics.AddError("Updating resolvers "+m.Name.ValueString(), err.Error())
		return
	}
	r.readInto(ctx, &m, &resp.State, &resp.Diagnostics)
}

func (r *resolversResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	deleteByName(ctx, req, resp, "resolvers", r.client.DeleteResolver)
}

// ImportState takes the section's name.
func (r *resolversResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importByName(ctx, req, resp)
}

// readInto reads the section after a write into the state, so that the state
// says what the file says.
func (r *resolversResource) readInto(ctx context.Context, m *resolversModel, state *tfsdk.State, diags *diag.Diagnostics) {
	got, err := r.client.Resolver(ctx, m.Name.ValueString())
	if err != nil {
		diags.AddError("Reading resolvers "+m.Name.ValueString(), err.Error())
		return
	}
	m.set(got)
	diags.Append(state.Set(ctx, m)...)
}
