package importgen

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// Exit codes of generate-imports, like `terraform plan -detailed-exitcode`'s: 1
// is any error (a bad flag too), so that 2 means only "found something".
const (
	exitOK    = 0
	exitError = 1
	exitFound = 2 // objects Terraform does not manage, or that differ between nodes
)

// Main is `terraform-provider-haproxy generate-imports`: it writes import blocks
// for a haproxy.cfg (--config) or for what an agent serves (--url), and returns
// the exit code. With several --url, the imports are the first's, and the
// objects that differ between the nodes are reported.
func Main(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("generate-imports", flag.ContinueOnError)
	fs.SetOutput(stderr)
	config := fs.String("config", "", "haproxy.cfg to read")
	var urls urlList
	fs.Var(&urls, "url", "agent or Data Plane API to read instead (env HAPROXY_URL); several, repeated or comma-separated, are the nodes of a fleet: "+
		"the first is imported, and the objects that differ between them are reported")
	user := fs.String("username", os.Getenv("HAPROXY_USERNAME"), "user for --url (env HAPROXY_USERNAME)")
	var tlsFiles tlsFiles
	fs.StringVar(&tlsFiles.ca, "ca-file", "", "for an https --url: PEM file of the CA that signed the agent's certificate")
	fs.StringVar(&tlsFiles.cert, "client-cert", "", "for an https --url that asks for one: PEM client certificate")
	fs.StringVar(&tlsFiles.key, "client-key", "", "the key of --client-cert (PEM)")
	out := fs.String("out", "", "file to write the import blocks to (default: standard output)")
	moduleDir := fs.String("module-dir", "", "write a new root module into this directory instead: main.tf (the provider) and imports.tf")
	skipManaged := fs.String("skip-managed", "", "`FILE`: what terraform show -json prints, or a state file; leave out what Terraform manages already")
	failOnUnmanaged := fs.Bool("fail-on-unmanaged", false, "with --skip-managed: exit 2 when anything is left, for CI")
	failOnDiffer := fs.Bool("fail-on-differ", false, "with several --url: exit 2 when objects differ between the nodes, for CI")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: terraform-provider-haproxy generate-imports (--config haproxy.cfg | --url URL [--url URL ... [--fail-on-differ]] [--ca-file ca.pem])")
		fmt.Fprintln(stderr, "         [--out imports.tf | --module-dir DIR] [--skip-managed state.json [--fail-on-unmanaged]]")
		fmt.Fprintln(stderr, "Writes an import block for every section, server, bind, ACL line and rule list;")
		fmt.Fprintln(stderr, "then `terraform plan -generate-config-out=generated.tf` writes their resources. The password for --url is read from HAPROXY_PASSWORD.")
		fmt.Fprintln(stderr, "Exit codes: 0 done, 1 error, 2 objects Terraform does not manage (with --fail-on-unmanaged)")
		fmt.Fprintln(stderr, "or that differ between the nodes (with --fail-on-differ).")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitError
	}
	if len(urls) == 0 && os.Getenv("HAPROXY_URL") != "" {
		if err := urls.Set(os.Getenv("HAPROXY_URL")); err != nil {
			fmt.Fprintln(stderr, "generate-imports: HAPROXY_URL:", err)
			return exitError
		}
	}
	fail := func(err error) int {
		fmt.Fprintln(stderr, "generate-imports:", err)
		return exitError
	}
	switch {
	case fs.NArg() > 0:
		return fail(fmt.Errorf("unexpected arguments: %q", fs.Args()))
	case *config == "" && len(urls) == 0:
		return fail(errors.New("give --config or --url"))
	case *out != "" && *moduleDir != "":
		return fail(errors.New("give --out or --module-dir, not both"))
	case *failOnUnmanaged && *skipManaged == "":
		return fail(errors.New("--fail-on-unmanaged needs --skip-managed"))
	case *failOnDiffer && (*config != "" || len(urls) < 2):
		return fail(errors.New("--fail-on-differ needs several --url"))
	}
	var managed *Managed
	if *skipManaged != "" {
		data, err := os.ReadFile(*skipManaged)
		if err == nil {
			managed, err = ReadManaged(data)
		}
		if err != nil {
			return fail(fmt.Errorf("--skip-managed %s: %w", *skipManaged, err))
		}
	}
	inv, differences, err := inventory(*config, urls, *user, os.Getenv("HAPROXY_PASSWORD"), tlsFiles, stderr)
	if err != nil {
		return fail(err)
	}
	var nodes []string // the module's provider block's, with several
	if *config == "" && len(urls) > 1 {
		nodes = urls
	}
	objs, taken := inv.Objects(), map[string]bool(nil)
	if managed != nil {
		objs, taken = managed.Unmanaged(objs), managed.Addresses
		report(stderr, objs)
	}
	if err := write(stdout, *out, *moduleDir, nodes, objs, taken); err != nil {
		return fail(err)
	}
	if *moduleDir != "" {
		fmt.Fprintf(stderr, "generate-imports: wrote %d import blocks to %s/imports.tf; next, in %[2]s: terraform init && terraform plan -generate-config-out=generated.tf\n", len(objs), *moduleDir)
	}
	if *failOnUnmanaged && len(objs) > 0 || *failOnDiffer && differences > 0 {
		return exitFound
	}
	return exitOK
}

