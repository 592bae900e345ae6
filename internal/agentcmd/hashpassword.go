package agentcmd

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"golang.org/x/crypto/bcrypt"
)

// HashPassword is `terraform-provider-haproxy hash-password NAME`: it reads a
// password on standard input and prints a users-file line `NAME:<bcrypt hash>`,
// the same as `htpasswd -nbB`, for machines without apache2-utils.
func HashPassword(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	const usage = "usage: echo -n PASSWORD | terraform-provider-haproxy hash-password NAME >> users"
	if len(args) == 1 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
		fmt.Fprintln(stdout, usage)
		return 0
	}
	if len(args) != 1 || args[0] == "" || strings.HasPrefix(args[0], "-") || strings.ContainsAny(args[0], ": \t\n") {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && err != io.EOF {
		fmt.Fprintln(stderr, "hash-password:", err)
		return 1
	}
	password := strings.TrimRight(line, "\r\n")
	if password == "" {
		fmt.Fprintln(stderr, "hash-password: empty password")
		return 2
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		fmt.Fprintln(stderr, "hash-password:", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s:%s\n", args[0], hash)
	return 0
}
