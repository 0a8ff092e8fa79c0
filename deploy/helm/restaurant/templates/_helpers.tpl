{{/* The release's name for everything it makes, at most 63 characters. */}}
{{- define "restaurant.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "restaurant.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
app.kubernetes.io/part-of: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Selector labels of one component (app, gateway, postgresql). */}}
{{- define "restaurant.selector" -}}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* A value kept across upgrades: the one in the existing Secret, else `value`, else a new one. */}}
{{- define "restaurant.keptSecret" -}}
{{- $existing := lookup "v1" "Secret" .root.Release.Namespace .secret -}}
{{- if .value -}}
{{- .value | b64enc -}}
{{- else if and $existing (index $existing.data .key) -}}
{{- index $existing.data .key -}}
{{- else -}}
{{- randAlphaNum 32 | b64enc -}}
{{- end -}}
{{- end -}}

{{- define "restaurant.databaseSecret" -}}
{{- if .Values.postgresql.enabled -}}
{{- printf "%s-postgresql" (include "restaurant.fullname" .) -}}
{{- else -}}
{{- required "externalDatabase.existingSecret is required when postgresql.enabled is false" .Values.externalDatabase.existingSecret -}}
{{- end -}}
{{- end -}}

{{/* DATABASE_URL without its password: node-postgres takes it from PGPASSWORD. */}}
{{- define "restaurant.databaseUrl" -}}
{{- if .Values.postgresql.enabled -}}
{{- printf "postgres://%s@%s-postgresql:5432/%s" .Values.postgresql.auth.username (include "restaurant.fullname" .) .Values.postgresql.auth.database -}}
{{- else -}}
{{- required "externalDatabase.url is required when postgresql.enabled is false" .Values.externalDatabase.url -}}
{{- end -}}
{{- end -}}

{{- define "restaurant.mezmoSecret" -}}
{{- .Values.mezmo.existingSecret | default (printf "%s-mezmo" (include "restaurant.fullname" .)) -}}
{{- end -}}

{{/* What every container of the chart runs as: no root, no privilege, no writable image. */}}
{{- define "restaurant.containerSecurity" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: [ALL]
{{- end -}}

{{/* The mode and Mezmo settings, keys from the Secret (optional: a mode that needs one says so). */}}
{{- define "restaurant.mezmoEnv" -}}
- { name: MEZMO_MODE, value: {{ .Values.mezmo.mode | quote }} }
- { name: MEZMO_PIPELINE_URL, value: {{ .Values.mezmo.pipelineUrl | quote }} }
- { name: MEZMO_LOGS_PIPELINE_ID, value: {{ .Values.mezmo.logsPipelineId | quote }} }
- { name: MEZMO_METRICS_PIPELINE_ID, value: {{ .Values.mezmo.metricsPipelineId | quote }} }
- { name: MEZMO_TRACES_PIPELINE_ID, value: {{ .Values.mezmo.tracesPipelineId | quote }} }
- { name: MEZMO_LEGACY_LOGS_ENDPOINT, value: {{ .Values.mezmo.legacyLogsEndpoint | quote }} }
{{- range $key := list "MEZMO_LOGS_INGESTION_KEY" "MEZMO_METRICS_INGESTION_KEY" "MEZMO_TRACES_INGESTION_KEY" "MEZMO_LEGACY_INGESTION_KEY" }}
- name: {{ $key }}
  valueFrom:
    secretKeyRef: { name: {{ include "restaurant.mezmoSecret" $ }}, key: {{ $key }}, optional: true }
{{- end }}
{{- end -}}
