package spacelift_test

import rego.v1

# ---------------------------------------------------------------------------------------------
# Resources removed from the configuration
# ---------------------------------------------------------------------------------------------

destroy_input(provider_set, resources, address) := json.patch(plan_input("app-prod", provider_set, resources, {}), [{
	"op": "replace",
	"path": "/terraform/resource_changes",
	"value": [{
		"address": address, "mode": "managed", "type": "aws_s3_bucket", "name": "old",
		"provider_name": "registry.terraform.io/hashicorp/aws",
		"change": {"actions": ["delete"]},
	}],
}])

test_deny_destroy_of_removed_resource_without_root_default if {
	plan := destroy_input({"aws.prod": aws_provider("prod", constant_role(prod_role))}, [], "aws_s3_bucket.old")
	denied_with(plan, "aws_s3_bucket.old would be destroyed: removed from the configuration")
}

test_allow_destroy_of_removed_resource_with_declared_root_default if {
	clean(destroy_input({"aws": aws_provider("", constant_role(prod_role))}, [], "module.m[\"k\"].aws_s3_bucket.old[0]"))
}

test_allow_destroy_of_resource_still_configured if {
	provider_set := {"aws.prod": aws_provider("prod", constant_role(prod_role))}
	resources := [in_module("module.m.module.n", managed("aws_s3_bucket.old", "aws.prod"))]
	clean(destroy_input(provider_set, resources, "module.m[\"a]\\\"[b\"].module.n[3].aws_s3_bucket.old[\"x\"]"))
}
