package provider

import (
	"fmt"
	"os"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// nodeModel maps one element of the provider's nodes: a node of a fleet. Its
// credentials and TLS settings, where unset, are the provider block's.
type nodeModel struct {
	Name       types.String `tfsdk:"name"`
	URL        types.String `tfsdk:"url"`
	Username   types.String `tfsdk:"username"`
	Password   types.String `tfsdk:"password"`
	CAFile     types.String `tfsdk:"ca_file"`
	CAPEM      types.String `tfsdk:"ca_pem"`
	ClientCert types.String `tfsdk:"client_cert"`
	ClientKey  types.String `tfsdk:"client_key"`
	Insecure   types.Bool   `tfsdk:"insecure"`
	Canary     types.Bool   `tfsdk:"canary"`
	Optional   types.Bool   `tfsdk:"optional"`
	ProbeURL   types.String `tfsdk:"probe_url"`
}

// fleetAttributes are the provider block's arguments for a fleet.
func fleetAttributes() map[string]schema.Attribute {
	inherited := func(what string) string {
		return what + " for this node; the provider block's when unset."
	}
	return map[string]schema.Attribute{
		"nodes": schema.ListNestedAttribute{
			Description: "The HAProxy nodes of a fleet, each with its own agent (or official Data Plane API), that " +
				"must hold the same configuration; instead of `url`. Every resource is written once and applied to " +
				"every node: the canary nodes first, one after the other, each only done once its HAProxy has loaded " +
				"the change and its `probe_url` answers; then the other nodes in parallel (`parallelism`). Every read " +
				"asks every node; a resource whose nodes differ has them in its `nodes_differ`, and the next apply " +
				"makes them equal.",
			Optional: true,
			Validators: []validator.List{
				listvalidator.SizeAtLeast(1),
				listvalidator.ConflictsWith(path.MatchRoot("url")),
			},
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"name": schema.StringAttribute{
					Description: "How errors and `nodes_differ` name the node. Defaults to the host and port of `url`.",
					Optional:    true,
				},
				"url": schema.StringAttribute{
					Description: "Base URL of the node's agent or Data Plane API.",
					Required:    true,
				},
				"username":    schema.StringAttribute{Description: inherited("User name"), Optional: true},
				"password":    schema.StringAttribute{Description: inherited("Password"), Optional: true, Sensitive: true},
				"ca_file":     schema.StringAttribute{Description: inherited("Path to the PEM file of CA certificates"), Optional: true},
				"ca_pem":      schema.StringAttribute{Description: inherited("PEM-encoded CA certificates"), Optional: true},
				"client_cert": schema.StringAttribute{Description: inherited("Client certificate"), Optional: true},
				"client_key":  schema.StringAttribute{Description: inherited("Client certificate's key"), Optional: true, Sensitive: true},
				"insecure":    schema.BoolAttribute{Description: inherited("Skipping TLS verification"), Optional: true},
				"canary": schema.BoolAttribute{
					Description: "Write to this node first, and to the other nodes only once the change is live here " +
						"and `probe_url` answers. Without any node marked, the first node is the canary. A canary " +
						"cannot be `optional`.",
					Optional: true,
				},
				"optional": schema.BoolAttribute{
					Description: "The node may be unreachable: plan and apply then go on without it, with a " +
						"warning that names it; once it answers again, plan shows what differs there (`nodes_differ`). " +
						"Without it, an unreachable node fails plan and apply, named.",
					Optional: true,
				},
				"probe_url": schema.StringAttribute{
					Description: "An HTTP(S) URL through this node's HAProxy that must answer 2xx or 3xx after each " +
						"change made live on it; when it does not, the apply fails and no node after it is written.",
					Optional: true,
				},
			}},
		},
		"parallelism": schema.Int64Attribute{
			Description: "How many non-canary nodes of `nodes` a change is written to at once. Defaults to all of them.",
			Optional:    true,
		},
	}
}

// resolveNodes turns the nodes of the provider block into the fleet's
// options; cfg holds the provider block's own settings, which a node inherits.
func resolveNodes(nodes []nodeModel, cfg *Config) ([]dataplane.NodeOptions, diag.Diagnostics) {
	var diags diag.Diagnostics
	var out []dataplane.NodeOptions
	for i, n := range nodes {
		at := path.Root("nodes").AtListIndex(i)
		u, err := parseAgentURL(n.URL.ValueString())
		if err != nil {
			diags.AddAttributeError(at.AtName("url"), "Invalid node URL",
				fmt.Sprintf("The value %q is not usable: %s. Use an http or https URL with a host.", n.URL.ValueString(), err))
			continue
		}
		node := Config{
			URL: u, Timeout: cfg.Timeout,
			Username:   orInherited(n.Username, cfg.Username),
			Password:   orInherited(n.Password, cfg.Password),
			CAFile:     orInherited(n.CAFile, cfg.CAFile),
			CAPEM:      orInherited(n.CAPEM, cfg.CAPEM),
			ClientCert: orInherited(n.ClientCert, cfg.ClientCert),
			ClientKey:  orInherited(n.ClientKey, cfg.ClientKey),
			Insecure:   cfg.Insecure,
		}
		if !n.Insecure.IsNull() {
			node.Insecure = n.Insecure.ValueBool()
		}
		// A node's own CA replaces the block's, whichever way each is given.
		if !n.CAFile.IsNull() {
			node.CAPEM = ""
		}
		if !n.CAPEM.IsNull() {
			node.CAFile = ""
		}
		opts, err := node.options()
		if err != nil {
			diags.AddAttributeError(at, "Invalid TLS settings", err.Error())
			continue
		}
		out = append(out, dataplane.NodeOptions{
			ClientOptions: opts, Name: n.Name.ValueString(), Canary: n.Canary.ValueBool(),
			Optional: n.Optional.ValueBool(), ProbeURL: n.ProbeURL.ValueString(),
		})
	}
	return out, diags
}

func orInherited(v types.String, inherited string) string {
	if v.IsNull() {
		return inherited
	}
	return v.ValueString()
}

// options are a client's options for what c describes.
func (c *Config) options() (dataplane.ClientOptions, error) {
	ca := []byte(c.CAPEM)
	if c.CAFile != "" {
		var err error
		if ca, err = os.ReadFile(c.CAFile); err != nil {
			return dataplane.ClientOptions{}, fmt.Errorf("ca_file: %w", err)
		}
	}
	return dataplane.ClientOptions{
		URL: c.URL.String(), Username: c.Username, Password: c.Password, CAPEM: ca,
		ClientCert: []byte(c.ClientCert), ClientKey: []byte(c.ClientKey), Insecure: c.Insecure, Timeout: c.Timeout,
	}, nil
}
