package agent

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/engine"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/filedirs"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxy"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/sslcert"
)

// The certificate storage: PEM files (certificate, chain, key) in the
// directory of --ssl-certs-dir, at the official paths. A file is checked
// before anything is written (sslcert.Parse), written atomically with mode
// 0600, and described without its key. A replace of a certificate the running
// HAProxy has loaded goes through the runtime API, without a reload; one HAProxy
// does not serve yet takes a reload when a line of haproxy.cfg loads it, and
// nothing else when none does.
const (
	sslCertificatesPath = "/services/haproxy/storage/ssl_certificates"
	// certDescription is the description the official server gives a stored certificate.
	certDescription = "managed SSL file"
	// certFileMode keeps private keys from other users of the host.
	certFileMode = 0o600
	// runtimeCertTimeout bounds a certificate's change through the runtime API.
	runtimeCertTimeout = 30 * time.Second
)

// certStorage serves the storage of one directory.
type certStorage struct {
	a   *Agent
	dir string
	// mu makes the changes one at a time: what a change checks (the file is
	// there or not, nothing uses it) stays true until it is done, and HAProxy
	// holds one certificate transaction at a time.
	mu sync.Mutex
}

func (a *Agent) sslCertificateRoutes() []*route {
	s := &certStorage{a: a, dir: a.opts.SSLCertsDir}
	if s.dir == "" {
		s.dir = filedirs.Kind(filedirs.SSLCertsFlag).Beside(a.engine.ConfigPath())
	}
	one := sslCertificatesPath + "/{name}"
	query := []string{"skip_reload", "force_reload"}
	return []*route{
		{method: http.MethodGet, path: sslCertificatesPath, summary: "List the stored certificates (never their keys)",
			reply: []dataplane.SSLCertificate{}, codes: []int{200}, handle: s.list},
		{method: http.MethodPost, path: sslCertificatesPath, summary: "Store a certificate file (certificate, chain and key), named by the upload's file name",
			query: query, body: formFile(uploadPart), reply: dataplane.SSLCertificate{}, codes: []int{201, 202}, handle: s.create},
		{method: http.MethodGet, path: one, summary: "Describe a stored certificate (never its key)",
			reply: dataplane.SSLCertificate{}, codes: []int{200}, handle: s.get},
		{method: http.MethodPut, path: one, summary: "Replace a stored certificate file; one HAProxy has loaded is replaced through the runtime API, without a reload",
			query: query, body: text(""), reply: dataplane.SSLCertificate{}, codes: []int{200, 202}, handle: s.replace},
		{method: http.MethodDelete, path: one, summary: "Delete a stored certificate that no line of the configuration loads",
			query: query, codes: []int{202, 204}, handle: s.delete},
	}
}

// parse checks a certificate file from a request; its warnings (an expired
// certificate) go to the answer's Warning header.
func (s *certStorage) parse(c *call, data []byte) (*sslcert.Bundle, error) {
	b, err := sslcert.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errBadParameter, err)
	}
	for _, w := range b.Warnings(time.Now()) {
		c.w.Header().Add("Warning", fmt.Sprintf("299 - %q", "certificate stored, but "+w))
	}
	return b, nil
}

func (s *certStorage) path(name string) string { return filepath.Join(s.dir, name) }

// describe is what the API says of a stored file.
func (s *certStorage) describe(path string, b *sslcert.Bundle, size int64) dataplane.SSLCertificate {
	d := b.Describe()
	d.File, d.StorageName, d.Size, d.Description = path, filepath.Base(path), &size, certDescription
	return d
}

// read reads a stored certificate file; a file that is not one (a CA file or
// a crt-list of the same directory) is not found here.
func (s *certStorage) read(name string) (*sslcert.Bundle, int64, error) {
	if err := checkStorageName(name); err != nil {
		return nil, 0, err
	}
	path := s.path(name)
	fi, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) || err == nil && !fi.Mode().IsRegular() {
		return nil, 0, fmt.Errorf("%w: certificate %s does not exist in %s", engine.ErrNotFound, name, s.dir)
	}
	if err != nil {
		return nil, 0, err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, 0, err
	}
	b, err := sslcert.Parse(data)
	if err != nil {
		return nil, int64(len(data)), fmt.Errorf("%w: %s in %s: %v", errNotCertFile, name, s.dir, err)
	}
	return b, int64(len(data)), nil
}

