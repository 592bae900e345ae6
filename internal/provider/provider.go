// Package provider implements the haproxy Terraform provider with
// terraform-plugin-framework, except that the object resources are read,
// planned and applied straight from their field tables (protocol_server.go).
// It talks HTTP to an agent (or the official dataplaneapi v3); it never
// touches haproxy.cfg itself.
package provider

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"os"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// Environment variables read when the matching provider argument is not set.
const (
	EnvURL      = "HAPROXY_URL"
	EnvUsername = "HAPROXY_USERNAME"
	EnvPassword = "HAPROXY_PASSWORD"
)

// DefaultTimeout bounds one HTTP request to the agent when timeout is not set.
const DefaultTimeout = 30 * time.Second

var _ provider.Provider = (*haproxyProvider)(nil)

type haproxyProvider struct {
	version string
	client  atomic.Pointer[dataplane.Client] // once configured
}

// configuredClient is the client Configure built. Terraform configures the
// provider before it reads or applies anything.
func (p *haproxyProvider) configuredClient() (*dataplane.Client, error) {
	if c := p.client.Load(); c != nil {
		return c, nil
	}
	return nil, errors.New("the provider was asked to reach the agent before it was configured; this is a bug in the provider")
}

// providerModel maps the provider block.
type providerModel struct {
	URL        types.String `tfsdk:"url"`
	Username   types.String `tfsdk:"username"`
	Password   types.String `tfsdk:"password"`
	CAFile     types.String `tfsdk:"ca_file"`
	CAPEM      types.String `tfsdk:"ca_pem"`
	ClientCert types.String `tfsdk:"client_cert"`
	ClientKey  types.String `tfsdk:"client_key"`
	Insecure   types.Bool   `tfsdk:"insecure"`
	Timeout    types.String `tfsdk:"timeout"`

	Nodes       []nodeModel `tfsdk:"nodes"`
	Parallelism types.Int64 `tfsdk:"parallelism"`
}

// Config is the provider configuration once the provider block and the
// environment are combined: what a client needs to reach the agent.
type Config struct {
	URL        *url.URL
	Username   string
	Password   string
	CAFile     string // path to a PEM file of CA certificates
	CAPEM      string // PEM-encoded CA certificates
	ClientCert string // PEM-encoded client certificate
	ClientKey  string // PEM-encoded client private key
	Insecure   bool
	Timeout    time.Duration

	// Nodes, when set, are the nodes of a fleet, instead of URL.
	Nodes       []dataplane.NodeOptions
	Parallelism int
}

func (p *haproxyProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "haproxy"
	resp.Version = p.version
}

func (p *haproxyProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = providerSchema()
}

func providerSchema() schema.Schema {
	s := schema.Schema{
		Description: "Manage HAProxy configuration (frontends, backends, servers, binds, ACLs, " +
			"http-request rules) through an agent that serves the HAProxy Data Plane API v3.",
		Attributes: map[string]schema.Attribute{
			"url": schema.StringAttribute{
				Description: fmt.Sprintf("Base URL of the agent or Data Plane API, for example "+
					"`https://lb1.example.com:5555`. Falls back to the `%s` environment variable. "+
					"Required in one of the two places, unless `nodes` names several.", EnvURL),
				Optional: true,
			},
			"username": schema.StringAttribute{
				Description: fmt.Sprintf("User name for HTTP basic authentication. "+
					"Falls back to the `%s` environment variable.", EnvUsername),
				Optional: true,
			},
			"password": schema.StringAttribute{
				Description: fmt.Sprintf("Password for HTTP basic authentication. "+
					"Falls back to the `%s` environment variable.", EnvPassword),
				Optional:  true,
				Sensitive: true,
			},
			"ca_file": schema.StringAttribute{
				Description: "Path to a PEM file of CA certificates that sign the agent's TLS certificate. " +
					"Conflicts with `ca_pem`.",
				Optional: true,
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1),
					stringvalidator.ConflictsWith(path.MatchRoot("ca_pem")),
				},
			},
			"ca_pem": schema.StringAttribute{
				Description: "PEM-encoded CA certificates that sign the agent's TLS certificate. " +
					"Conflicts with `ca_file`.",
				Optional: true,
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1),
				},
			},
			"client_cert": schema.StringAttribute{
				Description: "PEM-encoded client certificate for mutual TLS. Requires `client_key`.",
				Optional:    true,
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1),
					stringvalidator.AlsoRequires(path.MatchRoot("client_key")),
				},
			},
			"client_key": schema.StringAttribute{
				Description: "PEM-encoded private key of `client_cert`. Requires `client_cert`.",
				Optional:    true,
				Sensitive:   true,
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1),
					stringvalidator.AlsoRequires(path.MatchRoot("client_cert")),
				},
			},
			"insecure": schema.BoolAttribute{
				Description: "Skip verification of the agent's TLS certificate. For testing only. Defaults to `false`.",
				Optional:    true,
			},
			"timeout": schema.StringAttribute{
				Description: fmt.Sprintf("Time limit for one HTTP request to the agent, as a Go duration "+
					"such as `30s` or `2m`. Defaults to `%s`. It also bounds two waits of a write: for the reload that "+
					"makes it live (a write is done only once HAProxy has loaded it), and for an ACL, backend or section "+
					"the write names that another resource of the same apply is creating.", DefaultTimeout),
				Optional: true,
			},
		},
	}
	maps.Copy(s.Attributes, fleetAttributes())
	return s
}

