#!/usr/bin/env bash
# Install standalone Kubeflow Pipelines (no full Kubeflow platform) into a local kind cluster.
#   ./install-kfp.sh                        cluster "kfp", KFP 2.17.2
#   PIPELINE_VERSION=2.17.0 ./install-kfp.sh   another release from github.com/kubeflow/pipelines/releases
# Needs Docker (give it 4 CPUs and 8 GB of memory), kind and kubectl. Takes 5 to 15 minutes,
# mostly pulling images. Remove everything with: kind delete cluster --name kfp
set -euo pipefail

CLUSTER_NAME="${CLUSTER_NAME:-kfp}"
PIPELINE_VERSION="${PIPELINE_VERSION:-2.17.2}"
MANIFESTS="github.com/kubeflow/pipelines/manifests/kustomize"

if ! kind get clusters | grep -qx "$CLUSTER_NAME"; then
  kind create cluster --name "$CLUSTER_NAME" --wait 120s
fi
kubectl config use-context "kind-$CLUSTER_NAME"

# 1. Cluster-scoped resources: the kubeflow namespace, CRDs (Argo Workflows, Application,
#    ScheduledWorkflow...) and cluster roles. Wait until the API server knows the CRDs.
kubectl apply -k "$MANIFESTS/cluster-scoped-resources?ref=$PIPELINE_VERSION"
kubectl wait --for condition=established --timeout=60s crd/applications.app.k8s.io

# 2. The KFP services themselves. The platform-agnostic overlay bundles its own MySQL and
#    S3-compatible object store, and runs on any conformant cluster, including kind.
kubectl apply -k "$MANIFESTS/env/platform-agnostic?ref=$PIPELINE_VERSION"

echo "Waiting for every KFP deployment to become available (this is the slow part)..."
kubectl -n kubeflow wait --for=condition=Available deployment --all --timeout=20m
kubectl -n kubeflow get pods
echo "Done. UI and API: kubectl -n kubeflow port-forward svc/ml-pipeline-ui 8080:80"
