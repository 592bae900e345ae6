package dataplane

import "net/http"

// credentials names where the provider and generate-imports take the user from.
const credentials = "the provider's username and password, or HAPROXY_USERNAME and HAPROXY_PASSWORD"

// whatToDo is what an error with this status asks of the user, appended to its
// message; empty when the server's message says it all.
func whatToDo(status int) string {
	switch status {
	case http.StatusUnauthorized:
		return "; the agent refused the credentials: check the user name and password (" + credentials + ")"
	case http.StatusForbidden:
		return "; the user is read-only: writes need a read-write user (" + credentials + ")"
	}
	return ""
}
