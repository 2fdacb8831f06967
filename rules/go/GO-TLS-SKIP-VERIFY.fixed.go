package client

import (
	"crypto/tls"
	"crypto/x509"
	"flag"
	"net/http"
	"time"
)

var insecure = flag.Bool("insecure", false, "skip TLS verification (testing only)")

func newClient() *http.Client {
	return &http.Client{
		Timeout: 10 * time.Second,
		Transport: &http.Transport{
			// ruleid: GO-TLS-SKIP-VERIFY
			TLSClientConfig: &tls.Config{InsecureSkipVerify: true},
		},
	}
}

func dialMetrics(addr string) (*tls.Conn, error) {
	conf := &tls.Config{
		MinVersion: tls.VersionTLS12,
		// ruleid: GO-TLS-SKIP-VERIFY
		InsecureSkipVerify: true, // nolint:gosec
	}
	return tls.Dial("tcp", addr, conf)
}

func patchDefault() {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.TLSClientConfig = &tls.Config{}
	// ruleid: GO-TLS-SKIP-VERIFY
	transport.TLSClientConfig.InsecureSkipVerify = true
	http.DefaultClient.Transport = transport
}

func trustedClient(internalCA []byte) *http.Client {
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(internalCA)
	return &http.Client{Transport: &http.Transport{
		// ok: GO-TLS-SKIP-VERIFY
		TLSClientConfig: &tls.Config{RootCAs: pool, InsecureSkipVerify: false},
	}}
}

func optionalClient() *http.Client {
	return &http.Client{Transport: &http.Transport{
		// ok: GO-TLS-SKIP-VERIFY
		TLSClientConfig: &tls.Config{InsecureSkipVerify: *insecure},
	}}
}

func pinnedClient(verify func([][]byte, [][]*x509.Certificate) error) *http.Client {
	return &http.Client{Transport: &http.Transport{
		// ok: GO-TLS-SKIP-VERIFY
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true, VerifyPeerCertificate: verify},
	}}
}
