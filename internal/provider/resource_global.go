package provider

import (
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
)

// globalResource is haproxy_global, the one global section. Its typed
// attributes and extra_directives are Optional and Computed: unset, they
// leave what the section says as it is. Create adopts the section; the
// section as it was before is kept in the resource's private state, each
// node's (globalBeforeByNodeKey), and destroy writes each back.
type globalResource struct{ client *dataplane.Client }

// globalBeforeKey is the private state key of the global section's JSON as it
// was before Terraform managed it, and globalBeforeByNodeKey of each node's
// (by name), which destroy writes back to each: nodes of a fleet may hold
// lines of their own (localpeer, stats socket).
const (
	globalBeforeKey       = "global_before"
	globalBeforeByNodeKey = "global_before_by_node"
)

// globalOwnedKey is the private state key of what the configuration sets: the
// names of its typed attributes, and extra_directives when it owns the whole
// section. Only that is compared between the nodes of a fleet: the rest of
// each node's section is its own (nbthread on a bigger node, say).
const globalOwnedKey = "global_owned"

// owned are the attributes cfg, the configuration, sets.
func owned(cfg *globalModel) []string {
	var names []string
	if !cfg.ExtraDirectives.IsNull() {
		names = append(names, "extra_directives")
	}
	for _, a := range globalTypedAttrs {
		var unset bool
		switch a.kind {
		case "int":
			unset = a.integer(cfg).IsNull()
		case "duration":
			unset = a.duration(cfg).IsNull()
		case "string":
			unset = a.text(cfg).IsNull()
		case "list":
			unset = a.list(cfg).IsNull()
		}
		if !unset {
			names = append(names, a.name)
		}
	}
	return names
}

// sameWhereOwned tells whether two nodes' sections say the same in what the
// resource owns (owned).
func sameWhereOwned(names []string, x, y dataplane.Global) bool {
	if slices.Contains(names, "extra_directives") {
		return reflect.DeepEqual(x, y)
	}
	for _, a := range globalTypedAttrs {
		if !slices.Contains(names, a.name) {
			continue
		}
		switch a.kind {
		case "int", "duration":
			if !reflect.DeepEqual(*a.num(&x), *a.num(&y)) {
				return false
			}
		case "string":
			if *a.str(&x) != *a.str(&y) {
				return false
			}
		case "list":
			if !reflect.DeepEqual(x.LuaOptions, y.LuaOptions) {
				return false
			}
		}
	}
	return true
}

// owning is what an apply writes: the plan's values of the attributes the
// configuration sets, the others unknown, which leaves them as each node has
// them; and what it records in the private state (globalOwnedKey).
func owning(ctx context.Context, config tfsdk.Config, plan globalModel, private interface {
	SetKey(context.Context, string, []byte) diag.Diagnostics
}, diags *diag.Diagnostics) globalModel {
	var cfg globalModel
	if diags.Append(config.Get(ctx, &cfg)...); diags.HasError() {
		return plan
	}
	names := owned(&cfg)
	data, _ := json.Marshal(names)
	diags.Append(private.SetKey(ctx, globalOwnedKey, data)...)
	if !slices.Contains(names, "extra_directives") {
		plan.ExtraDirectives = types.ListUnknown(types.StringType)
	}
	for _, a := range globalTypedAttrs {
		if slices.Contains(names, a.name) {
			continue
		}
		switch a.kind {
		case "int":
			*a.integer(&plan) = types.Int64Unknown()
		case "duration":
			*a.duration(&plan) = DurationValue{StringValue: types.StringUnknown()}
		case "string":
			*a.text(&plan) = types.StringUnknown()
		case "list":
			*a.list(&plan) = types.ListUnknown(types.StringType)
		}
	}
	return plan
}

// sectionsBefore is each node's global section as it is, as the private state
// keeps it (globalBeforeByNodeKey).
func (r *globalResource) sectionsBefore(ctx context.Context) ([]byte, error) {
	var mu sync.Mutex
	before := map[string]json.RawMessage{}
	err := dataplane.AllNodes(ctx, r.client, func(ctx context.Context, _ int, node string) error {
		raw, err := r.client.GlobalRaw(ctx)
		mu.Lock()
		defer mu.Unlock()
		before[node] = raw
		return err
	})
	if err != nil {
		return nil, err
	}
	return json.Marshal(before)
}

