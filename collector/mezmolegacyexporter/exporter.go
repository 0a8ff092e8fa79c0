package mezmolegacyexporter

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer/consumererror"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
)

// Limits of the legacy ingestion API: a request body under 10 MB, lines of at most 16 KB.
const (
	maxBodyBytes = 10 * 1024 * 1024
	maxLineBytes = 16 * 1024
)

// line is one entry of the ingestion API's `lines` array.
type line struct {
	Timestamp int64          `json:"timestamp"`
	Line      string         `json:"line"`
	App       string         `json:"app,omitempty"`
	Level     string         `json:"level,omitempty"`
	Meta      map[string]any `json:"meta,omitempty"`
}

type legacyExporter struct {
	config   *Config
	settings component.TelemetrySettings
	client   *http.Client
}

func (e *legacyExporter) start(ctx context.Context, host component.Host) error {
	client, err := e.config.ClientConfig.ToClient(ctx, host.GetExtensions(), e.settings)
	if err != nil {
		return err
	}
	e.client = client
	return nil
}

func (e *legacyExporter) pushLogs(ctx context.Context, logs plog.Logs) error {
	batch := make([][]byte, 0, logs.LogRecordCount())
	size := 0
	for _, l := range toLines(logs) {
		encoded, err := json.Marshal(l)
		if err != nil {
			return consumererror.NewPermanent(fmt.Errorf("encoding a log line: %w", err))
		}
		if size+len(encoded)+64 > maxBodyBytes && len(batch) > 0 {
			if err := e.send(ctx, batch); err != nil {
				return err
			}
			batch, size = batch[:0], 0
		}
		batch = append(batch, encoded)
		size += len(encoded) + 1
	}
	if len(batch) == 0 {
		return nil
	}
	return e.send(ctx, batch)
}

func (e *legacyExporter) send(ctx context.Context, encodedLines [][]byte) error {
	body := bytes.NewBufferString(`{"lines":[`)
	body.Write(bytes.Join(encodedLines, []byte(",")))
	body.WriteString("]}")

	target, err := url.Parse(e.config.ClientConfig.Endpoint)
	if err != nil {
		return consumererror.NewPermanent(err)
	}
	query := target.Query()
	query.Set("hostname", e.config.Hostname)
	query.Set("now", strconv.FormatInt(time.Now().UnixMilli(), 10))
	target.RawQuery = query.Encode()

	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target.String(), body)
	if err != nil {
		return consumererror.NewPermanent(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("apikey", string(e.config.IngestKey))

	res, err := e.client.Do(req)
	if err != nil {
		return fmt.Errorf("sending logs to Mezmo: %w", err)
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64*1024))
	switch {
	case res.StatusCode >= 200 && res.StatusCode < 300:
		return nil
	case res.StatusCode == http.StatusTooManyRequests || res.StatusCode == http.StatusRequestTimeout || res.StatusCode >= 500:
		return fmt.Errorf("mezmo ingestion answered %d; will retry", res.StatusCode)
	default:
		// A bad key or a rejected body does not get better by sending it again.
		return consumererror.NewPermanent(fmt.Errorf("mezmo ingestion refused the logs with %d", res.StatusCode))
	}
}

// toLines turns log records into ingestion lines: the body as the line, the service as the
// app, the severity as the level, and the attributes plus trace context as metadata.
func toLines(logs plog.Logs) []line {
	out := make([]line, 0, logs.LogRecordCount())
	for i := 0; i < logs.ResourceLogs().Len(); i++ {
		resourceLogs := logs.ResourceLogs().At(i)
		app := ""
		if service, ok := resourceLogs.Resource().Attributes().Get("service.name"); ok {
			app = service.AsString()
		}
		for j := 0; j < resourceLogs.ScopeLogs().Len(); j++ {
			records := resourceLogs.ScopeLogs().At(j).LogRecords()
			for k := 0; k < records.Len(); k++ {
				out = append(out, toLine(records.At(k), app))
			}
		}
	}
	return out
}

func toLine(record plog.LogRecord, app string) line {
	timestamp := record.Timestamp()
	if timestamp == 0 {
		timestamp = record.ObservedTimestamp()
	}
	meta := record.Attributes().AsRaw()
	if !record.TraceID().IsEmpty() {
		meta["trace.id"] = record.TraceID().String()
	}
	if !record.SpanID().IsEmpty() {
		meta["span.id"] = record.SpanID().String()
	}
	level := record.SeverityText()
	if level == "" && record.SeverityNumber() != plog.SeverityNumberUnspecified {
		level = record.SeverityNumber().String()
	}
	text := record.Body().AsString()
	if record.Body().Type() == pcommon.ValueTypeEmpty {
		text = ""
	}
	if len(text) > maxLineBytes {
		text = text[:maxLineBytes]
	}
	return line{
		Timestamp: timestamp.AsTime().UnixMilli(),
		Line:      text,
		App:       app,
		Level:     level,
		Meta:      meta,
	}
}
