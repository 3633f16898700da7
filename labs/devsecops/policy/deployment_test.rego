# Unit tests for deployment.rego. Run them before trusting the policy:
#
#   conftest verify --policy labs/devsecops/policy
#
# Each test evaluates the rules against a small input built here, with `with input as`.
package main

# A Deployment that follows every rule: non-root at pod level, memory and CPU limits.
hardened := {
	"apiVersion": "apps/v1",
	"kind": "Deployment",
	"metadata": {"name": "todo-api"},
	"spec": {"template": {"spec": {
		"securityContext": {"runAsNonRoot": true, "runAsUser": 1000},
		"containers": [{
			"name": "todo-api",
			"image": "todo-api:0.1.0",
			"resources": {"limits": {"cpu": "500m", "memory": "128Mi"}},
		}],
	}}},
}

test_hardened_deployment_passes if {
	count(deny) == 0 with input as hardened
	count(warn) == 0 with input as hardened
}

test_missing_memory_limit_is_denied if {
	no_limits := json.patch(hardened, [{"op": "remove", "path": "/spec/template/spec/containers/0/resources"}])
	"Deployment todo-api: container todo-api has no memory limit (set resources.limits.memory)" in deny with input as no_limits
}

test_missing_cpu_limit_only_warns if {
	no_cpu := json.patch(hardened, [{"op": "remove", "path": "/spec/template/spec/containers/0/resources/limits/cpu"}])
	count(deny) == 0 with input as no_cpu
	count(warn) == 1 with input as no_cpu
}

test_pod_without_run_as_non_root_is_denied if {
	may_be_root := json.patch(hardened, [{"op": "remove", "path": "/spec/template/spec/securityContext/runAsNonRoot"}])
	"Deployment todo-api: container todo-api may run as root (set securityContext.runAsNonRoot: true)" in deny with input as may_be_root
}

test_container_setting_overrides_pod_setting if {
	root_container := json.patch(hardened, [{
		"op": "add",
		"path": "/spec/template/spec/containers/0/securityContext",
		"value": {"runAsNonRoot": false, "runAsUser": 0},
	}])
	count(deny) == 2 with input as root_container
}

test_other_kinds_are_ignored if {
	count(deny) == 0 with input as {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "todo-api"}}
}
