package mezmolegacyexporter

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"go.opentelemetry.io/collector/consumer/consumererror"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
)

type received struct {
	apikey   string
	hostname string
	body     struct {
		Lines []line `json:"lines"`
	}
}

func standIn(t *testing.T, status int) (*httptest.Server, chan received) {
	t.Helper()
	got := make(chan received, 10)
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var rec received
		rec.apikey = r.Header.Get("apikey")
		rec.hostname = r.URL.Query().Get("hostname")
		data, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(data, &rec.body); err != nil {
			t.Errorf("body is not JSON: %v", err)
		}
		got <- rec
		w.WriteHeader(status)
	}))
	t.Cleanup(server.Close)
	return server, got
}

func exporterFor(server *httptest.Server) *legacyExporter {
	config := createDefaultConfig().(*Config)
	config.ClientConfig.Endpoint = server.URL + "/otel/ingest/rest"
	config.IngestKey = "legacy-key-123"
	config.Hostname = "restaurant-host"
	return &legacyExporter{config: config, client: server.Client()}
}

func sampleLogs() plog.Logs {
	logs := plog.NewLogs()
	resourceLogs := logs.ResourceLogs().AppendEmpty()
	resourceLogs.Resource().Attributes().PutStr("service.name", "restaurant-app")
	record := resourceLogs.ScopeLogs().AppendEmpty().LogRecords().AppendEmpty()
	record.SetTimestamp(pcommon.NewTimestampFromTime(time.UnixMilli(1_796_099_494_867)))
	record.Body().SetStr(`{"event":"order_created"}`)
	record.SetSeverityText("info")
	record.Attributes().PutStr("log_type", "events")
	record.SetTraceID(pcommon.TraceID{0x4b, 0xf9, 0x2f, 0x35, 0x77, 0xb3, 0x4d, 0xa6, 0xa3, 0xce, 0x92, 0x9d, 0x0e, 0x0e, 0x47, 0x36})
	return logs
}

func TestWhenLogsArePushedThenTheyArriveAsLegacyLinesWithTheKey(t *testing.T) {
	server, got := standIn(t, http.StatusOK)
	if err := exporterFor(server).pushLogs(context.Background(), sampleLogs()); err != nil {
		t.Fatalf("push failed: %v", err)
	}
	rec := <-got
	if rec.apikey != "legacy-key-123" || rec.hostname != "restaurant-host" {
		t.Fatalf("apikey %q, hostname %q", rec.apikey, rec.hostname)
	}
	if len(rec.body.Lines) != 1 {
		t.Fatalf("want 1 line, got %d", len(rec.body.Lines))
	}
	l := rec.body.Lines[0]
	if l.Timestamp != 1_796_099_494_867 || l.Line != `{"event":"order_created"}` || l.App != "restaurant-app" || l.Level != "info" {
		t.Fatalf("unexpected line %+v", l)
	}
	if l.Meta["log_type"] != "events" || l.Meta["trace.id"] != "4bf92f3577b34da6a3ce929d0e0e4736" {
		t.Fatalf("unexpected meta %+v", l.Meta)
	}
}

func TestWhenTheKeyIsRefusedThenTheErrorIsPermanent(t *testing.T) {
	server, _ := standIn(t, http.StatusUnauthorized)
	err := exporterFor(server).pushLogs(context.Background(), sampleLogs())
	if err == nil || !consumererror.IsPermanent(err) {
		t.Fatalf("want a permanent error, got %v", err)
	}
}

func TestWhenIngestionIsUnavailableThenTheErrorIsRetryable(t *testing.T) {
	server, _ := standIn(t, http.StatusServiceUnavailable)
	err := exporterFor(server).pushLogs(context.Background(), sampleLogs())
	if err == nil || consumererror.IsPermanent(err) {
		t.Fatalf("want a retryable error, got %v", err)
	}
}

func TestWhenTheConfigLacksAKeyThenItIsInvalid(t *testing.T) {
	config := createDefaultConfig().(*Config)
	if err := config.Validate(); err == nil {
		t.Fatal("a config without ingest_key must be invalid")
	}
	config.IngestKey = "k"
	if err := config.Validate(); err != nil {
		t.Fatalf("default config with a key must be valid: %v", err)
	}
	config.ClientConfig.Endpoint = "ftp://example.com"
	if err := config.Validate(); err == nil {
		t.Fatal("a non-HTTP endpoint must be invalid")
	}
}
