#!/bin/sh
# Regenerates k8s/rendered/ from the chart (default values and k8s/examples/*.yaml) with the
# same embedded Helm (helm-java) the tests use. Commit the result with the chart change.
#   k8s/render.sh
set -eu
cd "$(dirname "$0")/.."
exec ./mvnw -B -q -f k8s/pom.xml test -Dtest=RenderedManifestsTest -Dk8s.regenerate=true "$@"
