package engine

import (
	"errors"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxy"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
)

// The kinds of error the engine returns; every error it returns wraps exactly one
// of them, so that the agent maps each to one HTTP status in one place.
var (
	ErrNotFound      = haproxycfg.ErrNotFound      // an object or its parent is missing
	ErrExists        = haproxycfg.ErrExists        // creating an object that exists
	ErrInvalid       = haproxycfg.ErrInvalid       // a value the engine's own checks refuse
	ErrOutOfRange    = haproxycfg.ErrOutOfRange    // a list index past the end
	ErrMissingParent = haproxycfg.ErrMissingParent // the parent of a child is missing (also ErrNotFound)
	ErrConditional   = haproxycfg.ErrConditional   // an edit inside a conditional block (.if), left to hand edits
	ErrValidation    = haproxy.ErrInvalid          // HAProxy rejected the candidate (`haproxy -c`)

	ErrVersionMismatch     = errors.New("version mismatch")            // something the write touches changed after its version
	ErrOutdated            = errors.New("transaction outdated")        // a transaction's objects changed after it started
	ErrBadRequest          = errors.New("bad request")                 // neither or both of version and transaction
	ErrTransactionNotFound = errors.New("transaction not found")       // no such transaction
	ErrTransactionClosed   = errors.New("transaction not in progress") // committed, failed or outdated
	ErrTooManyTransactions = errors.New("too many open transactions")
	ErrClosed              = errors.New("engine closed")
)
