# IAM roles created where this policy cannot read their trust policies: by CloudFormation or
# Cloud Control.
package spacelift

import rego.v1

# IAM roles created by another service on the plan's behalf: a CloudFormation stack or stack set
# whose template creates roles (or hides what it creates: a template by URL or known only after
# apply, a transform such as AWS::Serverless, a nested stack), and an AWS::IAM::Role created
# through Cloud Control. Their trust policies are not in an aws_iam_role, and this policy does
# not read templates (YAML, intrinsic functions), so it cannot check them.
cloudformation_types := {"aws_cloudformation_stack", "aws_cloudformation_stack_set"}

role_template_markers := ["AWS::IAM::Role", "AWS::Serverless", "Transform", "AWS::CloudFormation::Stack"]

hidden_template := "its template is not in the plan (template_url, or known only after apply)"

cloud_control_role := "it creates an AWS::IAM::Role through Cloud Control"

created_or_updated(change) if {
	some action in change.change.actions
	action in {"create", "update"}
}

indirect_role_findings contains [change.address, hidden_template] if {
	some change in input.terraform.resource_changes
	change.type in cloudformation_types
	created_or_updated(change)
	not is_string(object.get(object.get(change.change, "after", {}), "template_body", null))
}

indirect_role_findings contains [change.address, concat("", ["its template holds ", marker])] if {
	some change in input.terraform.resource_changes
	change.type in cloudformation_types
	created_or_updated(change)
	template := change.change.after.template_body
	is_string(template)
	some marker in role_template_markers
	contains(template, marker)
}

indirect_role_findings contains [change.address, cloud_control_role] if {
	some change in input.terraform.resource_changes
	change.type == "aws_cloudcontrolapi_resource"
	created_or_updated(change)
	change.change.after.type_name == "AWS::IAM::Role"
}

unverifiable contains msg if {
	some [address, reason] in indirect_role_findings
	msg := concat("", [
		"stack-accounts: ", address, " may create IAM roles (", reason, ") whose trust policies ",
		"this policy cannot read, so it cannot check which accounts they trust. Create roles with ",
		"aws_iam_role (or awscc_iam_role), whose assume_role_policy it checks.",
	])
}
