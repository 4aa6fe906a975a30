package spacelift_test

import rego.v1

# ---------------------------------------------------------------------------------------------
# IAM roles created through CloudFormation or Cloud Control (red team)
# ---------------------------------------------------------------------------------------------

foreign_trust := trusting({"AWS": "arn:aws:iam::999999999999:root"})

indirect_change(type, actions, after) := {
	"address": concat(".", [type, "r"]),
	"type": type,
	"name": "r",
	"provider_name": "registry.terraform.io/hashicorp/aws",
	"change": {"actions": actions, "after": after},
}

with_changes(changes) := json.patch(single_provider_input("app-prod", constant_role(prod_role)), [{
	"op": "replace",
	"path": "/terraform/resource_changes",
	"value": changes,
}])

role_template := json.marshal({"Resources": {"Role": {
	"Type": "AWS::IAM::Role",
	"Properties": {"AssumeRolePolicyDocument": foreign_trust},
}}})

test_deny_cloudformation_stack_creating_roles if {
	every type in ["aws_cloudformation_stack", "aws_cloudformation_stack_set"] {
		plan := with_changes([indirect_change(type, ["create"], {"template_body": role_template})])
		denied_with(plan, concat("", [type, ".r may create IAM roles (its template holds AWS::IAM::Role)"]))
	}
}

test_deny_cloudformation_stack_with_hidden_template if {
	after := {"template_url": "https://example.com/t.yaml"}
	plan := with_changes([indirect_change("aws_cloudformation_stack", ["update"], after)])
	denied_with(plan, "aws_cloudformation_stack.r may create IAM roles (its template is not in the plan")
}

test_allow_cloudformation_stack_without_roles if {
	template := json.marshal({"Resources": {"Queue": {"Type": "AWS::SQS::Queue"}}})
	plan := with_changes([indirect_change("aws_cloudformation_stack", ["create"], {"template_body": template})])
	clean(plan)
}

test_deny_cloud_control_role if {
	state := json.marshal({"RoleName": "x", "AssumeRolePolicyDocument": foreign_trust})
	role := {"type_name": "AWS::IAM::Role", "desired_state": state}
	plan := with_changes([indirect_change("aws_cloudcontrolapi_resource", ["create"], role)])
	denied_with(plan, "aws_cloudcontrolapi_resource.r may create IAM roles (it creates an AWS::IAM::Role")
	queue := {"type_name": "AWS::SQS::Queue", "desired_state": "{}"}
	other := with_changes([indirect_change("aws_cloudcontrolapi_resource", ["create"], queue)])
	count(decisions(other).deny) == 0
}
