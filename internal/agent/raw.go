package agent

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/engine"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
)

// checkRaw refuses an uploaded configuration that is not text lines: no newline at
// all, or control characters other than tab, CR and LF. The messages start as the
// official server's do ("invalid configuration: ..."), which clients match on.
func checkRaw(data []byte) error {
	if !bytes.Contains(data, []byte("\n")) {
		return fmt.Errorf("%w: no newline character found", errInvalidConfig)
	}
	for i, b := range data {
		if b < 0x20 && b != '\t' && b != '\n' && b != '\r' || b == 0x7f {
			return fmt.Errorf("%w: control character %q at byte %d", errInvalidConfig, b, i)
		}
	}
	return nil
}

// rawPath is the raw configuration's route.
const rawPath = configBase + "raw"

func (a *Agent) rawRoutes() []*route {
	path := rawPath
	return []*route{
		{method: http.MethodGet, path: path, summary: "Read the whole configuration file", query: readParams, reply: text(""), codes: []int{200},
			handle: func(c *call) (int, any, error) {
				cfg, err := c.snapshot()
				if err != nil {
					return 0, nil, err
				}
				return http.StatusOK, text(cfg.Bytes()), nil
			}},
		{method: http.MethodPost, path: path, summary: "Replace the whole configuration file", query: []string{"version", "only_validate", "skip_reload", "force_reload"},
			body: text(""), reply: text(""), codes: []int{201, 202},
			handle: func(c *call) (int, any, error) {
				if err := c.requireContentType("text/plain"); err != nil {
					return 0, nil, err
				}
				data, err := c.readBody()
				if err != nil {
					return 0, nil, err
				}
				if err := checkRaw(data); err != nil {
					return 0, nil, err
				}
				onlyValidate, err := c.boolQuery("only_validate")
				if err != nil {
					return 0, nil, err
				}
				skipReload, err := c.boolQuery("skip_reload")
				if err != nil {
					return 0, nil, err
				}
				force, err := c.boolQuery("force_reload")
				if err != nil {
					return 0, nil, err
				}
				v, err := c.intQuery("version")
				if err != nil {
					return 0, nil, err
				}
				if v == 0 {
					return 0, nil, fmt.Errorf("%w: version is required", errBadParameter)
				}
				load := func(cfg *haproxycfg.Config) error { cfg.Load(data); return nil }
				v, err = a.engine.Write(c.r.Context(), engine.Write{Version: v, DryRun: onlyValidate, Change: load, Guard: c.guard()})
				c.version = v
				switch {
				case err != nil:
					return 0, nil, err
				case onlyValidate:
					return http.StatusAccepted, text(data), nil // as the official server answers
				case skipReload:
					return http.StatusCreated, text(data), nil
				case force:
					return http.StatusCreated, text(data), a.reloads.now(c.r.Context(), v)
				}
				c.reloadID = a.reloads.schedule(v)
				return http.StatusAccepted, text(data), nil
			}},
	}
}