// globalID is the singleton's ID and import ID.
const globalID = "global"

type globalModel struct {
	ID                          types.String  `tfsdk:"id"`
	Maxconn                     types.Int64   `tfsdk:"maxconn"`
	Nbthread                    types.Int64   `tfsdk:"nbthread"`
	HardStopAfter               DurationValue `tfsdk:"hard_stop_after"`
	StatsTimeout                DurationValue `tfsdk:"stats_timeout"`
	SSLDefaultBindCiphers       types.String  `tfsdk:"ssl_default_bind_ciphers"`
	SSLDefaultBindCiphersuites  types.String  `tfsdk:"ssl_default_bind_ciphersuites"`
	SSLDefaultBindOptions       types.String  `tfsdk:"ssl_default_bind_options"`
	SSLDefaultServerCiphers     types.String  `tfsdk:"ssl_default_server_ciphers"`
	SSLDefaultServerCiphersuite types.String  `tfsdk:"ssl_default_server_ciphersuites"`
	SSLDefaultServerOptions     types.String  `tfsdk:"ssl_default_server_options"`
	TuneSSLDefaultDhParam       types.Int64   `tfsdk:"tune_ssl_default_dh_param"`
	TuneBufsize                 types.Int64   `tfsdk:"tune_bufsize"`
	LuaLoads                    types.List    `tfsdk:"lua_loads"`
	ExtraDirectives             types.List    `tfsdk:"extra_directives"`
}

// globalTyped is one typed attribute: its getter on the state model, and how
// it reads and writes the API's model.
type globalTyped struct {
	name, desc string
	kind       string // "int", "duration", "string", "list"
	integer    func(m *globalModel) *types.Int64
	duration   func(m *globalModel) *DurationValue
	text       func(m *globalModel) *types.String
	list       func(m *globalModel) *types.List
	// num and str are the field of the API's model, creating the nested
	// object it is in; the list (lua_loads) is lua_options.loads.
	num func(g *dataplane.Global) **int64
	str func(g *dataplane.Global) *string
}

func perf(g *dataplane.Global) *dataplane.PerformanceOptions {
	if g.PerformanceOptions == nil {
		g.PerformanceOptions = &dataplane.PerformanceOptions{}
	}
	return g.PerformanceOptions
}

func sslOpts(g *dataplane.Global) *dataplane.SSLOptions {
	if g.SSLOptions == nil {
		g.SSLOptions = &dataplane.SSLOptions{}
	}
	return g.SSLOptions
}

