package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/sslcert"
)

// sslCertificateResource is a certificate file the agent stores in its
// certificate directory, for binds to name (`crt`). Replacing one that HAProxy
// has loaded changes it in the running HAProxy, with no reload.
type sslCertificateResource struct{ client *dataplane.Client }

var (
	_ resource.ResourceWithImportState    = (*sslCertificateResource)(nil)
	_ resource.ResourceWithValidateConfig = (*sslCertificateResource)(nil)
)

type sslCertificateModel struct {
	ID                      types.String `tfsdk:"id"`
	Name                    types.String `tfsdk:"name"`
	Certificate             types.String `tfsdk:"certificate"`
	PrivateKey              types.String `tfsdk:"private_key"`
	File                    types.String `tfsdk:"file"`
	Serial                  types.String `tfsdk:"serial"`
	Subject                 types.String `tfsdk:"subject"`
	Issuers                 types.String `tfsdk:"issuers"`
	SubjectAlternativeNames types.String `tfsdk:"subject_alternative_names"`
	NotBefore               types.String `tfsdk:"not_before"`
	NotAfter                types.String `tfsdk:"not_after"`
	SHA256Fingerprint       types.String `tfsdk:"sha256_fingerprint"`
}

// fileNameChars are the names a stored file may have: a plain file name.
var fileNameChars = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.+-]*$`)

var fileNameValidators = []validator.String{
	stringvalidator.RegexMatches(fileNameChars, "must be a plain file name: letters, digits and `_`, `.`, `+`, `-`, not starting with `.`, `+` or `-`"),
	stringvalidator.LengthAtMost(255),
}

// pem is the file the agent stores: the certificates, then the private key.
func (m *sslCertificateModel) pem() []byte {
	return []byte(strings.TrimRight(m.Certificate.ValueString(), "\n") + "\n" + strings.TrimRight(m.PrivateKey.ValueString(), "\n") + "\n")
}

// set makes the computed attributes say what the agent says of the file.
func (m *sslCertificateModel) set(c dataplane.SSLCertificate) {
	m.ID = m.Name
	m.File, m.Serial, m.Subject = types.StringValue(c.File), types.StringValue(c.Serial), types.StringValue(c.Subject)
	m.Issuers, m.SubjectAlternativeNames = types.StringValue(c.Issuers), types.StringValue(c.SubjectAlternativeNames)
	m.NotBefore, m.NotAfter = types.StringValue(c.NotBefore), types.StringValue(c.NotAfter)
	m.SHA256Fingerprint = types.StringValue(fingerprint(c.Sha256FingerPrint))
}

// fingerprint is a SHA-256 fingerprint as the attribute spells it: lower-case
// hex, no separators, however the server spells it.
func fingerprint(s string) string {
	return strings.ToLower(strings.NewReplacer(":", "", " ", "").Replace(s))
}

// storedFingerprint is the fingerprint of the certificate the file m would
// store holds, or "" when m holds no file the agent would take.
func (m *sslCertificateModel) storedFingerprint() string {
	b, err := sslcert.Parse(m.pem())
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(b.Certs[0].Raw)
	return hex.EncodeToString(sum[:])
}

func (r *sslCertificateResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_ssl_certificate"
}

func (r *sslCertificateResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	computed := func(description string) rschema.StringAttribute {
		return rschema.StringAttribute{Computed: true, Description: description}
	}
	stable := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = rschema.Schema{
		Description: "A certificate file the agent stores in its certificate directory (`--ssl-certs-dir`; the official " +
			"API's `storage/ssl_certificates`), for a bind to name: `haproxy_bind.ssl_certificate = " +
			"haproxy_ssl_certificate.<name>.file`. A change of the certificate or key replaces the file; where HAProxy " +
			"has it loaded, our agent changes it in the running HAProxy with no reload (`set ssl cert`, `commit ssl cert`), " +
			"so connections in flight are untouched and new ones get the new certificate. The private key is kept in " +
			"Terraform state (marked sensitive): protect the state. A file changed by hand shows as drift of `certificate`. " +
			"Import with the file's name.",
		Attributes: map[string]rschema.Attribute{
			"id": rschema.StringAttribute{Computed: true, Description: "The file's name.", PlanModifiers: stable},
			"name": rschema.StringAttribute{Required: true, Validators: fileNameValidators,
				Description:   "The file's name in the certificate directory, such as `example.com.pem`.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"certificate": rschema.StringAttribute{Required: true,
				Description: "The certificate, PEM-encoded, followed by its chain if any (intermediates, leaf first)."},
			"private_key": rschema.StringAttribute{Required: true, Sensitive: true,
				Description: "The certificate's private key, PEM-encoded and unencrypted. The agent never sends it back."},
			"file":                      rschema.StringAttribute{Computed: true, Description: "The file's path on the agent's host, for a bind's `ssl_certificate`.", PlanModifiers: stable},
			"serial":                    computed("The certificate's serial number, as the agent reports it."),
			"subject":                   computed("The certificate's subject."),
			"issuers":                   computed("The certificate's issuer."),
			"subject_alternative_names": computed("The certificate's subject alternative names, as the agent reports them."),
			"not_before":                computed("When the certificate becomes valid (RFC 3339)."),
			"not_after":                 computed("When the certificate expires (RFC 3339)."),
			"sha256_fingerprint":        computed("SHA-256 fingerprint of the certificate (lower-case hex)."),
		},
	}
}

