// Package agentcmd is the `terraform-provider-haproxy agent` command: its flags,
// and the wiring of the engine, the HAProxy process and the HTTP server.
package agentcmd

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/agent"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/engine"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/filedirs"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxy"
)

// Flags are the command line; each flag can also be set with HAPROXY_AGENT_<FLAG>
// (upper case, dashes as underscores).
type Flags struct {
	Config            string
	Listen            string
	StateDir          string
	UsersFile         string
	ReadOnlyUsersFile string
	AdminUsersFile    string
	ForbidPrivileged  bool
	HAProxyBin        string
	MasterSocket      string
	ReloadDelay       time.Duration
	DrainTimeout      time.Duration
	TLSCert           string
	TLSKey            string
	TLSClientCA       string
	InsecureNoAuth    bool
	ReadTimeout       time.Duration
	AuthFailures      int
	AuthFailureWindow time.Duration
	ValidateAs        string
	LogLevel          slog.Level
	// FileDirs are the directories values may name files in, by the flag of
	// their filedirs.Kinds entry; an empty or missing one is its default.
	FileDirs map[string]string
}

// readHeaderTimeout bounds the reading of a request's headers; --read-timeout
// bounds the whole request, body included, and is the keep-alive idle timeout.
const readHeaderTimeout = 10 * time.Second

// envPrefix is the prefix of the environment variables that set flags.
const envPrefix = "HAPROXY_AGENT_"

// Parse reads the flags, then the environment for the flags not given.
func Parse(args []string, stderr io.Writer) (Flags, error) {
	var f Flags
	fs := flag.NewFlagSet("agent", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&f.Config, "config", "", "haproxy.cfg the agent owns (required)")
	fs.StringVar(&f.Listen, "listen", "127.0.0.1:5555", "address the Data Plane API listens on")
	fs.StringVar(&f.StateDir, "state-dir", "", "version, transactions and the last config HAProxy accepted (default: the config's directory)")
	fs.StringVar(&f.UsersFile, "users-file", "", "operators: `name:<bcrypt hash>` lines, as `htpasswd -nbB` writes them; they may read and write objects, but not use the raw file nor write directives that run code or change privileges")
	fs.StringVar(&f.ReadOnlyUsersFile, "read-only-users-file", "", "more users, in the same format, who may only read (GET), for drift checks")
	fs.StringVar(&f.AdminUsersFile, "admin-users-file", "", "more users, in the same format, who may also use the raw file and write directives that run code or change privileges (lua-load, program, ...)")
	fs.BoolVar(&f.ForbidPrivileged, "forbid-privileged-directives", false, "refuse every write that adds, changes or removes a directive that runs code or changes privileges, an admin's too; such lines are then changed by hand only")
	fs.StringVar(&f.HAProxyBin, "haproxy-bin", "haproxy", "the haproxy binary")
	fs.StringVar(&f.MasterSocket, "master-socket", "", "attach to the running master-worker HAProxy with this master CLI socket; without it the agent starts HAProxy itself")
	fs.DurationVar(&f.ReloadDelay, "reload-delay", time.Second, "reloads asked for within this delay are coalesced into one")
	fs.DurationVar(&f.DrainTimeout, "drain-timeout", 30*time.Second, "how long a deleted server's requests in flight may take to finish")
	fs.StringVar(&f.TLSCert, "tls-cert", "", "serve HTTPS with this certificate (PEM)")
	fs.StringVar(&f.TLSKey, "tls-key", "", "the key of --tls-cert (PEM)")
	fs.StringVar(&f.TLSClientCA, "tls-client-ca", "", "require client certificates signed by this CA (PEM)")
	fs.BoolVar(&f.InsecureNoAuth, "insecure-no-auth", false, "serve without authentication, every caller an operator (only with a loopback --listen)")
	fs.DurationVar(&f.ReadTimeout, "read-timeout", 30*time.Second, "how long a client may take to send a whole request, body included (headers: 10s at most); a slower one is disconnected")
	fs.IntVar(&f.AuthFailures, "auth-failures", agent.DefaultAuthFailures, "failed authentications from one client address within --auth-failure-window after which it is answered 429 until the window ends")
	fs.DurationVar(&f.AuthFailureWindow, "auth-failure-window", agent.DefaultAuthFailureWindow, "the window of --auth-failures")
	fs.TextVar(&f.LogLevel, "log-level", slog.LevelInfo, "the least severe records logged: debug (also each commit with its checks, and each runtime server change, with their durations), info (requests, reloads), warn or error")
	fs.StringVar(&f.ValidateAs, "validate-as", "", "when the agent runs as root, the `user` (name or uid) that checks configurations (haproxy -c runs their Lua): files a config names must be readable by it, and \"root\" checks as root (default: haproxy, else nobody)")
	dirs := make([]string, len(filedirs.Kinds))
	for i, k := range filedirs.Kinds {
		fs.StringVar(&dirs[i], k.Flag, "", k.Usage+" (default: <the config's directory>/"+k.Default+")")
	}
	if err := fs.Parse(args); err != nil {
		return f, err
	}
	if fs.NArg() > 0 {
		return f, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	given := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { given[fl.Name] = true })
	var err error
	fs.VisitAll(func(fl *flag.Flag) {
		env := envPrefix + strings.ToUpper(strings.ReplaceAll(fl.Name, "-", "_"))
		if v, ok := os.LookupEnv(env); ok && !given[fl.Name] && err == nil {
			if serr := fl.Value.Set(v); serr != nil {
				err = fmt.Errorf("%s=%q: %v", env, v, serr)
			}
		}
	})
	if err != nil {
		return f, err
	}
	f.FileDirs = map[string]string{}
	for i, k := range filedirs.Kinds {
		f.FileDirs[k.Flag] = dirs[i]
	}
	return f, f.check()
}

