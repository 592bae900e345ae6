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
		return "; the user's role does not allow it: read-only users may only read, writes need an operator, " +
			"and directives that run code or change privileges an admin (" + credentials + ")"
	}
	return ""
}