func (p *haproxyProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var model providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}

	cfg, diags := resolveConfig(model, os.Getenv)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	client, err := cfg.client()
	if err != nil {
		resp.Diagnostics.AddError("Invalid provider settings", err.Error())
		return
	}
	if err := client.Check(ctx); err != nil {
		resp.Diagnostics.Append(unusableAgent(cfg.URL, err))
		return
	}
	p.client.Store(client)
	resp.ResourceData = client
	resp.DataSourceData = client
}

// unusableAgent is the error when the agent cannot be used at all. Configure
// asks it one question, so that a plan that only creates resources fails at
// plan, not halfway through apply.
func unusableAgent(u *url.URL, err error) diag.Diagnostic {
	detail := fmt.Sprintf("The agent at %s: %s", u.Redacted(), err)
	var apiErr *dataplane.APIError
	switch {
	case errors.As(err, &apiErr) && apiErr.Status == http.StatusUnauthorized:
		return diag.NewErrorDiagnostic("The HAProxy agent refused the credentials", detail)
	case errors.As(err, &apiErr):
		return diag.NewAttributeErrorDiagnostic(path.Root("url"), "The HAProxy agent cannot be used",
			detail+fmt.Sprintf(". Check that url (or %s) is the agent or a Data Plane API v3.", EnvURL))
	}
	return diag.NewAttributeErrorDiagnostic(path.Root("url"), "Cannot reach the HAProxy agent",
		detail+fmt.Sprintf(". Check url (or %s), that the agent runs and listens there, and the TLS settings.", EnvURL))
}

// client builds the Data Plane API client the configuration describes.
func (c *Config) client() (*dataplane.Client, error) {
	if len(c.Nodes) > 0 {
		return dataplane.NewFleet(c.Nodes, c.Parallelism)
	}
	opts, err := c.options()
	if err != nil {
		return nil, err
	}
	return dataplane.NewClient(opts)
}

func (p *haproxyProvider) Resources(_ context.Context) []func() resource.Resource {
	return append([]func() resource.Resource{
		func() resource.Resource { return &objectResource[frontend]{spec: frontendSpec} },
		func() resource.Resource { return &objectResource[backend]{spec: backendSpec} },
		func() resource.Resource { return &objectResource[defaultsSection]{spec: defaultsSpec} },
		func() resource.Resource { return &objectResource[listenSection]{spec: listenSpec} },
		func() resource.Resource { return &objectResource[server]{spec: serverSpec} },
		func() resource.Resource { return &objectResource[bind]{spec: bindSpec} },
		func() resource.Resource { return &aclResource{} },
		func() resource.Resource { return &resolversResource{} },
		func() resource.Resource { return &sectionResource{} },
		func() resource.Resource { return &userlistResource{} },
		func() resource.Resource { return &listResource[httpRule]{spec: httpRequestRulesSpec} },
		func() resource.Resource { return &listResource[switchingRule]{spec: backendSwitchingRulesSpec} },
		func() resource.Resource { return &globalResource{} },
		func() resource.Resource { return &sslCertificateResource{} },
		func() resource.Resource { return &mapResource{} },
		func() resource.Resource { return &mapEntryResource{} },
	}, lineListResources()...)
}

func (p *haproxyProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		func() datasource.DataSource { return &objectDataSource[frontend]{spec: frontendSpec} },
		backendDataSource,
		newInfoDataSource,
		newGlobalDataSource,
		newNodesDataSource,
	}
}