func (r *sslCertificateResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig checks at plan time what the agent checks again: the
// certificate and key are PEM, and the key is the certificate's.
func (r *sslCertificateResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m sslCertificateModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.Certificate.IsUnknown() || m.PrivateKey.IsUnknown() {
		return
	}
	if _, err := sslcert.Parse(m.pem()); err != nil {
		resp.Diagnostics.AddError("The certificate and key are not a certificate file HAProxy can load", err.Error())
	}
}

func (r *sslCertificateResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.write(ctx, req.Plan, &resp.State, &resp.Diagnostics, "Storing", r.client.CreateSSLCertificate)
}

// Read shows a file changed by hand as drift (see load).
func (r *sslCertificateResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	readLoaded(ctx, req, resp, r.load)
}

func (r *sslCertificateResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.write(ctx, req.Plan, &resp.State, &resp.Diagnostics, "Replacing", r.client.ReplaceSSLCertificate)
}

// write sends the planned file with send (a create or a replace; doing says
// which in an error), shows the agent's warnings, and reads the file back.
func (r *sslCertificateResource) write(ctx context.Context, plan tfsdk.Plan, state *tfsdk.State, diags *diag.Diagnostics, doing string,
	send func(ctx context.Context, name string, pem []byte) ([]string, error)) {
	var m sslCertificateModel
	diags.Append(plan.Get(ctx, &m)...)
	if diags.HasError() {
		return
	}
	name := m.Name.ValueString()
	warnings, err := send(ctx, name, m.pem())
	if err != nil {
		diags.AddError(doing+" certificate "+name, takeover(err, "ssl_certificate", name).Error())
		return
	}
	addWarnings(diags, "Certificate "+name, warnings)
	setLoaded(ctx, &m, state, diags, r.load, "certificate "+name)
}

func (r *sslCertificateResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	deleteByName(ctx, req, resp, "certificate", r.client.DeleteSSLCertificate)
}

// ImportState takes the file's name; the certificate and key come from the
// configuration, and the first apply writes them.
func (r *sslCertificateResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importByName(ctx, req, resp)
}

// addWarnings shows the agent's warnings (Warning headers: `299 - "<text>"`)
// as Terraform warnings.
func addWarnings(diags *diag.Diagnostics, summary string, warnings []string) {
	for _, w := range warnings {
		if _, text, ok := strings.Cut(w, ` - "`); ok {
			w = strings.TrimSuffix(text, `"`)
		}
		diags.AddWarning(summary, w)
	}
}

// load reads what the agent says of the stored file into m; false when there
// is none. A stored file that is not the one m holds makes certificate null: a
// file changed by hand is drift, and a write the agent did not keep is no
// success.
func (r *sslCertificateResource) load(ctx context.Context, m *sslCertificateModel, diags *diag.Diagnostics) bool {
	got, err := r.client.SSLCertificate(ctx, m.Name.ValueString())
	if dataplane.IsNotFound(err) {
		return false
	}
	if err != nil {
		diags.AddError("Reading certificate "+m.Name.ValueString(), err.Error())
		return false
	}
	m.set(got)
	// The fingerprint is the served certificate's; the size also sees its
	// chain and key changed (the agent stores a file as it was sent).
	changed := got.Size != nil && *got.Size != int64(len(m.pem()))
	if changed || m.storedFingerprint() != m.SHA256Fingerprint.ValueString() {
		m.Certificate = types.StringNull()
	}
	return true
}