// globalTypedAttrs are the typed attributes, one line of the section each
// (lua_loads one line per script).
var globalTypedAttrs = []globalTyped{
	{name: "maxconn", desc: "`maxconn`: the process's concurrent connections.", kind: "int",
		integer: func(m *globalModel) *types.Int64 { return &m.Maxconn },
		num:     func(g *dataplane.Global) **int64 { return &perf(g).Maxconn }},
	{name: "nbthread", desc: "`nbthread`: the threads HAProxy runs.", kind: "int",
		integer: func(m *globalModel) *types.Int64 { return &m.Nbthread },
		num:     func(g *dataplane.Global) **int64 { return &g.Nbthread }},
	{name: "hard_stop_after", desc: "`hard-stop-after`: how long an old process may finish its connections after a reload.", kind: "duration",
		duration: func(m *globalModel) *DurationValue { return &m.HardStopAfter },
		num:      func(g *dataplane.Global) **int64 { return &g.HardStopAfter }},
	{name: "stats_timeout", desc: "`stats timeout`: the runtime API sockets' idle timeout.", kind: "duration",
		duration: func(m *globalModel) *DurationValue { return &m.StatsTimeout },
		num:      func(g *dataplane.Global) **int64 { return &g.StatsTimeout }},
	{name: "ssl_default_bind_ciphers", desc: "`ssl-default-bind-ciphers` (TLS 1.2 and lower).", kind: "string",
		text: func(m *globalModel) *types.String { return &m.SSLDefaultBindCiphers },
		str:  func(g *dataplane.Global) *string { return &sslOpts(g).DefaultBindCiphers }},
	{name: "ssl_default_bind_ciphersuites", desc: "`ssl-default-bind-ciphersuites` (TLS 1.3).", kind: "string",
		text: func(m *globalModel) *types.String { return &m.SSLDefaultBindCiphersuites },
		str:  func(g *dataplane.Global) *string { return &sslOpts(g).DefaultBindCiphersuites }},
	{name: "ssl_default_bind_options", desc: "`ssl-default-bind-options`, the rest of the line as written (`ssl-min-ver TLSv1.2 no-tls-tickets`).", kind: "string",
		text: func(m *globalModel) *types.String { return &m.SSLDefaultBindOptions },
		str:  func(g *dataplane.Global) *string { return &sslOpts(g).DefaultBindOptions }},
	{name: "ssl_default_server_ciphers", desc: "`ssl-default-server-ciphers` (TLS 1.2 and lower).", kind: "string",
		text: func(m *globalModel) *types.String { return &m.SSLDefaultServerCiphers },
		str:  func(g *dataplane.Global) *string { return &sslOpts(g).DefaultServerCiphers }},
	{name: "ssl_default_server_ciphersuites", desc: "`ssl-default-server-ciphersuites` (TLS 1.3).", kind: "string",
		text: func(m *globalModel) *types.String { return &m.SSLDefaultServerCiphersuite },
		str:  func(g *dataplane.Global) *string { return &sslOpts(g).DefaultServerCiphersuites }},
	{name: "ssl_default_server_options", desc: "`ssl-default-server-options`, the rest of the line as written.", kind: "string",
		text: func(m *globalModel) *types.String { return &m.SSLDefaultServerOptions },
		str:  func(g *dataplane.Global) *string { return &sslOpts(g).DefaultServerOptions }},
	{name: "tune_ssl_default_dh_param", desc: "`tune.ssl.default-dh-param`: the DHE key size, in bits.", kind: "int",
		integer: func(m *globalModel) *types.Int64 { return &m.TuneSSLDefaultDhParam },
		num: func(g *dataplane.Global) **int64 {
			if g.TuneSSLOptions == nil {
				g.TuneSSLOptions = &dataplane.TuneSSLOptions{}
			}
			return &g.TuneSSLOptions.DefaultDhParam
		}},
	{name: "tune_bufsize", desc: "`tune.bufsize`, in bytes.", kind: "int",
		integer: func(m *globalModel) *types.Int64 { return &m.TuneBufsize },
		num: func(g *dataplane.Global) **int64 {
			if g.TuneBufferOptions == nil {
				g.TuneBufferOptions = &dataplane.TuneBufferOptions{}
			}
			return &g.TuneBufferOptions.Bufsize
		}},
	{name: "lua_loads", desc: "`lua-load` lines: the Lua scripts HAProxy loads, in order. A privileged directive: writing it takes the agent's admin role.", kind: "list",
		list: func(m *globalModel) *types.List { return &m.LuaLoads }},
}

var _ resource.ResourceWithImportState = (*globalResource)(nil)
var _ resource.ResourceWithConfigure = (*globalResource)(nil)

func (r *globalResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_global"
}

func (r *globalResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := map[string]rschema.Attribute{
		"id": rschema.StringAttribute{Computed: true, Description: "Always `global`, the import ID.",
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
		"extra_directives": rschema.ListAttribute{ElementType: types.StringType, Optional: true, Computed: true,
			PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			Description: "The global section's other directives that the Data Plane API's model holds, one line each, in haproxy.cfg's syntax " +
				"(`[\"tune.ssl.cachesize 20000\", \"stats socket /run/haproxy/admin.sock mode 600 level admin\"]`). " +
				"Unset, they stay as they are; set, even to `[]`, the resource owns them: what the list does not say is removed. " +
				"Lines the model does not hold (`log`, and keywords HAProxy has that the model lacks) stay as they are either way."},
	}
	for _, a := range globalTypedAttrs {
		desc := a.desc + " Unset, it stays as the section says."
		switch a.kind {
		case "int":
			attrs[a.name] = rschema.Int64Attribute{Optional: true, Computed: true, Description: desc,
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}}
		case "duration":
			attrs[a.name] = rschema.StringAttribute{Optional: true, Computed: true, CustomType: DurationType{}, Description: desc + " " + durationDoc,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), sameTimeKeepsState{}}}
		case "string":
			attrs[a.name] = rschema.StringAttribute{Optional: true, Computed: true, Description: desc,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
		case "list":
			attrs[a.name] = rschema.ListAttribute{ElementType: types.StringType, Optional: true, Computed: true, Description: desc,
				PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()}}
		}
	}
	resp.Schema = rschema.Schema{Attributes: attrs, Description: "The `global` section of haproxy.cfg, of which there is one: " +
		"creating the resource adopts it as it is, and destroying it writes back what the section said before Terraform managed it " +
		"(kept in the resource's private state at create or import). Attributes left unset stay as the section says; " +
		"the section's lines the Data Plane API's model does not hold (`log`, ...) are never touched."}
}