// resolveConfig combines the provider block with the environment: a value set
// in the block wins over its environment variable. Every error is scoped to
// the attribute it is about.
func resolveConfig(m providerModel, getenv func(string) string) (*Config, diag.Diagnostics) {
	var diags diag.Diagnostics

	unknown := map[string]bool{
		"url":         m.URL.IsUnknown(),
		"username":    m.Username.IsUnknown(),
		"password":    m.Password.IsUnknown(),
		"ca_file":     m.CAFile.IsUnknown(),
		"ca_pem":      m.CAPEM.IsUnknown(),
		"client_cert": m.ClientCert.IsUnknown(),
		"client_key":  m.ClientKey.IsUnknown(),
		"insecure":    m.Insecure.IsUnknown(),
		"timeout":     m.Timeout.IsUnknown(),
	}
	envOf := map[string]string{"url": EnvURL, "username": EnvUsername, "password": EnvPassword}
	for _, name := range []string{"url", "username", "password", "ca_file", "ca_pem", "client_cert", "client_key", "insecure", "timeout"} {
		if unknown[name] {
			hint := ""
			if env := envOf[name]; env != "" {
				hint = " Or leave it out and set the " + env + " environment variable."
			}
			diags.AddAttributeError(path.Root(name),
				"Unknown provider argument "+name,
				"The provider cannot be configured with a value that is only known after apply. "+
					"Set "+name+" to a value known at plan time, or apply the resources it depends on first with -target."+hint)
		}
	}
	if diags.HasError() {
		return nil, diags
	}

	cfg := &Config{
		Username:   stringOrEnv(m.Username, EnvUsername, getenv),
		Password:   stringOrEnv(m.Password, EnvPassword, getenv),
		CAFile:     m.CAFile.ValueString(),
		CAPEM:      m.CAPEM.ValueString(),
		ClientCert: m.ClientCert.ValueString(),
		ClientKey:  m.ClientKey.ValueString(),
		Insecure:   m.Insecure.ValueBool(),
		Timeout:    DefaultTimeout,
	}

	rawURL := stringOrEnv(m.URL, EnvURL, getenv)
	if len(m.Nodes) > 0 {
		rawURL = m.Nodes[0].URL.ValueString() // the fleet's client reports with its canary's
	}
	if rawURL == "" {
		diags.AddAttributeError(path.Root("url"),
			"Missing HAProxy agent URL",
			fmt.Sprintf("The provider needs the URL of the agent or Data Plane API. Set url (or nodes) in the "+
				"provider block, or set the %s environment variable, for example %s=http://127.0.0.1:5555.",
				EnvURL, EnvURL))
	} else if u, err := parseAgentURL(rawURL); err != nil {
		source := "url"
		if m.URL.IsNull() {
			source = "the " + EnvURL + " environment variable"
		}
		diags.AddAttributeError(path.Root("url"),
			"Invalid HAProxy agent URL",
			fmt.Sprintf("The value %q from %s is not usable: %s. Use an http or https URL with a host, "+
				"for example https://lb1.example.com:5555.", rawURL, source, err))
	} else {
		cfg.URL = u
	}

	if !m.Timeout.IsNull() {
		d, err := time.ParseDuration(m.Timeout.ValueString())
		switch {
		case err != nil:
			diags.AddAttributeError(path.Root("timeout"),
				"Invalid timeout",
				fmt.Sprintf("The value %q is not a duration. Use a Go duration such as 30s, 1m30s or 2m.",
					m.Timeout.ValueString()))
		case d <= 0:
			diags.AddAttributeError(path.Root("timeout"),
				"Invalid timeout",
				fmt.Sprintf("The value %q must be greater than zero, for example 30s.", m.Timeout.ValueString()))
		default:
			cfg.Timeout = d
		}
	}

	if diags.HasError() {
		return nil, diags
	}
	if len(m.Nodes) > 0 {
		var nodeDiags diag.Diagnostics
		cfg.Nodes, nodeDiags = resolveNodes(m.Nodes, cfg)
		diags.Append(nodeDiags...)
		cfg.Parallelism = int(m.Parallelism.ValueInt64())
		if cfg.Parallelism < 0 {
			diags.AddAttributeError(path.Root("parallelism"), "Invalid parallelism", "parallelism must be at least 1.")
		}
	}
	if diags.HasError() {
		return nil, diags
	}
	return cfg, diags
}

// stringOrEnv returns the configured value, or the environment variable when
// the argument is not set in the provider block.
func stringOrEnv(v types.String, env string, getenv func(string) string) string {
	if !v.IsNull() {
		return v.ValueString()
	}
	return getenv(env)
}

func parseAgentURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("the scheme must be http or https, not %q", u.Scheme)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("the host is missing")
	}
	return u, nil
}