// report lists on stderr what Terraform does not manage, for a CI job's log.
func report(stderr io.Writer, unmanaged []Object) {
	if len(unmanaged) == 0 {
		fmt.Fprintln(stderr, "generate-imports: Terraform manages every object")
		return
	}
	what := "objects"
	if len(unmanaged) == 1 {
		what = "object"
	}
	fmt.Fprintf(stderr, "generate-imports: %d %s Terraform does not manage:\n", len(unmanaged), what)
	for _, o := range unmanaged {
		fmt.Fprintf(stderr, "  %s %s\n", o.Type, o.Identity)
	}
}

func write(stdout io.Writer, out, moduleDir string, nodes []string, objs []Object, taken map[string]bool) error {
	switch {
	case moduleDir != "":
		return WriteModule(moduleDir, nodes, objs, taken)
	case out != "":
		f, err := os.Create(out)
		if err != nil {
			return err
		}
		return errors.Join(WriteImports(f, objs, taken), f.Close())
	}
	return WriteImports(stdout, objs, taken)
}

// tlsFiles name the PEM files for an https agent.
type tlsFiles struct{ ca, cert, key string }

// inventory takes the inventory of the config file, or of the first URL's
// agent; with several URLs, it reports on stderr the objects that differ
// between them, and says how many.
func inventory(config string, urls []string, user, password string, files tlsFiles, stderr io.Writer) (Inventory, int, error) {
	if config != "" {
		data, err := os.ReadFile(config)
		if err != nil {
			return Inventory{}, 0, err
		}
		inv, err := FromConfig(data)
		return inv, 0, err
	}
	opts := dataplane.ClientOptions{Username: user, Password: password}
	for _, f := range []struct {
		flag, path string
		to         *[]byte
	}{{"--ca-file", files.ca, &opts.CAPEM}, {"--client-cert", files.cert, &opts.ClientCert}, {"--client-key", files.key, &opts.ClientKey}} {
		if f.path == "" {
			continue
		}
		data, err := os.ReadFile(f.path)
		if err != nil {
			return Inventory{}, 0, fmt.Errorf("%s: %w", f.flag, err)
		}
		*f.to = data
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if len(urls) == 1 {
		opts.URL = urls[0]
		c, err := dataplane.NewClient(opts)
		if err != nil {
			return Inventory{}, 0, err
		}
		inv, err := FromAPI(ctx, c)
		return inv, 0, err
	}
	var nodes []dataplane.NodeOptions
	for _, u := range urls {
		node := opts
		node.URL = u
		nodes = append(nodes, dataplane.NodeOptions{ClientOptions: node})
	}
	fleet, err := dataplane.NewFleet(nodes, 0)
	if err != nil {
		return Inventory{}, 0, err
	}
	inv, differences, err := FromNodes(ctx, fleet)
	if err != nil {
		return Inventory{}, 0, err
	}
	reportDifferences(stderr, fleet.Nodes(), differences)
	return inv, len(differences), nil
}

// urlList is --url: given several times, or as a comma-separated list.
type urlList []string

func (l *urlList) String() string { return strings.Join(*l, ",") }

func (l *urlList) Set(value string) error {
	for u := range strings.SplitSeq(value, ",") {
		if u = strings.TrimSpace(u); u == "" {
			return fmt.Errorf("an empty URL in %q", value)
		}
		*l = append(*l, u)
	}
	return nil
}
