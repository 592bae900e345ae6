package importgen

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// Main is `terraform-provider-haproxy generate-imports`: it writes import blocks
// for a haproxy.cfg (--config) or for what an agent serves (--url), and returns
// the exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("generate-imports", flag.ContinueOnError)
	fs.SetOutput(stderr)
	config := fs.String("config", "", "haproxy.cfg to read")
	url := fs.String("url", os.Getenv("HAPROXY_URL"), "agent or Data Plane API to read instead (env HAPROXY_URL)")
	user := fs.String("username", os.Getenv("HAPROXY_USERNAME"), "user for --url (env HAPROXY_USERNAME)")
	out := fs.String("out", "", "file to write (default: standard output)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: terraform-provider-haproxy generate-imports (--config haproxy.cfg | --url URL) [--out imports.tf]")
		fmt.Fprintln(stderr, "Writes an import block for every frontend, backend, server, bind, ACL line and rule list;")
		fmt.Fprintln(stderr, "then `terraform plan -generate-config-out=generated.tf` writes their resources. The password for --url is read from HAPROXY_PASSWORD.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *config == "" && *url == "" {
		fmt.Fprintln(stderr, "generate-imports: give --config or --url")
		return 2
	}
	inv, err := inventory(*config, *url, *user, os.Getenv("HAPROXY_PASSWORD"))
	if err != nil {
		fmt.Fprintln(stderr, "generate-imports:", err)
		return 1
	}
	w := stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(stderr, "generate-imports:", err)
			return 1
		}
		defer f.Close()
		w = f
	}
	if err := Write(w, inv); err != nil {
		fmt.Fprintln(stderr, "generate-imports:", err)
		return 1
	}
	return 0
}

func inventory(config, url, user, password string) (Inventory, error) {
	if config != "" {
		data, err := os.ReadFile(config)
		if err != nil {
			return Inventory{}, err
		}
		return FromConfig(data)
	}
	c, err := dataplane.NewClient(dataplane.ClientOptions{URL: url, Username: user, Password: password})
	if err != nil {
		return Inventory{}, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	return FromAPI(ctx, c)
}
