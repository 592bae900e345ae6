package haproxy

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// HAProxy keeps the certificates it has loaded in a store, named as the
// configuration named their files (`crt /etc/haproxy/ssl/site.pem`, or the
// files of a `crt` directory, each as <dir>/<file>). The runtime API replaces
// one in a transaction: `set ssl cert <name>` with the new PEM as payload opens
// it (HAProxy parses the PEM then, and refuses a name it has not loaded), and
// `commit ssl cert <name>` swaps it in for new connections, or `abort ssl cert
// <name>` drops it. HAProxy holds one such transaction at a time, in the
// worker: a reload ends it.

// checkCertName refuses a certificate name the CLI would not read as one word.
func checkCertName(name string) error {
	if name == "" || strings.ContainsFunc(name, func(c rune) bool {
		return c <= ' ' || c == 0x7f || strings.ContainsRune(`;#\'"`, c)
	}) {
		return fmt.Errorf("%w: certificate %q: the runtime API takes names without blanks, control characters, quotes, backslashes, ';' or '#'", ErrInvalidName, name)
	}
	return nil
}

// LoadedCertificates returns the names of the certificates the running worker
// has loaded (`show ssl cert`), a pending transaction's name aside.
func (r *Runtime) LoadedCertificates(ctx context.Context) ([]string, error) {
	// With no certificate loaded, HAProxy 2.6 answers nothing.
	ans, err := r.question(ctx, "show ssl cert", func(ans string) bool { return ans == "" || strings.HasPrefix(ans, "# ") })
	if err != nil {
		return nil, err
	}
	return parseLoadedCertificates(ans), nil
}

// parseLoadedCertificates reads `show ssl cert`: a "# filename" line and one
// name a line, after a "# transaction" line and the name of the certificate in
// a transaction, marked with '*', when there is one.
func parseLoadedCertificates(ans string) []string {
	names := []string{}
	section := ""
	for _, line := range strings.Split(ans, "\n") {
		switch {
		case strings.HasPrefix(line, "# "):
			section = strings.TrimPrefix(line, "# ")
		case line != "" && section == "filename":
			names = append(names, line)
		}
	}
	return names
}

// SetCertificate opens the transaction that replaces the loaded certificate
// name with pem (its blocks, with no empty line between them), which HAProxy
// parses now: a PEM it cannot load is ErrInvalidValue, with its message.
// Nothing changes for connections until CommitCertificate.
func (r *Runtime) SetCertificate(ctx context.Context, name, pem string) error {
	if err := checkCertName(name); err != nil {
		return err
	}
	cmd := "set ssl cert " + name
	ans, err := r.Master.WorkerPayload(ctx, cmd, pem)
	_, err = checkAnswer(cmd, func(ans string) bool {
		return strings.HasPrefix(ans, "Transaction created") || strings.HasPrefix(ans, "Transaction updated")
	}, ans, err)
	var ce *CommandError
	if errors.As(err, &ce) && strings.Contains(ce.Message, "Can't load the payload") {
		return fmt.Errorf("%w: HAProxy cannot load the certificate: %s", ErrInvalidValue, strings.Join(strings.Fields(ce.Message), " "))
	}
	return err
}

// CommitCertificate has new connections use the certificate SetCertificate
// set. A certificate HAProxy cannot use (a key too small for OpenSSL's
// security level, say) is ErrInvalidValue, with its message; the transaction
// is then still open.
func (r *Runtime) CommitCertificate(ctx context.Context, name string) error {
	if err := checkCertName(name); err != nil {
		return err
	}
	_, err := r.worker(ctx, "commit ssl cert "+name, func(ans string) bool { return strings.Contains(ans, "\nSuccess!") })
	var ce *CommandError
	if errors.As(err, &ce) && strings.HasSuffix(ce.Message, "Failed!") {
		return fmt.Errorf("%w: HAProxy cannot use the certificate: %s", ErrInvalidValue, strings.Join(strings.Fields(ce.Message), " "))
	}
	return err
}

// AbortCertificate drops the transaction SetCertificate opened; there being
// none is no error.
func (r *Runtime) AbortCertificate(ctx context.Context, name string) error {
	if err := checkCertName(name); err != nil {
		return err
	}
	_, err := r.worker(ctx, "abort ssl cert "+name, func(ans string) bool {
		return strings.HasPrefix(ans, "Transaction aborted") || strings.HasPrefix(ans, "No ongoing transaction")
	})
	return err
}

// DeleteCertificate removes a certificate no bind or server of the running
// configuration uses from HAProxy's store (`del ssl cert`); HAProxy refuses
// one in use.
func (r *Runtime) DeleteCertificate(ctx context.Context, name string) error {
	if err := checkCertName(name); err != nil {
		return err
	}
	_, err := r.worker(ctx, "del ssl cert "+name, func(ans string) bool {
		return strings.HasPrefix(ans, "Certificate ") && strings.Contains(ans, "deleted!")
	})
	return err
}
