/**
 * A deterministic `terraform show -json` plan of any size, for benchmarks and scaling tests:
 * one aliased AWS provider per account (alias a<i>, allowed_account_ids [<account>], assume_role of
 * arn:aws:iam::<account>:role/spacelift-target), `resources` managed resources spread over
 * them round robin, every tenth inside module "shared" (which gets its provider from the root),
 * and every fiftieth an aws_iam_role whose trust policy trusts the provider's account.
 */
export const SYNTHETIC_ROLE_NAME = 'spacelift-target'

export function syntheticRoleArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:role/${SYNTHETIC_ROLE_NAME}`
}

export function syntheticPlan(resources: number, accounts: string[]): object {
  if (accounts.length === 0) throw new Error('syntheticPlan: at least one account')
  const providerConfig: Record<string, object> = {}
  accounts.forEach((accountId, i) => {
    providerConfig[`aws.a${i}`] = {
      name: 'aws',
      full_name: 'registry.terraform.io/hashicorp/aws',
      alias: `a${i}`,
      expressions: {
        region: { constant_value: 'eu-west-1' },
        allowed_account_ids: { constant_value: [accountId], references: [] },
        assume_role: [{ role_arn: { constant_value: syntheticRoleArn(accountId) }, session_name: { references: ['var.spacelift_run_id'] } }]
      }
    }
  })

  const rootResources: object[] = []
  const moduleResources: object[] = []
  const resourceChanges: object[] = []
  for (let n = 0; n < resources; n++) {
    const accountIndex = n % accounts.length
    const providerKey = `aws.a${accountIndex}`
    const isRole = n % 50 === 49
    const type = isRole ? 'aws_iam_role' : 'aws_s3_bucket'
    const name = `r${n}`
    const inModule = n % 10 === 9
    const localAddress = `${type}.${name}`
    const address = inModule ? `module.shared.${localAddress}` : localAddress
    const configResource = { address: localAddress, mode: 'managed', type, name, provider_config_key: providerKey, expressions: {}, schema_version: 0 }
    ;(inModule ? moduleResources : rootResources).push(configResource)
    const after = isRole
      ? {
          name,
          assume_role_policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accounts[accountIndex]}:root` }, Action: 'sts:AssumeRole' }]
          })
        }
      : { bucket: `bucket-${n}`, tags: { n: String(n) } }
    resourceChanges.push({
      address,
      ...(inModule ? { module_address: 'module.shared' } : {}),
      mode: 'managed',
      type,
      name,
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: { actions: ['create'], before: null, after, after_unknown: { arn: true, id: true } }
    })
  }

  return {
    format_version: '1.2',
    terraform_version: '1.9.8',
    variables: { spacelift_run_id: { value: 'run-synthetic' } },
    resource_changes: resourceChanges,
    configuration: {
      provider_config: providerConfig,
      root_module: {
        resources: rootResources,
        module_calls: { shared: { source: './shared', module: { resources: moduleResources } } }
      }
    }
  }
}