// errNotCertFile is a file of the directory that is not a certificate with its
// key: a CA file, a crt-list, or a certificate file whose key was taken out by
// hand. Lists leave it out; a GET describes it as that, so that a client that
// stored it sees it changed rather than gone, and it may be replaced or deleted.
var errNotCertFile = fmt.Errorf("%w: not a certificate file with its key", engine.ErrNotFound)

func (s *certStorage) list(c *call) (int, any, error) {
	out := []dataplane.SSLCertificate{}
	entries, err := os.ReadDir(s.dir)
	if errors.Is(err, os.ErrNotExist) {
		return http.StatusOK, out, nil
	}
	if err != nil {
		return 0, nil, err
	}
	for _, e := range entries {
		if checkStorageName(e.Name()) != nil {
			continue
		}
		if b, size, err := s.read(e.Name()); err == nil {
			out = append(out, s.describe(s.path(e.Name()), b, size))
		}
	}
	return http.StatusOK, out, nil
}

func (s *certStorage) get(c *call) (int, any, error) {
	name := c.path("name")
	b, size, err := s.read(name)
	if errors.Is(err, errNotCertFile) {
		why := strings.TrimPrefix(err.Error(), engine.ErrNotFound.Error()+": ")
		return http.StatusOK, dataplane.SSLCertificate{StorageName: name, File: s.path(name), Size: &size, Description: why}, nil
	}
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, s.describe(s.path(name), b, size), nil
}

func (s *certStorage) create(c *call) (int, any, error) {
	p, err := c.storageParams()
	if err != nil {
		return 0, nil, err
	}
	name, data, err := c.upload(uploadPart)
	if err != nil {
		return 0, nil, err
	}
	if err := checkStorageName(name); err != nil {
		return 0, nil, err
	}
	b, err := s.parse(c, data)
	if err != nil {
		return 0, nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	path := s.path(name)
	if _, err := os.Lstat(path); err == nil {
		return 0, nil, fmt.Errorf("%w: certificate %s already exists in %s", engine.ErrExists, name, s.dir)
	}
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return 0, nil, err
	}
	return s.store(c, p, http.StatusCreated, path, data, b)
}

func (s *certStorage) replace(c *call) (int, any, error) {
	p, err := c.storageParams()
	if err != nil {
		return 0, nil, err
	}
	name := c.path("name")
	if err := checkStorageName(name); err != nil {
		return 0, nil, err
	}
	if err := c.requireContentType("text/plain"); err != nil {
		return 0, nil, err
	}
	data, err := c.readBody()
	if err != nil {
		return 0, nil, err
	}
	b, err := s.parse(c, data)
	if err != nil {
		return 0, nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	path := s.path(name)
	if fi, err := os.Stat(path); err != nil || !fi.Mode().IsRegular() {
		return 0, nil, fmt.Errorf("%w: certificate %s does not exist in %s", engine.ErrNotFound, name, s.dir)
	}
	return s.store(c, p, http.StatusOK, path, data, b)
}

// store writes a checked file and has HAProxy serve it, answering direct when
// it is done without a reload (or with a forced one), and 202 with the
// Reload-ID of the reload that will load it otherwise. HAProxy checks the
// certificate before the file is kept: the runtime API parses it, or, when a
// line of the configuration loads the file and a reload will, `haproxy -c`
// checks the configuration with it; a refusal is 400 with HAProxy's message,
// and leaves the file and HAProxy as they were.
func (s *certStorage) store(c *call, p storageParams, direct int, path string, data []byte, b *sslcert.Bundle) (int, any, error) {
	body := s.describe(path, b, int64(len(data)))
	ctx, cancel := context.WithTimeout(context.WithoutCancel(c.r.Context()), runtimeCertTimeout)
	defer cancel()
	old, err := os.ReadFile(path)
	existed := err == nil
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return 0, nil, err
	}
	loaded := ""
	if !p.skipReload && !p.forceReload {
		loaded = s.loadedName(ctx, path)
	}
	func() {
		defer s.a.reloads.hold()()
		if loaded != "" {
			var live bool
			if live, err = s.runtimeReplace(ctx, loaded, b, old, path, data); live || err != nil {
				return
			}
		}
		// HAProxy serves it (the runtime API failed), or a line loads it. The
		// check has its own time: the runtime API may have spent the other's.
		used := loaded != "" || s.used(path)
		checkCtx, cancelCheck := context.WithTimeout(context.WithoutCancel(c.r.Context()), runtimeCertTimeout)
		defer cancelCheck()
		if err = s.writeChecked(checkCtx, path, data, old, existed, used); err == nil && used && !p.skipReload && !p.forceReload {
			c.reloadID = s.a.scheduleReload()
		}
	}()
	if err != nil {
		return 0, nil, err
	}
	if p.forceReload {
		if err := s.a.reloadNow(c); err != nil {
			return 0, nil, err
		}
	}
	if c.reloadID != "" {
		return http.StatusAccepted, body, nil
	}
	return direct, body, nil
}

