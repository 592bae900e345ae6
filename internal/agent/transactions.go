package agent

import (
	"net/http"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/engine"
)

// transactionsBase is where the transaction routes live.
const transactionsBase = "/services/haproxy/transactions"

func (a *Agent) transactionRoutes() []*route {
	base := transactionsBase
	one := base + "/{id}"
	return []*route{
		{method: http.MethodGet, path: base, summary: "List the transactions", reply: []dataplane.Transaction{}, codes: []int{200},
			handle: func(c *call) (int, any, error) {
				list, err := a.engine.Transactions()
				return http.StatusOK, list, err
			}},
		{method: http.MethodPost, path: base, summary: "Start a transaction at a version", query: []string{"version"}, reply: dataplane.Transaction{}, codes: []int{201},
			handle: func(c *call) (int, any, error) {
				v, err := c.intQuery("version")
				if err != nil {
					return 0, nil, err
				}
				tx, err := a.engine.StartTransaction(v)
				c.version = tx.Version
				return http.StatusCreated, tx, err
			}},
		{method: http.MethodGet, path: one, summary: "Read a transaction", reply: dataplane.Transaction{}, codes: []int{200},
			handle: func(c *call) (int, any, error) {
				tx, err := a.engine.Transaction(c.path("id"))
				c.version = tx.Version
				return http.StatusOK, tx, err
			}},
		{method: http.MethodPut, path: one, summary: "Commit a transaction", query: []string{"force_reload", "dry_run"}, reply: dataplane.Transaction{}, codes: []int{200, 202},
			handle: func(c *call) (int, any, error) {
				force, err := c.boolQuery("force_reload")
				if err != nil {
					return 0, nil, err
				}
				dry, err := c.boolQuery("dry_run")
				if err != nil {
					return 0, nil, err
				}
				id := c.path("id")
				v, err := a.engine.CommitTransaction(c.r.Context(), id, dry, c.guard())
				c.version = v
				if err != nil {
					return 0, nil, err
				}
				status := engine.StatusSuccess
				if dry {
					status = engine.StatusInProgress
				}
				tx := dataplane.Transaction{ID: id, Version: v, Status: status}
				switch {
				case dry:
					return http.StatusOK, tx, nil
				case force:
					return http.StatusOK, tx, a.reloads.now(c.r.Context(), v)
				}
				c.reloadID = a.reloads.schedule(v)
				return http.StatusAccepted, tx, nil
			}},
		{method: http.MethodDelete, path: one, summary: "Discard a transaction", codes: []int{204},
			handle: func(c *call) (int, any, error) {
				return http.StatusNoContent, nil, a.engine.DeleteTransaction(c.path("id"))
			}},
	}
}
