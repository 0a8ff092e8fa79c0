#!/usr/bin/env bash
# Validates the chart offline, as CI does: `helm lint`, `helm template` with each values file,
# every rendered manifest checked strictly (kubeconform -strict, no unknown field) against the
# API schemas of a pinned Kubernetes release, then the chart's properties asserted on the
# rendered output (test/chart/). No cluster and no chart repository is needed.
# Tools come from the Go module proxy (go install) and are kept, by version, in
# ${RESTAURANT_TOOLS:-~/.cache/restaurant-tools}; the schemas are made once per Kubernetes release
# from the OpenAPI document in the k8s.io/kubernetes module.
set -euo pipefail
cd "$(dirname "$0")"

HELM_VERSION=v4.3.2
KUBECONFORM_VERSION=v0.8.0
KUBERNETES_VERSION=v1.35.4

tools="${RESTAURANT_TOOLS:-$HOME/.cache/restaurant-tools}"
install() { # name, module path, version
  local bin="$tools/$1-$3/$1"
  if [ ! -x "$bin" ]; then
    echo "validate: installing $1 $3 (go install $2@$3)" >&2
    GOBIN="$tools/$1-$3" GOFLAGS=-mod=mod go install "$2@$3" >&2
  fi
  echo "$bin"
}
helm=$(install helm helm.sh/helm/v4/cmd/helm "$HELM_VERSION")
kubeconform=$(install kubeconform github.com/yannh/kubeconform/cmd/kubeconform "$KUBECONFORM_VERSION")

schemas="$tools/kubernetes-schemas-$KUBERNETES_VERSION"
if [ ! -f "$schemas/deployment-apps-v1.json" ]; then
  echo "validate: schemas of Kubernetes $KUBERNETES_VERSION (go mod download k8s.io/kubernetes)" >&2
  module=$(cd /tmp && GOFLAGS=-mod=mod go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" | node -e \
    "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(JSON.parse(s).Dir))")
  node kubernetes-schemas.mjs "$module/api/openapi-spec/swagger.json" "$schemas.tmp" >&2
  rm -rf "$schemas" && mv "$schemas.tmp" "$schemas"
fi

rendered="${CHART_RENDERED:-$(mktemp -d)}"
mkdir -p "$rendered"
for values in values.yaml values-local.yaml values-pipeline.yaml; do
  name="${values%.yaml}"
  "$helm" lint --strict restaurant -f "restaurant/$values"
  "$helm" template demo restaurant --namespace restaurant --kube-version "$KUBERNETES_VERSION" \
    -f "restaurant/$values" >"$rendered/$name.yaml"
done
"$kubeconform" -strict -summary -kubernetes-version "${KUBERNETES_VERSION#v}" \
  -schema-location "$schemas/{{ .ResourceKind }}{{ .KindSuffix }}.json" "$rendered"/*.yaml

cd ../..
CHART_RENDERED="$rendered" HELM="$helm" npx jest -c jest.chart.config.js