// writeChecked writes the file; when a line of the configuration loads it
// (used), `haproxy -c` checks the configuration with it, and a refusal puts
// back what was there (old, if it existed).
func (s *certStorage) writeChecked(ctx context.Context, path string, data, old []byte, existed, used bool) error {
	if err := engine.WriteFileAtomicMode(path, data, certFileMode); err != nil {
		return err
	}
	if !used {
		return nil
	}
	v, err := s.a.engine.Version()
	if err == nil {
		_, err = s.a.engine.Write(ctx, engine.Write{Version: v, DryRun: true, Change: func(*haproxycfg.Config) error { return nil }})
	}
	if err == nil {
		return nil
	}
	var rerr error
	if existed {
		rerr = engine.WriteFileAtomicMode(path, old, certFileMode)
	} else if rerr = os.Remove(path); rerr == nil {
		rerr = engine.SyncDir(s.dir)
	}
	if rerr != nil {
		s.a.log.Error("putting back the certificate file HAProxy refused failed", "file", path, "error", rerr)
		return fmt.Errorf("%w; putting back the file as it was failed too: %v", err, rerr)
	}
	return err
}

// runtimeReplace has the running HAProxy serve b for its certificate name
// (`set ssl cert`, which parses it, then `commit ssl cert`, which builds its
// TLS contexts), then writes the file (data, at path). live says whether it
// is done; if not, and err is nil, the file is HAProxy's to load by a reload.
// A certificate HAProxy refuses is err (400) and changes nothing. A file that
// could not be written after the commit is err too, and HAProxy is given the
// old certificate (old) back. It runs while no reload does
// (reloader.exclusive), so that the worker the commit reaches is the one that
// serves, and a reload loads the file as written.
func (s *certStorage) runtimeReplace(ctx context.Context, name string, b *sslcert.Bundle, old []byte, path string, data []byte) (live bool, err error) {
	rt := s.a.runtime
	if err := rt.SetCertificate(ctx, name, b.Payload()); err != nil {
		s.abort(ctx, name)
		if errors.Is(err, haproxy.ErrInvalidValue) { // HAProxy would refuse the file on reload too
			return false, err
		}
		s.a.log.Info("runtime API could not replace the certificate; reloading instead", "certificate", name, "error", err)
		return false, nil
	}
	if err := rt.CommitCertificate(ctx, name); err != nil {
		s.abort(ctx, name)
		if errors.Is(err, haproxy.ErrInvalidValue) {
			return false, err
		}
		s.a.log.Info("runtime API could not commit the certificate; reloading instead", "certificate", name, "error", err)
		return false, nil
	}
	if err := engine.WriteFileAtomicMode(path, data, certFileMode); err != nil {
		s.a.log.Error("the certificate is served but its file could not be written; serving the old one again", "certificate", name, "error", err)
		back, rerr := sslcert.Parse(old)
		if rerr == nil {
			if rerr = rt.SetCertificate(ctx, name, back.Payload()); rerr == nil {
				rerr = rt.CommitCertificate(ctx, name)
			}
			if rerr != nil {
				s.abort(ctx, name)
			}
		}
		if rerr != nil {
			return false, fmt.Errorf("%w; and serving the old certificate again failed, so HAProxy serves the new one until reload %s, scheduled now, loads the file: %v",
				err, s.a.scheduleReload(), rerr)
		}
		return false, err
	}
	s.a.log.Debug("runtime certificate change", "certificate", name)
	return true, nil
}

