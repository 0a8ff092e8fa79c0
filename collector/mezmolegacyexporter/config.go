// Package mezmolegacyexporter sends logs to Mezmo's legacy (LogDNA) ingestion API, for accounts
// without Mezmo Pipelines. The contrib `mezmo` exporter that did this was removed from the
// collector; this component speaks the same API: JSON `{"lines": [...]}` batches, the ingestion
// key in the `apikey` header, the host name as a query parameter.
package mezmolegacyexporter

import (
	"errors"
	"net/url"

	"go.opentelemetry.io/collector/config/confighttp"
	"go.opentelemetry.io/collector/config/configopaque"
	"go.opentelemetry.io/collector/config/configoptional"
	"go.opentelemetry.io/collector/config/configretry"
	"go.opentelemetry.io/collector/exporter/exporterhelper"
)

// DefaultIngestURL is Mezmo's legacy ingestion endpoint for OpenTelemetry logs.
const DefaultIngestURL = "https://logs.mezmo.com/otel/ingest/rest"

// Config of the exporter; `endpoint` is the ingestion URL.
type Config struct {
	ClientConfig confighttp.ClientConfig                                  `mapstructure:",squash"`
	QueueConfig  configoptional.Optional[exporterhelper.QueueBatchConfig] `mapstructure:"sending_queue"`
	RetryConfig  configretry.BackOffConfig                                `mapstructure:"retry_on_failure"`

	// IngestKey is the account's ingestion key.
	IngestKey configopaque.String `mapstructure:"ingest_key"`
	// Hostname is the host the lines are filed under in Mezmo.
	Hostname string `mapstructure:"hostname"`
}

// Validate says what is missing or wrong before the collector starts.
func (c *Config) Validate() error {
	if c.IngestKey == "" {
		return errors.New("ingest_key is required")
	}
	if c.Hostname == "" {
		return errors.New("hostname is required")
	}
	u, err := url.Parse(c.ClientConfig.Endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errors.New("endpoint must be an http or https URL")
	}
	return nil
}