func (f Flags) check() error {
	switch {
	case f.Config == "":
		return errors.New("--config is required (or HAPROXY_AGENT_CONFIG)")
	case (f.TLSCert == "") != (f.TLSKey == ""):
		return errors.New("--tls-cert and --tls-key go together")
	case f.TLSClientCA != "" && f.TLSCert == "":
		return errors.New("--tls-client-ca needs --tls-cert and --tls-key")
	case f.ReadOnlyUsersFile != "" && f.UsersFile == "" && f.AdminUsersFile == "":
		return errors.New("--read-only-users-file needs --users-file or --admin-users-file")
	case f.UsersFile == "" && f.AdminUsersFile == "" && !f.InsecureNoAuth:
		return errors.New("--users-file is required (or --admin-users-file); --insecure-no-auth serves without authentication, on a loopback --listen only")
	case f.ReadTimeout <= 0 || f.AuthFailures <= 0 || f.AuthFailureWindow <= 0:
		return errors.New("--read-timeout, --auth-failures and --auth-failure-window must be positive")
	case f.UsersFile == "" && f.AdminUsersFile == "" && !isLoopback(f.Listen):
		return fmt.Errorf("--insecure-no-auth needs a loopback --listen, not %s", f.Listen)
	}
	return nil
}

func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Main runs the agent until SIGTERM or SIGINT and returns the exit code.
func Main(args []string, version string) int {
	f, err := Parse(args, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "agent:", err)
		return 2
	}
	log := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: f.LogLevel}))
	ignoreReloadSignal()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	if err := Run(ctx, f, version, log, nil); err != nil {
		log.Error("agent stopped", "error", err)
		return 1
	}
	return 0
}

