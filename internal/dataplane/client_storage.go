package dataplane

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
)

// The files the API stores beside the configuration, and the runtime API's
// maps: SSL certificates and map files are written whole (storage), map
// entries one by one in the running HAProxy and in the file (runtime). None of
// them has a configuration version; a write the server cannot make live
// without a reload answers with the reload's ID, which is waited for.
const (
	storageCerts = "/services/haproxy/storage/ssl_certificates"
	storageMaps  = "/services/haproxy/storage/maps"
	runtimeMaps  = "/services/haproxy/runtime/maps"
)

// upload is the multipart form that creates a stored file: its content in the
// part file_upload, named by the part's file name.
func upload(name string, content []byte) (payload, error) {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file_upload"; filename=%q`, name))
	h.Set("Content-Type", "text/plain")
	part, err := w.CreatePart(h)
	if err == nil {
		_, err = part.Write(content)
	}
	if err == nil {
		err = w.Close()
	}
	return payload{contentType: w.FormDataContentType(), data: b.Bytes(), file: name, content: content}, err
}

// text is a file's content as the body of a replace.
func text(content []byte) payload {
	return payload{contentType: "text/plain", data: content}
}

// storageWrite sends a write that has no configuration version, waits for the
// reload it was given, if any, and returns the server's warnings.
func (c *Client) storageWrite(ctx context.Context, method, path string, query url.Values, body, out any) ([]string, error) {
	if c.fleet != nil {
		return c.fleet.storageWrite(ctx, method, path, query, body, out)
	}
	ans, err := c.do(ctx, method, path, query, body, out)
	if err == nil && ans.reloadID != "" {
		err = c.awaitReload(ctx, method, c.fullPath(path), ans.reloadID)
	}
	return ans.warnings, err
}

func (c *Client) SSLCertificates(ctx context.Context) ([]SSLCertificate, error) {
	return get[[]SSLCertificate](ctx, c, storageCerts)
}

// SSLCertificate is a stored certificate's details; the server never sends
// its private key.
func (c *Client) SSLCertificate(ctx context.Context, name string) (SSLCertificate, error) {
	return get[SSLCertificate](ctx, c, storageCerts+"/"+url.PathEscape(name))
}

// CreateSSLCertificate stores pem (certificates, and the private key) as name,
// and returns the server's warnings (the certificate has expired).
func (c *Client) CreateSSLCertificate(ctx context.Context, name string, pem []byte) ([]string, error) {
	form, err := upload(name, pem)
	if err != nil {
		return nil, err
	}
	return c.storageWrite(ctx, http.MethodPost, storageCerts, nil, form, nil)
}

// ReplaceSSLCertificate replaces a stored certificate, and returns the server's
// warnings; where HAProxy has it loaded, our agent changes it in the running
// HAProxy with no reload.
func (c *Client) ReplaceSSLCertificate(ctx context.Context, name string, pem []byte) ([]string, error) {
	return c.storageWrite(ctx, http.MethodPut, storageCerts+"/"+url.PathEscape(name), nil, text(pem), nil)
}

func (c *Client) DeleteSSLCertificate(ctx context.Context, name string) error {
	_, err := c.storageWrite(ctx, http.MethodDelete, storageCerts+"/"+url.PathEscape(name), nil, nil, nil)
	return err
}

// MapFiles are the stored map files.
func (c *Client) MapFiles(ctx context.Context) ([]MapFile, error) {
	return get[[]MapFile](ctx, c, storageMaps)
}

// MapFileContent is a stored map file as it is.
func (c *Client) MapFileContent(ctx context.Context, name string) ([]byte, error) {
	var content []byte
	_, err := c.do(ctx, http.MethodGet, storageMaps+"/"+url.PathEscape(name), nil, nil, &content)
	return content, err
}

func (c *Client) CreateMapFile(ctx context.Context, name string, content []byte) error {
	form, err := upload(name, content)
	if err != nil {
		return err
	}
	_, err = c.storageWrite(ctx, http.MethodPost, storageMaps, nil, form, nil)
	return err
}

func (c *Client) ReplaceMapFile(ctx context.Context, name string, content []byte) error {
	_, err := c.storageWrite(ctx, http.MethodPut, storageMaps+"/"+url.PathEscape(name), nil, text(content), nil)
	return err
}

func (c *Client) DeleteMapFile(ctx context.Context, name string) error {
	_, err := c.storageWrite(ctx, http.MethodDelete, storageMaps+"/"+url.PathEscape(name), nil, nil, nil)
	return err
}

func (c *Client) MapEntries(ctx context.Context, mapName string) ([]MapEntry, error) {
	return get[[]MapEntry](ctx, c, entriesPath(mapName))
}

func (c *Client) MapEntry(ctx context.Context, mapName, key string) (MapEntry, error) {
	return get[MapEntry](ctx, c, entriesPath(mapName)+"/"+url.PathEscape(key))
}

// synced has a runtime map change written to the map file too before it is
// answered (the official API otherwise writes it later; our agent always does).
var synced = url.Values{"force_sync": {"true"}}

// AddMapEntry adds an entry to a loaded map, in the running HAProxy and in its
// file.
func (c *Client) AddMapEntry(ctx context.Context, mapName string, e MapEntry) error {
	_, err := c.storageWrite(ctx, http.MethodPost, entriesPath(mapName), synced, MapEntry{Key: e.Key, Value: e.Value}, nil)
	return err
}

func (c *Client) ReplaceMapEntry(ctx context.Context, mapName string, e MapEntry) error {
	_, err := c.storageWrite(ctx, http.MethodPut, entriesPath(mapName)+"/"+url.PathEscape(e.Key), synced, MapEntry{Value: e.Value}, nil)
	return err
}

func (c *Client) DeleteMapEntry(ctx context.Context, mapName, key string) error {
	_, err := c.storageWrite(ctx, http.MethodDelete, entriesPath(mapName)+"/"+url.PathEscape(key), synced, nil, nil)
	return err
}

func entriesPath(mapName string) string {
	return runtimeMaps + "/" + url.PathEscape(mapName) + "/entries"
}
