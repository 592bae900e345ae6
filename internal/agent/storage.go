package agent

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path/filepath"
	"regexp"
)

// What the storages of files (certificates, maps) share: how a file is named,
// and how an upload is read.

// uploadPart is the multipart part a POST carries the file in, as the official
// API names it; the part's file name is the storage name.
const uploadPart = "file_upload"

// formFile is a multipart/form-data request body of one file, in the part of
// this name, for the OpenAPI document.
type formFile string

// storageName is a stored file's name: a plain file name (no '/', no "..", no
// blanks or control characters) that haproxy.cfg can name without quotes, in a
// map converter's arguments too (no ','), and that the runtime API's command
// line reads whole (no quotes, ';' or '#'); not first a '.', which the
// directories' temporary files have, or a '-'.
var storageName = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.+-]*$`)

func checkStorageName(name string) error {
	if len(name) > 255 || !storageName.MatchString(name) {
		return fmt.Errorf("%w: %q is not a plain file name: use letters, digits and . _ - + only, not first a '.' or '-' (no '/', no '..', no blanks or control characters)",
			errBadParameter, name)
	}
	return nil
}

// upload reads the file of a multipart/form-data body's part, and the file
// name the part gives, as sent: Part.FileName keeps only its last element, and
// a name with a directory in it is refused, not cut.
func (c *call) upload(part string) (name string, data []byte, err error) {
	mt, params, err := mime.ParseMediaType(c.r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return "", nil, fmt.Errorf("%w: %q, want multipart/form-data with the file in the part %q", errContentType, c.r.Header.Get("Content-Type"), part)
	}
	mr, err := c.r.MultipartReader()
	if err != nil {
		return "", nil, fmt.Errorf("%w: %v", errBadParameter, err)
	}
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return "", nil, fmt.Errorf("%w: the body has no part %q", errBadParameter, part)
		}
		if err != nil {
			return "", nil, bodyError(err)
		}
		if p.FormName() != part {
			continue
		}
		data, err := io.ReadAll(p)
		if err != nil {
			return "", nil, bodyError(err)
		}
		_, disposition, _ := mime.ParseMediaType(p.Header.Get("Content-Disposition"))
		return disposition["filename"], data, nil // checkStorageName refuses none
	}
}

// bodyError is 413 past the size limit, else 400.
func bodyError(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return fmt.Errorf("%w: the limit is %d bytes", errBodyTooLarge, tooLarge.Limit)
	}
	return fmt.Errorf("%w: the multipart body does not parse: %v", errBadParameter, err)
}

// absoluteIn is path read against dir when it is relative.
func absoluteIn(dir, path string) string {
	if filepath.IsAbs(path) {
		return filepath.Clean(path)
	}
	return filepath.Join(dir, path)
}

// realPath is path with its symbolic links followed, as far as it exists (a
// file that is not there yet is its directory's real path and its name).
func realPath(path string) string {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		return real
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(path)); err == nil {
		return filepath.Join(dir, filepath.Base(path))
	}
	return filepath.Clean(path)
}

// onDisk is the file that name, as haproxy.cfg or HAProxy's answers spell it,
// is: a relative name is read against HAProxy's working directory, the
// configuration's; links are followed.
func (a *Agent) onDisk(name string) string {
	return realPath(absoluteIn(filepath.Dir(a.engine.ConfigPath()), name))
}

// sameFile tells whether name, as haproxy.cfg or HAProxy's answers spell it, is
// the file at path.
func (a *Agent) sameFile(name, path string) bool {
	return name != "" && a.onDisk(name) == realPath(path)
}

// storageParams are the parameters of a storage write.
type storageParams struct{ skipReload, forceReload bool }

func (c *call) storageParams() (storageParams, error) {
	var p storageParams
	var err error
	if p.skipReload, err = c.boolQuery("skip_reload"); err != nil {
		return p, err
	}
	if p.forceReload, err = c.boolQuery("force_reload"); err != nil {
		return p, err
	}
	if p.skipReload && p.forceReload {
		return p, fmt.Errorf("%w: skip_reload and force_reload cannot be used together", errBadParameter)
	}
	return p, nil
}

// scheduleReload asks for a reload of a stored file's change and returns its
// ID: for the answer (202), or for the error of a change that left the running
// HAProxy and a file disagreeing (its undo failed too), which the reload ends
// by loading the file.
func (a *Agent) scheduleReload() string {
	v, _ := a.engine.Version()
	return a.reloads.schedule(v)
}

// reloadNow reloads before the answer (force_reload).
func (a *Agent) reloadNow(c *call) error {
	v, _ := a.engine.Version()
	return a.reloads.now(c.r.Context(), v)
}