// Run serves the agent until ctx ends. When ready is not nil, it receives the
// address the API listens on once it does.
func Run(ctx context.Context, f Flags, version string, log *slog.Logger, ready chan<- string) error {
	if err := f.absolute(); err != nil {
		return err
	}
	config := f.Config
	if f.StateDir == "" {
		f.StateDir = filepath.Dir(config)
	}
	if err := os.MkdirAll(f.StateDir, 0o700); err != nil {
		return err
	}
	release, err := lockStateDir(f.StateDir)
	if err != nil {
		return err
	}
	defer release()
	var users *agent.Users
	if f.UsersFile != "" || f.AdminUsersFile != "" {
		files := agent.UserFiles{Operators: f.UsersFile, ReadOnly: f.ReadOnlyUsersFile, Admins: f.AdminUsersFile}
		if users, err = agent.LoadUsers(files); err != nil {
			return err
		}
	}
	files, err := f.fileDirs()
	if err != nil {
		return err
	}
	mapsDir, err := f.fileDir(filedirs.Kind(filedirs.MapsFlag))
	if err != nil {
		return err
	}
	sslCertsDir, err := f.fileDir(filedirs.Kind(filedirs.SSLCertsFlag))
	if err != nil {
		return err
	}
	checkAs, err := haproxy.CheckIdentity(f.ValidateAs)
	if err != nil {
		return fmt.Errorf("--validate-as: %w", err)
	}
	validator := &haproxy.Validator{Bin: f.HAProxyBin, TempDir: f.StateDir, WorkDir: filepath.Dir(config), As: checkAs, Redact: files.Redact}
	if checkAs != nil {
		log.Info("configurations are checked as another user", "user", checkAs.Name, "uid", checkAs.UID)
		// Found now rather than at the first write: a config directory closed to
		// that user fails every check.
		if err := validator.Validate(ctx, []byte("global\n")); err != nil {
			log.Warn("haproxy -c cannot run as the --validate-as user: every write will fail until it can", "user", checkAs.Name, "error", err)
		}
	}
	eng, err := engine.Open(engine.Options{ConfigPath: config, StateDir: f.StateDir, Validator: validator, Logger: log})
	if err != nil {
		return err
	}
	defer eng.Close()

	// The API's address and certificates before HAProxy: an agent that cannot
	// serve stops before it starts an HAProxy nobody would then stop.
	tlsConf, err := tlsConfig(f)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", f.Listen)
	if err != nil {
		return err
	}
	defer ln.Close()

	master := &haproxy.Master{Socket: f.MasterSocket}
	var proc *haproxy.Process
	if f.MasterSocket == "" {
		proc, err = haproxy.Start(ctx, haproxy.StartOptions{
			Bin: f.HAProxyBin, Config: config, MasterSocket: filepath.Join(f.StateDir, "master.sock"),
			WorkDir: filepath.Dir(config), Stdout: os.Stderr, Stderr: os.Stderr, Redact: files.Redact,
		})
		if err != nil {
			return fmt.Errorf("starting haproxy: %w", err)
		}
		master = proc.Master()
		log.Info("started haproxy", "config", config, "master_socket", master.Socket)
	} else if err := awaitMaster(ctx, master); err != nil {
		return fmt.Errorf("master socket %s: %w", f.MasterSocket, err)
	}

	a := agent.New(agent.Options{
		Engine: eng, Master: master, Users: users, ReloadDelay: f.ReloadDelay, DrainTimeout: f.DrainTimeout,
		StateDir: f.StateDir, Version: version, HAProxyBin: f.HAProxyBin, Logger: log,
		AuthFailures: f.AuthFailures, AuthFailureWindow: f.AuthFailureWindow, ForbidPrivileged: f.ForbidPrivileged, Files: files,
		SSLCertsDir: sslCertsDir, MapsDir: mapsDir,
	})
	srv := f.server(a, tlsConf, log)
	if srv.TLSConfig != nil {
		ln = tls.NewListener(ln, srv.TLSConfig)
	}
	log.Info("serving the Data Plane API", "listen", ln.Addr().String(), "tls", srv.TLSConfig != nil, "auth", users != nil,
		"forbid_privileged_directives", f.ForbidPrivileged, "version", version)
	if ready != nil {
		ready <- ln.Addr().String()
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	select {
	case <-ctx.Done():
	case err = <-served:
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	_ = srv.Shutdown(shutdown)
	a.Close()
	if proc != nil {
		if serr := proc.Stop(shutdown); serr != nil {
			log.Warn("stopping haproxy", "error", serr)
		}
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// awaitMaster waits until the master CLI answers. An agent started from a
// `program` section starts while its master is still starting, and a command
// sent then can go unanswered (Processes tries again), or its socket may not
// be there yet: the wait is as long as one master command may take.
func awaitMaster(ctx context.Context, master *haproxy.Master) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	for {
		_, err := master.Processes(ctx)
		if err == nil || ctx.Err() != nil {
			return err
		}
		select {
		case <-ctx.Done():
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// server is the API's HTTP server. Its read timeouts disconnect clients that
// send slowly, so that slow requests cannot hold connections (and the agent's
// memory) open; no write timeout, since a write waits for its reload or drain.
func (f Flags) server(h http.Handler, tlsConf *tls.Config, log *slog.Logger) *http.Server {
	return &http.Server{
		Handler: h, TLSConfig: tlsConf,
		ReadHeaderTimeout: min(readHeaderTimeout, f.ReadTimeout), ReadTimeout: f.ReadTimeout,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// absolute makes the paths given relative to the working directory absolute:
// HAProxy runs in the config's directory, and reads a relative `-S
// state/master.sock` as a host and port. A --haproxy-bin without a slash is
// looked up in PATH, as a shell would.
func (f *Flags) absolute() error {
	paths := []*string{&f.Config, &f.StateDir, &f.MasterSocket}
	if filepath.Base(f.HAProxyBin) != f.HAProxyBin {
		paths = append(paths, &f.HAProxyBin)
	}
	for _, p := range paths {
		if *p == "" {
			continue
		}
		abs, err := filepath.Abs(*p)
		if err != nil {
			return err
		}
		*p = abs
	}
	return nil
}

// fileDirs are the directories values may name files in: each flag's, made
// absolute against the directory the agent started in, else its default beside
// the config (which absolute has made absolute).
func (f Flags) fileDirs() (*filedirs.Dirs, error) {
	var dirs []string
	for _, k := range filedirs.Kinds {
		dir, err := f.fileDir(k)
		if err != nil {
			return nil, err
		}
		dirs = append(dirs, dir)
	}
	return filedirs.New(dirs...)
}

// fileDir is the directory of one kind: its flag's, absolute, else its default.
func (f Flags) fileDir(k filedirs.Dir) (string, error) {
	dir := f.FileDirs[k.Flag]
	if dir == "" {
		dir = k.Beside(f.Config)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("--%s: %w", k.Flag, err)
	}
	return abs, nil
}

// tlsConfig is HTTPS, with client certificates when a client CA is given.
func tlsConfig(f Flags) (*tls.Config, error) {
	if f.TLSCert == "" {
		return nil, nil
	}
	cert, err := tls.LoadX509KeyPair(f.TLSCert, f.TLSKey)
	if err != nil {
		return nil, fmt.Errorf("--tls-cert/--tls-key: %w", err)
	}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{cert}}
	if f.TLSClientCA != "" {
		pem, err := os.ReadFile(f.TLSClientCA)
		if err != nil {
			return nil, fmt.Errorf("--tls-client-ca: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("--tls-client-ca %s: no certificate in it", f.TLSClientCA)
		}
		cfg.ClientCAs, cfg.ClientAuth = pool, tls.RequireAndVerifyClientCert
	}
	return cfg, nil
}
