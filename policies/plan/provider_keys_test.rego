package spacelift_test

import rego.v1

# ---------------------------------------------------------------------------------------------
# Which provider configurations are AWS configurations
# ---------------------------------------------------------------------------------------------

test_other_providers_are_ignored if {
	provider := {
		"name": "google", "full_name": "registry.terraform.io/hashicorp/google",
		"arguments": [], "expressions": {},
	}
	bucket := object.union(managed("google_storage_bucket.b", "google"), {"type": "google_storage_bucket"})
	clean(plan_input("app-prod", {"google": provider}, [bucket], {}))
}

test_provider_without_full_name_is_recognised_by_name if {
	plan := plan_input("app-prod", {"aws": {"name": "aws", "expressions": {}}}, [managed("aws_s3_bucket.logs", "aws")], {})
	denied_with(plan, "assumes no role")
}

test_every_aws_provider_source_is_judged if {
	every source in [
		"registry.opentofu.org/opentofu/aws",
		"registry.example.com/acme/aws",
		"registry.terraform.io/hashicorp/awscc",
	] {
		provider := object.union(roleless_provider("x"), {"name": "cloud", "full_name": source})
		plan := plan_input("app-prod", {"cloud.x": provider}, [], {})
		denied_with(plan, "provider configuration \"cloud.x\" assumes no role")
	}
}

test_fork_serving_aws_resources_is_judged if {
	provider := {"name": "fork", "full_name": "registry.example.com/acme/fork", "arguments": ["region"], "expressions": {}}
	plan := plan_input("app-prod", {"fork": provider}, [managed("aws_s3_bucket.logs", "fork")], {})
	denied_with(plan, "provider configuration \"fork\" (used by aws_s3_bucket.logs) assumes no role")
}

# ---------------------------------------------------------------------------------------------
# Module-scoped provider keys
# ---------------------------------------------------------------------------------------------

test_module_resource_with_root_alias_key if {
	plan := json.patch(single_provider_input("app-prod", constant_role(staging_role)), [{
		"op": "add",
		"path": "/third_party_metadata/custom/stack_accounts/configuration/resources/-",
		"value": in_module("module.net.module.inner", managed("aws_vpc.main", "aws.prod")),
	}])
	denied_with(plan, "(used by aws_s3_bucket.logs, module.net.module.inner.aws_vpc.main)")
}

test_module_scoped_provider_with_declared_constant_role if {
	provider := in_module("module.app", aws_provider("", constant_role(prod_role)))
	resources := [in_module("module.app", managed("aws_s3_bucket.data", "module.app:aws"))]
	clean(plan_input("app-prod", {"module.app:aws": provider}, resources, {}))
}

test_module_key_without_configuration_inherits_root_default if {
	resources := [in_module("module.app", managed("aws_s3_bucket.data", "module.app:aws"))]
	plan := plan_input("app-prod", {"aws": roleless_provider("")}, resources, {})
	denied_with(plan, "provider configuration \"aws\" (used by module.app.aws_s3_bucket.data) assumes no role")
}

# A module that declares required_providers (every published AWS module does), called from a
# wrapper module without any: Terraform writes the inner module's requirement as a provider
# configuration without arguments, which takes the root's.
required_providers_entry(module_address) := {
	"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws",
	"module_address": module_address,
	"expressions": {},
}

test_wrapper_module_inherits_the_root_role if {
	provider_set := {
		"aws": aws_provider("", constant_role(prod_role)),
		"module.wrapper.module.inner:aws": required_providers_entry("module.wrapper.module.inner"),
	}
	inner := "module.wrapper.module.inner"
	resources := [in_module(inner, managed("aws_s3_bucket.data", concat(":", [inner, "aws"])))]
	clean(plan_input("app-prod", provider_set, resources, {}))
}

test_module_inherits_the_nearest_calling_module_configuration if {
	provider_set := {
		"aws": aws_provider("", constant_role(prod_role)),
		"module.a:aws": in_module("module.a", aws_provider("", constant_role(staging_role))),
		"module.a.module.b:aws": required_providers_entry("module.a.module.b"),
	}
	resources := [in_module("module.a.module.b", managed("aws_s3_bucket.data", "module.a.module.b:aws"))]
	plan := plan_input("app-prod", provider_set, resources, {})
	denied_with(plan, "configuration \"module.a:aws\" (used by module.a.module.b.aws_s3_bucket.data) assumes role")
}

test_module_configuration_of_its_own_without_role_is_denied if {
	provider_set := {
		"aws": aws_provider("", constant_role(prod_role)),
		"module.m:aws": in_module("module.m", roleless_provider("")),
	}
	resources := [in_module("module.m", managed("aws_s3_bucket.data", "module.m:aws"))]
	denied_with(plan_input("app-prod", provider_set, resources, {}), "provider configuration \"module.m:aws\" (used by")
}

test_warn_pre_1_2_provider_keys if {
	resources := [in_module("module.api", managed("aws_api_gateway_account.main", "api:aws"))]
	plan := plan_input("app-prod", {"aws": aws_provider("", constant_role(prod_role))}, resources, {})
	warned_with(plan, "older than 1.2 (resource module.api.aws_api_gateway_account.main has provider key \"api:aws\")")
	count(decisions(plan).deny) == 0
}
