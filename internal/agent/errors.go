package agent

import (
	"errors"
	"net/http"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/engine"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxy"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
)

// Errors of the HTTP layer itself.
var (
	errBodyTooLarge    = errors.New("request body too large")
	errContentType     = errors.New("unsupported content type")
	errSchema          = errors.New("invalid request body")
	errBadParameter    = errors.New("bad request")
	errUnauthorized    = errors.New("unauthorized")
	errTooManyFailures = errors.New("too many failed authentications")
	errReadOnly        = errors.New("read-only user")
	errForbidden       = errors.New("forbidden")
	errRouteNotFound   = errors.New("not found")
	errMethod          = errors.New("method not allowed")
	errNoHAProxy       = errors.New("haproxy is not running")
	errReloadNotFound  = errors.New("missing object")
	errNotImplemented  = errors.New("not implemented")
	errInvalidConfig   = errors.New("invalid configuration")
	errConflict        = errors.New("conflict") // what the request addresses is in a state that refuses it (a file in use)
)

// statusOf maps every error the agent can answer with to its HTTP status: the one
// place where that mapping lives.
func statusOf(r *http.Request, err error) int {
	switch {
	case errors.Is(err, errUnauthorized):
		return http.StatusUnauthorized
	case errors.Is(err, errReadOnly), errors.Is(err, errForbidden):
		return http.StatusForbidden
	case errors.Is(err, errRouteNotFound), errors.Is(err, errReloadNotFound):
		return http.StatusNotFound
	case errors.Is(err, errMethod):
		return http.StatusMethodNotAllowed
	case errors.Is(err, errBodyTooLarge), errors.Is(err, haproxycfg.ErrTooManyItems):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, errContentType):
		return http.StatusUnsupportedMediaType
	case errors.Is(err, errSchema), errors.Is(err, haproxycfg.ErrReadBack), errors.Is(err, haproxycfg.ErrTooLong),
		errors.Is(err, haproxycfg.ErrFile), errors.Is(err, haproxycfg.ErrChildMember):
		return http.StatusUnprocessableEntity
	case errors.Is(err, engine.ErrMissingParent) && r.Method != http.MethodGet && r.Method != http.MethodDelete:
		return http.StatusBadRequest // a create or change under a missing parent; deleting from one is 404, as the official server answers
	case errors.Is(err, engine.ErrNotFound), errors.Is(err, haproxy.ErrNotFound),
		errors.Is(err, engine.ErrTransactionNotFound) && r.Method == http.MethodGet:
		return http.StatusNotFound
	case errors.Is(err, engine.ErrExists), errors.Is(err, haproxy.ErrExists), errors.Is(err, engine.ErrVersionMismatch),
		errors.Is(err, engine.ErrConditional), errors.Is(err, errConflict):
		return http.StatusConflict
	case errors.Is(err, engine.ErrOutdated), errors.Is(err, engine.ErrTransactionClosed):
		return http.StatusNotAcceptable
	case errors.Is(err, errNotImplemented):
		return http.StatusNotImplemented
	case errors.Is(err, errNoHAProxy):
		return http.StatusServiceUnavailable
	case errors.Is(err, engine.ErrTooManyTransactions), errors.Is(err, errTooManyFailures):
		return http.StatusTooManyRequests
	case errors.Is(err, engine.ErrInvalid), errors.Is(err, engine.ErrOutOfRange), errors.Is(err, engine.ErrValidation),
		errors.Is(err, engine.ErrBadRequest), errors.Is(err, engine.ErrTransactionNotFound),
		errors.Is(err, haproxy.ErrUnsupported), errors.Is(err, haproxy.ErrInvalidName), errors.Is(err, haproxy.ErrInvalidValue),
		errors.Is(err, errBadParameter), errors.Is(err, errInvalidConfig):
		return http.StatusBadRequest
	}
	return http.StatusInternalServerError
}

// errorBody is the Data Plane API's error response.
type errorBody struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}
