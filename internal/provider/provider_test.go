package provider

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/agenttest"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxytest"
)

// testProviderFactories serves the provider in-process to the terraform CLI
// that terraform-plugin-testing runs.
var testProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"haproxy": NewServer("test"),
}

// requireTerraform points terraform-plugin-testing at a local terraform CLI,
// so that it never tries to download one, and at the provider's namespace, so
// that configs can declare source = "tfhaproxy/haproxy".
func requireTerraform(t testing.TB) {
	t.Helper()
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		bin, err := exec.LookPath("terraform")
		if err != nil {
			t.Fatal("terraform CLI not found on PATH and TF_ACC_TERRAFORM_PATH not set: install terraform to run the provider's tests")
		}
		t.Setenv("TF_ACC_TERRAFORM_PATH", bin)
	}
	t.Setenv("TF_ACC_PROVIDER_NAMESPACE", "tfhaproxy")
}

const requiredProviders = `
terraform {
  required_providers {
    haproxy = {
      source = "tfhaproxy/haproxy"
    }
  }
}
`

// TestProvider_terraform runs the real terraform CLI (init, plan, apply,
// destroy) with the provider served in-process under tfhaproxy/haproxy, and
// checks that a missing url is an error on the url attribute naming HAPROXY_URL.
func TestProvider_terraform(t *testing.T) {
	requireTerraform(t)
	t.Setenv(EnvURL, "")

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: requiredProviders + fmt.Sprintf(`
provider "haproxy" {
  url     = "http://127.0.0.1:%d"
  timeout = "10s"
}
`, haproxytest.FreePort(t)) + `
resource "terraform_data" "probe" {
  input = "haproxy"
}
`,
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("terraform_data.probe", "input", "haproxy"),
				resource.TestCheckResourceAttr("terraform_data.probe", "output", "haproxy"),
			),
		}, {
			Config:      requiredProviders + `data "haproxy_info" "agent" {}`,
			ExpectError: regexp.MustCompile(`(?s)Missing HAProxy agent URL.*HAPROXY_URL`),
		}},
	})
}