func (s *certStorage) abort(ctx context.Context, name string) {
	if err := s.a.runtime.AbortCertificate(ctx, name); err != nil {
		s.a.log.Warn("aborting the runtime API's certificate transaction", "certificate", name, "error", err)
	}
}

func (s *certStorage) delete(c *call) (int, any, error) {
	p, err := c.storageParams()
	if err != nil {
		return 0, nil, err
	}
	name := c.path("name")
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, _, err := s.read(name); err != nil && !errors.Is(err, errNotCertFile) {
		return 0, nil, err
	}
	path := s.path(name)
	cfg, _, err := s.a.engine.Read("")
	if err != nil {
		return 0, nil, err
	}
	if uses := certificateUses(cfg, path, filepath.Dir(s.a.engine.ConfigPath())); len(uses) > 0 {
		return 0, nil, fmt.Errorf("%w: certificate %s is loaded by %s; change those lines first", errConflict, name, strings.Join(uses, "; "))
	}
	remove := func() error {
		if err := os.Remove(path); err != nil {
			return err
		}
		return engine.SyncDir(s.dir)
	}
	switch {
	case p.skipReload:
		return http.StatusNoContent, nil, remove()
	case p.forceReload:
		if err := remove(); err != nil {
			return 0, nil, err
		}
		return http.StatusNoContent, nil, s.a.reloadNow(c)
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(c.r.Context()), runtimeCertTimeout)
	defer cancel()
	loaded := s.loadedName(ctx, path)
	func() {
		defer s.a.reloads.hold()()
		if err = remove(); err != nil || loaded == "" {
			return
		}
		// No line loads it, but HAProxy has it: from before a change not
		// reloaded yet, which still uses it when HAProxy refuses to let go.
		if derr := s.a.runtime.DeleteCertificate(ctx, loaded); derr != nil {
			s.a.log.Info("runtime API could not delete the certificate; reloading instead", "certificate", loaded, "error", derr)
			c.reloadID = s.a.scheduleReload()
		}
	}()
	if err != nil {
		return 0, nil, err
	}
	if c.reloadID != "" {
		return http.StatusAccepted, nil, nil
	}
	return http.StatusNoContent, nil, nil
}

// loadedName is the name under which the running HAProxy has loaded the file
// path, "" when it has not (or cannot say).
func (s *certStorage) loadedName(ctx context.Context, path string) string {
	if s.a.runtime == nil {
		return ""
	}
	names, err := s.a.runtime.LoadedCertificates(ctx)
	if err != nil {
		s.a.log.Info("runtime API could not list the loaded certificates", "error", err)
		return ""
	}
	workDir, target := filepath.Dir(s.a.engine.ConfigPath()), realPath(path)
	i := slices.IndexFunc(names, func(n string) bool { return realPath(absoluteIn(workDir, n)) == target })
	if i < 0 {
		return ""
	}
	return names[i]
}

// used tells whether a line of the configuration loads the file path.
func (s *certStorage) used(path string) bool {
	cfg, _, err := s.a.engine.Read("")
	return err != nil || len(certificateUses(cfg, path, filepath.Dir(s.a.engine.ConfigPath()))) > 0
}

// schedule asks for the reload that loads the files as they now are; it runs
// within reloader.exclusive, so no reload that read them before is running.
