package provider

import (
	"context"
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// nodesDataSource is haproxy_nodes: each node of the provider (its `nodes`,
// or its one `url`), with the versions its agent says.
type nodesDataSource struct{ client *dataplane.Client }

func newNodesDataSource() datasource.DataSource { return &nodesDataSource{} }

// nodeStateModel is one element of haproxy_nodes' nodes.
type nodeStateModel struct {
	Name                 types.String `tfsdk:"name"`
	URL                  types.String `tfsdk:"url"`
	Canary               types.Bool   `tfsdk:"canary"`
	Optional             types.Bool   `tfsdk:"optional"`
	Reachable            types.Bool   `tfsdk:"reachable"`
	APIVersion           types.String `tfsdk:"api_version"`
	HAProxyVersion       types.String `tfsdk:"haproxy_version"`
	ConfigurationVersion types.Int64  `tfsdk:"configuration_version"`
}

func (d *nodesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_nodes"
}

func (d *nodesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	unlessUnreachable := " Null when the node could not be reached."
	resp.Schema = dschema.Schema{
		Description: "The nodes the provider manages (its `nodes`, or its one `url`), each asked at once for the " +
			"versions of its agent (or Data Plane API) and of HAProxy, and for its configuration's version. A node " +
			"that cannot be reached fails the read, naming it, unless it is `optional`.",
		Attributes: map[string]dschema.Attribute{
			"nodes": dschema.ListNestedAttribute{
				Computed:    true,
				Description: "The nodes, canaries first, in the order of the provider's `nodes` otherwise.",
				NestedObject: dschema.NestedAttributeObject{Attributes: map[string]dschema.Attribute{
					"name": dschema.StringAttribute{Computed: true, Description: "The node's name: its `name` in `nodes`, or the host and port of its URL."},
					"url":  dschema.StringAttribute{Computed: true, Description: "The URL of the node's agent or Data Plane API, with any password in it hidden."},
					"canary": dschema.BoolAttribute{Computed: true,
						Description: "Whether changes are written to this node first (with one `url`, always)."},
					"optional":  dschema.BoolAttribute{Computed: true, Description: "Whether the node may be unreachable."},
					"reachable": dschema.BoolAttribute{Computed: true, Description: "Whether the node answered; only an optional node can be unreachable."},
					"api_version": dschema.StringAttribute{Computed: true,
						Description: "Version of the node's agent or Data Plane API (`/v3/info`)." + unlessUnreachable},
					"haproxy_version": dschema.StringAttribute{Computed: true,
						Description: "Version of the node's HAProxy (`/v3/info`); null too when the server does not say (our agent does)."},
					"configuration_version": dschema.Int64Attribute{Computed: true,
						Description: "The version of the node's configuration, which each change raises. Nodes that hold " +
							"the same configuration may have different versions: each counts its own changes." + unlessUnreachable},
				}},
			},
		},
	}
}

func (d *nodesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *nodesDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	nodes := d.client.Nodes()
	states := make([]nodeStateModel, len(nodes))
	errs := make([]error, len(nodes))
	var wg sync.WaitGroup
	for i, n := range nodes {
		wg.Go(func() { states[i], errs[i] = readNode(ctx, n) })
	}
	wg.Wait()
	for i, n := range nodes {
		if errs[i] != nil {
			resp.Diagnostics.AddError("Reading node "+n.Name, fmt.Sprintf("node %s (%s): %s", n.Name, states[i].URL.ValueString(), errs[i]))
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	state := struct {
		Nodes []nodeStateModel `tfsdk:"nodes"`
	}{states}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// readNode asks one node, through its own client, for its /v3/info and its
// configuration's version. An optional node that cannot be reached is no
// error: it reads as unreachable. An answer that is an error (401, say) is one
// even for an optional node, as when the provider is configured.
func readNode(ctx context.Context, n dataplane.NodeInfo) (nodeStateModel, error) {
	m := nodeStateModel{
		Name: types.StringValue(n.Name), URL: types.StringValue(n.URL),
		Canary: types.BoolValue(n.Canary), Optional: types.BoolValue(n.Optional),
		Reachable: types.BoolValue(false), APIVersion: types.StringNull(),
		HAProxyVersion: types.StringNull(), ConfigurationVersion: types.Int64Null(),
	}
	info, err := n.Client.Info(ctx)
	var version int64
	if err == nil {
		version, err = n.Client.Version(ctx)
	}
	switch {
	case n.Optional && dataplane.IsUnreachable(err) && ctx.Err() == nil:
		return m, nil
	case err != nil:
		return m, err
	}
	m.Reachable = types.BoolValue(true)
	m.APIVersion = types.StringValue(info.API.Version)
	if info.HAProxy.Version != "" {
		m.HAProxyVersion = types.StringValue(info.HAProxy.Version)
	}
	m.ConfigurationVersion = types.Int64Value(version)
	return m, nil
}
