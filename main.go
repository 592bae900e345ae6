// Command terraform-provider-haproxy is the Terraform provider for HAProxy.
//
// Started by Terraform, it serves the provider over the plugin protocol.
// Started as `terraform-provider-haproxy agent ...`, it runs the agent that
// owns haproxy.cfg next to HAProxy and serves the Data Plane API.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/agentcmd"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/importgen"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/provider"
)

// providerAddress is the address Terraform uses to find this provider.
const providerAddress = "registry.terraform.io/tfhaproxy/haproxy"

// usage is what --help prints: Terraform starts the binary without arguments,
// people start its subcommands.
const usage = `terraform-provider-haproxy: the Terraform provider for HAProxy, and the agent it talks to.

Without a command, it serves the provider to Terraform, which starts it.

Commands:
  agent             run next to HAProxy: own its haproxy.cfg and serve the Data Plane API v3
  generate-imports  write an import block for every object of a haproxy.cfg or of a running agent
  hash-password     read a password on standard input, print a users-file line NAME:<bcrypt hash>
  --version         print the version

Run a command with --help for its flags. Flags of the provider itself:
`

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "start the provider in debug mode, for debuggers such as delve")
	flag.Usage = func() {
		fmt.Fprint(flag.CommandLine.Output(), usage)
		flag.PrintDefaults()
	}
	if len(os.Args) > 1 {
		switch os.Args[1] {
		case "agent":
			os.Exit(agentcmd.Main(os.Args[2:], version))
		case "generate-imports":
			os.Exit(importgen.Main(os.Args[2:], os.Stdout, os.Stderr))
		case "hash-password":
			os.Exit(agentcmd.HashPassword(os.Args[2:], os.Stdin, os.Stdout, os.Stderr))
		case "--version", "-version":
			fmt.Println(version)
			return
		case "--help", "-help", "-h", "help":
			flag.CommandLine.SetOutput(os.Stdout) // asked for: the answer, not an error
			flag.Usage()
			return
		}
	}

	quietSDKLogs()
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "unknown command %q\n\n", flag.Arg(0))
		flag.Usage()
		os.Exit(2)
	}

	server, err := provider.NewServer(version)()
	if err != nil {
		log.Fatal(err)
	}
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	if err := tf6server.Serve(providerAddress, func() tfprotov6.ProviderServer { return server }, opts...); err != nil {
		log.Fatal(err)
	}
}

// quietSDKLogs turns off the plugin SDK's own logging unless the user asked for
// logs. Left alone, terraform-plugin-framework logs every schema and validation
// step at TRACE (hashicorp/terraform-plugin-framework#1269): about 89 MB for a
// 500-resource plan, encoded here and thrown away by Terraform, which doubled the
// time of a plan. TF_LOG, TF_LOG_PROVIDER or any TF_LOG_SDK* setting keeps the
// SDK's default behaviour.
func quietSDKLogs() {
	for _, v := range []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_SDK", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_SDK_PROTO"} {
		if os.Getenv(v) != "" {
			return
		}
	}
	for _, v := range []string{"TF_LOG_SDK", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_SDK_PROTO"} {
		os.Setenv(v, "off")
	}
}