// durationDoc says how durations are spelled.
const durationDoc = "An HAProxy time: `30s`, `500ms`, `1m`, or milliseconds."

func (r *globalResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// toState sets every attribute of m from g: the typed ones from their fields,
// extra_directives from the rest of what g says.
func toState(g dataplane.Global, m *globalModel) {
	m.ID = types.StringValue(globalID)
	typed := dataplane.Global{}
	for _, a := range globalTypedAttrs {
		switch a.kind {
		case "int", "duration":
			v := *a.num(&g)
			*a.num(&typed) = v
			if a.kind == "int" {
				*a.integer(m) = types.Int64PointerValue(v)
			} else {
				d := DurationValue{StringValue: types.StringNull()}
				if v != nil {
					d = DurationValue{StringValue: types.StringValue(dataplane.FormatTime(*v))}
					if old := *a.duration(m); !old.IsNull() && !old.IsUnknown() {
						if ms, ok := dataplane.ParseTime(old.ValueString()); ok && ms == *v {
							d = old // the same time, as the configuration spells it
						}
					}
				}
				*a.duration(m) = d
			}
		case "string":
			v := *a.str(&g)
			*a.str(&typed) = v
			*a.text(m) = types.StringValue(v)
			if v == "" {
				*a.text(m) = types.StringNull()
			}
		case "list":
			var files []string
			if g.LuaOptions != nil {
				for _, l := range g.LuaOptions.Loads {
					files = append(files, l.File)
				}
				typed.LuaOptions = &dataplane.LuaOptions{Loads: g.LuaOptions.Loads}
			}
			*a.list(m) = stringList(files)
		}
	}
	full, own := haproxycfg.GlobalView.Directives(&g), haproxycfg.GlobalView.Directives(&typed)
	extra := []string{}
	for i, row := range full {
		if row != "" && row != own[i] {
			extra = append(extra, strings.Split(row, "\n")...)
		}
	}
	// The same lines in the prior order are no change: the order of the
	// lines of different directives means nothing to HAProxy.
	var prior []string
	if !m.ExtraDirectives.IsNull() && !m.ExtraDirectives.IsUnknown() &&
		!m.ExtraDirectives.ElementsAs(context.Background(), &prior, false).HasError() &&
		slices.Equal(slices.Sorted(slices.Values(prior)), slices.Sorted(slices.Values(extra))) {
		return
	}
	m.ExtraDirectives = stringList(extra)
}

func stringList(items []string) types.List {
	if items == nil {
		items = []string{}
	}
	v, _ := types.ListValueFrom(context.Background(), types.StringType, items)
	return v
}

// fromPlan sets in g what the plan's known typed attributes say.
func fromPlan(ctx context.Context, m *globalModel, g *dataplane.Global) error {
	for _, a := range globalTypedAttrs {
		switch a.kind {
		case "int":
			if v := *a.integer(m); !v.IsUnknown() {
				*a.num(g) = v.ValueInt64Pointer()
			}
		case "duration":
			if v := *a.duration(m); !v.IsUnknown() {
				*a.num(g) = nil
				if !v.IsNull() {
					ms, ok := dataplane.ParseTime(v.ValueString())
					if !ok {
						return &haproxycfg.FieldError{Field: a.name, Reason: "is no HAProxy time: " + durationDoc}
					}
					*a.num(g) = &ms
				}
			}
		case "string":
			if v := *a.text(m); !v.IsUnknown() {
				*a.str(g) = v.ValueString()
			}
		case "list":
			if v := *a.list(m); !v.IsUnknown() {
				var files []string
				if !v.IsNull() {
					if d := v.ElementsAs(ctx, &files, false); d.HasError() {
						return &haproxycfg.FieldError{Field: a.name, Reason: "is not a list of strings"}
					}
				}
				if g.LuaOptions == nil {
					g.LuaOptions = &dataplane.LuaOptions{}
				}
				g.LuaOptions.Loads = nil
				for _, f := range files {
					g.LuaOptions.Loads = append(g.LuaOptions.Loads, dataplane.LuaLoad{File: f})
				}
			}
		}
	}
	prune(g)
	return nil
}

// prune drops the nested objects the typed attributes left empty.
func prune(g *dataplane.Global) {
	if g.PerformanceOptions != nil && *g.PerformanceOptions == (dataplane.PerformanceOptions{}) {
		g.PerformanceOptions = nil
	}
	if g.TuneSSLOptions != nil && *g.TuneSSLOptions == (dataplane.TuneSSLOptions{}) {
		g.TuneSSLOptions = nil
	}
	if g.TuneBufferOptions != nil && *g.TuneBufferOptions == (dataplane.TuneBufferOptions{}) {
		g.TuneBufferOptions = nil
	}
	if l := g.LuaOptions; l != nil && l.LoadPerThread == "" && len(l.Loads) == 0 && len(l.PrependPath) == 0 {
		g.LuaOptions = nil
	}
}

// apply writes the plan: the section as it is with the typed attributes the
// plan sets; when extra_directives is known, the section is those lines and
// the typed attributes, nothing else of what the model holds.
func (r *globalResource) apply(ctx context.Context, plan *globalModel) error {
	change := func(g *dataplane.Global) error {
		if !plan.ExtraDirectives.IsUnknown() && !plan.ExtraDirectives.IsNull() {
			var lines []string
			if d := plan.ExtraDirectives.ElementsAs(ctx, &lines, false); d.HasError() {
				return &haproxycfg.FieldError{Field: "extra_directives", Reason: "is not a list of strings"}
			}
			owned := dataplane.Global{Metadata: g.Metadata}
			// what the typed attributes leave unset stays as it is
			for _, a := range globalTypedAttrs {
				switch a.kind {
				case "int", "duration":
					*a.num(&owned) = *a.num(g)
				case "string":
					*a.str(&owned) = *a.str(g)
				case "list":
					if g.LuaOptions != nil {
						owned.LuaOptions = &dataplane.LuaOptions{Loads: g.LuaOptions.Loads}
					}
				}
			}
			if err := haproxycfg.GlobalView.ParseDirectives(lines, &owned); err != nil {
				return &haproxycfg.FieldError{Field: "extra_directives", Reason: err.Error()}
			}
			*g = owned
		}
		return fromPlan(ctx, plan, g)
	}
	return r.client.ModifyGlobal(ctx, change, dataplane.WriteOptions{})
}

// readInto refreshes m from the section.
func (r *globalResource) readInto(ctx context.Context, m *globalModel) error {
	g, err := r.client.Global(ctx)
	if err != nil {
		return err
	}
	toState(g, m)
	return nil
}

func (r *globalResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan globalModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	before, err := r.sectionsBefore(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Reading the global section", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, globalBeforeByNodeKey, before)...)
	write := owning(ctx, req.Config, plan, resp.Private, &resp.Diagnostics)
	if err := r.apply(ctx, &write); err != nil {
		resp.Diagnostics.AddError("Writing the global section", err.Error())
		return
	}
	r.finish(ctx, plan, &resp.State, &resp.Diagnostics)
}

func (r *globalResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan globalModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	write := owning(ctx, req.Config, plan, resp.Private, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := r.apply(ctx, &write); err != nil {
		resp.Diagnostics.AddError("Writing the global section", err.Error())
		return
	}
	r.finish(ctx, plan, &resp.State, &resp.Diagnostics)
}

// finish reads the section back into the state, keeping the plan's values
// where they say the same.
func (r *globalResource) finish(ctx context.Context, plan globalModel, state *tfsdk.State, diags *diag.Diagnostics) {
	m := plan
	if err := r.readInto(ctx, &m); err != nil {
		diags.AddError("Reading the global section", err.Error())
		return
	}
	diags.Append(state.Set(ctx, &m)...)
}

func (r *globalResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m globalModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	data, diags := req.Private.GetKey(ctx, globalOwnedKey)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	var names []string
	_ = json.Unmarshal(data, &names) // nothing recorded (imported): nothing compared
	g, err := dataplane.ReadEach(ctx, r.client, r.client.Global, func(canary, other dataplane.Global) bool {
		return sameWhereOwned(names, canary, other)
	})
	if err != nil {
		resp.Diagnostics.AddError("Reading the global section", err.Error())
		return
	}
	toState(g, &m)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Delete writes back the section as it was before Terraform managed it; with
// nothing recorded (a state from before this was kept), it leaves the section
// as it is.
func (r *globalResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	byNode, diags := req.Private.GetKey(ctx, globalBeforeByNodeKey)
	resp.Diagnostics.Append(diags...)
	before, diags := req.Private.GetKey(ctx, globalBeforeKey) // a state from before nodes
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	var sections map[string]json.RawMessage
	if len(byNode) > 0 {
		if err := json.Unmarshal(byNode, &sections); err != nil {
			resp.Diagnostics.AddError("Restoring the global section", "the private state holds no sections: "+err.Error())
			return
		}
	}
	err := dataplane.EachNode(ctx, r.client, func(ctx context.Context, node string) error {
		section, ok := sections[node]
		if !ok && len(before) > 0 && sections == nil {
			section, ok = before, true
		}
		if !ok {
			return nil // a node added since: nothing recorded to write back
		}
		return r.client.ReplaceGlobalRaw(ctx, section, dataplane.WriteOptions{})
	})
	if err != nil {
		resp.Diagnostics.AddError("Restoring the global section", err.Error())
	}
}

// ImportState takes the one ID, `global`, and records the section as it is
// now, which destroy writes back.
func (r *globalResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if req.ID != globalID {
		resp.Diagnostics.AddError("Invalid import ID", "the global section's ID is `global`, not "+strings.TrimSpace(req.ID))
		return
	}
	before, err := r.sectionsBefore(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Reading the global section", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, globalBeforeByNodeKey, before)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), globalID)...)
}

var _ basetypes.StringValuableWithSemanticEquals = DurationValue{}

// StringSemanticEquals tells the framework that two spellings of the same
// time are no change, for the resources it plans (haproxy_global); the
// object resources plan with sameTime.
func (v DurationValue) StringSemanticEquals(_ context.Context, o basetypes.StringValuable) (bool, diag.Diagnostics) {
	other, ok := o.(DurationValue)
	if !ok {
		return false, nil
	}
	a, errA := v.ToTerraformValue(context.Background())
	b, errB := other.ToTerraformValue(context.Background())
	return errA == nil && errB == nil && sameTime(a, b), nil
}

// sameTimeKeepsState plans no change for a time the configuration spells
// otherwise than the state (30000 for 30s).
type sameTimeKeepsState struct{}

func (sameTimeKeepsState) Description(context.Context) string {
	return "the same time spelled another way is no change"
}
func (m sameTimeKeepsState) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (sameTimeKeepsState) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	a, errA := req.PlanValue.ToTerraformValue(context.Background())
	b, errB := req.StateValue.ToTerraformValue(context.Background())
	if errA == nil && errB == nil && sameTime(a, b) {
		resp.PlanValue = req.StateValue
	}
}

var _ resource.ResourceWithValidateConfig = (*globalResource)(nil)

// ValidateConfig reads extra_directives as the agent would, so that a line
// the model does not hold, or one a typed attribute says too, fails the plan.
func (r *globalResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m globalModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.ExtraDirectives.IsNull() || m.ExtraDirectives.IsUnknown() {
		return
	}
	var lines []string
	if resp.Diagnostics.Append(m.ExtraDirectives.ElementsAs(ctx, &lines, false)...); resp.Diagnostics.HasError() {
		return
	}
	var g dataplane.Global
	if err := haproxycfg.GlobalView.ParseDirectives(lines, &g); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("extra_directives"), "Invalid extra_directives", err.Error())
		return
	}
	for _, a := range globalTypedAttrs {
		var inConfig, inExtra bool
		switch a.kind {
		case "int":
			inConfig, inExtra = !a.integer(&m).IsNull(), *a.num(&g) != nil
		case "duration":
			inConfig, inExtra = !a.duration(&m).IsNull(), *a.num(&g) != nil
		case "string":
			inConfig, inExtra = !a.text(&m).IsNull(), *a.str(&g) != ""
		case "list":
			inConfig, inExtra = !a.list(&m).IsNull(), g.LuaOptions != nil && len(g.LuaOptions.Loads) > 0
		}
		if inConfig && inExtra {
			resp.Diagnostics.AddAttributeError(path.Root("extra_directives"), "Directive said twice",
				a.name+" is set, and extra_directives says it too: say it in one place.")
		}
	}
}