func TestResolveConfig(t *testing.T) {
	env := func(vars map[string]string) func(string) string {
		return func(k string) string { return vars[k] }
	}

	t.Run("config wins over environment", func(t *testing.T) {
		m := nullModel()
		m.URL = types.StringValue("https://lb1.example.com:5555")
		m.Username = types.StringValue("admin")
		m.Timeout = types.StringValue("2m")
		m.Insecure = types.BoolValue(true)
		cfg, diags := resolveConfig(m, env(map[string]string{
			EnvURL:      "http://ignored:1",
			EnvUsername: "ignored",
			EnvPassword: "from-env",
		}))
		if diags.HasError() {
			t.Fatalf("unexpected diagnostics: %v", diags)
		}
		if got := cfg.URL.String(); got != "https://lb1.example.com:5555" {
			t.Errorf("URL = %q, want the configured one", got)
		}
		if cfg.Username != "admin" {
			t.Errorf("Username = %q, want admin", cfg.Username)
		}
		if cfg.Password != "from-env" {
			t.Errorf("Password = %q, want the HAPROXY_PASSWORD value", cfg.Password)
		}
		if cfg.Timeout != 2*time.Minute {
			t.Errorf("Timeout = %v, want 2m", cfg.Timeout)
		}
		if !cfg.Insecure {
			t.Error("Insecure = false, want true")
		}
	})

	t.Run("environment fills unset arguments", func(t *testing.T) {
		cfg, diags := resolveConfig(nullModel(), env(map[string]string{
			EnvURL:      "http://127.0.0.1:5555",
			EnvUsername: "u",
			EnvPassword: "p",
		}))
		if diags.HasError() {
			t.Fatalf("unexpected diagnostics: %v", diags)
		}
		if cfg.URL.Host != "127.0.0.1:5555" || cfg.Username != "u" || cfg.Password != "p" {
			t.Errorf("got %+v, want the environment's values", cfg)
		}
		if cfg.Timeout != DefaultTimeout {
			t.Errorf("Timeout = %v, want default %v", cfg.Timeout, DefaultTimeout)
		}
	})

	errorCases := []struct {
		name      string
		model     func(m *providerModel)
		env       map[string]string
		attribute string
		detail    string
	}{
		{
			name:      "missing url",
			model:     func(*providerModel) {},
			attribute: "url",
			detail:    "HAPROXY_URL",
		},
		{
			name:      "empty url and empty environment",
			model:     func(m *providerModel) { m.URL = types.StringValue("") },
			env:       map[string]string{EnvURL: "http://ignored:1"},
			attribute: "url",
			detail:    "HAPROXY_URL",
		},
		{
			name:      "url without scheme",
			model:     func(m *providerModel) { m.URL = types.StringValue("127.0.0.1:5555") },
			attribute: "url",
			detail:    "http or https",
		},
		{
			name:      "bad url from environment",
			model:     func(*providerModel) {},
			env:       map[string]string{EnvURL: "ftp://lb1"},
			attribute: "url",
			detail:    "HAPROXY_URL environment variable",
		},
		{
			name:      "unknown url",
			model:     func(m *providerModel) { m.URL = types.StringUnknown() },
			attribute: "url",
			detail:    "known at plan time",
		},
		{
			name: "unknown password names its variable",
			model: func(m *providerModel) {
				m.URL = types.StringValue("http://127.0.0.1:5555")
				m.Password = types.StringUnknown()
			},
			attribute: "password",
			detail:    "HAPROXY_PASSWORD environment variable",
		},
		{
			name: "bad timeout",
			model: func(m *providerModel) {
				m.URL = types.StringValue("http://127.0.0.1:5555")
				m.Timeout = types.StringValue("ten seconds")
			},
			attribute: "timeout",
			detail:    "not a duration",
		},
		{
			name: "negative timeout",
			model: func(m *providerModel) {
				m.URL = types.StringValue("http://127.0.0.1:5555")
				m.Timeout = types.StringValue("-1s")
			},
			attribute: "timeout",
			detail:    "greater than zero",
		},
	}
	for _, tc := range errorCases {
		t.Run(tc.name, func(t *testing.T) {
			m := nullModel()
			tc.model(&m)
			cfg, diags := resolveConfig(m, env(tc.env))
			if cfg != nil {
				t.Errorf("got config %+v, want nil on error", cfg)
			}
			if diags.ErrorsCount() != 1 {
				t.Fatalf("got %d errors, want 1: %v", diags.ErrorsCount(), diags)
			}
			d := diags.Errors()[0]
			withPath, ok := d.(interface{ Path() path.Path })
			if !ok || !withPath.Path().Equal(path.Root(tc.attribute)) {
				t.Errorf("diagnostic %q is not scoped to attribute %q", d.Summary(), tc.attribute)
			}
			if !strings.Contains(d.Detail(), tc.detail) {
				t.Errorf("detail %q does not mention %q", d.Detail(), tc.detail)
			}
		})
	}
}

