# Deployment rules of the team, as code. Conftest evaluates them against every YAML document:
#
#   conftest test --policy labs/devsecops/policy labs/containers/k8s
#
# Rego v1 syntax (OPA 1.x and Conftest 0.60 and later): rules use `if` and `contains`, and
# no `import rego.v1` is needed. Conftest reads `deny` (fails the run) and `warn` (reported
# only) from the package `main`.
package main

# The pod template of a Deployment; an empty object for any other kind of document.
pod_spec := input.spec.template.spec if input.kind == "Deployment"

default pod_spec := {}

# Every container of the pod, init containers included: they run with the same privileges.
containers contains container if {
	some container in pod_spec.containers
}

containers contains container if {
	some container in pod_spec.initContainers
}

# A container's securityContext field wins over the pod's, as in Kubernetes itself.
effective_security(container, field) := value if {
	container_context := object.get(container, "securityContext", {})
	pod_context := object.get(pod_spec, "securityContext", {})
	value := object.get(container_context, field, object.get(pod_context, field, null))
}

deployment_name := name if {
	name := object.get(input, ["metadata", "name"], "(unnamed)")
}

# Without a memory limit, one leaking container can take the memory of the whole node.
deny contains msg if {
	some container in containers
	not container.resources.limits.memory
	msg := sprintf(
		"Deployment %s: container %s has no memory limit (set resources.limits.memory)",
		[deployment_name, container.name],
	)
}

# A CPU limit is a trade-off (throttling, see the containers chapter): report it, do not block.
warn contains msg if {
	some container in containers
	not container.resources.limits.cpu
	msg := sprintf(
		"Deployment %s: container %s has no CPU limit (resources.limits.cpu)",
		[deployment_name, container.name],
	)
}

# runAsNonRoot: true makes the kubelet refuse to start the container as UID 0.
deny contains msg if {
	some container in containers
	effective_security(container, "runAsNonRoot") != true
	msg := sprintf(
		"Deployment %s: container %s may run as root (set securityContext.runAsNonRoot: true)",
		[deployment_name, container.name],
	)
}

# An explicit UID 0 is root, whatever the image says.
deny contains msg if {
	some container in containers
	effective_security(container, "runAsUser") == 0
	msg := sprintf(
		"Deployment %s: container %s sets runAsUser: 0 (root)",
		[deployment_name, container.name],
	)
}
