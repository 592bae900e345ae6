package haproxytest

import (
	"context"
	"log/slog"
	"maps"
	"slices"
	"sync"
)

// Events is a slog.Handler that keeps, for each message, how often it was
// logged and the sums of its numeric attributes: the agent's and the engine's
// records of requests, commits and reloads, which benchmarks report (how many
// validations an apply took, and how long they ran). The string attributes
// named in by are counted by value too, as "<key>=<value>".
type Events struct {
	by     []string
	mu     sync.Mutex
	counts map[string]int
	sums   map[string]map[string]float64
}

// Event is what Events kept of one message.
type Event struct {
	Count int
	Sums  map[string]float64 // attribute -> sum over the records; "<key>=<value>" -> count
}

// NewEvents returns an empty Events that counts the values of the attributes by.
func NewEvents(by ...string) *Events {
	return &Events{by: by, counts: map[string]int{}, sums: map[string]map[string]float64{}}
}

// Get returns what was kept of msg.
func (e *Events) Get(msg string) Event {
	e.mu.Lock()
	defer e.mu.Unlock()
	return Event{Count: e.counts[msg], Sums: maps.Clone(e.sums[msg])}
}

func (e *Events) Enabled(context.Context, slog.Level) bool { return true }

func (e *Events) Handle(_ context.Context, r slog.Record) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.counts[r.Message]++
	if e.sums[r.Message] == nil {
		e.sums[r.Message] = map[string]float64{}
	}
	r.Attrs(func(a slog.Attr) bool {
		switch v := a.Value; v.Kind() {
		case slog.KindFloat64:
			e.sums[r.Message][a.Key] += v.Float64()
		case slog.KindInt64:
			e.sums[r.Message][a.Key] += float64(v.Int64())
		case slog.KindString:
			if slices.Contains(e.by, a.Key) {
				e.sums[r.Message][a.Key+"="+v.String()]++
			}
		case slog.KindBool:
			if v.Bool() {
				e.sums[r.Message][a.Key]++
			}
		}
		return true
	})
	return nil
}

// The records of a derived handler are kept with the others; its attributes
// are not summed (the agent adds only a request's ID there).
func (e *Events) WithAttrs([]slog.Attr) slog.Handler { return e }
func (e *Events) WithGroup(string) slog.Handler      { return e }