// TestConfigureProvider drives the provider through the plugin protocol, as
// Terraform does, so that the schema, the model's tags and Configure are
// checked together.
func TestConfigureProvider(t *testing.T) {
	ctx := context.Background()
	server, err := NewServer("test")()
	if err != nil {
		t.Fatal(err)
	}
	objType := providerSchema().Type().TerraformType(ctx)

	config := func(t *testing.T, attrs map[string]tftypes.Value) *tfprotov6.DynamicValue {
		t.Helper()
		values := map[string]tftypes.Value{}
		for name, typ := range objType.(tftypes.Object).AttributeTypes {
			values[name] = tftypes.NewValue(typ, nil)
		}
		for name, v := range attrs {
			values[name] = v
		}
		dv, err := tfprotov6.NewDynamicValue(objType, tftypes.NewValue(objType, values))
		if err != nil {
			t.Fatal(err)
		}
		return &dv
	}

	// Configure asks the agent one question, so it needs one.
	a := agenttest.Start(t, smallConfig(haproxytest.FreePort(t)))
	t.Setenv(EnvUsername, agenttest.User)
	t.Setenv(EnvPassword, agenttest.Password)

	t.Run("valid", func(t *testing.T) {
		t.Setenv(EnvURL, "")
		resp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{
			Config: config(t, map[string]tftypes.Value{
				"url":      tftypes.NewValue(tftypes.String, a.URL),
				"insecure": tftypes.NewValue(tftypes.Bool, true),
			}),
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range resp.Diagnostics {
			t.Errorf("unexpected diagnostic: %s: %s", d.Summary, d.Detail)
		}
	})

	t.Run("missing url names HAPROXY_URL", func(t *testing.T) {
		t.Setenv(EnvURL, "")
		resp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{
			Config: config(t, nil),
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(resp.Diagnostics) != 1 {
			t.Fatalf("got %d diagnostics, want 1: %+v", len(resp.Diagnostics), resp.Diagnostics)
		}
		d := resp.Diagnostics[0]
		if d.Severity != tfprotov6.DiagnosticSeverityError {
			t.Errorf("severity = %v, want error", d.Severity)
		}
		if d.Attribute == nil || !d.Attribute.Equal(tftypes.NewAttributePath().WithAttributeName("url")) {
			t.Errorf("attribute = %v, want url", d.Attribute)
		}
		if !regexp.MustCompile(`HAPROXY_URL`).MatchString(d.Detail) {
			t.Errorf("detail %q does not name HAPROXY_URL", d.Detail)
		}
	})

	t.Run("url from HAPROXY_URL", func(t *testing.T) {
		t.Setenv(EnvURL, a.URL)
		resp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{
			Config: config(t, nil),
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range resp.Diagnostics {
			t.Errorf("unexpected diagnostic: %s: %s", d.Summary, d.Detail)
		}
	})

	// unusable configures the provider and returns its one error.
	unusable := func(t *testing.T, attrs map[string]tftypes.Value) *tfprotov6.Diagnostic {
		t.Helper()
		t.Setenv(EnvURL, "")
		resp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: config(t, attrs)})
		if err != nil {
			t.Fatal(err)
		}
		if len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Severity != tfprotov6.DiagnosticSeverityError {
			t.Fatalf("got %+v, want one error", resp.Diagnostics)
		}
		return resp.Diagnostics[0]
	}

	t.Run("refused credentials name the variables", func(t *testing.T) {
		d := unusable(t, map[string]tftypes.Value{
			"url":      tftypes.NewValue(tftypes.String, a.URL),
			"password": tftypes.NewValue(tftypes.String, "wrong"),
		})
		for _, want := range []string{"GET /v3/info: 401", "refused the credentials", "username and password", EnvUsername, EnvPassword} {
			if !strings.Contains(d.Summary+" "+d.Detail, want) {
				t.Errorf("%s: %s does not say %q", d.Summary, d.Detail, want)
			}
		}
	})

	t.Run("an agent that does not answer fails on url", func(t *testing.T) {
		nobody := fmt.Sprintf("http://127.0.0.1:%d", haproxytest.FreePort(t))
		d := unusable(t, map[string]tftypes.Value{"url": tftypes.NewValue(tftypes.String, nobody)})
		if d.Attribute == nil || !d.Attribute.Equal(tftypes.NewAttributePath().WithAttributeName("url")) ||
			!strings.Contains(d.Detail, nobody+"/v3/info") || !strings.Contains(d.Detail, EnvURL) {
			t.Errorf("%v %s: %s", d.Attribute, d.Summary, d.Detail)
		}
	})

	t.Run("ca_file conflicts with ca_pem", func(t *testing.T) {
		resp, err := server.ValidateProviderConfig(ctx, &tfprotov6.ValidateProviderConfigRequest{
			Config: config(t, map[string]tftypes.Value{
				"url":     tftypes.NewValue(tftypes.String, "http://127.0.0.1:5555"),
				"ca_file": tftypes.NewValue(tftypes.String, "/etc/ssl/ca.pem"),
				"ca_pem":  tftypes.NewValue(tftypes.String, "-----BEGIN CERTIFICATE-----"),
			}),
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Severity != tfprotov6.DiagnosticSeverityError {
			t.Fatalf("got %+v, want one error", resp.Diagnostics)
		}
		if !strings.Contains(resp.Diagnostics[0].Detail, "ca_pem") {
			t.Errorf("detail %q does not name ca_pem", resp.Diagnostics[0].Detail)
		}
	})
}

// nullModel is a provider block with no argument set.
func nullModel() providerModel {
	return providerModel{
		URL:        types.StringNull(),
		Username:   types.StringNull(),
		Password:   types.StringNull(),
		CAFile:     types.StringNull(),
		CAPEM:      types.StringNull(),
		ClientCert: types.StringNull(),
		ClientKey:  types.StringNull(),
		Insecure:   types.BoolNull(),
		Timeout:    types.StringNull(),
	}
}
