export const id = 776;
export const ids = [776];
export const modules = {

/***/ 2776:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  analyse: () => (/* binding */ analyse_analyse)
});

// EXTERNAL MODULE: ./src/common/diagnostics.ts
var common_diagnostics = __webpack_require__(177);
// EXTERNAL MODULE: ./src/common/readRegularFile.ts
var common_readRegularFile = __webpack_require__(5859);
// EXTERNAL MODULE: ./src/config/accounts.ts
var config_accounts = __webpack_require__(2232);
// EXTERNAL MODULE: ./src/config/role.ts
var config_role = __webpack_require__(4204);
// EXTERNAL MODULE: ./src/common/compareStrings.ts
var compareStrings = __webpack_require__(9678);
;// CONCATENATED MODULE: ./src/config/build.ts
/**
 * Validated raw data -> Declaration: defaults resolved, Spacelift's principal decided, lists
 * sorted. Only called once the schema and the rules found no error, so the shapes are known.
 */



function buildDeclaration(raw) {
    const { spacelift } = raw;
    const region = spacelift.aws_account_id === undefined ? (spacelift.region ?? 'eu') : null;
    const auth = spacelift.auth ?? 'integration';
    // The rules guarantee a host where Spacelift is self-hosted.
    const oidc = auth === 'integration'
        ? null
        : { host: spacelift.oidc?.host ?? (region === null ? '' : (0,config_accounts/* saasOidcHost */.kG)(spacelift.account, region)), space: spacelift.oidc?.space ?? '*' };
    const stackAuth = (declared) => (auth === 'both' ? (declared ?? 'integration') : auth);
    const accounts = Object.entries(raw.accounts)
        .map(([alias, account]) => ({
        alias,
        id: account.id,
        // The rules guarantee role and region exist here or in defaults.
        role: (0,config_role/* parseRoleRef */.X)(account.role ?? raw.defaults?.role ?? ''),
        region: account.region ?? raw.defaults?.region ?? '',
        externalId: account.external_id ?? null,
        bootstrapRole: (0,config_role/* parseRoleRef */.X)(account.bootstrap_role ?? raw.defaults?.bootstrap_role ?? config_accounts/* DEFAULT_BOOTSTRAP_ROLE */.CU)
    }))
        .sort((a, b) => (0,compareStrings/* compareStrings */.K)(a.alias, b.alias));
    const stacks = Object.entries(raw.stacks)
        .map(([id, stack]) => ({
        id,
        accounts: [...new Set(stack.accounts)].sort(compareStrings/* compareStrings */.K),
        access: stack.access ?? 'read-write',
        space: stack.space ?? oidc?.space ?? '*',
        auth: stackAuth(stack.auth)
    }))
        .sort((a, b) => (0,compareStrings/* compareStrings */.K)(a.id, b.id));
    return {
        version: 1,
        spacelift: {
            account: spacelift.account,
            region,
            principalAccountId: region === null ? (spacelift.aws_account_id ?? '') : config_accounts/* SPACELIFT_PRINCIPAL_ACCOUNT */.Nc[region],
            integrationId: spacelift.integration_id ?? null,
            sessionTags: spacelift.session_tags ?? false,
            externalIdMatch: spacelift.external_id_match ?? 'exact',
            spaceId: spacelift.space_id ?? 'root',
            auth,
            oidc
        },
        partition: raw.partition ?? 'aws',
        policy: { unverifiable: raw.policy?.unverifiable ?? 'deny' },
        hub: raw.hub === undefined
            ? null
            : {
                accountId: raw.hub.account_id,
                role: (0,config_role/* parseRoleRef */.X)(raw.hub.role),
                permissions: raw.hub.permissions ?? 'exact',
                organizationId: raw.hub.organization_id ?? null,
                bootstrapRole: (0,config_role/* parseRoleRef */.X)(raw.hub.bootstrap_role ??
                    Object.values(raw.accounts).find((account) => account.id === raw.hub?.account_id)?.bootstrap_role ??
                    raw.defaults?.bootstrap_role ??
                    config_accounts/* DEFAULT_BOOTSTRAP_ROLE */.CU)
            },
        awsRead: raw.aws_read === undefined
            ? null
            : {
                role: (0,config_role/* parseRoleRef */.X)(raw.aws_read.role),
                trusted: [...new Set(raw.aws_read.trusted)].sort(compareStrings/* compareStrings */.K)
            },
        accounts,
        stacks
    };
}

// EXTERNAL MODULE: ./src/config/didYouMean.ts
var didYouMean = __webpack_require__(8709);
;// CONCATENATED MODULE: ./src/config/issues.ts
function configError(path, message, at) {
    return { severity: 'error', path, message, at };
}
function configWarning(path, message, at) {
    return { severity: 'warning', path, message, at };
}

// EXTERNAL MODULE: ./src/common/append.ts
var append = __webpack_require__(957);
;// CONCATENATED MODULE: ./src/common/json.ts
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** Deep equality of JSON values, iterative (no recursion over the input's depth). */
function jsonEqual(a, b) {
    const stack = [[a, b]];
    while (stack.length) {
        const [x, y] = stack.pop();
        if (x === y)
            continue;
        if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null)
            return false;
        if (Array.isArray(x) !== Array.isArray(y))
            return false;
        if (Array.isArray(x) && Array.isArray(y)) {
            if (x.length !== y.length)
                return false;
            for (let i = 0; i < x.length; i++)
                stack.push([x[i], y[i]]);
            continue;
        }
        const rx = x;
        const ry = y;
        const kx = Object.keys(rx);
        if (kx.length !== Object.keys(ry).length)
            return false;
        for (const k of kx) {
            if (!Object.hasOwn(ry, k))
                return false;
            stack.push([rx[k], ry[k]]);
        }
    }
    return true;
}

;// CONCATENATED MODULE: ./src/config/rules.ts
/**
 * The rules of CONTRACT §1 that a JSON Schema cannot express. They read the raw data defensively
 * (it may also have failed the schema), so the user sees every problem in one run. Each rule is
 * linear in the number of accounts and stacks.
 */





const stringAt = (record, key) => {
    const value = record?.[key];
    return typeof value === 'string' ? value : undefined;
};
const entries = (value) => isObject(value) ? Object.entries(value).filter((entry) => isObject(entry[1])) : [];
/** CONTRACT §1 alias pattern (the schema reports aliases that break it). */
const ALIAS = /^[a-z][a-z0-9_]{0,62}$/;
/** IAM caps a role's path at 512 characters. */
const MAX_ROLE_PATH = 512;
function ruleIssues(data, index) {
    if (!isObject(data))
        return [];
    return [
        ...spaceliftPrincipalRules(data),
        ...authRules(data),
        ...compactFormRules(data),
        ...roleRules(data),
        ...accountRules(data, index),
        ...stackRules(data, index),
        ...bootstrapRoleRules(data),
        ...awsReadRules(data)
    ];
}
/** `region` xor `aws_account_id`; Spacelift SaaS principals live in the aws partition. */
function spaceliftPrincipalRules(data) {
    const spacelift = isObject(data.spacelift) ? data.spacelift : undefined;
    if (!spacelift)
        return [];
    const issues = [];
    const selfHosted = spacelift.aws_account_id !== undefined;
    if (selfHosted && spacelift.region !== undefined) {
        issues.push(configError(['spacelift', 'aws_account_id'], 'set either spacelift.region (Spacelift SaaS) or spacelift.aws_account_id (self-hosted), not both', 'key'));
    }
    const partition = stringAt(data, 'partition');
    if (partition !== undefined && partition !== 'aws' && !selfHosted) {
        const region = stringAt(spacelift, 'region') ?? 'eu';
        issues.push(configError(['partition'], `partition ${partition} needs a self-hosted Spacelift (spacelift.aws_account_id): Spacelift SaaS (region ${region}) assumes roles from the aws partition`));
    }
    return issues;
}
/**
 * `spacelift.auth` (CONTRACT §1): the hub is needed by integration and both; Spacelift's OIDC host
 * cannot be guessed for a self-hosted Spacelift; the OIDC keys mean nothing with auth integration,
 * and a stack's own `auth` only chooses between the two ways in under both.
 */
function authRules(data) {
    const spacelift = isObject(data.spacelift) ? data.spacelift : undefined;
    if (!spacelift)
        return [];
    const auth = stringAt(spacelift, 'auth') ?? 'integration';
    const issues = [];
    if (auth !== 'oidc' && data.hub === undefined) {
        issues.push(configError([], `missing required key 'hub': spacelift.auth ${auth} reaches the accounts through the hub role (only auth: oidc needs no hub)`, 'key'));
    }
    if (auth === 'oidc' && data.hub !== undefined) {
        issues.push(configWarning(['hub'], 'spacelift.auth is oidc: no stack goes through the hub, so nothing is generated for it (remove hub, or use auth: both while moving)', 'key'));
    }
    const oidc = isObject(spacelift.oidc) ? spacelift.oidc : undefined;
    if (auth === 'integration') {
        if (spacelift.oidc !== undefined) {
            issues.push(configError(['spacelift', 'oidc'], 'spacelift.oidc is read only with spacelift.auth: oidc or both; set auth, or remove oidc', 'key'));
        }
    }
    else if (spacelift.aws_account_id !== undefined && oidc?.host === undefined) {
        issues.push(configError(['spacelift', 'auth'], `auth ${auth} with a self-hosted Spacelift (aws_account_id) needs spacelift.oidc.host: the hostname of your Spacelift server, as in the token's iss (https://<host>) and aud`));
    }
    for (const [stack, declaration] of entries(data.stacks)) {
        if (declaration.auth !== undefined && auth !== 'both') {
            issues.push(configError(['stacks', stack, 'auth'], `a stack's auth chooses between the hub and OIDC only with spacelift.auth: both (it is ${auth})`, 'key'));
        }
        if (declaration.space !== undefined && auth === 'integration') {
            issues.push(configError(['stacks', stack, 'space'], "space is the Spacelift space in the stack's OIDC sub: set spacelift.auth to oidc or both, or remove it", 'key'));
        }
    }
    return issues;
}
/**
 * What the compact forms need (CONTRACT §1): `external_id_match: integration` names the integration
 * in its one external ID pattern, so integration_id must be set (without it the pattern would match
 * every integration of the Spacelift account); `hub.permissions: organization` needs the
 * organization it limits the hub to.
 */
function compactFormRules(data) {
    const issues = [];
    const spacelift = isObject(data.spacelift) ? data.spacelift : undefined;
    if (stringAt(spacelift, 'external_id_match') === 'integration' && spacelift?.integration_id === undefined) {
        issues.push(configError(['spacelift', 'external_id_match'], 'external_id_match: integration needs spacelift.integration_id: the hub trusts <account>@<integration_id>@*, and without the ID that would be every integration of the Spacelift account'));
    }
    const hub = isObject(data.hub) ? data.hub : undefined;
    if (stringAt(hub, 'permissions') === 'organization' && hub?.organization_id === undefined) {
        issues.push(configError(['hub', 'permissions'], "permissions: organization needs hub.organization_id (o-...): the hub may then assume the target role names in that organization's accounts only"));
    }
    return issues;
}
/**
 * Role names and paths by IAM's rules (the schema checks the characters, [\w+=,.@-]): a name of
 * 1-64 characters, a path of at most 512 that begins and ends with "/"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names,
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html). "." and ".." fit IAM's
 * character set but are refused: they would be read as directories in the files `render` writes
 * (iam/<account>/<name>.trust.json) and in role ARNs they read like a path that climbs.
 */
function roleRules(data) {
    const hub = isObject(data.hub) ? data.hub : undefined;
    const defaults = isObject(data.defaults) ? data.defaults : undefined;
    const roles = [
        [['hub', 'role'], stringAt(hub, 'role')],
        [['hub', 'bootstrap_role'], stringAt(hub, 'bootstrap_role')],
        [['defaults', 'role'], stringAt(defaults, 'role')],
        [['defaults', 'bootstrap_role'], stringAt(defaults, 'bootstrap_role')],
        [['aws_read', 'role'], stringAt(isObject(data.aws_read) ? data.aws_read : undefined, 'role')],
        ...entries(data.accounts).flatMap(([alias, account]) => [
            [['accounts', alias, 'role'], stringAt(account, 'role')],
            [['accounts', alias, 'bootstrap_role'], stringAt(account, 'bootstrap_role')]
        ])
    ];
    const issues = [];
    for (const [path, role] of roles) {
        if (role === undefined)
            continue;
        const ref = (0,config_role/* parseRoleRef */.X)(role);
        if (ref.path.length > MAX_ROLE_PATH) {
            issues.push(configError(path, `the role path is longer than IAM's ${MAX_ROLE_PATH} characters`));
        }
        if (ref.name === '.' || ref.name === '..') {
            issues.push(configError(path, `role name ${JSON.stringify(ref.name)} is refused: it would be read as a directory in the generated files and in the role ARN; IAM role names are 1-64 of A-Z a-z 0-9 _+=,.@- (use letters or digits too)`));
        }
        if (ref.path.split('/').some((segment) => segment === '.' || segment === '..')) {
            issues.push(configError(path, `role path ${JSON.stringify(ref.path)} has a "." or ".." segment; refused (IAM paths are /segment/.../, each segment a plain name)`));
        }
    }
    return issues;
}
/**
 * Role and region present here or in defaults; region within the partition; one alias per
 * account ID; no target role that is the hub role itself. A target role in the hub account is
 * fine (a stack may manage the shared-services account), as long as it is another role.
 */
function accountRules(data, index) {
    const defaults = isObject(data.defaults) ? data.defaults : undefined;
    const partition = stringAt(data, 'partition') ?? 'aws';
    const hub = isObject(data.hub) ? data.hub : undefined;
    const hubId = stringAt(hub, 'account_id');
    const hubRole = stringAt(hub, 'role');
    const issues = [];
    const aliasById = new Map();
    const defaultRegion = stringAt(defaults, 'region');
    if (defaultRegion !== undefined)
        (0,append/* appendAll */.u)(issues, regionPartitionIssues(['defaults', 'region'], defaultRegion, partition));
    const withoutRole = [];
    const withoutRegion = [];
    for (const [alias, account] of entries(data.accounts)) {
        const role = stringAt(account, 'role') ?? stringAt(defaults, 'role');
        if (account.role === undefined && defaults?.role === undefined)
            withoutRole.push(alias);
        if (account.region === undefined && defaults?.region === undefined)
            withoutRegion.push(alias);
        const region = stringAt(account, 'region');
        if (region !== undefined)
            (0,append/* appendAll */.u)(issues, regionPartitionIssues(['accounts', alias, 'region'], region, partition));
        const id = stringAt(account, 'id');
        if (id === undefined)
            continue;
        const earlier = aliasById.get(id);
        if (earlier !== undefined) {
            const { line } = index.locate(['accounts', earlier, 'id']);
            issues.push(configError(['accounts', alias, 'id'], `account ${id} is already declared as '${earlier}' (line ${line}): use one alias per account`));
        }
        else {
            aliasById.set(id, alias);
        }
        if (id === hubId && role !== undefined && hubRole !== undefined && sameRole(role, hubRole)) {
            issues.push(configError(['accounts', alias, account.role === undefined ? 'id' : 'role'], `this target role is the hub role itself (${hubRole} in ${id}): give the target role in the hub account another name ` +
                '(IAM role names are unique in an account whatever the path and case)'));
        }
    }
    (0,append/* appendAll */.u)(issues, missingFieldIssues('role', withoutRole), missingFieldIssues('region', withoutRegion));
    return issues;
}
/** One error per account that lacks the field, or a single one when many do (a missing default). */
function missingFieldIssues(field, aliases) {
    if (aliases.length <= 3) {
        return aliases.map((alias) => configError(['accounts', alias], `no ${field}: set accounts.${alias}.${field} or defaults.${field}`, 'key'));
    }
    const named = `${aliases.slice(0, 3).join(', ')} and ${aliases.length - 3} more`;
    return [configError(['accounts'], `${aliases.length} accounts have no ${field} (${named}): set defaults.${field}, or ${field} in each account`, 'key')];
}
/**
 * Whether two role references name one IAM role of an account: role names are unique in an account
 * whatever the path, and "Names are not distinguished by case" (so /a/Hub and /b/hub are one role).
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html (RoleName)
 */
function sameRole(a, b) {
    return (0,config_role/* parseRoleRef */.X)(a).name.toLowerCase() === (0,config_role/* parseRoleRef */.X)(b).name.toLowerCase();
}
/** The partition a region belongs to; undefined for partitions this tool does not support. */
function partitionOfRegion(region) {
    if (region.startsWith('cn-'))
        return 'aws-cn';
    if (region.startsWith('us-gov-'))
        return 'aws-us-gov';
    if (/^[a-z]{2}-iso[a-z]*-/.test(region))
        return undefined;
    return 'aws';
}
function regionPartitionIssues(path, region, partition) {
    const regionPartition = partitionOfRegion(region);
    if (regionPartition === undefined) {
        return [configError(path, `region ${region} is in an isolated AWS partition, which stack-accounts does not support`)];
    }
    if (regionPartition !== partition) {
        return [configError(path, `region ${region} is in partition ${regionPartition}, but partition is ${partition}`)];
    }
    return [];
}
/** Every alias a stack lists exists, once; every account is listed by some stack (else a warning). */
function stackRules(data, index) {
    // Without a mapping of accounts (already an error), every alias would look unknown: say nothing more.
    if (!isObject(data.accounts))
        return [];
    const declared = new Set(Object.keys(data.accounts));
    const reached = new Set();
    const issues = [];
    for (const [stack, declaration] of entries(data.stacks)) {
        if (!Array.isArray(declaration.accounts))
            continue;
        const firstPosition = new Map();
        declaration.accounts.forEach((alias, position) => {
            if (typeof alias !== 'string')
                return;
            const path = ['stacks', stack, 'accounts', position];
            const earlier = firstPosition.get(alias);
            if (earlier !== undefined) {
                const { line, column } = index.locate(['stacks', stack, 'accounts', earlier]);
                issues.push(configError(path, `'${alias}' is listed twice (first at line ${line}, column ${column}): list each account once`));
                return;
            }
            firstPosition.set(alias, position);
            if (declared.has(alias)) {
                reached.add(alias);
                return;
            }
            const suggestion = (0,didYouMean/* didYouMean */.a)(alias, declared);
            const hint = suggestion ? `; did you mean '${suggestion}'?` : ': declare it under accounts';
            issues.push(configError(path, `unknown account alias '${alias}'${hint}`));
        });
    }
    if (isObject(data.stacks)) {
        for (const alias of declared) {
            if (!reached.has(alias) && ALIAS.test(alias)) {
                issues.push(configWarning(['accounts', alias], 'no stack lists this account: nothing is generated for it', 'key'));
            }
        }
    }
    return issues;
}
/**
 * terraform/iam/ has one provider per account ID: the hub account and an account declared with the
 * hub's ID share it, so they must not name two different bootstrap roles.
 */
function bootstrapRoleRules(data) {
    const hub = isObject(data.hub) ? data.hub : undefined;
    const hubBootstrap = stringAt(hub, 'bootstrap_role');
    const hubId = stringAt(hub, 'account_id');
    if (hubBootstrap === undefined || hubId === undefined)
        return [];
    return entries(data.accounts)
        .filter(([, account]) => stringAt(account, 'id') === hubId && stringAt(account, 'bootstrap_role') !== undefined)
        .filter(([, account]) => stringAt(account, 'bootstrap_role') !== hubBootstrap)
        .map(([alias]) => configError(['accounts', alias, 'bootstrap_role'], `account ${hubId} is the hub account, whose bootstrap role hub.bootstrap_role names (${hubBootstrap}): terraform/iam/ uses one role per account; set it in one place`));
}
/**
 * The read role (aws_read.role) goes into the hub account and every declared account: it must not
 * be the hub role or a target role there (IAM role names are unique in an account, whatever the
 * path and case), and a trusted role ARN must be in the declared partition.
 */
function awsReadRules(data) {
    const awsRead = isObject(data.aws_read) ? data.aws_read : undefined;
    const readRole = stringAt(awsRead, 'role');
    if (awsRead === undefined)
        return [];
    const issues = [];
    // CI enters through the hub account's read role; without a hub there is nowhere to enter.
    if (!isObject(data.hub))
        issues.push(configError(['aws_read'], 'needs hub: the read role of the hub account is the one CI assumes first'));
    const partition = stringAt(data, 'partition') ?? 'aws';
    if (Array.isArray(awsRead.trusted)) {
        awsRead.trusted.forEach((trusted, position) => {
            if (typeof trusted === 'string' && trusted.startsWith('arn:') && !trusted.startsWith(`arn:${partition}:`)) {
                issues.push(configError(['aws_read', 'trusted', position], `this role is not in partition ${partition}, where the read role is`));
            }
        });
    }
    if (readRole === undefined)
        return issues;
    const hub = isObject(data.hub) ? data.hub : undefined;
    const hubRole = stringAt(hub, 'role');
    if (hubRole !== undefined && sameRole(readRole, hubRole)) {
        issues.push(configError(['aws_read', 'role'], `the read role would be the hub role itself (${hubRole}): give it another name`));
    }
    const defaults = isObject(data.defaults) ? data.defaults : undefined;
    const clashes = entries(data.accounts)
        .filter(([, account]) => {
        const role = stringAt(account, 'role') ?? stringAt(defaults, 'role');
        return role !== undefined && sameRole(readRole, role);
    })
        .map(([alias]) => alias);
    if (clashes.length > 0) {
        issues.push(configError(['aws_read', 'role'], `the read role would be the target role of ${clashes.slice(0, 3).join(', ')}${clashes.length > 3 ? ` and ${clashes.length - 3} more` : ''}: give it another name (IAM role names are unique in an account whatever the path and case)`));
    }
    return issues;
}

// EXTERNAL MODULE: ./node_modules/ajv/dist/ajv.js
var dist_ajv = __webpack_require__(2463);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./schema/accounts.schema.json
const accounts_schema_namespaceObject = /*#__PURE__*/JSON.parse('{"$schema":"http://json-schema.org/draft-07/schema#","title":"stack-accounts accounts.yaml (version 1)","description":"Which AWS accounts each Spacelift stack may reach through the hub role. Add `# yaml-language-server: $schema=<path>/accounts.schema.json` at the top of accounts.yaml for completion and checks in your editor. stack-accounts validates further rules a schema cannot express (aliases a stack names exist, account IDs unique, ...).","type":"object","additionalProperties":false,"required":["version","spacelift","accounts","stacks"],"properties":{"version":{"description":"Format version of this file. Always 1.","type":"integer","const":1,"examples":[1]},"spacelift":{"description":"The Spacelift account and its AWS integration.","type":"object","additionalProperties":false,"required":["account"],"properties":{"account":{"description":"Spacelift account name: `acme` for acme.app.spacelift.io.","type":"string","pattern":"^[a-z0-9][a-z0-9-]{0,62}$","patternErrorMessage":"must be the Spacelift account name as in <name>.app.spacelift.io: lowercase letters, digits and \'-\'","examples":["acme"]},"region":{"description":"Spacelift SaaS region, which decides Spacelift\'s AWS principal: eu (324880187172, default) or us (577638371743). Leave out when `aws_account_id` is set.","type":"string","enum":["eu","us"],"default":"eu"},"aws_account_id":{"description":"Self-hosted Spacelift: the AWS account whose root principal assumes the hub role. Instead of `region`. A quoted 12-digit string.","$ref":"#/definitions/accountId"},"integration_id":{"description":"The Spacelift AWS integration ID (a 26-character ULID, shown under Integrations > AWS). Without it, external IDs match any integration (`*`).","type":"string","pattern":"^[0-7][0-9A-HJKMNP-TV-Z]{25}$","patternErrorMessage":"must be a Spacelift integration ID: 26 characters of 0-9 and uppercase A-Z (a ULID), e.g. 01HZX3Q5M8K2V7W9ABCDEFGHJK","examples":["01HZX3Q5M8K2V7W9ABCDEFGHJK"]},"session_tags":{"description":"Set true when the integration has \\"Enable tag session\\" on: target roles then trust only the stacks that list them (aws:PrincipalTag/stack). Default false.","type":"boolean","default":false},"external_id_match":{"description":"exact (default): the hub trusts each stack\'s read and write external IDs. stack: one wildcard value per read-write stack. integration (needs integration_id): one value <account>@<integration_id>@* whatever the number of stacks; which stacks may use the integration is then decided by the generated spacelift_aws_integration_attachment resources, and which accounts each stack reaches by the target roles\' aws:PrincipalTag/stack condition (session_tags).","type":"string","enum":["exact","stack","integration"],"default":"exact"},"space_id":{"description":"Spacelift space of the integration, the plan policy and the context. Default root.","type":"string","pattern":"^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$","patternErrorMessage":"must be a Spacelift space ID such as root or my-space-01HZX3Q5M8K2V7W9ABCDEFGHJK","default":"root","examples":["root"]},"auth":{"description":"How stacks reach their accounts. integration (default): through the hub role of Spacelift\'s AWS integration. oidc: with the run\'s Spacelift OIDC token straight into each target role (AssumeRoleWithWebIdentity), per stack and token scope; no hub. both: target roles trust the hub and the OIDC token, for moving stacks one at a time (stacks.<id>.auth). hub is required by integration and both.","type":"string","enum":["integration","oidc","both"],"default":"integration"},"oidc":{"description":"Spacelift\'s OIDC identity provider, with auth oidc or both.","type":"object","additionalProperties":false,"properties":{"host":{"description":"The Spacelift account\'s hostname: the token\'s aud, and its iss without https://. Default <account>.app.spacelift.io (region eu) or <account>.app.us.spacelift.io (region us); required for a self-hosted Spacelift.","type":"string","pattern":"^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$","patternErrorMessage":"must be a lowercase hostname such as acme.app.spacelift.io (no https://, port or path)","examples":["acme.app.spacelift.io"]},"space":{"description":"The Spacelift space ID written into every stack\'s sub pattern (space:<space>:stack:<id>:...). Default * (any space); a stack may set its own with stacks.<id>.space.","$ref":"#/definitions/oidcSpace"}}}}},"partition":{"description":"AWS partition of the hub and all accounts. Spacelift SaaS runs in aws; the others need a self-hosted Spacelift (`spacelift.aws_account_id`).","type":"string","enum":["aws","aws-us-gov","aws-cn"],"default":"aws"},"policy":{"description":"How the Spacelift plan policy treats what a plan does not show enough of to judge.","type":"object","additionalProperties":false,"properties":{"unverifiable":{"description":"deny (default): the plan policy denies a run whose plan it cannot check (a trust policy it cannot read, a provider role it cannot resolve); warn: it only warns, for teams that accept the risk.","type":"string","enum":["deny","warn"],"default":"deny"}}},"hub":{"description":"The shared-services account whose role the Spacelift integration assumes. Required unless spacelift.auth is oidc.","type":"object","additionalProperties":false,"required":["account_id","role"],"properties":{"account_id":{"description":"Hub account ID, a quoted 12-digit string.","$ref":"#/definitions/accountId"},"role":{"description":"Hub role: a role name, or /path/name.","$ref":"#/definitions/role"},"permissions":{"description":"How the hub role\'s permission policy names the target roles. exact (default): every target role ARN (about 200 accounts fit IAM\'s 10,240-character inline quota). accounts: one statement per distinct target role path and name, any listed account (aws:ResourceAccount; about 650 accounts fit). organization: the same statements limited to hub.organization_id (aws:ResourceOrgID), constant in size.","type":"string","enum":["exact","accounts","organization"],"default":"exact"},"organization_id":{"description":"The AWS Organizations ID (o- followed by 10 to 32 lowercase letters or digits) that holds the target accounts. Required by permissions: organization.","type":"string","pattern":"^o-[a-z0-9]{10,32}$","patternErrorMessage":"must be an AWS Organizations ID: o- followed by 10 to 32 lowercase letters or digits, e.g. o-a1b2c3d4e5","examples":["o-a1b2c3d4e5"]},"bootstrap_role":{"description":"The role terraform/iam/ assumes in the hub account to create the hub role and the read role: a role name or /path/name. Default: that of the declared account with the hub\'s ID, else defaults.bootstrap_role, else OrganizationAccountAccessRole.","$ref":"#/definitions/role"}}},"aws_read":{"description":"The read role `diff --aws` (and the action with aws: true) reads live IAM through. render generates it in the hub account, trusting `trusted`, and in every account some stack reaches, trusting the hub\'s read role; each may read the roles stack-accounts generates there and their policies, nothing else.","type":"object","additionalProperties":false,"required":["role","trusted"],"properties":{"role":{"description":"The read role\'s name, or /path/name; the same in every account. Pass it as --aws-read-role / aws-read-role.","$ref":"#/definitions/role","examples":["stack-accounts-read"]},"trusted":{"description":"Who may assume the read role in the hub: GitHub OIDC subjects of the workflow that runs the check (repo:<owner>/<repo>:<context>, a * allowed after the repository, e.g. repo:acme/infra:pull_request), through the account\'s token.actions.githubusercontent.com OIDC provider, and/or IAM role ARNs. A list, e.g. [repo:acme/infra:pull_request].","type":"array","minItems":1,"items":{"$ref":"#/definitions/readTrusted"}}}},"defaults":{"description":"Copied into every account that does not set the field.","type":"object","additionalProperties":false,"properties":{"role":{"description":"Default target role: a role name, or /path/name.","$ref":"#/definitions/role"},"region":{"description":"Default region of the generated Terraform providers.","$ref":"#/definitions/region"},"bootstrap_role":{"description":"Default role terraform/iam/ assumes in each account to create its roles (default OrganizationAccountAccessRole, which AWS Organizations creates in the accounts it creates; an invited account or the management account has none).","$ref":"#/definitions/role"}}},"accounts":{"description":"The target accounts. Key = alias, also the Terraform provider alias: a lowercase letter, then up to 62 lowercase letters, digits or \'_\'.","type":"object","minProperties":1,"propertyNames":{"$ref":"#/definitions/alias"},"additionalProperties":{"$ref":"#/definitions/account"}},"stacks":{"description":"The Spacelift stacks. Key = stack ID (the slug in the stack\'s URL).","type":"object","minProperties":1,"propertyNames":{"$ref":"#/definitions/stackId"},"additionalProperties":{"$ref":"#/definitions/stack"}}},"definitions":{"accountId":{"type":"string","pattern":"^[0-9]{12}$","patternErrorMessage":"must be exactly 12 digits, quoted, e.g. \\"012345678901\\"","examples":["111111111111"]},"role":{"type":"string","pattern":"^(/([A-Za-z0-9_+=,.@-]+/)*)?[A-Za-z0-9_+=,.@-]{1,64}$","patternErrorMessage":"must be an IAM role name (1-64 of A-Z a-z 0-9 _+=,.@-), optionally after a path: /path/name","examples":["spacelift-target","/spacelift/target"]},"region":{"type":"string","pattern":"^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$","patternErrorMessage":"must be an AWS region such as eu-west-1","examples":["eu-west-1","us-east-1"]},"oidcSpace":{"type":"string","pattern":"^(\\\\*|[A-Za-z0-9][A-Za-z0-9_-]{0,127})$","patternErrorMessage":"must be * or a Spacelift space ID such as root or production-01HND497T9JKR76MR3KA2CDJHP","examples":["*","production-01HND497T9JKR76MR3KA2CDJHP"]},"alias":{"type":"string","pattern":"^[a-z][a-z0-9_]{0,62}$","patternErrorMessage":"must be a lowercase letter followed by up to 62 lowercase letters, digits or \'_\' (it becomes a Terraform provider alias)"},"stackId":{"type":"string","pattern":"^[a-z0-9][a-z0-9_-]*$","patternErrorMessage":"must be a Spacelift stack ID (slug): lowercase letters, digits, \'-\' and \'_\', starting with a letter or digit"},"account":{"description":"A target account reached through its target role.","type":"object","additionalProperties":false,"required":["id"],"properties":{"id":{"description":"AWS account ID, a quoted 12-digit string.","$ref":"#/definitions/accountId"},"role":{"description":"Target role: a role name, or /path/name. Required here or in defaults.","$ref":"#/definitions/role"},"region":{"description":"Region of the generated Terraform provider. Required here or in defaults.","$ref":"#/definitions/region"},"external_id":{"description":"Optional: the target role then requires this sts:ExternalId. 2-1224 characters of A-Z a-z 0-9 _+=,.@:/-.","type":"string","pattern":"^[A-Za-z0-9_+=,.@:/-]{2,1224}$","patternErrorMessage":"must be 2-1224 characters of A-Z a-z 0-9 and _+=,.@:/- (the sts:ExternalId charset)"},"bootstrap_role":{"description":"The role terraform/iam/ assumes in this account to create its roles. Default: defaults.bootstrap_role, else OrganizationAccountAccessRole.","$ref":"#/definitions/role"}}},"stack":{"description":"A Spacelift stack and the accounts it may reach.","type":"object","additionalProperties":false,"required":["accounts"],"properties":{"accounts":{"description":"Aliases of the accounts this stack may reach (keys under `accounts`).","type":"array","minItems":1,"items":{"type":"string"}},"access":{"description":"read-write (default) or read-only. Through the hub, read-only removes the stack\'s write external ID on the hub; during plan the hub session can still assume the target roles, so it is advisory. With OIDC the target roles accept only the stack\'s read-scope tokens: IAM enforces it.","type":"string","enum":["read-write","read-only"],"default":"read-write"},"space":{"description":"The Spacelift space ID in this stack\'s OIDC sub pattern. Default spacelift.oidc.space.","$ref":"#/definitions/oidcSpace"},"auth":{"description":"Only with spacelift.auth both: how this stack\'s generated providers get credentials, integration (default: the hub) or oidc (web identity).","type":"string","enum":["integration","oidc"]}}},"readTrusted":{"type":"string","pattern":"^(repo:[A-Za-z0-9_.-]+(@[0-9]+)?/[A-Za-z0-9_.-]+(@[0-9]+)?:[A-Za-z0-9_.:/@+=,*-]+|arn:aws(-us-gov|-cn)?:iam::[0-9]{12}:role/([A-Za-z0-9_+=,.@-]+/)*[A-Za-z0-9_+=,.@-]{1,64})$","patternErrorMessage":"must be a GitHub OIDC subject repo:<owner>/<repo>:<context> or, with immutable subject claims, repo:<owner>@<id>/<repo>@<id>:<context> (e.g. repo:acme/infra:pull_request; * only after the repository) or an IAM role ARN arn:aws:iam::<account>:role/<name>","examples":["repo:acme/infra:pull_request","repo:acme/infra:ref:refs/heads/main"]}}}');
;// CONCATENATED MODULE: ./src/config/shape.ts
/**
 * Checks the data against schema/accounts.schema.json (the same file editors use for completion)
 * and turns every ajv error into a short, specific issue: unknown keys get a did-you-mean, account
 * IDs written as YAML numbers are told to be quoted (with the leading zero YAML dropped), YAML 1.1
 * booleans are told to be true/false.
 */





/** Keys whose value is an AWS account ID. */
const ACCOUNT_ID_KEYS = new Set(['id', 'account_id', 'aws_account_id']);
/** Scalars YAML 1.1 read as booleans and YAML 1.2 (used here) reads as strings. */
const YAML11_BOOLEANS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'on', 'On', 'ON', 'off', 'Off', 'OFF']);
let compiled;
function validator() {
    if (!compiled) {
        const ajv = new dist_ajv.Ajv({ allErrors: true, verbose: true, strict: true });
        // Editor-only annotations (VS Code / yaml-language-server); we read patternErrorMessage too.
        ajv.addVocabulary(['patternErrorMessage', 'markdownDescription']);
        compiled = ajv.compile(accounts_schema_namespaceObject);
    }
    return compiled;
}
function shapeIssues(data, index, text) {
    const validate = validator();
    if (validate(data))
        return [];
    const byPlace = new Map();
    for (const error of validate.errors ?? []) {
        const issue = describe(error, index, text);
        if (!issue)
            continue;
        const place = `${issue.path.join('\u0000')}\u0001${typeof issue.at === 'object' ? 'position' : String(issue.at)}`;
        const earlier = byPlace.get(place);
        // One message per place; a wrong type explains the problem better than what follows from it.
        if (!earlier || (error.keyword === 'type' && earlier.error.keyword !== 'type'))
            byPlace.set(place, { error, issue });
    }
    return [...byPlace.values()].map((entry) => entry.issue);
}
function describe(error, index, text) {
    const path = pointerToPath(error.instancePath);
    const parentSchema = (error.parentSchema ?? {});
    if (error.propertyName !== undefined)
        return invalidKeyName(path, error.propertyName, parentSchema);
    switch (error.keyword) {
        case 'propertyNames':
            return undefined; // reported through the nested error that carries propertyName
        case 'additionalProperties': {
            const key = String(error.params.additionalProperty);
            return configError([...path, key], unknownKeyMessage(key, Object.keys(parentSchema.properties ?? {})), 'key');
        }
        case 'required': {
            const missing = String(error.params.missingProperty);
            return configError(path, `missing required key '${missing}'`, 'key');
        }
        case 'type':
            return configError(path, typeMessage(String(error.params.type), error.data, path, index, text));
        case 'enum': {
            const allowed = error.params.allowedValues.map(String);
            return configError(path, `must be one of ${allowed.join(', ')} (got ${show(error.data)})`);
        }
        case 'const':
            return configError(path, `must be ${show(error.params.allowedValue)}: the only format version this release reads (got ${show(error.data)})`);
        case 'pattern':
            return configError(path, `${parentSchema.patternErrorMessage ?? `must match ${parentSchema.pattern}`} (got ${show(error.data)})`);
        case 'minItems':
            if (path.at(-1) === 'trusted')
                return configError(path, 'must list at least one principal, e.g. [repo:acme/infra:pull_request]');
            return configError(path, 'must list at least one account alias, e.g. [prod]');
        case 'minProperties':
            return configError(path, `must declare at least one ${path.at(-1) === 'stacks' ? 'stack' : 'account'}`);
        default:
            return configError(path, error.message ?? `fails the schema rule '${error.keyword}'`);
    }
}
function invalidKeyName(path, name, keySchema) {
    const what = path.at(-1) === 'stacks' ? 'stack ID' : path.at(-1) === 'accounts' ? 'account alias' : 'key';
    const rule = keySchema.patternErrorMessage ?? `must match ${keySchema.pattern}`;
    return configError([...path, name], `${what} '${name}' ${rule}`, 'key');
}
function unknownKeyMessage(key, known) {
    if (key === '<<')
        return "merge keys (<<) are not supported: put shared values under 'defaults:'";
    const suggestion = (0,didYouMean/* didYouMean */.a)(key, known);
    if (suggestion)
        return `unknown key '${key}'; did you mean '${suggestion}'?`;
    return known.length > 0 ? `unknown key '${key}' (expected one of: ${known.join(', ')})` : `unknown key '${key}'`;
}
function typeMessage(expected, data, path, index, text) {
    if (data === null)
        return `is empty: expected ${article(expected)}`;
    const token = sourceToken(index, path, text);
    switch (expected) {
        case 'string':
            if (typeof data === 'number' && ACCOUNT_ID_KEYS.has(String(path.at(-1))))
                return accountIdAsNumber(token ?? String(data), data);
            if (typeof data === 'number' || typeof data === 'boolean')
                return `must be a string: write it in quotes, e.g. "${token ?? String(data)}"`;
            return `must be a string, not ${kind(data)}`;
        case 'boolean':
            if (typeof data === 'string' && YAML11_BOOLEANS.has(data)) {
                return `write true or false: '${data}' is a YAML 1.1 boolean, which YAML 1.2 reads as the string "${data}"`;
            }
            if (data === 'true' || data === 'false')
                return `write ${data} without quotes (a boolean, not a string)`;
            return `must be true or false (got ${show(data)})`;
        case 'integer':
        case 'number':
            if (typeof data === 'string' && /^\d+$/.test(data))
                return `write ${data} without quotes (a number, not a string)`;
            return `must be a whole number (got ${show(data)})`;
        case 'object':
            return `must be a mapping of keys to values, not ${kind(data)}`;
        case 'array':
            if (typeof data === 'string')
                return `must be a list: write [${data}]`;
            return `must be a list, e.g. [prod, staging], not ${kind(data)}`;
        default:
            return `must be ${article(expected)}, not ${kind(data)}`;
    }
}
function accountIdAsNumber(token, value) {
    const advice = /^\d+$/.test(token) ? `write it as a quoted string, e.g. "${token}"` : 'write it as a quoted 12-digit string, e.g. "012345678901"';
    if (/^0\d+$/.test(token)) {
        return `${advice}: unquoted, YAML reads ${token} as the number ${value} and drops the leading zero`;
    }
    return `${advice}: unquoted, YAML reads it as a number`;
}
/** The text the user wrote for the scalar at `path` (before YAML turned it into a value). */
function sourceToken(index, path, text) {
    const node = index.node(path);
    if (!node || !(0,dist/* isScalar */.jn)(node) || !node.range)
        return undefined;
    return text.slice(node.range[0], node.range[1]);
}
function pointerToPath(pointer) {
    if (pointer === '')
        return [];
    return pointer
        .slice(1)
        .split('/')
        .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}
function kind(data) {
    if (Array.isArray(data))
        return 'a list';
    if (data === null)
        return 'an empty value';
    if (typeof data === 'object')
        return 'a mapping';
    if (typeof data === 'string')
        return `the string ${show(data)}`;
    return typeof data === 'number' || typeof data === 'boolean' || typeof data === 'bigint' ? `the ${typeof data} ${String(data)}` : `the ${typeof data}`;
}
function article(type) {
    return { object: 'a mapping', array: 'a list', integer: 'a whole number', boolean: 'true or false' }[type] ?? `a ${type}`;
}
/** A value as the user would recognise it, shortened so a huge value cannot flood the output. */
function show(value) {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

;// CONCATENATED MODULE: ./src/config/sourceIndex.ts
/**
 * One walk over the parsed YAML tree that remembers where every key and value starts, so
 * diagnostics about a config path can point at the line and column the user wrote it. The walk
 * also finds duplicate keys (with both positions) and alias nodes; it never follows an alias, so
 * its cost is linear in the size of the file whatever the aliases expand to.
 */

/** accounts.yaml nests 4 levels deep; anything far deeper is refused before it can exhaust the stack. */
const MAX_DEPTH = 32;
const ROOT_POSITION = { line: 1, column: 1 };
/** The tags of YAML 1.2's core schema, the one accounts.yaml is read with (https://yaml.org/spec/1.2.2/#103-core-schema). */
const CORE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));
class SourceIndex {
    lineCounter;
    entries = new Map();
    duplicateKeys = [];
    aliases = [];
    /** Mapping keys YAML read as something other than a string (007 -> 7, 1e3 -> 1000), with the text written. */
    nonStringKeys = [];
    /** Values with an explicit tag other than YAML 1.2's core ones (!!binary, !!timestamp, !!set ...). */
    foreignTags = [];
    /** Where nesting first goes deeper than MAX_DEPTH (the walk stops there), if it does. */
    tooDeep;
    constructor(root, lineCounter) {
        this.lineCounter = lineCounter;
        if (root)
            this.walk(root, [], undefined);
    }
    /** Where the value at `path` starts, else its nearest existing ancestor's value, else 1:1. */
    locate(path) {
        return this.nearest(path)?.value ?? ROOT_POSITION;
    }
    /** Where the key at `path` starts (for unknown or misnamed keys); falls back like `locate`. */
    locateKey(path) {
        const entry = this.nearest(path);
        return entry?.key ?? entry?.value ?? ROOT_POSITION;
    }
    /**
     * Where exactly `path` is written, without falling back to an ancestor: a scalar's value, or the
     * key of a mapping or list (whose value starts on a later line); null when the file does not
     * spell the path out (a defaulted field).
     */
    locateExact(path) {
        const entry = this.entries.get(pathKey(path));
        if (!entry)
            return null;
        return entry.node && !(0,dist/* isScalar */.jn)(entry.node) && entry.key ? entry.key : entry.value;
    }
    /** The YAML node of the value at exactly `path`, if any. */
    node(path) {
        return this.entries.get(pathKey(path))?.node ?? null;
    }
    nearest(path) {
        for (let length = path.length; length >= 0; length--) {
            const entry = this.entries.get(pathKey(path.slice(0, length)));
            if (entry)
                return entry;
        }
        return undefined;
    }
    position(offset) {
        const { line, col } = this.lineCounter.linePos(offset);
        return { line, column: col };
    }
    walk(node, path, key) {
        if (path.length > MAX_DEPTH) {
            this.tooDeep ??= node.range ? this.position(node.range[0]) : key;
            return;
        }
        const empty = (0,dist/* isScalar */.jn)(node) && node.value === null && node.range?.[0] === node.range?.[1];
        const value = node.range && !empty ? this.position(node.range[0]) : (key ?? ROOT_POSITION);
        this.entries.set(pathKey(path), { key, value, node });
        const tag = node.tag;
        if (typeof tag === 'string' && !CORE_TAGS.has(tag))
            this.foreignTags.push({ path, tag, position: value });
        if ((0,dist/* isAlias */.Vj)(node)) {
            this.aliases.push({ source: node.source, position: value });
        }
        else if ((0,dist/* isMap */.jh)(node)) {
            const seen = new Map();
            for (const pair of node.items) {
                if (!(0,dist/* isPair */.tO)(pair))
                    continue;
                const keyNode = pair.key;
                const name = keyNode && (0,dist/* isScalar */.jn)(keyNode) ? String(keyNode.value) : String(keyNode);
                const keyPosition = keyNode?.range ? this.position(keyNode.range[0]) : value;
                if (keyNode && (0,dist/* isScalar */.jn)(keyNode) && typeof keyNode.value !== 'string') {
                    const written = typeof keyNode.source === 'string' ? keyNode.source : String(keyNode.value);
                    this.nonStringKeys.push({ path: [...path, name], written, value: keyNode.value, position: keyPosition });
                }
                const childPath = [...path, name];
                const earlier = seen.get(name);
                if (earlier)
                    this.duplicateKeys.push({ path: childPath, first: earlier, second: keyPosition });
                else
                    seen.set(name, keyPosition);
                const child = pair.value;
                if (child)
                    this.walk(child, childPath, keyPosition);
                else
                    this.entries.set(pathKey(childPath), { key: keyPosition, value: keyPosition, node: null });
            }
        }
        else if ((0,dist/* isSeq */.oP)(node)) {
            node.items.forEach((item, index) => {
                if (item && typeof item === 'object')
                    this.walk(item, [...path, String(index)], undefined);
            });
        }
    }
}
function pathKey(path) {
    return path.map(String).join('\u0000');
}

// EXTERNAL MODULE: ./src/common/errno.ts
var errno = __webpack_require__(7921);
;// CONCATENATED MODULE: ./src/config/yamlSource.ts
/**
 * accounts.yaml text -> plain data plus a position index. YAML problems (syntax, tabs, several
 * documents, duplicate keys, alias bombs, an empty file, a root that is not a mapping) become
 * issues here; when one of them makes the data meaningless, `data` is undefined and validation
 * stops at this step.
 */




/** Bound on alias expansions: far above what a hand-written file needs, low enough to refuse "billion laughs" fast. */
const MAX_ALIAS_EXPANSIONS = 10_000;
function readYaml(text) {
    const lineCounter = new dist/* LineCounter */.HN();
    const documents = (0,dist/* parseAllDocuments */.hR)(text, {
        lineCounter,
        version: '1.2',
        schema: 'core',
        merge: false,
        // yaml's own duplicate-key check scans the map for every key (quadratic: minutes for 40,000
        // accounts); SourceIndex finds duplicates in one pass and reports both positions.
        uniqueKeys: false,
        strict: true,
        prettyErrors: false
    });
    const position = (offset) => {
        const { line, col } = lineCounter.linePos(offset);
        return { line, column: col };
    };
    const list = Array.isArray(documents) ? documents : [];
    const first = list[0];
    const index = new SourceIndex(first?.contents ?? null, lineCounter);
    const second = list[1];
    if (second) {
        return {
            data: undefined,
            index,
            issues: [
                configError([], `found ${list.length} YAML documents: accounts.yaml must hold exactly one (remove the '---' that starts the second one)`, position(second.range[0]))
            ]
        };
    }
    if (!first || first.contents === null || isEmptyScalar(first.contents)) {
        return {
            data: undefined,
            index,
            issues: [configError([], "the file is empty (or only comments): it must be a mapping that starts with 'version: 1'")]
        };
    }
    const yamlErrors = [...first.errors, ...first.warnings];
    // A tab in the indentation throws the parser off for the lines after it: report only the tabs.
    const tabs = yamlErrors.filter((error) => error.code === 'TAB_AS_INDENT');
    const issues = (tabs.length > 0 ? tabs : yamlErrors).map((error) => configError([], yamlErrorMessage(error), position(error.pos[0])));
    for (const duplicate of index.duplicateKeys) {
        const { line, column } = duplicate.first;
        issues.push(configError(duplicate.path, `duplicate key '${duplicate.path.at(-1)}': already defined at line ${line}, column ${column}`, 'key'));
    }
    // Duplicate keys leave the document readable (the later value wins), so validation goes on and
    // reports everything else at once; any other YAML error makes the data unreliable.
    if (yamlErrors.length > 0)
        return { data: undefined, index, issues };
    if (index.tooDeep) {
        issues.push(configError([], `nested more than ${MAX_DEPTH} levels deep: refusing to read further`, index.tooDeep));
        return { data: undefined, index, issues };
    }
    for (const tagged of index.foreignTags) {
        const short = tagged.tag.replace(/^tag:yaml\.org,2002:/, '!!');
        const yaml11 = /^!!(binary|timestamp|set|omap|pairs|merge|value|yaml)$/.test(short);
        issues.push(configError(tagged.path, `${yaml11 ? 'YAML 1.1 tag' : 'tag'} ${short} is not supported: accounts.yaml is read as YAML 1.2 (core schema); write a plain value without a tag`, tagged.position));
    }
    for (const key of index.nonStringKeys) {
        // A key YAML reads as a number or boolean becomes its string form: harmless when that is what was written.
        if (key.written === String(key.value))
            continue;
        const what = key.path[0] === 'stacks' && key.path.length === 2 ? 'stack ID' : key.path[0] === 'accounts' && key.path.length === 2 ? 'account alias' : 'key';
        issues.push(configError(key.path, `${what} ${key.written} is read by YAML as the ${typeof key.value} ${String(key.value)}, so the ${what} would become "${String(key.value)}": quote it ("${key.written}")`, key.position));
    }
    if (index.foreignTags.length > 0)
        return { data: undefined, index, issues };
    const root = first.contents;
    if (!(0,dist/* isMap */.jh)(root)) {
        issues.push(configError([], `the top level must be a mapping (version:, spacelift:, hub:, accounts:, stacks:), not ${describeNode(root)}`));
        return { data: undefined, index, issues };
    }
    try {
        return { data: first.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS }), index, issues };
    }
    catch (error) {
        issues.push(aliasIssue(error, index));
        return { data: undefined, index, issues };
    }
}
/** The null a document holds when it has no content at all (as opposed to a written `null` or `~`). */
function isEmptyScalar(node) {
    return (0,dist/* isScalar */.jn)(node) && node.value === null && node.range !== undefined && node.range !== null && node.range[0] === node.range[1];
}
function describeNode(node) {
    if ((0,dist/* isSeq */.oP)(node))
        return 'a list';
    if ((0,dist/* isAlias */.Vj)(node))
        return 'an alias';
    return 'a single value';
}
function yamlErrorMessage(error) {
    switch (error.code) {
        case 'TAB_AS_INDENT':
            return 'tab character in indentation: YAML indents with spaces only; replace the tab with spaces';
        case 'TAG_RESOLVE_FAILED':
            return `unsupported tag (${/!\S*/.exec(error.message)?.[0] ?? 'custom tag'}): write plain values, without YAML tags`;
        default: {
            const message = error.message.split('\n')[0] ?? error.message;
            return `YAML syntax error: ${message.charAt(0).toLowerCase()}${message.slice(1)}`;
        }
    }
}
function aliasIssue(error, index) {
    const message = (0,errno/* errorMessage */.g)(error);
    const unresolved = /^Unresolved alias.*: (.*)$/.exec(message);
    if (unresolved) {
        const name = unresolved[1] ?? '';
        const alias = index.aliases.find((entry) => entry.source === name);
        return configError([], `unknown anchor: *${name} refers to no '&${name}' defined before it`, alias?.position);
    }
    const first = index.aliases[0];
    if (error instanceof ReferenceError || /alias/i.test(message)) {
        return configError([], `too many alias expansions (more than ${MAX_ALIAS_EXPANSIONS}): refusing a file whose anchors and aliases expand exponentially`, first?.position);
    }
    return configError([], `cannot read the YAML: ${message}`, first?.position);
}

;// CONCATENATED MODULE: ./src/config/load.ts
/**
 * accounts.yaml -> Declaration, or every problem at once. Steps: size guard -> YAML (positions,
 * duplicate keys, alias bound) -> JSON Schema -> rules a schema cannot say -> build. Each issue
 * becomes a Diagnostic `file:line:col: path: message`, `file` being the path the caller gave.
 */








function load_loadConfigFile(file) {
    const reading = readRegularFile(file, MAX_CONFIG_BYTES);
    if (reading.ok)
        return parseConfigText(reading.text, file);
    if (reading.reason === 'missing')
        return failure(file, 'file not found (set --config, or the action input config, to your accounts.yaml)');
    if (reading.reason === 'too-large')
        return failure(file, tooLargeMessage(reading.size));
    if (reading.reason === 'not-regular' && reading.message.startsWith('is a directory'))
        return failure(file, 'is a directory, not a YAML file');
    return failure(file, reading.message);
}
function parseConfigText(text, file) {
    // UTF-16 length <= UTF-8 bytes <= 3 x UTF-16 length: only measure bytes when it can matter.
    if (text.length * 3 > config_accounts/* MAX_CONFIG_BYTES */.GW) {
        const bytes = Buffer.byteLength(text, 'utf8');
        if (bytes > config_accounts/* MAX_CONFIG_BYTES */.GW)
            return failure(file, tooLargeMessage(bytes));
    }
    const source = readYaml(text);
    const issues = [...source.issues];
    if (source.data !== undefined) {
        (0,append/* appendAll */.u)(issues, shapeIssues(source.data, source.index, text), ruleIssues(source.data, source.index));
    }
    const diagnostics = issues.map((issue) => toDiagnostic(issue, file, source.index)).sort(byPosition);
    const declaration = source.data !== undefined && !(0,common_diagnostics/* hasErrors */.Cs)(diagnostics) ? buildDeclaration(source.data) : null;
    return { declaration, diagnostics, locate: (path) => source.index.locate(path), locateExact: (path) => source.index.locateExact(path) };
}
function toDiagnostic(issue, file, index) {
    const position = typeof issue.at === 'object' ? issue.at : issue.at === 'key' ? index.locateKey(issue.path) : index.locate(issue.path);
    return { severity: issue.severity, file, path: (0,config_accounts/* formatPath */.jV)(issue.path), line: position.line, column: position.column, message: issue.message };
}
function byPosition(a, b) {
    return a.line - b.line || a.column - b.column || (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1);
}
function tooLargeMessage(bytes) {
    return `the file is larger than ${config_accounts/* MAX_CONFIG_BYTES */.GW / (1024 * 1024)} MB (${bytes} bytes): refusing to parse it`;
}
function failure(file, message) {
    const diagnostic = { severity: 'error', file, path: '', line: 1, column: 1, message };
    return { declaration: null, diagnostics: [diagnostic], locate: () => ({ line: 1, column: 1 }), locateExact: () => null };
}

// EXTERNAL MODULE: ./src/config/arn.ts
var config_arn = __webpack_require__(2465);
// EXTERNAL MODULE: ./src/generate/iam/hubPermissions.ts
var hubPermissions = __webpack_require__(3500);
// EXTERNAL MODULE: ./src/generate/iam/hubTrust.ts
var hubTrust = __webpack_require__(5182);
// EXTERNAL MODULE: ./src/generate/iam/oidcTrust.ts
var oidcTrust = __webpack_require__(9980);
// EXTERNAL MODULE: ./src/generate/iam/policyValues.ts
var policyValues = __webpack_require__(3541);
;// CONCATENATED MODULE: ./src/generate/iam/targetTrust.ts


const TARGET_ASSUME_SID = 'HubAssumeRole';
const TARGET_TAG_SESSION_SID = 'HubTagSession';
/** The session tag Spacelift sets to the stack ID when the integration tags sessions. */
const STACK_TAG_KEY = 'aws:PrincipalTag/stack';
/**
 * A target role's trust policy (CONTRACT §2): the hub statements (auth integration and both, with
 * `hubRoleArn`) and the Spacelift OIDC statement (auth oidc and both) for `stacks`, the stacks
 * listing this account, sorted by ID.
 */
function targetTrustPolicy(decl, account, hubRoleArn, stacks) {
    const statements = [];
    if (hubRoleArn !== null && decl.spacelift.auth !== 'oidc') {
        statements.push(...hubTrustStatements(decl, account, hubRoleArn, stacks.map((stack) => stack.id)));
    }
    const { oidc } = decl.spacelift;
    if (oidc !== null)
        statements.push((0,oidcTrust/* oidcTrustStatement */.Hm)(decl, oidc, account.id, stacks));
    return { Version: '2012-10-17', Statement: statements };
}
/**
 * The hub's statements in a target role's trust policy (CONTRACT §2): only the hub role may assume it; with the account's
 * external ID, only when sts:ExternalId equals it; with session tags, only when the hub session's
 * `stack` tag names one of `stacks` (the stacks listing this account), plus a statement letting
 * the hub role pass (transitive) tags. Condition keys are written in sorted order.
 */
function hubTrustStatements(decl, account, hubRoleArn, stacks) {
    const principal = { AWS: hubRoleArn };
    const equals = {};
    if (decl.spacelift.sessionTags)
        equals[STACK_TAG_KEY] = (0,policyValues/* stringOrList */.r)(stacks);
    if (account.externalId !== null)
        equals['sts:ExternalId'] = account.externalId;
    const assume = { Sid: TARGET_ASSUME_SID, Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' };
    if (Object.keys(equals).length > 0) {
        const condition = { StringEquals: equals };
        assume.Condition = condition;
    }
    const statements = [assume];
    if (decl.spacelift.sessionTags) {
        statements.push({ Sid: TARGET_TAG_SESSION_SID, Effect: 'Allow', Principal: principal, Action: 'sts:TagSession' });
    }
    return statements;
}

;// CONCATENATED MODULE: ./src/generate/iam/accountProfiles.ts
/** The name of the hub account's provider (and AWS CLI profile) when no declared account has the hub's ID. */
const HUB_PROFILE = 'hub';
/**
 * The name under which each account is addressed when its IAM is applied: the Terraform provider
 * alias in `terraform/iam/` and the `--profile` of the report's AWS CLI commands (the README
 * says how to set up one profile per account). A declared account keeps its alias; the hub
 * account, when not declared as well, is `hub` (`hub_account`, `hub_account_2`, ... should an
 * alias of another account already be `hub`). Keyed by account ID.
 */
function accountProfiles(decl) {
    const profiles = new Map();
    for (const account of decl.accounts)
        profiles.set(account.id, account.alias);
    const hub = decl.hub;
    if (hub !== null && !profiles.has(hub.accountId)) {
        const taken = new Set(decl.accounts.map((account) => account.alias));
        let name = HUB_PROFILE;
        for (let n = 1; taken.has(name); n += 1)
            name = n === 1 ? `${HUB_PROFILE}_account` : `${HUB_PROFILE}_account_${n}`;
        profiles.set(hub.accountId, name);
    }
    return profiles;
}

// EXTERNAL MODULE: ./src/generate/iam/readRole.ts
var readRole = __webpack_require__(1369);
;// CONCATENATED MODULE: ./src/generate/iam/desiredIam.ts








/**
 * The stacks that list each account alias, in stack-ID order. Accounts no stack lists are absent.
 * Linear in the total number of (stack, account) pairs.
 */
function stacksByAccount(decl) {
    const byAlias = new Map();
    for (const stack of decl.stacks) {
        for (const alias of stack.accounts) {
            const list = byAlias.get(alias);
            if (list)
                list.push(stack.id);
            else
                byAlias.set(alias, [stack.id]);
        }
    }
    for (const list of byAlias.values())
        list.sort(compareStrings/* compareStrings */.K);
    return byAlias;
}
/** Every IAM role the declaration implies, with its policies (CONTRACT §2). Deterministic. */
function desiredIam(decl) {
    const hubDecl = decl.hub;
    const hubArn = hubDecl === null ? null : (0,config_arn/* roleArn */.w)(decl.partition, hubDecl.accountId, hubDecl.role);
    const listing = stacksByAccount(decl);
    const stacksById = new Map(decl.stacks.map((stack) => [stack.id, stack]));
    const declarationsOf = (ids) => ids.flatMap((id) => stacksById.get(id) ?? []);
    const profiles = accountProfiles(decl);
    const reached = decl.accounts.filter((account) => listing.has(account.alias)).sort((a, b) => (0,compareStrings/* compareStrings */.K)(a.alias, b.alias));
    const targets = reached.map((account) => {
        const stacks = listing.get(account.alias) ?? [];
        return {
            kind: 'target',
            accountId: account.id,
            alias: account.alias,
            profile: account.alias,
            role: account.role,
            arn: (0,config_arn/* roleArn */.w)(decl.partition, account.id, account.role),
            trustPolicy: targetTrustPolicy(decl, account, hubArn, declarationsOf(stacks)),
            stacks: [...stacks]
        };
    });
    // Under auth both, only the stacks still on the hub use it; the others' hub access stays until
    // they are moved to auth oidc (the report lists them).
    const hub = hubDecl === null || hubArn === null || decl.spacelift.auth === 'oidc'
        ? null
        : {
            kind: 'hub',
            accountId: hubDecl.accountId,
            alias: null,
            profile: profiles.get(hubDecl.accountId) ?? hubDecl.accountId,
            role: hubDecl.role,
            arn: hubArn,
            trustPolicy: (0,hubTrust/* hubTrustPolicy */.sX)(decl),
            permissionPolicy: (0,hubPermissions/* hubPermissionPolicy */.pi)(decl, hubDecl, targets),
            stacks: decl.stacks.map((stack) => stack.id).sort(compareStrings/* compareStrings */.K)
        };
    const { oidc } = decl.spacelift;
    const oidcProviders = oidc === null
        ? []
        : reached.map((account) => ({
            accountId: account.id,
            alias: account.alias,
            arn: (0,oidcTrust/* oidcProviderArn */.iw)(decl.partition, account.id, oidc.host),
            url: `https://${oidc.host}`,
            clientIds: [oidc.host]
        }));
    const rolesByAccount = new Map(hub === null ? [] : [[hub.accountId, [hub.arn]]]);
    for (const target of targets) {
        const list = rolesByAccount.get(target.accountId);
        if (list)
            list.push(target.arn);
        else
            rolesByAccount.set(target.accountId, [target.arn]);
    }
    return { hub, targets, oidcProviders, readRoles: (0,readRole/* desiredReadRoles */.GN)(decl, rolesByAccount) };
}

// EXTERNAL MODULE: ./src/generate/iam/externalIds.ts
var externalIds = __webpack_require__(7502);
// EXTERNAL MODULE: ./src/generate/iam/locate.ts
var iam_locate = __webpack_require__(2671);
// EXTERNAL MODULE: ./src/common/plural.ts
var plural = __webpack_require__(9627);
;// CONCATENATED MODULE: ./src/generate/iam/oidcFindings.ts


/**
 * What IAM enforces with Spacelift's OIDC token (auth oidc and both), as warnings to read:
 * - stacks are separated by the token's `sub` (it names the stack), with or without session tags;
 * - read-only is enforced: a read-only stack's target roles accept only `scope:read` tokens, so
 *   every run that holds a write token is refused by every target. Spacelift gives write tokens to
 *   tracked runs of autodeploy stacks (planning included), tasks, testing and destroy runs
 *   (https://github.com/spacelift-io/user-documentation/blob/main/docs/integrations/cloud-providers/oidc/README.md#about-scopes);
 * - under both: which stacks still take the hub (their providers assume roles through it), and
 *   that the hub's statements stay in every target trust until none does.
 */
function oidcFindings(decl, locate, file) {
    const { oidc } = decl.spacelift;
    if (oidc === null)
        return [];
    const findings = [];
    const at = (paths, message) => {
        const where = (0,iam_locate/* locateFirst */.z)(locate, paths);
        findings.push({ severity: 'warning', file, path: where.path, line: where.line, column: where.column, message });
    };
    const onOidc = decl.stacks.filter((stack) => stack.auth === 'oidc');
    if (onOidc.length > 0) {
        at([['spacelift', 'auth'], ['spacelift']], `auth ${decl.spacelift.auth}: each target role trusts Spacelift's identity provider ${oidc.host} (in the target account) only for a ` +
            `token whose sub names a stack that lists the account (space:<space>:stack:<id>:run_type:*:scope:*): IAM separates the ` +
            `stacks by the token, without session tags. A token of another Spacelift account has another issuer and audience and is refused.` +
            (decl.stacks.some((stack) => stack.space === '*')
                ? ' Where the space is * a stack is named by its ID alone: a stack with the same ID in any space of the account matches (set spacelift.oidc.space or stacks.<id>.space to pin it).'
                : ''));
    }
    for (const stack of decl.stacks) {
        if (stack.access !== 'read-only')
            continue;
        at([
            ['stacks', stack.id, 'access'],
            ['stacks', stack.id]
        ], `read-only is enforced by IAM for stack ${stack.id} on the OIDC path: its target roles accept only its scope:read tokens, so a ` +
            'write-scope token is refused by every target. Spacelift gives write tokens to tracked runs of an autodeploy stack ' +
            '(planning too), to tasks and to testing and destroy runs: those runs of this stack cannot reach its accounts at all; ' +
            'proposed runs and the planning phase of tracked runs without autodeploy can.' +
            (decl.spacelift.auth === 'both'
                ? ' While spacelift.auth is both the hub path stays open to it, where read-only is advisory' +
                    (stack.auth === 'integration' ? ` (and its providers use it: set stacks.${stack.id}.auth: oidc)` : '') +
                    ': IAM enforces read-only once auth is oidc.'
                : ''));
    }
    if (decl.spacelift.auth === 'both') {
        const onHub = decl.stacks.filter((stack) => stack.auth === 'integration').map((stack) => stack.id);
        at([['spacelift', 'auth'], ['spacelift']], onHub.length > 0
            ? `auth both: ${(0,plural/* plural */.L)(onHub.length, 'stack')} still depend on the hub (${onHub.join(', ')}); the target roles trust the hub and the OIDC token. ` +
                'Move each with stacks.<id>.auth: oidc once the target trust policies are applied, then set spacelift.auth: oidc to drop the hub statements.'
            : 'auth both: no stack depends on the hub any more: set spacelift.auth: oidc to drop the hub statements from the target roles.');
    }
    return findings;
}

;// CONCATENATED MODULE: ./src/generate/iam/declarationFindings.ts







/**
 * What IAM does and does not separate (CONTRACT §2), as warnings a security reviewer can act on:
 * - without session_tags, every stack attached to the hub integration can assume every target
 *   role, whatever accounts.yaml lists for it (one warning, at spacelift.session_tags);
 * - a read-only stack loses only its @write external ID on the hub: during plan its hub session
 *   can still assume the target roles, so read-only is advisory (one warning per stack, at
 *   stacks.<id>.access);
 * - what each compact form allows beyond the exact one (compactFormFindings).
 */
function separationFindings(decl, locate, file) {
    const findings = oidcFindings(decl, locate, file);
    // With auth oidc no stack goes through a hub: what the hub does or does not separate is moot.
    if (decl.spacelift.auth === 'oidc')
        return findings;
    const reachedRoles = stacksByAccount(decl).size;
    const stackCount = decl.stacks.length;
    if (!decl.spacelift.sessionTags && stackCount > 0 && reachedRoles > 0) {
        const declaredPairs = decl.stacks.reduce((sum, stack) => sum + stack.accounts.length, 0);
        const undeclaredPairs = stackCount * reachedRoles - declaredPairs;
        const where = (0,iam_locate/* locateFirst */.z)(locate, [['spacelift', 'session_tags'], ['spacelift']]);
        findings.push(warningAt(file, where, `session_tags is off, so IAM does not separate stacks: each of the ${(0,plural/* plural */.L)(stackCount, 'stack')} ` +
            `attached to the hub integration gets the same hub role session and can assume every one of the ` +
            `${(0,plural/* plural */.L)(reachedRoles, 'target role')}, not only those accounts.yaml lists for it ` +
            `(${(0,plural/* plural */.L)(undeclaredPairs, 'stack/role pair')} allowed by IAM but not declared). ` +
            'The per-stack limits are enforced only by the Spacelift plan policy. Turn on "Enable tag session" ' +
            'on the integration and set spacelift.session_tags: true to have the target roles check the stack tag.'));
    }
    (0,append/* appendAll */.u)(findings, compactFormFindings(decl, locate, file));
    const listing = stacksByAccount(decl);
    for (const stack of decl.stacks) {
        if (stack.access !== 'read-only')
            continue;
        const where = (0,iam_locate/* locateFirst */.z)(locate, [
            ['stacks', stack.id, 'access'],
            ['stacks', stack.id]
        ]);
        const reach = decl.spacelift.sessionTags
            ? `the target roles of ${(0,plural/* plural */.L)(stack.accounts.length, 'account')} it lists (${stack.accounts.join(', ')})`
            : `every target role (${(0,plural/* plural */.L)(listing.size, 'role')}; session_tags is off)`;
        findings.push(warningAt(file, where, `read-only is advisory for stack ${stack.id}: ${readOnlyMechanism(decl)}. During plan the stack's hub session can still assume ${reach} with their ` +
            "full permissions; what a plan can change is limited by those roles' permissions and by the Spacelift " +
            'plan policy, not by IAM.'));
    }
    return findings;
}
/**
 * What the compact forms of CONTRACT §2 allow beyond the exact ones, one warning each at the key
 * that chooses the form:
 * - external_id_match: integration: the hub trusts every external ID of the integration, so any
 *   stack attached to it may assume the hub role, and read or write alike (the attachment's `write`
 *   flag is all that separates them);
 * - hub.permissions: accounts: nothing beyond exact as long as the condition key is set (one
 *   statement per role name lists only the accounts that use that name);
 * - hub.permissions: organization: the target role names in every account of the organization.
 */
function compactFormFindings(decl, locate, file) {
    const findings = [];
    if (decl.spacelift.externalIdMatch === 'integration' && decl.spacelift.integrationId !== null && decl.stacks.length > 0) {
        const where = (0,iam_locate/* locateFirst */.z)(locate, [['spacelift', 'external_id_match'], ['spacelift']]);
        const reach = decl.spacelift.sessionTags
            ? 'The target roles still check the stack tag (aws:PrincipalTag/stack), so an attached stack reaches only the accounts accounts.yaml lists for it.'
            : 'session_tags is off, so any stack attached to the integration reaches every target role, whatever accounts.yaml lists for it.';
        findings.push(warningAt(file, where, `external_id_match: integration: the hub role trusts every external ID of integration ${decl.spacelift.integrationId} ` +
            `(${(0,externalIds/* integrationExternalId */.ZN)(decl.spacelift)}), not only those of the ${(0,plural/* plural */.L)(decl.stacks.length, 'declared stack')}: ` +
            "which stacks may use the hub role is decided by the integration's attachments (spacelift/integration.tf) and by who may " +
            "attach it in Spacelift, and read-only by the attachment's write = false alone. " +
            reach));
    }
    if (decl.hub !== null && decl.hub.permissions !== 'exact') {
        const where = (0,iam_locate/* locateFirst */.z)(locate, [['hub', 'permissions'], ['hub']]);
        const reached = stacksByAccount(decl);
        const targets = decl.accounts.filter((account) => reached.has(account.alias));
        const names = (0,hubPermissions/* targetsByRole */.wF)(targets.map((account) => ({ accountId: account.id, role: account.role })))
            .map(([role]) => `${role.path}${role.name}`)
            .join(', ');
        const message = decl.hub.permissions === 'organization'
            ? `hub.permissions: organization: beyond the ${(0,plural/* plural */.L)(targets.length, 'declared target role')}, the hub role may assume a role ` +
                `of the same path and name (${names}) in any account of organization ${decl.hub.organizationId ?? ''}, wherever that ` +
                "role's trust policy names the hub role or its account; and it reaches no declared account outside that organization. " +
                'Use hub.permissions: accounts to limit it to the declared accounts.'
            : `hub.permissions: accounts: the hub role may assume its target role names (${names}) only in the declared accounts ` +
                'that use each name (aws:ResourceAccount): no role beyond the exact form (a request without that key is denied, StringEquals failing closed).';
        findings.push(warningAt(file, where, message));
    }
    return findings;
}
function readOnlyMechanism(decl) {
    if (decl.spacelift.externalIdMatch === 'integration') {
        return ("with external_id_match: integration the hub role's trust policy does not tell read from write, so only the " +
            "stack's integration attachment (write = false) keeps Spacelift from using the integration to apply");
    }
    return "it removes only the stack's @write external ID from the hub role's trust policy";
}
function warningAt(file, where, message) {
    return { severity: 'warning', file, path: where.path, line: where.line, column: where.column, message };
}

// EXTERNAL MODULE: ./src/generate/iam/iamQuota.ts
var iamQuota = __webpack_require__(4106);
;// CONCATENATED MODULE: ./src/generate/analyseDeclaration.ts
/**
 * Reads accounts.yaml and derives what it implies, with every diagnostic positioned in the file:
 * load + validate -> desired IAM -> quota check and separation findings.
 */







function analyseConfigFile(file, options = {}) {
    return analyse(file, loadConfigFile(file), options);
}
function analyseConfigText(text, file, options = {}) {
    return analyse(file, parseConfigText(text, file), options);
}
function analyse(file, loaded, options) {
    const diagnostics = [...loaded.diagnostics];
    let desired = null;
    if (loaded.declaration) {
        desired = desiredIam(loaded.declaration);
        // Each finding tries the keys that choose a document's form in turn, the first one written wins.
        const limits = { trustPolicyQuota: options.trustPolicyQuota ?? iamQuota/* DEFAULT_TRUST_POLICY_QUOTA */.Fm, locate: loaded.locateExact, file };
        if (options.checkLimits !== false)
            (0,append/* appendAll */.u)(diagnostics, (0,iamQuota/* iamLimitDiagnostics */.Vz)(loaded.declaration, desired, limits));
        (0,append/* appendAll */.u)(diagnostics, separationFindings(loaded.declaration, loaded.locateExact, file));
    }
    const valid = !(0,common_diagnostics/* hasErrors */.Cs)(diagnostics);
    return {
        file,
        declaration: valid ? loaded.declaration : null,
        desired: valid ? desired : null,
        diagnostics: sortDiagnostics(diagnostics),
        locate: loaded.locate
    };
}
function sortDiagnostics(list) {
    const rank = (d) => (d.severity === 'error' ? 0 : 1);
    return [...list].sort((a, b) => rank(a) - rank(b) || a.line - b.line || a.column - b.column);
}

;// CONCATENATED MODULE: ./src/existing/existingPolicies.ts

/** IAM role names are unique within an account whatever their path, so the name identifies the role. */
function roleKeyString(accountId, roleName) {
    return `${accountId}/${roleName}`;
}
function compareDiagnostics(a, b) {
    return (0,compareStrings/* compareStrings */.K)(a.file, b.file) || a.line - b.line || a.column - b.column || (0,compareStrings/* compareStrings */.K)(a.path, b.path) || (0,compareStrings/* compareStrings */.K)(a.message, b.message);
}
/** The roles once each (a role is identified by account and name; IAM ignores the path for that). */
function uniqueRoles(roles) {
    const seen = new Map();
    for (const r of roles) {
        const k = roleKeyString(r.accountId, r.role.name);
        if (!seen.has(k))
            seen.set(k, r);
    }
    return [...seen.values()];
}

;// CONCATENATED MODULE: ./src/trustPolicy/glob.ts
/**
 * IAM wildcard patterns: `*` matches any run of characters, `?` exactly one. Used for actions,
 * resources, StringLike / ArnLike values and principal patterns.
 */
function hasWildcard(text) {
    return text.includes('*') || text.includes('?');
}
/**
 * Answers for long pattern pairs, kept across calls: one comparison asks the same question once per
 * principal × action combination (thousands of times), and a pair of patterns of a few thousand
 * characters each costs millions of steps (quadratic in the worst case), so a 3 kB document pair
 * once ran for minutes. Short pairs are cheaper to recompute than to look up. Bounded: cleared
 * when full.
 */
const REMEMBER_FROM = 4096;
const REMEMBERED_MAX = 4096;
/** kind -> first string -> second string -> answer (nested, so no long key is built per question). */
const remembered = new Map();
let rememberedCount = 0;
function remember(kind, a, b, compute) {
    if (a.length * b.length < REMEMBER_FROM)
        return compute();
    let byFirst = remembered.get(kind);
    if (!byFirst)
        remembered.set(kind, (byFirst = new Map()));
    let bySecond = byFirst.get(a);
    if (!bySecond)
        byFirst.set(a, (bySecond = new Map()));
    const known = bySecond.get(b);
    if (known !== undefined)
        return known;
    const answer = compute();
    if (rememberedCount >= REMEMBERED_MAX) {
        remembered.clear();
        rememberedCount = 0;
        return answer;
    }
    bySecond.set(b, answer);
    rememberedCount++;
    return answer;
}
/** Whether `pattern` matches the literal `text` (iterative, no regular expressions; remembered for long pairs). */
function globMatch(pattern, text) {
    return remember('m', pattern, text, () => matchNow(pattern, text));
}
function matchNow(pattern, text) {
    let p = 0;
    let t = 0;
    let starP = -1;
    let starT = 0;
    while (t < text.length) {
        const pc = pattern[p];
        if (pc === '*') {
            starP = p++;
            starT = t;
        }
        else if (pc !== undefined && (pc === '?' || pc === text[t])) {
            p++;
            t++;
        }
        else if (starP >= 0) {
            p = starP + 1;
            t = ++starT;
        }
        else {
            return false;
        }
    }
    while (pattern[p] === '*')
        p++;
    return p === pattern.length;
}
/**
 * Whether every string that `inner` matches is also matched by `outer` (a sound, not complete,
 * test): outer `*` may absorb anything of inner, outer `?` one literal character or `?` of inner,
 * outer literals only the same inner literal. `inner` without wildcards reduces to globMatch.
 */
function globCovers(outer, inner) {
    if (outer === inner || outer === '*')
        return true;
    if (!hasWildcard(inner))
        return globMatch(outer, inner);
    return remember('c', outer, inner, () => coversNow(outer, inner));
}
function coversNow(outer, inner) {
    const n = inner.length;
    // reachable[j]: inner[0..j) consumed after the outer prefix seen so far.
    let reachable = new Array(n + 1).fill(false);
    reachable[0] = true;
    for (const oc of outer) {
        const next = new Array(n + 1).fill(false);
        if (oc === '*') {
            let any = false;
            for (let j = 0; j <= n; j++) {
                any = any || reachable[j] === true;
                next[j] = any;
            }
        }
        else {
            for (let j = 0; j < n; j++) {
                if (!reachable[j])
                    continue;
                const ic = inner[j];
                if (ic === '*')
                    continue;
                if (oc === '?' ? true : ic === oc)
                    next[j + 1] = true;
            }
        }
        reachable = next;
    }
    return reachable[n] === true;
}
/** The characters before the first wildcard. */
function literalPrefix(pattern) {
    const star = pattern.indexOf('*');
    const question = pattern.indexOf('?');
    const cut = Math.min(star < 0 ? pattern.length : star, question < 0 ? pattern.length : question);
    return pattern.slice(0, cut);
}
/**
 * A set of patterns indexed for "is this value/pattern covered by one of them": literal members
 * are looked up by hash, wildcard members by their literal prefix, so a lookup costs about the
 * length of the value rather than the number of patterns.
 */
class PatternSet {
    literals = new Set();
    byPrefix = new Map();
    prefixLengths = [];
    size;
    constructor(patterns) {
        let size = 0;
        for (const pattern of patterns) {
            size++;
            if (!hasWildcard(pattern)) {
                this.literals.add(pattern);
                continue;
            }
            const prefix = literalPrefix(pattern);
            const bucket = this.byPrefix.get(prefix);
            if (bucket)
                bucket.push(pattern);
            else
                this.byPrefix.set(prefix, [pattern]);
        }
        this.size = size;
        this.prefixLengths = [...new Set([...this.byPrefix.keys()].map((prefix) => prefix.length))].sort((a, b) => a - b);
    }
    /** Whether some member matches the literal text. */
    matches(text) {
        if (this.literals.has(text))
            return true;
        return this.someCandidate(text, (pattern) => globMatch(pattern, text));
    }
    /** Whether some member covers `inner` (a pattern or a literal). */
    covers(inner) {
        if (!hasWildcard(inner))
            return this.matches(inner);
        if (this.literals.has(inner))
            return true;
        return this.someCandidate(literalPrefix(inner), (pattern) => globCovers(pattern, inner));
    }
    someCandidate(text, test) {
        for (const length of this.prefixLengths) {
            if (length > text.length)
                break;
            const bucket = this.byPrefix.get(text.slice(0, length));
            if (bucket && bucket.some(test))
                return true;
        }
        return false;
    }
}

;// CONCATENATED MODULE: ./src/trustPolicy/ip.ts
function parseIPv4(text) {
    const parts = text.split('.');
    if (parts.length !== 4)
        return null;
    let value = 0n;
    for (const part of parts) {
        // A leading zero is refused: some readers take `010` as octal (8), and IAM does not say which it does.
        if (!/^(?:0|[1-9]\d{0,2})$/.test(part) || Number(part) > 255)
            return null;
        value = (value << 8n) | BigInt(Number(part));
    }
    return value;
}
function parseIPv6(text) {
    if (!/^[0-9a-fA-F:.]+$/.test(text))
        return null;
    const halves = text.split('::');
    if (halves.length > 2)
        return null;
    const groups = (half) => (half === '' ? [] : half.split(':'));
    const head = groups(halves[0] ?? '');
    const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
    const expand = (list) => {
        const out = [];
        for (const group of list) {
            if (group.includes('.')) {
                const v4 = parseIPv4(group);
                if (v4 === null)
                    return null;
                out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
            }
            else if (/^[0-9a-fA-F]{1,4}$/.test(group))
                out.push(parseInt(group, 16));
            else
                return null;
        }
        return out;
    };
    const h = expand(head);
    const t = expand(tail);
    if (!h || !t)
        return null;
    const missing = 8 - h.length - t.length;
    if (halves.length === 2 ? missing < 1 : missing !== 0)
        return null;
    const all = [...h, ...new Array(halves.length === 2 ? missing : 0).fill(0), ...t];
    return all.reduce((acc, group) => (acc << 16n) | BigInt(group), 0n);
}
/** Parses `a.b.c.d`, `a.b.c.d/n` or the IPv6 forms; a bare address is a /32 (/128). The network part is masked. */
function parseCidr(text) {
    const [address = '', prefixText, extra] = text.trim().split('/');
    if (extra !== undefined)
        return null;
    const v4 = parseIPv4(address);
    const version = v4 !== null ? 4 : 6;
    const value = v4 ?? parseIPv6(address);
    if (value === null)
        return null;
    const bits = version === 4 ? 32 : 128;
    if (prefixText !== undefined && !/^(?:0|[1-9]\d{0,2})$/.test(prefixText))
        return null;
    const prefix = prefixText === undefined ? bits : Number(prefixText);
    if (prefix > bits)
        return null;
    const hostBits = BigInt(bits - prefix);
    return { version, network: (value >> hostBits) << hostBits, prefix };
}
function formatCidr(cidr) {
    if (cidr.version === 4) {
        const octets = [24n, 16n, 8n, 0n].map((shift) => String((cidr.network >> shift) & 0xffn));
        return `${octets.join('.')}/${cidr.prefix}`;
    }
    const groups = [];
    for (let shift = 112n; shift >= 0n; shift -= 16n)
        groups.push(((cidr.network >> shift) & 0xffffn).toString(16));
    return `${groups.join(':')}/${cidr.prefix}`;
}
/** Whether every address of `inner` lies in `outer`. */
function cidrContains(outer, inner) {
    if (outer.version !== inner.version || outer.prefix > inner.prefix)
        return false;
    const bits = BigInt((outer.version === 4 ? 32 : 128) - outer.prefix);
    return inner.network >> bits === outer.network >> bits;
}

;// CONCATENATED MODULE: ./src/trustPolicy/dates.ts
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const EPOCH = /^(\d+)(?:\.(\d{1,9}))?$/;
/** 9999-12-31T23:59:59Z in epoch seconds; 0000-01-01T00:00:00Z. */
const LAST_SECOND = 253402300799n;
const FIRST_SECOND = -62167219200n;
const NANOS = 1000000000n;
function daysInMonth(year, month) {
    if (month === 2)
        return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
    return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
/** Days from 1970-01-01 to the given civil date (proleptic Gregorian; H. Hinnant's algorithm). */
function daysFromCivil(year, month, day) {
    const y = month <= 2 ? year - 1 : year;
    const era = Math.floor(y / 400);
    const yoe = y - era * 400;
    const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
    const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
    return era * 146097 + doe - 719468;
}
const fractionNanos = (fraction) => (fraction ? BigInt(fraction.padEnd(9, '0')) : 0n);
/** The instant a date value names, in nanoseconds since the epoch (UTC). */
function readDate(text) {
    const epoch = EPOCH.exec(text);
    // Four, seven or eight digits are also ISO 8601 basic forms (year, ordinal date, YYYYMMDD:
    // `20991231`), which IAM documents as accepted ("ISO 8601 date"): which reading IAM takes is not
    // documented, so such a value is unreadable (equal only to itself), never guessed.
    if (epoch && !epoch[2] && (text.length === 4 || text.length === 7 || text.length === 8))
        return { ok: false, reason: 'unreadable' };
    if (epoch) {
        const seconds = BigInt(epoch[1] ?? '0');
        if (seconds > LAST_SECOND)
            return { ok: false, reason: 'out-of-range' };
        return { ok: true, nanos: seconds * NANOS + fractionNanos(epoch[2]) };
    }
    const iso = ISO.exec(text);
    if (!iso)
        return { ok: false, reason: 'unreadable' };
    const [, y = '', mo = '', d = '', h = '0', mi = '0', s = '0', fraction, zone] = iso;
    const year = Number(y);
    const month = Number(mo);
    const day = Number(d);
    const hour = Number(h);
    const minute = Number(mi);
    const second = Number(s);
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
        return { ok: false, reason: 'out-of-range' };
    }
    let offsetMinutes = 0;
    if (zone && zone !== 'Z') {
        const digits = zone.replace(':', '');
        const zoneHours = Number(digits.slice(1, 3));
        const zoneMinutes = Number(digits.slice(3, 5));
        if (zoneHours > 23 || zoneMinutes > 59)
            return { ok: false, reason: 'out-of-range' };
        offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (zoneHours * 60 + zoneMinutes);
    }
    const seconds = BigInt(daysFromCivil(year, month, day)) * 86400n + BigInt(hour * 3600 + minute * 60 + second) - BigInt(offsetMinutes * 60);
    if (seconds < FIRST_SECOND || seconds > LAST_SECOND)
        return { ok: false, reason: 'out-of-range' };
    return { ok: true, nanos: seconds * NANOS + fractionNanos(fraction) };
}
function floorDiv(a, b) {
    const q = a / b;
    return a % b !== 0n && a < 0n ? q - 1n : q;
}
/** The canonical text of an instant: `YYYY-MM-DDThh:mm:ss[.f…]Z` in UTC. */
function formatDate(nanos) {
    const seconds = floorDiv(nanos, NANOS);
    const rest = nanos - seconds * NANOS;
    const base = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
    const fraction = rest === 0n ? '' : `.${rest.toString().padStart(9, '0').replace(/0+$/, '')}`;
    return `${base}${fraction}Z`;
}
/** The instant as an exact decimal of seconds (for the shared ordered comparison). */
function dateDecimal(nanos) {
    if (nanos === 0n)
        return { sign: 0, digits: 0n, exponent: 0 };
    let digits = nanos < 0n ? -nanos : nanos;
    let exponent = -9;
    while (digits % 10n === 0n) {
        digits /= 10n;
        exponent++;
    }
    return { sign: nanos < 0n ? -1 : 1, digits, exponent };
}
/** The instant at the coarser precisions IAM might compare at: milliseconds and seconds. */
function dateCoarseViews(nanos) {
    return [Number(floorDiv(nanos, 1000000n)), Number(floorDiv(nanos, NANOS))];
}

;// CONCATENATED MODULE: ./src/trustPolicy/decimal.ts
/**
 * Exact decimal numbers for NumericX conditions. IAM compares a condition value as its text, and
 * whether it reads that text as an exact decimal or as a double is not documented: the comparison
 * keeps the exact value and the double beside it and claims an ordering only when both readings
 * agree, so a verdict holds whichever reading IAM uses.
 */
/** The forms accepted as numbers: an optional sign, digits, an optional fraction and exponent (JSON's forms and a few more). */
const NUMBER = /^([+-]?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;
/** Beyond this many significant digits or this exponent, a value is refused: no policy needs it, and it bounds the work. */
const MAX_SIGNIFICANT_DIGITS = 100;
const MAX_EXPONENT = 308;
function readDecimal(text) {
    const match = NUMBER.exec(text);
    if (!match)
        return { ok: false, reason: 'unreadable' };
    const [, signText = '', whole = '', fraction = '', exponentText = '0'] = match;
    if (exponentText.replace(/^[+-]?0*/, '').length > 6)
        return { ok: false, reason: 'out-of-range' };
    let digitsText = (whole + fraction).replace(/^0+/, '');
    let exponent = Number(exponentText) - fraction.length;
    if (digitsText === '')
        return { ok: true, value: { sign: 0, digits: 0n, exponent: 0 } };
    const trailing = digitsText.length - digitsText.replace(/0+$/, '').length;
    digitsText = digitsText.slice(0, digitsText.length - trailing);
    exponent += trailing;
    const magnitude = exponent + digitsText.length - 1;
    if (digitsText.length > MAX_SIGNIFICANT_DIGITS || Math.abs(magnitude) > MAX_EXPONENT)
        return { ok: false, reason: 'out-of-range' };
    return { ok: true, value: { sign: signText === '-' ? -1 : 1, digits: BigInt(digitsText), exponent } };
}
/** -1, 0 or 1: the exact order of two decimals. */
function compareDecimal(a, b) {
    if (a.sign !== b.sign)
        return a.sign < b.sign ? -1 : 1;
    if (a.sign === 0)
        return 0;
    const shift = a.exponent - b.exponent;
    const left = shift > 0 ? a.digits * 10n ** BigInt(shift) : a.digits;
    const right = shift < 0 ? b.digits * 10n ** BigInt(-shift) : b.digits;
    const magnitude = left < right ? -1 : left > right ? 1 : 0;
    return magnitude === 0 ? 0 : a.sign * magnitude;
}
/** The plain decimal text of a value ("1e3" and "1000.0" -> "1000", "-0" -> "0"): the canonical form. */
function formatDecimal(value) {
    if (value.sign === 0)
        return '0';
    const digits = value.digits.toString();
    let text;
    if (value.exponent >= 0)
        text = digits + '0'.repeat(value.exponent);
    else {
        const point = digits.length + value.exponent;
        text = point > 0 ? `${digits.slice(0, point)}.${digits.slice(point)}` : `0.${'0'.repeat(-point)}${digits}`;
    }
    return value.sign < 0 ? `-${text}` : text;
}

;// CONCATENATED MODULE: ./src/trustPolicy/stringValues.ts
/**
 * String values (condition values of the String and ARN operators, and Resource patterns) as IAM
 * reads them under the policy's Version, and the case folding of the …IgnoreCase operators.
 *
 * Version (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html):
 * - `2012-10-17`: `${key}` and `${key, 'default'}` are policy variables, replaced per request;
 *   `${*}`, `${?}` and `${$}` stand for the literal characters `*`, `?` and `$`.
 * - absent or `2008-10-17`: `${…}` is literal text.
 * - any other Version (IAM refuses it): `${…}` may be either, so the value is opaque.
 * A value whose meaning depends on the request (a variable; a literal `*` or `?` inside a Like
 * pattern, which the pattern model cannot write; a `${` left open) is kept as an opaque value: it
 * is equal only to the same text under the same Version, and may match any value of its key.
 */
/** Prefixes of opaque values: a NUL cannot come from a policy without being opaque itself. */
const OPAQUE_VARIABLE = '\u0000var\u0000';
const OPAQUE_LITERAL = '\u0000lit\u0000';
const OPAQUE_UNKNOWN = '\u0000unk\u0000';
function isOpaque(value) {
    return value.startsWith('\u0000');
}
/**
 * The canonical form of a string value: the literal text it stands for, or an opaque value.
 * `like`: the value is a pattern (StringLike, ArnLike, Resource) whose `*` and `?` are wildcards.
 */
function readStringValue(raw, version, like) {
    if (version !== null && version !== '2012-10-17' && version !== '2008-10-17' && raw.includes('${'))
        return OPAQUE_UNKNOWN + raw;
    const variables = version === '2012-10-17' && raw.includes('${');
    if (raw.includes('\u0000'))
        return (variables ? OPAQUE_VARIABLE : OPAQUE_LITERAL) + raw;
    if (!variables)
        return raw;
    let out = '';
    let i = 0;
    for (;;) {
        const open = raw.indexOf('${', i);
        if (open < 0)
            return out + raw.slice(i);
        const close = raw.indexOf('}', open + 2);
        if (close < 0)
            return OPAQUE_VARIABLE + raw;
        const inner = raw.slice(open + 2, close);
        if (inner === '$' || (!like && (inner === '*' || inner === '?')))
            out += raw.slice(i, open) + inner;
        else
            return OPAQUE_VARIABLE + raw;
        i = close + 1;
    }
}
/** A canonical value for people: the text as written (opaque) or the literal it stands for. */
function displayValue(value) {
    if (value.startsWith(OPAQUE_VARIABLE))
        return value.slice(OPAQUE_VARIABLE.length);
    if (value.startsWith(OPAQUE_LITERAL))
        return value.slice(OPAQUE_LITERAL.length);
    if (value.startsWith(OPAQUE_UNKNOWN))
        return value.slice(OPAQUE_UNKNOWN.length);
    return value;
}
/** A canonical value written for a `"Version": "2012-10-17"` document (a literal `${` escaped as `${$}{`). */
function valueFor2012(value) {
    if (value.startsWith(OPAQUE_VARIABLE))
        return value.slice(OPAQUE_VARIABLE.length);
    return displayValue(value).split('${').join('${$}{');
}
/**
 * Case folding of the …IgnoreCase operators. IAM does not document how far it folds beyond ASCII,
 * so the canonical form folds only A-Z: two values are taken as equal only when they are equal
 * under any folding rule, and a value with any cased letter (Unicode: lower-case differs from
 * upper-case, e.g. é, ß, the Kelvin sign) is taken to admit every case variant of it.
 */
function foldAscii(text) {
    return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}
function hasCasedLetters(text) {
    return text.toLowerCase() !== text.toUpperCase();
}

;// CONCATENATED MODULE: ./src/trustPolicy/conditions.ts
/**
 * Condition operators: their table, canonical values, and a sound implication test between
 * clauses ("whenever clause A holds, clause B holds"), used to prove one grant inside another.
 */





const SPECS = [];
function conditions_define(name, family, test, negated = false, ignoreCase = false, canonical = name) {
    SPECS.push({ name, family, test, negated, ignoreCase });
    CANONICAL_NAME.set(name.toLowerCase(), canonical);
}
const CANONICAL_NAME = new Map();
conditions_define('StringEquals', 'string', 'equals');
conditions_define('StringNotEquals', 'string', 'equals', true);
conditions_define('StringEqualsIgnoreCase', 'string', 'equals', false, true);
conditions_define('StringNotEqualsIgnoreCase', 'string', 'equals', true, true);
conditions_define('StringLike', 'string', 'like');
conditions_define('StringNotLike', 'string', 'like', true);
for (const family of ['Numeric', 'Date']) {
    const lower = family === 'Numeric' ? 'numeric' : 'date';
    conditions_define(`${family}Equals`, lower, 'equals');
    conditions_define(`${family}NotEquals`, lower, 'equals', true);
    conditions_define(`${family}LessThan`, lower, 'lt');
    conditions_define(`${family}LessThanEquals`, lower, 'lte');
    conditions_define(`${family}GreaterThan`, lower, 'gt');
    conditions_define(`${family}GreaterThanEquals`, lower, 'gte');
}
conditions_define('Bool', 'bool', 'equals');
conditions_define('BinaryEquals', 'binary', 'equals');
conditions_define('IpAddress', 'ip', 'in-cidr');
conditions_define('NotIpAddress', 'ip', 'in-cidr', true);
// The IAM documentation gives ArnEquals and ArnLike (and their negations) the same behaviour.
conditions_define('ArnLike', 'arn', 'like');
conditions_define('ArnEquals', 'arn', 'like', false, false, 'ArnLike');
conditions_define('ArnNotLike', 'arn', 'like', true);
conditions_define('ArnNotEquals', 'arn', 'like', true, false, 'ArnNotLike');
conditions_define('Null', 'null', 'null');
const SPEC_BY_NAME = new Map(SPECS.map((spec) => [spec.name.toLowerCase(), spec]));
/** Reads `ForAnyValue:StringLikeIfExists` and friends (case-insensitively, A-Z); null when IAM knows no such operator. */
function readOperator(written) {
    let rest = written;
    let qualifier = null;
    const colon = rest.indexOf(':');
    if (colon >= 0) {
        const prefix = foldAscii(rest.slice(0, colon));
        if (prefix === 'foranyvalue')
            qualifier = 'ForAnyValue';
        else if (prefix === 'forallvalues')
            qualifier = 'ForAllValues';
        else
            return null;
        rest = rest.slice(colon + 1);
    }
    let ifExists = false;
    if (foldAscii(rest).endsWith('ifexists')) {
        ifExists = true;
        rest = rest.slice(0, -'ifexists'.length);
    }
    // Folded A-Z only: `ArnLi\u212Ae` (Kelvin sign) is no operator IAM knows, not ArnLike.
    const spec = SPEC_BY_NAME.get(foldAscii(rest));
    if (!spec || (ifExists && spec.family === 'null'))
        return null;
    return { ...spec, qualifier, ifExists, canonical: CANONICAL_NAME.get(spec.name.toLowerCase()) ?? spec.name };
}
/**
 * The canonical form of one condition value under an operator: numbers as exact decimal text,
 * dates as UTC instants, strings and ARNs as read under the policy's Version (stringValues.ts),
 * …IgnoreCase values folded (A-Z only). Unreadable values are kept as written by the caller.
 */
function canonicalValue(family, test, ignoreCase, raw, version) {
    switch (family) {
        case 'string': {
            const value = readStringValue(raw, version, test === 'like');
            return { ok: true, value: ignoreCase && !isOpaque(value) ? foldAscii(value) : value };
        }
        case 'arn':
            return { ok: true, value: readStringValue(raw, version, true) };
        case 'numeric': {
            const reading = readDecimal(raw);
            return reading.ok ? { ok: true, value: formatDecimal(reading.value) } : reading;
        }
        case 'date': {
            const reading = readDate(raw);
            return reading.ok ? { ok: true, value: formatDate(reading.nanos) } : reading;
        }
        case 'bool':
        case 'null': {
            const lower = raw.toLowerCase();
            return lower === 'true' || lower === 'false' ? { ok: true, value: lower } : { ok: false, reason: 'unreadable' };
        }
        case 'ip': {
            const cidr = raw === raw.trim() ? parseCidr(raw) : null;
            return cidr ? { ok: true, value: formatCidr(cidr) } : { ok: false, reason: 'unreadable' };
        }
        default:
            return { ok: true, value: raw };
    }
}
function orderedValue(family, canonical) {
    if (family === 'date') {
        const reading = readDate(canonical);
        return reading.ok ? { exact: dateDecimal(reading.nanos), coarse: dateCoarseViews(reading.nanos) } : null;
    }
    const reading = readDecimal(canonical);
    return reading.ok ? { exact: reading.value, coarse: [Number(canonical)] } : null;
}
/** a <= x under every reading (the coarse readings are monotone, so the exact one decides). */
const atMost = (a, x) => compareDecimal(a.exact, x.exact) <= 0;
/** a < x under every reading: exact and each coarse reading. */
const below = (a, x) => compareDecimal(a.exact, x.exact) < 0 && a.coarse.every((value, i) => value < (x.coarse[i] ?? -Infinity));
function clauseSignature(clause) {
    return JSON.stringify([clause.qualifier ?? '', clause.operator, clause.ifExists, clause.key, clause.values]);
}
function makeCondition(clauses) {
    const sorted = [...clauses].sort((a, b) => (a.signature < b.signature ? -1 : a.signature > b.signature ? 1 : 0));
    const unique = sorted.filter((clause, i) => i === 0 || sorted[i - 1]?.signature !== clause.signature);
    return { clauses: unique, key: unique.map((clause) => clause.signature).join('&') };
}
/** Splits an ARN into its six colon-separated components (the resource part keeps its colons). */
function arnComponents(arn) {
    const parts = arn.split(':');
    if (parts.length <= 6)
        return parts;
    return [...parts.slice(0, 5), parts.slice(5).join(':')];
}
/** ArnLike: each of the six components is matched separately. */
function arnLikeMatch(pattern, value) {
    const p = arnComponents(pattern);
    const v = arnComponents(value);
    return p.length === v.length && p.every((part, i) => globMatch(part, v[i] ?? ''));
}
function arnLikeCovers(outer, inner) {
    const o = arnComponents(outer);
    const i = arnComponents(inner);
    return o.length === i.length && o.every((part, k) => globCovers(part, i[k] ?? ''));
}
/** Indexes a clause's values for "is this value inside" questions; built once per clause. */
class ClauseIndex {
    clause;
    patternSet = null;
    cidrs = null;
    constructor(clause) {
        this.clause = clause;
    }
    get patterns() {
        this.patternSet ??= new PatternSet(this.clause.values);
        return this.patternSet;
    }
    get cidrList() {
        this.cidrs ??= this.clause.values.map((value) => parseCidr(value)).filter((cidr) => cidr !== null);
        return this.cidrs;
    }
}
const indexes = new WeakMap();
function indexOf(clause) {
    let index = indexes.get(clause);
    if (!index) {
        index = new ClauseIndex(clause);
        indexes.set(clause, index);
    }
    return index;
}
/**
 * Whether every request value that the positive test of `inner` admits for `value` is admitted by
 * the positive test of `outer` for one of its values (same family). Sound; false when unsure.
 */
function valueInside(inner, value, outer) {
    if (inner.family !== outer.family)
        return false;
    const outerIndex = indexOf(outer);
    switch (inner.family) {
        case 'string': {
            // A value that depends on the request is inside only the same value (same test) or a bare `*`.
            if (isOpaque(value))
                return ((outer.test === inner.test && outer.ignoreCase === inner.ignoreCase && outer.valueSet.has(value)) ||
                    (outer.test === 'like' && outer.valueSet.has('*')));
            // The set of strings the inner value admits, then whether the outer admits all of them.
            const literal = inner.test === 'equals' || !hasWildcard(value);
            if (inner.ignoreCase && hasCasedLetters(value)) {
                // Every case variant of value.
                if (outer.test === 'equals' && outer.ignoreCase)
                    return outer.valueSet.has(value);
                if (outer.test === 'like')
                    return outer.valueSet.has('*');
                return false;
            }
            if (literal) {
                if (outer.test === 'equals')
                    return outer.valueSet.has(outer.ignoreCase ? foldAscii(value) : value);
                return outerIndex.patterns.matches(value);
            }
            if (outer.test === 'like')
                return outerIndex.patterns.covers(value);
            return false;
        }
        case 'arn':
            if (outer.valueSet.has(value))
                return true;
            // A value that depends on the request is inside only the same value.
            if (isOpaque(value))
                return false;
            return outer.values.some((pattern) => (hasWildcard(value) ? arnLikeCovers(pattern, value) : arnLikeMatch(pattern, value)));
        case 'numeric':
        case 'date':
            return orderedInside(inner.family, inner.test, value, outer);
        case 'ip': {
            const cidr = parseCidr(value);
            return cidr !== null && outerIndex.cidrList.some((candidate) => cidrContains(candidate, cidr));
        }
        default:
            return outer.valueSet.has(value);
    }
}
function orderedInside(family, test, value, outer) {
    const a = orderedValue(family, value);
    if (a === null)
        return outer.test === test && outer.valueSet.has(value);
    return outer.values.some((raw) => {
        const x = orderedValue(family, raw);
        if (x === null)
            return false;
        switch (test) {
            case 'equals':
                // Every request equal to a: inside when a itself passes the outer test, at every reading.
                if (outer.test === 'equals')
                    return compareDecimal(a.exact, x.exact) === 0;
                if (outer.test === 'lt')
                    return below(a, x);
                if (outer.test === 'lte')
                    return atMost(a, x);
                if (outer.test === 'gt')
                    return below(x, a);
                if (outer.test === 'gte')
                    return atMost(x, a);
                return false;
            case 'lt':
                return (outer.test === 'lt' || outer.test === 'lte') && atMost(a, x);
            case 'lte':
                return (outer.test === 'lte' && atMost(a, x)) || (outer.test === 'lt' && below(a, x));
            case 'gt':
                return (outer.test === 'gt' || outer.test === 'gte') && atMost(x, a);
            case 'gte':
                return (outer.test === 'gte' && atMost(x, a)) || (outer.test === 'gt' && below(x, a));
            default:
                return false;
        }
    });
}
/** Whether the positive test of `inner` admits only requests the positive test of `outer` admits. */
function valuesInside(inner, outer) {
    if (inner.values.length === 0)
        return false;
    return inner.values.every((value) => valueInside(inner, value, outer));
}
/**
 * Whether `inner` holding implies `outer` holding, for every request (sound; false when unsure).
 * Same key and same set qualifier are required; IfExists may only be added on the outer side.
 */
function clauseImplies(inner, outer) {
    if (inner.signature === outer.signature)
        return true;
    if (inner.key !== outer.key || inner.qualifier !== outer.qualifier || inner.negated !== outer.negated)
        return false;
    if (inner.family === 'null' || outer.family === 'null') {
        return inner.family === outer.family && inner.values.every((value) => outer.valueSet.has(value));
    }
    if (inner.qualifier !== null && inner.ifExists !== outer.ifExists)
        return false;
    if (inner.negated) {
        // "no inner value matches" implies "no outer value matches" when outer's matches ⊆ inner's matches.
        if (inner.ifExists && !outer.ifExists && inner.qualifier !== null)
            return false;
        return outer.values.length > 0 && valuesInside(outer, inner);
    }
    if (inner.ifExists && !outer.ifExists)
        return false;
    return valuesInside(inner, outer);
}
/** Whether every request satisfying `inner` satisfies `outer`: each outer clause implied by some inner clause. */
function conditionImplies(inner, outer) {
    if (outer.clauses.length === 0 || inner.key === outer.key)
        return true;
    const byKey = new Map();
    for (const clause of inner.clauses) {
        const list = byKey.get(clause.key);
        if (list)
            list.push(clause);
        else
            byKey.set(clause.key, [clause]);
    }
    return outer.clauses.every((required) => (byKey.get(required.key) ?? []).some((clause) => clauseImplies(clause, required)));
}
/** Whether a clause can be split into one clause per value (its values are OR'ed, on their own). */
function isSplittable(clause) {
    return !clause.negated && clause.qualifier === null && clause.family !== 'null' && clause.values.length > 1;
}
function withValues(clause, values) {
    const base = { ...clause, values };
    return { ...base, valueSet: new Set(values), signature: clauseSignature(base) };
}
function describeOperator(clause) {
    return `${clause.qualifier ? `${clause.qualifier}:` : ''}${clause.operator}${clause.ifExists ? 'IfExists' : ''}`;
}
/** The condition with one clause narrowed to a single value. */
function makeConditionWithClause(condition, clause, value) {
    return makeCondition(condition.clauses.map((c) => (c === clause ? withValues(clause, [value]) : c)));
}

;// CONCATENATED MODULE: ./src/trustPolicy/principals.ts
/**
 * Principal values: canonical form and the "is every request this one admits also admitted by
 * that one" test.
 *
 * How values are read (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html):
 * - An account (`123456789012` or `arn:<partition>:iam::123456789012:root`) admits every principal
 *   of that account in that partition. A bare account ID is in the partition of the role holding
 *   the policy: the reader is told it (ReadContext.partition) or keeps it unknown (null), and an
 *   unknown partition is never taken to equal a named one.
 * - A role ARN (`arn:<p>:iam::<a>:role/<path>/<name>`) admits the role and every session of it,
 *   `arn:<p>:sts::<a>:assumed-role/<name>/<session>` (a session ARN has no path).
 *   (In NotPrincipal, where AWS asks for both the role and the session ARN, a role is not taken to
 *   exclude its sessions.)
 * - Partitions are separate: `arn:aws-cn:…` and `arn:aws:…` never name the same principal.
 */

const ACCOUNT_ID = /^\d{12}$/;
const ROOT_ARN = /^arn:([a-z0-9-]+):iam::(\d{12}):root$/;
const IAM_OR_STS_ARN = /^arn:[a-z0-9-]+:(?:iam|sts)::(?:\d{12}|cloudfront):.+$/;
const ROLE_ARN = /^arn:([a-z0-9-]+):iam::(\d{12}):role\/(?:[^*?]*\/)?([^/*?]+)$/;
const SESSION_ARN = /^arn:([a-z0-9-]+):sts::(\d{12}):assumed-role\/([^/*?]+)\/[^*?]+$/;
/** AIDA (user), AROA (role) and the other unique-ID prefixes, followed by upper-case letters and digits. */
const UNIQUE_ID = /^A(?:IDA|ROA|GPA|IPA|NPA|NVA|KIA|SIA|BIA|CCA|PKA|SCA)[A-Z0-9]{12,}$/;
const WILDCARD_PRINCIPAL = {
    type: '*',
    kind: 'wildcard',
    key: '*',
    display: '*',
    account: null,
    partition: null,
    role: null,
    sessionOf: null
};
const none = { role: null, sessionOf: null };
/** An account principal; `partition` null = the policy's own partition, not known to the reader. */
function accountPrincipal(accountId, partition) {
    return {
        type: 'AWS',
        kind: 'account',
        key: `AWS:account:${partition ?? '~'}:${accountId}`,
        display: partition === null ? accountId : `arn:${partition}:iam::${accountId}:root`,
        account: accountId,
        partition,
        ...none
    };
}
/** Reads one principal value as IAM does: an account ID and its root ARN are the same principal, `{"AWS":"*"}` is `*`. */
function principalValue(type, value, context = {}) {
    // Only {"AWS": "*"} (and the bare "*") mean everyone; "*" under Service or Federated is read as a pattern.
    if (value === '*' && type === 'AWS')
        return WILDCARD_PRINCIPAL;
    if (type === 'AWS') {
        if (ACCOUNT_ID.test(value))
            return accountPrincipal(value, context.partition ?? null);
        const root = ROOT_ARN.exec(value);
        if (root)
            return accountPrincipal(root[2] ?? '', root[1] ?? null);
        const arn = /^arn:([^:]*):(?:iam|sts)::(\d{12}):/.exec(value);
        const account = arn?.[2] ?? null;
        const partition = arn?.[1] ?? null;
        if (hasWildcard(value))
            return { type, kind: 'pattern', key: `AWS:pattern:${value}`, display: value, account, partition, ...none };
        if (IAM_OR_STS_ARN.test(value)) {
            const role = value.includes(':role/') ? ROLE_ARN.exec(value) : null;
            const session = value.includes(':assumed-role/') ? SESSION_ARN.exec(value) : null;
            return {
                type,
                kind: 'arn',
                key: `AWS:arn:${value}`,
                display: value,
                account,
                partition,
                role: role ? `${role[1]}:${role[2]}:${role[3]}` : null,
                sessionOf: session ? `${session[1]}:${session[2]}:${session[3]}` : null
            };
        }
        if (UNIQUE_ID.test(value))
            return { type, kind: 'unique-id', key: `AWS:id:${value}`, display: value, account: null, partition: null, ...none };
        return { type, kind: 'other', key: `AWS:other:${value}`, display: value, account, partition, ...none };
    }
    if (hasWildcard(value))
        return { type, kind: 'pattern', key: `${type}:pattern:${value}`, display: value, account: null, partition: null, ...none };
    return { type, kind: 'name', key: `${type}:${value}`, display: value, account: null, partition: null, ...none };
}
/**
 * Whether every caller that `inner` admits is admitted by `outer` (sound: false when unsure).
 * An account admits every principal whose ARN names that account in the same, known partition; a
 * role admits its sessions; a pattern is only known to cover itself; a unique ID only itself (its
 * account is unknown).
 */
function principalCovers(outer, inner, sessions = true) {
    if (outer.kind === 'wildcard')
        return true;
    if (outer.key === inner.key)
        return true;
    if (outer.kind === 'account') {
        return (inner.type === 'AWS' &&
            (inner.kind === 'arn' || inner.kind === 'pattern') &&
            inner.account === outer.account &&
            outer.partition !== null &&
            inner.partition === outer.partition);
    }
    if (outer.kind === 'arn' && outer.role !== null)
        return sessions && inner.kind === 'arn' && inner.sessionOf === outer.role;
    return false;
}
/** Whether some caller may be admitted by both values (over-approximated: true when unsure). */
function principalValuesMayOverlap(a, b) {
    const literal = (value) => value.kind === 'account' || value.kind === 'arn' || value.kind === 'name';
    if (!literal(a) || !literal(b))
        return true;
    // IAM role and user names are unique regardless of case: ARNs that differ only in case are
    // not taken to name different principals here (they are for coverage, as written).
    if (a.key.toLowerCase() === b.key.toLowerCase())
        return true;
    // A canonical user ID is another name of an AWS account (https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-identifiers.html):
    // which account is not in the policy, so it may be any AWS principal's.
    if ((a.type === 'CanonicalUser' && b.type === 'AWS') || (a.type === 'AWS' && b.type === 'CanonicalUser'))
        return true;
    if (a.type !== b.type)
        return false;
    const samePartition = (x, y) => x.partition === null || y.partition === null || x.partition === y.partition;
    if (a.kind === 'account' || b.kind === 'account')
        return a.account === b.account && samePartition(a, b);
    // Two ARNs: the same role, however its path is written, or a role and its sessions.
    const roleOf = (value) => (value.role ?? value.sessionOf)?.toLowerCase() ?? null;
    return roleOf(a) !== null && roleOf(a) === roleOf(b);
}
/** Whether the element `inner` admits no caller outside `outer` (NotPrincipal handled soundly). */
function principalElementCovers(outer, inner) {
    if (outer === null || inner === null)
        return outer === inner;
    if (!outer.negated && !inner.negated) {
        return inner.values.every((value) => outer.values.some((candidate) => principalCovers(candidate, value)));
    }
    if (outer.negated && inner.negated) {
        // Everyone but X ⊆ everyone but Y when every Y is inside some X. Whether a role ARN in
        // NotPrincipal also excludes the role's sessions is not relied on (AWS asks for both ARNs there).
        return outer.values.every((excluded) => inner.values.some((candidate) => principalCovers(candidate, excluded, false)));
    }
    if (!outer.negated && inner.negated)
        return outer.values.some((value) => value.kind === 'wildcard');
    return false;
}
function principalElementKey(element) {
    if (element === null)
        return '-';
    // JSON, not a join: a principal value may hold `,` (see grants.ts, patternKey).
    const keys = JSON.stringify(element.values.map((value) => value.key));
    return element.negated ? `!${keys}` : keys;
}
function describePrincipalElement(element) {
    if (element === null)
        return '(no principal)';
    const shown = element.values.map((value) => value.display).join(', ');
    return element.negated ? `everyone except ${shown}` : shown;
}

;// CONCATENATED MODULE: ./src/trustPolicy/coverage.ts
/**
 * Proving grants inside other grants: "every request this grant admits is admitted by one of
 * those grants". Sound: a false answer means "not proven", never "proven outside".
 */




/** `outer` admits every value `inner` admits; a value that depends on the request (a policy variable) only itself or `*`. */
function patternCovers(outer, inner) {
    if (outer === inner || outer === '*')
        return true;
    if (isOpaque(outer) || isOpaque(inner))
        return false;
    return globCovers(outer, inner);
}
/** Whether the pattern may match the literal or opaque value (true when unsure). */
function patternMayMatch(pattern, value) {
    if (isOpaque(pattern) || isOpaque(value))
        return true;
    return globMatch(pattern, value);
}
/** Whether `inner` admits no action/resource outside `outer`; an absent element admits everything. */
function patternElementCovers(outer, inner) {
    if (outer === null)
        return true;
    if (inner === null)
        return !outer.negated && outer.patterns.includes('*');
    if (!outer.negated && !inner.negated)
        return inner.patterns.every((p) => outer.patterns.some((q) => patternCovers(q, p)));
    if (outer.negated && inner.negated)
        return outer.patterns.every((q) => inner.patterns.some((p) => patternCovers(p, q)));
    if (outer.negated && !inner.negated) {
        // A literal value that no excluded pattern matches lies inside "everything but …".
        return inner.patterns.every((p) => !hasWildcard(p) && !isOpaque(p) && !outer.patterns.some((q) => patternMayMatch(q, p)));
    }
    return outer.patterns.includes('*');
}
function principalLookupKeys(element) {
    if (element === null)
        return ['-'];
    if (element.negated)
        return ['!'];
    const value = element.values[0];
    if (!value)
        return [];
    const keys = [value.key, '*'];
    if (value.account && value.partition)
        keys.push(`AWS:account:${value.partition}:${value.account}`);
    if (value.sessionOf)
        keys.push(`role:${value.sessionOf}`);
    return keys;
}
/**
 * The action part of an index key: a single literal action stands for itself; anything else
 * (a pattern, several actions, NotAction, no Action) goes under "*". A grant with a literal action
 * is covered only by grants with that very action or with one of the "*" kind, so a lookup reads
 * two small buckets instead of every grant of the principal.
 */
function actionSlot(element) {
    if (element === null || element.negated || element.patterns.length !== 1)
        return '*';
    const only = element.patterns[0];
    return hasWildcard(only) ? '*' : `=${only}`;
}
/** The grants of one effect of a policy, indexed for coverage questions. */
class GrantIndex {
    keys = new Set();
    /** principal key -> action slot -> grants. */
    buckets = new Map();
    constructor(grants) {
        for (const grant of grants) {
            this.keys.add(grant.key);
            const principal = grant.principal;
            const first = principal === null || principal.negated ? null : principal.values[0];
            const key = principal === null ? '-' : principal.negated ? '!' : (first?.key ?? '');
            const slot = actionSlot(grant.action);
            this.add(key, slot, grant);
            // A role's grants are also found from its sessions (whose ARNs do not show the role's path).
            if (first?.role)
                this.add(`role:${first.role}`, slot, grant);
        }
    }
    add(principalKey, slot, grant) {
        let bySlot = this.buckets.get(principalKey);
        if (!bySlot)
            this.buckets.set(principalKey, (bySlot = new Map()));
        const bucket = bySlot.get(slot);
        if (bucket)
            bucket.push(grant);
        else
            bySlot.set(slot, [grant]);
    }
    has(grant) {
        return this.keys.has(grant.key);
    }
    /** Grants whose principal, action and resource contain the given grant's (conditions not checked). */
    candidates(grant, skip) {
        const found = [];
        let seen;
        const slot = actionSlot(grant.action);
        const keys = principalLookupKeys(grant.principal);
        keys.push('!');
        for (let k = 0; k < keys.length; k++) {
            const principalKey = keys[k];
            if (keys.indexOf(principalKey) !== k)
                continue;
            const bySlot = this.buckets.get(principalKey);
            if (!bySlot)
                continue;
            for (const bucket of slot === '*' ? [bySlot.get('*')] : [bySlot.get(slot), bySlot.get('*')]) {
                for (const candidate of bucket ?? []) {
                    if (candidate.effect !== grant.effect || (found.length > 0 && (seen ??= new Set(found)).has(candidate)) || skip?.(candidate))
                        continue;
                    if (!principalElementCovers(candidate.principal, grant.principal))
                        continue;
                    if (!patternElementCovers(candidate.action, grant.action))
                        continue;
                    if (!patternElementCovers(candidate.resource, grant.resource))
                        continue;
                    found.push(candidate);
                    seen?.add(candidate);
                }
            }
        }
        return found;
    }
    /** Whether every request `grant` admits is admitted by some grant of this index (or a union over one condition's values). */
    covers(grant, skip) {
        if (!skip && this.keys.has(grant.key))
            return true;
        const candidates = this.candidates(grant, skip);
        if (candidates.some((candidate) => conditionImplies(grant.condition, candidate.condition)))
            return true;
        if (candidates.length < 2)
            return false;
        // A condition value list spread over several grants: every value inside one of them.
        return grant.condition.clauses.some((clause) => isSplittable(clause) &&
            clause.values.every((value) => {
                const narrowed = makeConditionWithClause(grant.condition, clause, value);
                return candidates.some((candidate) => conditionImplies(narrowed, candidate.condition));
            }));
    }
}
/**
 * The grants without those inside other grants of the same effect (the union stays the same):
 * `{"AWS": "*"}` next to `ec2.amazonaws.com` says nothing more than `*`. A grant is dropped only
 * when grants still kept cover it, so mutual coverage keeps one of them.
 */
function withoutRedundantGrants(grants) {
    const dropped = new Set();
    for (const effect of ['Allow', 'Deny']) {
        const ofEffect = grants.filter((grant) => grant.effect === effect);
        const index = new GrantIndex(ofEffect);
        for (const grant of ofEffect) {
            if (index.covers(grant, (candidate) => candidate === grant || dropped.has(candidate)))
                dropped.add(grant);
        }
    }
    return grants.filter((grant) => !dropped.has(grant));
}
/** Text beyond ASCII: whether IAM folds its case (actions) is not documented, so it may meet anything. */
// eslint-disable-next-line no-control-regex -- the range starts at U+0000 on purpose: everything outside ASCII
const NON_ASCII = /[^\u0000-\u007f]/;
function patternsMayOverlap(a, b) {
    if (a === null || b === null || a.negated || b.negated)
        return true;
    return a.patterns.some((p) => b.patterns.some((q) => isOpaque(p) ||
        isOpaque(q) ||
        NON_ASCII.test(p) ||
        NON_ASCII.test(q) ||
        (hasWildcard(p) && hasWildcard(q)) ||
        (hasWildcard(p) ? globMatch(p, q) : hasWildcard(q) ? globMatch(q, p) : p === q)));
}
/**
 * Grants indexed for "may some request match both this grant and one of those": grouped by their
 * principal, each group's single literal actions in a set (grants without a Resource), the other
 * grants with one literal action by that action, and the rest in a list, so a question costs about
 * the number of distinct principals and actions rather than the number of grants (a Deny-heavy
 * 70 x 70 x 70 pair once took 38 s of CPU scanning every grant for every lost Deny).
 */
class OverlapIndex {
    groups = new Map();
    constructor(grants) {
        for (const grant of grants) {
            const key = principalElementKeyOf(grant.principal);
            let group = this.groups.get(key);
            if (!group) {
                group = { principal: grant.principal, literalActions: new Set(), byAction: new Map(), others: [] };
                this.groups.set(key, group);
            }
            const slot = actionSlot(grant.action);
            const literal = slot !== '*' && !NON_ASCII.test(slot);
            // Without a Resource, a literal-action grant meets every grant with that action on the resource.
            if (literal && grant.resource === null)
                group.literalActions.add(slot.slice(1));
            else if (literal) {
                const bucket = group.byAction.get(slot.slice(1));
                if (bucket)
                    bucket.push(grant);
                else
                    group.byAction.set(slot.slice(1), [grant]);
            }
            else
                group.others.push(grant);
        }
    }
    /** Whether some indexed grant may meet `grant` (over-approximated: true when unsure). */
    meets(grant) {
        const slot = actionSlot(grant.action);
        const anyAction = grant.action === null || grant.action.negated || grant.action.patterns.some((pattern) => NON_ASCII.test(pattern));
        const action = grant.action;
        // Which literal actions `grant` may have: all (anyAction), its own, or those its patterns match.
        const mayHave = (literal) => anyAction || action === null || (slot !== '*' ? slot.slice(1) === literal : action.patterns.some((pattern) => globMatch(pattern, literal)));
        const meetsGrant = (other) => grantsMayOverlap(other, grant);
        for (const group of this.groups.values()) {
            if (!principalsMayOverlap(group.principal, grant.principal))
                continue;
            if (group.others.some(meetsGrant))
                return true;
            if (slot !== '*' && !anyAction) {
                const literal = slot.slice(1);
                if (group.literalActions.has(literal) || group.byAction.get(literal)?.some(meetsGrant))
                    return true;
                continue;
            }
            for (const [literal, bucket] of group.byAction)
                if (mayHave(literal) && bucket.some(meetsGrant))
                    return true;
            if (group.literalActions.size === 0)
                continue;
            if (action === null || anyAction)
                return true;
            for (const literal of group.literalActions)
                if (action.patterns.some((pattern) => globMatch(pattern, literal)))
                    return true;
        }
        return false;
    }
}
function principalElementKeyOf(element) {
    if (element === null)
        return '-';
    return `${element.negated ? '!' : ''}${JSON.stringify(element.values.map((value) => value.key))}`;
}
function principalsMayOverlap(pa, pb) {
    return pa === null || pb === null || pa.negated || pb.negated || pa.values.some((x) => pb.values.some((y) => principalValuesMayOverlap(x, y)));
}
/** Whether some request may match both grants' principal, action and resource (over-approximated: true when unsure). */
function grantsMayOverlap(a, b) {
    return principalsMayOverlap(a.principal, b.principal) && patternsMayOverlap(a.action, b.action) && patternsMayOverlap(a.resource, b.resource);
}

;// CONCATENATED MODULE: ./src/trustPolicy/describe.ts
/** One-line, human descriptions of grants and conditions (for change details and findings). */



const VALUE_LIMIT = 10;
function formatValues(values, limit = VALUE_LIMIT) {
    const shown = values.slice(0, limit).map(displayValue).join(', ');
    return values.length > limit ? `${shown} (+${values.length - limit} more)` : shown;
}
function describePatterns(element) {
    if (element === null)
        return '*';
    const shown = element.patterns.map((pattern) => element.display.get(pattern) ?? displayValue(pattern));
    return element.negated ? `all but ${shown.join(', ')}` : shown.join(', ');
}
function describeClause(clause) {
    return `${describeOperator(clause)} ${clause.keyDisplay} = [${formatValues(clause.values)}]`;
}
function describeCondition(condition) {
    return condition.clauses.map(describeClause).join(' and ');
}
function describePrincipal(grant) {
    return describePrincipalElement(grant.principal);
}
/** "principal action[ on resource]" */
function describeSubject(grant) {
    const resource = grant.resource === null ? '' : ` on ${describePatterns(grant.resource)}`;
    return `${describePrincipal(grant)} ${describePatterns(grant.action)}${resource}`;
}

;// CONCATENATED MODULE: ./src/trustPolicy/grants.ts

/**
 * The identity of an element as JSON: a pattern may itself hold `,` or `|` (IAM takes any text as
 * an action name), so joining with them once made NotAction ["a", "b"] and NotAction "a,b" (which
 * excludes neither a nor b) one key, and the wider NEW was taken for the OLD grant itself.
 */
function patternKey(element) {
    if (element === null)
        return '-';
    const listed = JSON.stringify(element.patterns);
    return element.negated ? `!${listed}` : listed;
}
function single(element, pattern) {
    return { negated: false, patterns: [pattern], display: new Map([[pattern, element.display.get(pattern) ?? pattern]]) };
}
/** Positive elements split into one-value elements; negated (Not*) and absent elements stay whole. */
function splitPrincipal(element) {
    if (element === null || element.negated)
        return [element];
    return element.values.map((value) => ({ negated: false, values: [value] }));
}
function splitPatterns(element) {
    if (element === null || element.negated)
        return [element];
    return element.patterns.map((pattern) => single(element, pattern));
}
function grantKey(grant) {
    const subject = JSON.stringify([grant.effect, principalElementKey(grant.principal), patternKey(grant.action), patternKey(grant.resource)]);
    return { subject, key: `${subject}|${grant.condition.key}` };
}
function statementGrants(statement) {
    const grants = [];
    for (const principal of splitPrincipal(statement.principal)) {
        for (const action of splitPatterns(statement.action)) {
            for (const resource of splitPatterns(statement.resource)) {
                const base = { effect: statement.effect, principal, action, resource, condition: statement.condition };
                grants.push({ ...base, ...grantKey(base), statementIndex: statement.index });
            }
        }
    }
    return grants;
}
/** All grants of a policy, de-duplicated, in a stable order. */
function policyGrants(policy) {
    const byKey = new Map();
    for (const statement of policy.statements) {
        for (const grant of statementGrants(statement))
            if (!byKey.has(grant.key))
                byKey.set(grant.key, grant);
    }
    return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

;// CONCATENATED MODULE: ./src/common/groupBy.ts
/** Items grouped by a key, in first-seen order of the keys. Every group has at least one item. */
function groupBy(items, keyOf) {
    const map = new Map();
    for (const item of items) {
        const key = keyOf(item);
        const bucket = map.get(key);
        if (bucket)
            bucket.push(item);
        else
            map.set(key, [item]);
    }
    return map;
}

;// CONCATENATED MODULE: ./src/trustPolicy/compare.ts






const KIND_ORDER = [
    'principal-added',
    'action-added',
    'statement-added',
    'condition-removed',
    'condition-values-added',
    'condition-changed',
    'condition-added',
    'condition-values-removed',
    'deny-removed',
    'deny-added',
    'action-removed',
    'principal-narrowed',
    'principal-removed',
    'statement-removed',
    'unproven'
];
const whenText = (condition) => (condition.clauses.length ? ` when ${describeCondition(condition)}` : '');
/** Grants of one principal with the same effect, resource and condition: one line of a change. */
const grantGroupKey = (g) => `${g.effect}|${principalElementKey(g.principal)}|${g.resource ? describePatterns(g.resource) : ''}|${g.condition.key}`;
/** Grants whose subject (principal, action, resource) appears only on one side. */
function grantChanges(grants, side, otherPrincipals) {
    const drafts = [];
    const groups = groupBy(grants, grantGroupKey);
    for (const group of groups.values()) {
        const first = group[0];
        const actions = group.map((g) => describePatterns(g.action)).join(', ');
        const resource = first.resource ? ` on ${describePatterns(first.resource)}` : '';
        const principal = describePrincipal(first);
        let kind;
        let text;
        if (first.effect === 'Deny') {
            kind = side === 'added' ? 'deny-added' : 'deny-removed';
            text = `deny ${side}: ${principal} (${actions})${resource}${whenText(first.condition)}`;
        }
        else if (first.principal?.negated || first.action?.negated || first.resource?.negated) {
            kind = side === 'added' ? 'statement-added' : 'statement-removed';
            text = `statement ${side}: ${principal} (${actions})${resource}${whenText(first.condition)}`;
        }
        else if (otherPrincipals.has(`${first.effect}|${principalElementKey(first.principal)}`)) {
            kind = side === 'added' ? 'action-added' : 'action-removed';
            text = `action ${side}: ${actions} for ${principal}${resource}${whenText(first.condition)}`;
        }
        else {
            kind = side === 'added' ? 'principal-added' : 'principal-removed';
            text = `principal ${side}: ${principal} (${actions})${resource}${whenText(first.condition)}`;
        }
        drafts.push({ kind, text, added: side === 'added' ? group : [], removed: side === 'removed' ? group : [], subjects: [] });
    }
    return drafts;
}
const singlePrincipal = (g) => g.principal && !g.principal.negated && g.principal.values.length === 1 ? (g.principal.values[0] ?? null) : null;
const actionsKey = (grants) => JSON.stringify(grants.map((g) => `${g.action?.negated ? '!' : ''}${g.action?.patterns.join(',') ?? '-'}`).sort());
/**
 * A principal replaced by a narrower one with the same actions, resource and condition (an
 * account's root by one of its roles): one "principal narrowed" change instead of an added and a
 * removed principal. Returns the drafts and the grants left for grantChanges.
 */
function narrowedPrincipals(added, removed) {
    // Groups are matched on everything but the principal through one key, computed once per group.
    const shapeOf = (group) => {
        const first = group[0];
        return `${first.effect}|${first.condition.key}|${first.resource ? describePatterns(first.resource) : ''}|${actionsKey(group)}`;
    };
    const removedByShape = groupBy([...groupBy(removed, grantGroupKey).values()].filter((group) => singlePrincipal(group[0]) !== null), shapeOf);
    const narrowings = new Map();
    for (const group of groupBy(added, grantGroupKey).values()) {
        const inner = singlePrincipal(group[0]);
        if (!inner)
            continue;
        const outer = (removedByShape.get(shapeOf(group)) ?? []).find((candidate) => {
            const value = singlePrincipal(candidate[0]);
            return value !== null && value.key !== inner.key && principalCovers(value, inner);
        });
        if (outer)
            narrowings.set(outer, [...(narrowings.get(outer) ?? []), group]);
    }
    const drafts = [];
    const paired = new Set();
    for (const [outer, inners] of narrowings) {
        const first = outer[0];
        const deny = first.effect === 'Deny' ? 'deny ' : '';
        const resource = first.resource ? ` on ${describePatterns(first.resource)}` : '';
        const actions = outer.map((g) => describePatterns(g.action)).join(', ');
        const narrower = inners.map((group) => describePrincipal(group[0])).join(', ');
        const grantsAdded = inners.flat();
        for (const grant of [...outer, ...grantsAdded])
            paired.add(grant);
        drafts.push({
            kind: 'principal-narrowed',
            text: `${deny}principal narrowed: ${describePrincipal(first)} -> ${narrower} (${actions})${resource}${whenText(first.condition)}`,
            added: grantsAdded,
            removed: [...outer],
            subjects: []
        });
    }
    return { drafts, added: added.filter((g) => !paired.has(g)), removed: removed.filter((g) => !paired.has(g)) };
}
/** Whether adding (or removing) values of a clause plainly admits requests with those values. */
function plainReason(kind, effect, clause) {
    if (clause.test !== 'equals' && clause.test !== 'like' && clause.test !== 'in-cidr')
        return undefined;
    // More values make the clause hold for more requests (or, negated, for fewer): which widens an Allow (a Deny)?
    const addingWidens = (effect === 'Allow') !== clause.negated;
    const outcome = effect === 'Allow' ? 'newly allowed' : 'no longer denied';
    if (kind === 'condition-values-added' && addingWidens)
        return `the added values are ${outcome}`;
    if (kind === 'condition-values-removed' && !addingWidens)
        return `the removed values are ${outcome}`;
    return undefined;
}
const slotOf = (clause) => `${clause.qualifier ?? ''}|${clause.operator}|${clause.ifExists}|${clause.key}`;
/** Clause-level differences between one old and one new condition of the same grant subject. */
function clauseChanges(oldCondition, newCondition) {
    const out = [];
    const oldBySlot = groupBy(oldCondition.clauses, slotOf);
    const newBySlot = groupBy(newCondition.clauses, slotOf);
    const unpairedOld = [];
    const unpairedNew = [];
    for (const slot of new Set([...oldBySlot.keys(), ...newBySlot.keys()])) {
        const olds = oldBySlot.get(slot) ?? [];
        const news = newBySlot.get(slot) ?? [];
        const paired = Math.min(olds.length, news.length);
        for (let i = 0; i < paired; i++) {
            const o = olds[i];
            const n = news[i];
            const added = n.values.filter((value) => !o.valueSet.has(value));
            const removed = o.values.filter((value) => !n.valueSet.has(value));
            if (added.length) {
                const after = withValues(o, [...o.values, ...added].sort());
                out.push({ kind: 'condition-values-added', text: `${n.keyDisplay} values added: ${formatValues(added)} (${describeOperator(n)})`, before: o, after });
            }
            if (removed.length) {
                const after = withValues(o, o.values.filter((value) => n.valueSet.has(value)));
                out.push({
                    kind: 'condition-values-removed',
                    text: `${n.keyDisplay} values removed: ${formatValues(removed)} (${describeOperator(n)})`,
                    before: o,
                    after
                });
            }
        }
        unpairedOld.push(...olds.slice(paired));
        unpairedNew.push(...news.slice(paired));
    }
    const oldByKey = groupBy(unpairedOld, (clause) => clause.key);
    for (const n of unpairedNew) {
        const o = oldByKey.get(n.key)?.shift();
        if (o)
            out.push({ kind: 'condition-changed', text: `${n.keyDisplay} condition changed: ${describeClause(o)} -> ${describeClause(n)}`, before: o, after: n });
        else
            out.push({ kind: 'condition-added', text: `condition added: ${describeClause(n)}`, after: n });
    }
    for (const rest of oldByKey.values())
        for (const o of rest)
            out.push({ kind: 'condition-removed', text: `condition removed: ${describeClause(o)}`, before: o });
    return out;
}
/** Changes of condition for subjects present on both sides. */
function conditionChanges(subject, olds, news) {
    const first = (news[0] ?? olds[0]);
    const label = describeSubject(first);
    const deny = first.effect === 'Deny' ? 'deny ' : '';
    if (olds.length === 1 && news.length === 1) {
        const oldCondition = olds[0].condition;
        return clauseChanges(oldCondition, news[0].condition).map(({ kind, text, before, after }) => {
            // The old condition with only this change applied: does it admit more (Allow) / deny less (Deny)?
            const alone = makeCondition([...oldCondition.clauses.filter((clause) => clause !== before), ...(after ? [after] : [])]);
            const widensAlone = first.effect === 'Allow' ? !conditionImplies(alone, oldCondition) : !conditionImplies(oldCondition, alone);
            const reason = before ? plainReason(kind, first.effect, before) : undefined;
            return { kind, text: `${deny}${text}`, added: news, removed: olds, subjects: [label], alone: widensAlone, ...(reason ? { plainReason: reason } : {}) };
        });
    }
    return [
        ...news.map((g) => ({
            kind: 'condition-added',
            text: `${deny}alternative condition added: ${describeCondition(g.condition) || '(none)'}`,
            added: [g],
            removed: [],
            subjects: [label]
        })),
        ...olds.map((g) => ({
            kind: 'condition-removed',
            text: `${deny}alternative condition removed: ${describeCondition(g.condition) || '(none)'}`,
            added: [],
            removed: [g],
            subjects: [label]
        }))
    ].map((draft) => ({ ...draft, subjects: draft.subjects.length ? draft.subjects : [subject] }));
}
function mergeDrafts(drafts) {
    // Drafts merge when their text is the same; "alone" is kept only when all merged agree on it.
    const merged = new Map();
    for (const draft of drafts) {
        const key = `${draft.kind}\u0000${draft.text}`;
        const existing = merged.get(key);
        if (existing) {
            existing.added.push(...draft.added);
            existing.removed.push(...draft.removed);
            existing.subjects.push(...draft.subjects);
            existing.alone = existing.alone === undefined || draft.alone === undefined ? undefined : existing.alone || draft.alone;
            if (existing.plainReason !== draft.plainReason)
                delete existing.plainReason;
        }
        else
            merged.set(key, { ...draft, added: [...draft.added], removed: [...draft.removed], subjects: [...draft.subjects] });
    }
    return [...merged.values()];
}
function subjectsSuffix(subjects) {
    if (subjects.length === 0)
        return '';
    const unique = [...new Set(subjects)];
    const shown = unique.slice(0, 3).join('; ');
    return ` [${shown}${unique.length > 3 ? `; +${unique.length - 3} more` : ''}]`;
}
/** Compares two parsed policies: grant-level changes, and whether NEW may allow what OLD denies. */
function comparePolicies(oldPolicy, newPolicy) {
    const oldGrants = withoutRedundantGrants(policyGrants(oldPolicy));
    const newGrants = withoutRedundantGrants(policyGrants(newPolicy));
    const oldKeys = new Set(oldGrants.map((g) => g.key));
    const newKeys = new Set(newGrants.map((g) => g.key));
    const oldAllows = new GrantIndex(oldGrants.filter((g) => g.effect === 'Allow'));
    const newDenies = new GrantIndex(newGrants.filter((g) => g.effect === 'Deny'));
    const unproven = new Set(newGrants.filter((g) => g.effect === 'Allow' && !oldKeys.has(g.key) && !oldAllows.covers(g)));
    // An OLD Deny that NEW no longer covers matters only where some NEW Allow may meet it.
    const newAllows = new OverlapIndex(newGrants.filter((g) => g.effect === 'Allow'));
    const lostDenies = new Set(oldGrants.filter((g) => g.effect === 'Deny' && !newKeys.has(g.key) && !newDenies.covers(g) && newAllows.meets(g)));
    const widens = unproven.size > 0 || lostDenies.size > 0;
    const added = newGrants.filter((g) => !oldKeys.has(g.key));
    const removed = oldGrants.filter((g) => !newKeys.has(g.key));
    const oldSubjects = new Set(oldGrants.map((g) => g.subject));
    const newSubjects = new Set(newGrants.map((g) => g.subject));
    const principalsOf = (grants) => new Set(grants.map((g) => `${g.effect}|${principalElementKey(g.principal)}`));
    const narrowed = narrowedPrincipals(added.filter((g) => !oldSubjects.has(g.subject)), removed.filter((g) => !newSubjects.has(g.subject)));
    const drafts = [
        ...narrowed.drafts,
        ...grantChanges(narrowed.added, 'added', principalsOf(oldGrants)),
        ...grantChanges(narrowed.removed, 'removed', principalsOf(newGrants))
    ];
    const changedAdded = groupBy(added.filter((g) => oldSubjects.has(g.subject)), (g) => g.subject);
    const changedRemoved = groupBy(removed.filter((g) => newSubjects.has(g.subject)), (g) => g.subject);
    for (const subject of [...new Set([...changedAdded.keys(), ...changedRemoved.keys()])].sort()) {
        drafts.push(...conditionChanges(subject, changedRemoved.get(subject) ?? [], changedAdded.get(subject) ?? []));
    }
    const merged = mergeDrafts(drafts);
    const involved = (draft) => [...draft.added.filter((g) => unproven.has(g)), ...draft.removed.filter((g) => lostDenies.has(g))];
    const widening = new Set(merged.filter((draft) => involved(draft).length > 0 && draft.alone !== false));
    // Soundness first: a grant that is not proven must be carried by at least one widening change.
    const carriersOf = new Map();
    for (const draft of merged) {
        for (const grant of [...draft.added, ...draft.removed]) {
            const list = carriersOf.get(grant);
            if (list)
                list.push(draft);
            else
                carriersOf.set(grant, [draft]);
        }
    }
    for (const grant of [...unproven, ...lostDenies]) {
        const carriers = carriersOf.get(grant) ?? [];
        if (!carriers.some((draft) => widening.has(draft)))
            for (const draft of carriers)
                widening.add(draft);
    }
    const changes = merged.map((draft) => {
        const widens = widening.has(draft);
        const plain = draft.alone === true && draft.plainReason;
        const reason = !widens || !draft.kind.startsWith('condition') ? '' : plain ? ` (widens: ${plain})` : ' (widens: the new condition does not provably imply the old one)';
        return { kind: draft.kind, detail: `${draft.text}${subjectsSuffix(draft.subjects)}${reason}`, widens };
    });
    if (widens && !changes.some((change) => change.widens)) {
        const examples = [...unproven, ...lostDenies].slice(0, 3).map(describeSubject).join('; ');
        changes.push({ kind: 'unproven', detail: `cannot prove the new policy allows nothing the old one denies (${examples})`, widens: true });
    }
    const rank = (kind) => {
        const index = KIND_ORDER.indexOf(kind);
        return index < 0 ? KIND_ORDER.length : index;
    };
    changes.sort((a, b) => rank(a.kind) - rank(b.kind) || (a.detail < b.detail ? -1 : a.detail > b.detail ? 1 : 0));
    return { widens, changes };
}

;// CONCATENATED MODULE: ./src/iamDocument/types.ts
/** IAM policy documents as JSON (what AWS stores and what we generate). */

/**
 * Whether a JSON value has the shape of a policy document: an object whose Statement is one
 * statement object or a list of them. Callers have read it with the policy reader first (which
 * refuses anything IAM would); this only carries that reading into the type.
 */
function isPolicyDocument(value) {
    if (!isObject(value))
        return false;
    const statement = value.Statement;
    return isObject(statement) || (Array.isArray(statement) && statement.every(isObject));
}

;// CONCATENATED MODULE: ./src/trustPolicy/trustFindings.ts
/**
 * trustPolicyFindings: what IAM refuses, or what is dangerous, in a role trust policy.
 * Codes are stable machine words; messages are one line for people.
 */


const NOTE_FINDINGS = {
    BARE_STRING_PRINCIPAL: { severity: 'error', code: 'BARE_STRING_PRINCIPAL' },
    EMPTY_PRINCIPAL: { severity: 'error', code: 'EMPTY_PRINCIPAL' },
    UNREADABLE_CONDITION_VALUE: { severity: 'error', code: 'INVALID_CONDITION_VALUE' }
};
function allowsAction(statement, action) {
    const element = statement.action;
    if (element === null)
        return false;
    const matched = element.patterns.some((pattern) => globMatch(pattern, action));
    return element.negated ? !matched : matched;
}
/**
 * A unique ID (AROA… role, AIDA… user) where a principal ARN was written: IAM shows it when the
 * principal was deleted, and a principal created again under the same name is a different one.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles
 */
function orphanedPrincipalMessage(id) {
    const kind = id.startsWith('AROA') ? 'role' : id.startsWith('AIDA') ? 'user' : 'role or user';
    return (`${id} is the unique ID of a deleted ${kind}: IAM shows it in place of the ARN once the ${kind} this policy named no longer exists. ` +
        `A ${kind} created again under the same name is a different principal, not trusted by this policy: the trust policy must be saved again ` +
        'with the ARN (applying the generated policy does)');
}
function label(statement) {
    return statement.sid ? `Statement ${statement.index} (${statement.sid})` : `Statement ${statement.index}`;
}
function statementFindings(statement, options) {
    const out = [];
    const add = (severity, code, message) => {
        out.push({ severity, code, message: `${label(statement)}: ${message}`, statement: statement.index });
    };
    const allow = statement.effect === 'Allow';
    const principal = statement.principal;
    if (principal === null)
        add('error', 'MISSING_PRINCIPAL', 'a trust policy statement needs a Principal');
    if (principal?.negated)
        add('error', 'NOT_PRINCIPAL', 'NotPrincipal is not allowed in a role trust policy');
    if (statement.resource !== null)
        add('error', 'RESOURCE_IN_TRUST_POLICY', `${statement.resource.negated ? 'NotResource' : 'Resource'} is not allowed in a role trust policy`);
    if (!allow || principal === null)
        return out;
    if (statement.action?.negated)
        add('warning', 'NOT_ACTION_WITH_ALLOW', `Allow with NotAction allows every action except ${describePatterns(statement.action)}`);
    if (statement.action && !statement.action.negated && statement.action.patterns.some((p) => p === '*' || p === 'sts:*')) {
        add('warning', 'WILDCARD_ACTION', `allows ${describePatterns(statement.action)}; name the sts: actions the role needs`);
    }
    const values = principal.negated ? [] : principal.values;
    const conditioned = statement.condition.clauses.length > 0;
    const assumes = allowsAction(statement, 'sts:assumerole');
    const assumesAny = assumes || allowsAction(statement, 'sts:assumerolewithsaml') || allowsAction(statement, 'sts:assumerolewithwebidentity');
    for (const value of values) {
        const anyAccountRoot = value.kind === 'pattern' && /^arn:[^:]*:iam::\*:root$/.test(value.display);
        if (value.kind === 'wildcard' || anyAccountRoot) {
            if (!assumesAny)
                continue;
            if (conditioned)
                add('warning', 'WILDCARD_PRINCIPAL_WITH_CONDITION', `trusts every principal (${value.display}), limited only by its conditions`);
            else
                add('error', 'WILDCARD_PRINCIPAL', `trusts every principal (${value.display}) without any condition`);
            continue;
        }
        if (value.kind === 'pattern')
            add('error', 'PRINCIPAL_PARTIAL_WILDCARD', `${value.display}: IAM does not accept wildcards inside a principal`);
        if (value.kind === 'unique-id')
            add('warning', 'ORPHANED_PRINCIPAL', orphanedPrincipalMessage(value.display));
        if (value.type === 'AWS' && value.kind === 'other')
            add('error', 'UNKNOWN_PRINCIPAL', `${value.display} is not an account ID, an IAM ARN or a unique ID`);
        if (value.type === 'Federated' && /:saml-provider\//.test(value.display) && !allowsAction(statement, 'sts:assumerolewithsaml')) {
            add('warning', 'FEDERATED_ACTION_MISMATCH', `${value.display} is a SAML provider: it pairs with sts:AssumeRoleWithSAML`);
        }
        if (value.type === 'Federated' && /:oidc-provider\//.test(value.display) && !allowsAction(statement, 'sts:assumerolewithwebidentity')) {
            add('warning', 'FEDERATED_ACTION_MISMATCH', `${value.display} is an OIDC provider: it pairs with sts:AssumeRoleWithWebIdentity`);
        }
        const account = value.account;
        const thirdParty = value.type === 'AWS' && account !== null && account !== options.accountId && !(options.knownAccounts ?? []).includes(account);
        const hasExternalId = statement.condition.clauses.some((clause) => clause.key === 'sts:externalid' && !clause.negated && !clause.ifExists);
        if (thirdParty && assumes && !hasExternalId) {
            add('warning', 'CROSS_ACCOUNT_WITHOUT_EXTERNAL_ID', `${value.display} (another account) may assume the role without an sts:ExternalId condition`);
        }
    }
    for (const clause of statement.condition.clauses) {
        if (clause.family === 'string' && clause.test === 'equals' && clause.values.some(hasWildcard)) {
            add('warning', 'WILDCARD_WITHOUT_LIKE_OPERATOR', `${clause.keyDisplay}: a wildcard in ${clause.operator} is a literal character; use StringLike`);
        }
        if (clause.qualifier === 'ForAllValues' && !clause.negated) {
            add('warning', 'FOR_ALL_VALUES_WITH_ALLOW', `ForAllValues on ${clause.keyDisplay} also holds when the key is missing`);
        }
        if (clause.values.length === 0)
            add('warning', 'EMPTY_CONDITION_VALUES', `${clause.keyDisplay} has no values`);
    }
    return out;
}
/** Findings for a parsed trust policy, in statement order. */
function trustPolicyFindings(policy, options = {}) {
    const findings = [];
    for (const note of policy.notes ?? []) {
        const spec = NOTE_FINDINGS[note.code];
        findings.push({ severity: spec.severity, code: spec.code, message: `Statement ${note.statementIndex}: ${note.message}`, statement: note.statementIndex });
    }
    for (const statement of policy.statements)
        findings.push(...statementFindings(statement, options));
    if (policy.version !== '2012-10-17') {
        findings.push({
            severity: 'warning',
            code: 'POLICY_VERSION',
            message: `Version is ${policy.version === null ? 'missing' : `'${policy.version}'`}: use "2012-10-17" (policy variables need it)`
        });
    }
    return findings.sort((a, b) => (a.statement ?? -1) - (b.statement ?? -1));
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/common/jsonSyntax.ts
/**
 * Where JSON text first breaks the grammar (RFC 8259), and that place as line:column. V8's JSON.parse
 * message gives a position for most errors but not all ("Unexpected token '}', ... is not valid
 * JSON"), so the position comes from this scanner; V8's wording is kept for the message. Iterative,
 * so deeply nested input cannot overflow the stack.
 */

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
/** Parses JSON; on failure, returns the error with its line and column instead of throwing. */
function parseJson(text) {
    try {
        return { ok: true, value: JSON.parse(text) };
    }
    catch (e) {
        const offset = locateJsonSyntaxError(text) ?? positionFromMessage(text, (0,errno/* errorMessage */.g)(e)) ?? 0;
        const { line, column } = lineAndColumn(text, offset);
        return { ok: false, error: { line, column, message: cleanMessage((0,errno/* errorMessage */.g)(e)) } };
    }
}
/** The offset of the first character that breaks the grammar (text.length when input ends early); null if valid. */
function locateJsonSyntaxError(text) {
    let i = 0;
    const n = text.length;
    const stack = [];
    const skipWhitespace = () => {
        while (i < n && WHITESPACE.has(text[i]))
            i++;
    };
    /** Scans a string starting at its opening quote; returns false at the breaking character. */
    const scanString = () => {
        if (text[i] !== '"')
            return false;
        i++;
        while (i < n) {
            const c = text.charCodeAt(i);
            if (c === 0x22) {
                i++;
                return true;
            }
            if (c < 0x20)
                return false;
            if (c === 0x5c) {
                const e = text[i + 1];
                if (e === undefined) {
                    i = n;
                    return false;
                }
                if (ESCAPES.has(e)) {
                    i += 2;
                }
                else if (e === 'u') {
                    i += 2;
                    for (let k = 0; k < 4; k++, i++) {
                        if (i >= n || !/[0-9a-fA-F]/.test(text[i]))
                            return false;
                    }
                }
                else {
                    i += 1;
                    return false;
                }
            }
            else {
                i++;
            }
        }
        return false;
    };
    const digits = () => {
        const start = i;
        while (i < n && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39)
            i++;
        return i - start;
    };
    const scanNumber = () => {
        if (text[i] === '-')
            i++;
        if (text[i] === '0') {
            i++;
        }
        else if (digits() === 0) {
            return false;
        }
        if (text[i] === '.') {
            i++;
            if (digits() === 0)
                return false;
        }
        if (text[i] === 'e' || text[i] === 'E') {
            i++;
            if (text[i] === '+' || text[i] === '-')
                i++;
            if (digits() === 0)
                return false;
        }
        return true;
    };
    const scanLiteral = (word) => {
        for (let k = 0; k < word.length; k++, i++) {
            if (text[i] !== word[k])
                return false;
        }
        return true;
    };
    /** Scans an object key and its colon; leaves i on the value's first character. */
    const scanKey = () => {
        skipWhitespace();
        if (!scanString())
            return false;
        skipWhitespace();
        if (text[i] !== ':')
            return false;
        i++;
        return true;
    };
    if (text.charCodeAt(0) === 0xfeff)
        i = 1;
    for (;;) {
        // A value is expected at i.
        skipWhitespace();
        const c = text[i];
        let scalarOk = true;
        if (c === '{') {
            i++;
            skipWhitespace();
            if (text[i] === '}') {
                i++;
            }
            else {
                if (!scanKey())
                    return Math.min(i, n);
                stack.push('{');
                continue;
            }
        }
        else if (c === '[') {
            i++;
            skipWhitespace();
            if (text[i] === ']') {
                i++;
            }
            else {
                stack.push('[');
                continue;
            }
        }
        else if (c === '"') {
            scalarOk = scanString();
        }
        else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
            scalarOk = scanNumber();
        }
        else if (c === 't') {
            scalarOk = scanLiteral('true');
        }
        else if (c === 'f') {
            scalarOk = scanLiteral('false');
        }
        else if (c === 'n') {
            scalarOk = scanLiteral('null');
        }
        else {
            return Math.min(i, n);
        }
        if (!scalarOk)
            return Math.min(i, n);
        // After a complete value: close containers or move to the next element.
        let expectValue = false;
        while (!expectValue) {
            skipWhitespace();
            const top = stack[stack.length - 1];
            if (top === undefined)
                return i < n ? i : null;
            const d = text[i];
            if (d === ',') {
                i++;
                if (top === '{' && !scanKey())
                    return Math.min(i, n);
                expectValue = true;
            }
            else if ((d === '}' && top === '{') || (d === ']' && top === '[')) {
                stack.pop();
                i++;
            }
            else {
                return Math.min(i, n);
            }
        }
    }
}
function lineAndColumn(text, offset) {
    let line = 1;
    let lineStart = 0;
    const end = Math.min(offset, text.length);
    for (let k = 0; k < end; k++) {
        if (text.charCodeAt(k) === 0x0a) {
            line++;
            lineStart = k + 1;
        }
    }
    return { line, column: end - lineStart + 1 };
}
/** V8: "... in JSON at position 7 (line 1 column 8)" or "... at position 7"; "Unexpected end of JSON input". */
function positionFromMessage(text, message) {
    const position = /at position (\d+)/.exec(message);
    if (position)
        return Number(position[1]);
    if (/Unexpected end of JSON input/.test(message))
        return text.length;
    return null;
}
/** Drops V8's echo of the input ("Unexpected token '}', "{..." is not valid JSON") and the position. */
function cleanMessage(message) {
    const token = /^(Unexpected token .+?), (?:"|\.\.\.")[\s\S]* is not valid JSON$/.exec(message);
    if (token)
        return `${token[1]}`;
    return message.replace(/ in JSON at position \d+(?: \(line \d+ column \d+\))?$/, '');
}

;// CONCATENATED MODULE: ./src/iamDocument/exactJson.ts
/**
 * JSON with number literals kept as their text. IAM compares a condition value written as a JSON
 * number as its text ("12345678901234567890" and "12345678901234567891" differ), but JSON.parse
 * turns both into the same double. Node 20 has no source-text access in JSON.parse's reviver, so
 * after the text is known to be valid JSON, each number literal outside strings is wrapped in a
 * one-key object under a key no document can contain (a NUL and a per-process random tag), and
 * the reviver turns those objects into JsonNumberText. Linear in the length of the text.
 */


/** A JSON number literal as written. Serialises as the number when that keeps its text, else as the text. */
class JsonNumberText {
    text;
    constructor(text) {
        this.text = text;
    }
    toJSON() {
        const value = Number(this.text);
        return String(value) === this.text ? value : this.text;
    }
    toString() {
        return this.text;
    }
}
const MARKER = `\u0000number-${(0,external_node_crypto_.randomBytes)(8).toString('hex')}`;
const MARKER_JSON = JSON.stringify(MARKER);
const NUMBER_CHARS = /[-+.eE0-9]/;
function wrapNumbers(text) {
    const out = [];
    let start = 0;
    let i = 0;
    const n = text.length;
    while (i < n) {
        const c = text[i];
        if (c === '"') {
            i++;
            while (i < n && text[i] !== '"')
                i += text[i] === '\\' ? 2 : 1;
            i++;
        }
        else if (c === '-' || (c >= '0' && c <= '9')) {
            let end = i + 1;
            while (end < n && NUMBER_CHARS.test(text[end]))
                end++;
            out.push(text.slice(start, i), `{${MARKER_JSON}:"${text.slice(i, end)}"}`);
            start = i = end;
        }
        else
            i++;
    }
    out.push(text.slice(start));
    return out.join('');
}
/** A string token's value: its text between the quotes, unescaped only when it holds an escape. */
function stringValue(text, start, end) {
    const inner = text.slice(start + 1, end - 1);
    return inner.includes('\\') ? JSON.parse(text.slice(start, end)) : inner;
}
/**
 * One pass over valid JSON text: the first key repeated within one object (JSON.parse keeps the
 * last of two equal keys; whether IAM keeps the first, the last or refuses the document is not
 * documented, so a trust policy with one is refused rather than read one way), and whether any
 * number literal occurs (most trust policies have none: their digits are inside strings).
 */
function scanJson(text) {
    const stack = [];
    let hasNumbers = false;
    let i = 0;
    const n = text.length;
    while (i < n) {
        const c = text.charCodeAt(i);
        if (c === 0x22) {
            const start = i;
            // The closing quote: the next one not escaped (an odd run of backslashes before it escapes it).
            let close = text.indexOf('"', i + 1);
            for (;;) {
                let backslashes = 0;
                while (text.charCodeAt(close - 1 - backslashes) === 0x5c)
                    backslashes++;
                if (backslashes % 2 === 0 || close < 0)
                    break;
                close = text.indexOf('"', close + 1);
            }
            i = close < 0 ? n : close + 1;
            const top = stack[stack.length - 1];
            if (top?.keys && top.expectKey) {
                const key = stringValue(text, start, i);
                if (top.keys.has(key))
                    return { duplicate: { offset: start, key }, hasNumbers };
                top.keys.add(key);
                top.expectKey = false;
            }
            continue;
        }
        if (c === 0x7b)
            stack.push({ keys: new Set(), expectKey: true });
        else if (c === 0x5b)
            stack.push({ keys: null, expectKey: false });
        else if (c === 0x7d || c === 0x5d)
            stack.pop();
        else if (c === 0x2c) {
            const top = stack[stack.length - 1];
            if (top?.keys)
                top.expectKey = true;
        }
        else if (c === 0x2d || (c >= 0x30 && c <= 0x39))
            hasNumbers = true;
        i++;
    }
    return { duplicate: null, hasNumbers };
}
/** parseJson (errors with line and column), numbers kept as JsonNumberText, a repeated key refused. */
function parseJsonExact(text) {
    const parsed = parseJson(text);
    if (!parsed.ok)
        return parsed;
    const { duplicate, hasNumbers } = scanJson(text);
    if (duplicate) {
        const { line, column } = lineAndColumn(text, duplicate.offset);
        return {
            ok: false,
            error: { line, column, message: `the key ${JSON.stringify(duplicate.key)} appears twice in one object (IAM's reading of that is not documented)` }
        };
    }
    if (!hasNumbers)
        return parsed;
    const value = JSON.parse(wrapNumbers(text), (_key, item) => {
        if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
            const record = item;
            const keys = Object.keys(record);
            if (keys.length === 1 && keys[0] === MARKER && typeof record[MARKER] === 'string')
                return new JsonNumberText(record[MARKER]);
        }
        return item;
    });
    return { ok: true, value };
}
/**
 * Where each member and element of a (valid) JSON text starts, by the dotted path the policy reader
 * names it with (`Statement[0].Condition.DateLessThan.aws:CurrentTime`): members at their key,
 * elements at their value. Iterative, so deep nesting cannot overflow the stack.
 */
function jsonPathOffsets(text) {
    const offsets = new Map();
    const stack = [];
    const childPath = (parent, key) => (parent === '' ? key : `${parent}.${key}`);
    /** The path of a value starting here, recorded when it is an array element. */
    const valuePath = (start) => {
        const top = stack[stack.length - 1];
        if (!top)
            return '';
        if (top.array) {
            const path = `${top.path}[${top.index}]`;
            if (!offsets.has(path))
                offsets.set(path, start);
            return path;
        }
        return childPath(top.path, top.key ?? '');
    };
    let i = 0;
    const n = text.length;
    while (i < n) {
        const c = text[i];
        if (c === '"') {
            const start = i;
            i++;
            while (i < n && text[i] !== '"')
                i += text[i] === '\\' ? 2 : 1;
            i++;
            const top = stack[stack.length - 1];
            if (top && !top.array && top.expectKey) {
                top.key = JSON.parse(text.slice(start, i));
                top.expectKey = false;
                const path = childPath(top.path, top.key);
                if (!offsets.has(path))
                    offsets.set(path, start);
            }
            else
                valuePath(start);
            continue;
        }
        if (c === '{' || c === '[')
            stack.push({ array: c === '[', path: valuePath(i), index: 0, key: null, expectKey: c === '{' });
        else if (c === '}' || c === ']')
            stack.pop();
        else if (c === ',') {
            const top = stack[stack.length - 1];
            if (top?.array)
                top.index++;
            else if (top)
                top.expectKey = true;
        }
        else if (c === '-' || (c >= '0' && c <= '9') || c === 't' || c === 'f' || c === 'n') {
            valuePath(i);
            while (i + 1 < n && /[-+.eE0-9a-z]/.test(text[i + 1]))
                i++;
        }
        i++;
    }
    return offsets;
}

;// CONCATENATED MODULE: ./src/iamDocument/read.ts
/**
 * Turns what people save as "the existing policy" into the policy document object: a policy document
 * itself, a URL-encoded document as the IAM API returns it (`%7B%22Version...`), the output of
 * `aws iam get-role` (`{"Role": {"AssumeRolePolicyDocument": ...}}`) or of `aws iam get-role-policy`
 * (`{"PolicyDocument": ...}`), where the embedded document may be an object or a (URL-encoded) string.
 */



/** Whether text looks URL-encoded JSON (an encoded "{"), as IAM's API returns documents. */
function isUrlEncodedJson(text) {
    return /^%7B/i.test(text.trim());
}
/**
 * Decodes one embedded document: an object as is, a string parsed as JSON after URL-decoding when
 * encoded. `exactNumbers`: number literals are kept as their text (JsonNumberText), as the
 * trust-policy comparison needs.
 */
function decodePolicyDocument(value, path, exactNumbers = false) {
    if (typeof value === 'string') {
        let text = value;
        if (isUrlEncodedJson(text)) {
            try {
                text = decodeURIComponent(text);
            }
            catch {
                return { ok: false, path, message: 'the URL-encoded policy document has an invalid percent escape' };
            }
        }
        const parsed = exactNumbers ? parseJsonExact(text) : parseJson(text);
        if (!parsed.ok) {
            return {
                ok: false,
                path,
                message: `the embedded policy document is not valid JSON (${parsed.error.message} at its line ${parsed.error.line} column ${parsed.error.column})`
            };
        }
        return decodePolicyDocument(parsed.value, path, exactNumbers);
    }
    if (isObject(value))
        return { ok: true, document: value };
    return { ok: false, path, message: `expected a policy document (a JSON object), found ${read_describe(value)}` };
}
/** IAM trust policies are at most 4,096 characters even with a raised quota; anything far bigger is not one. */
const MAX_POLICY_FILE_BYTES = 1024 * 1024;
/**
 * The largest trust policy compared when it comes from outside (`compare`, an existing role under
 * `diff`), in characters without white space: IAM accepts at most 4,096 at the raised quota
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html); a quarter more
 * leaves room for escapes counted differently, and bounds the comparison's time (bench/compare.mjs).
 * The desired documents stack-accounts generates are not held to it (issue 12 handles IAM's quota).
 */
const MAX_TRUST_DOCUMENT_CHARS = 5120;
/** A trust policy file's content: a document, URL-encoded text, or `aws iam get-role` output. */
function extractTrustPolicy(text) {
    return extract(text, unwrapTrustPolicy, true);
}
/** An already parsed trust policy: a document, an encoded document string, or `aws iam get-role` output. */
function unwrapTrustPolicy(value) {
    if (isObject(value) && isObject(value.Role)) {
        const role = value.Role;
        if (!('AssumeRolePolicyDocument' in role)) {
            return { ok: false, path: 'Role', message: 'get-role output without Role.AssumeRolePolicyDocument' };
        }
        const result = decodePolicyDocument(role.AssumeRolePolicyDocument, 'Role.AssumeRolePolicyDocument', true);
        return result.ok && typeof role.Path === 'string' ? { ...result, rolePath: role.Path } : result;
    }
    if (isObject(value) && 'AssumeRolePolicyDocument' in value) {
        // `aws iam get-role --query Role` output.
        const result = decodePolicyDocument(value.AssumeRolePolicyDocument, 'AssumeRolePolicyDocument', true);
        return result.ok && typeof value.Path === 'string' ? { ...result, rolePath: value.Path } : result;
    }
    return decodePolicyDocument(value, '', true);
}
/** A permission policy file's content: a document, URL-encoded text, or `aws iam get-role-policy` output. */
function extractPermissionPolicy(text) {
    return extract(text, (value) => {
        if (isObject(value) && 'PolicyDocument' in value) {
            return decodePolicyDocument(value.PolicyDocument, 'PolicyDocument');
        }
        return decodePolicyDocument(value, '');
    });
}
function extract(text, unwrap, exactNumbers = false) {
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    if (isUrlEncodedJson(body))
        return decodePolicyDocument(body.trim(), '', exactNumbers);
    const parsed = exactNumbers ? parseJsonExact(body) : parseJson(body);
    if (!parsed.ok)
        return { ok: false, path: '', message: `invalid JSON: ${parsed.error.message}`, syntax: parsed.error };
    return unwrap(parsed.value);
}
function read_describe(value) {
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return 'an array';
    return `a ${typeof value}`;
}

;// CONCATENATED MODULE: ./src/trustPolicy/parse.ts
/**
 * parsePolicy: any trust (or identity) policy as IAM reads it — JSON text, an object, a
 * URL-encoded document as the IAM API returns it, or the output of `aws iam get-role` — into the
 * normalised model of model.ts. Malformed documents are an InputError naming the source.
 */








const PRINCIPAL_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'];
/** White space at either end: IAM's reading of it is not documented, so it is refused, never trimmed. */
const SURROUNDING_SPACE = /^\s|\s$/u;
const DOCUMENT_KEYS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
class PolicyReader {
    source;
    context;
    notes = [];
    version = null;
    constructor(source, context) {
        this.source = source;
        this.context = context;
    }
    /** The text itself, refused when white space surrounds it (a key, an operator, a principal, an action). */
    exact(text, path) {
        const first = text.charCodeAt(0);
        const last = text.charCodeAt(text.length - 1);
        // Most text starts and ends with a printable ASCII character: only the others need the test.
        if ((first <= 0x20 || first >= 0x7f || last <= 0x20 || last >= 0x7f) && SURROUNDING_SPACE.test(text))
            this.fail(path, `${JSON.stringify(text)} has white space around it; IAM's reading of that is not documented, so it is refused (remove the white space)`);
        return text;
    }
    /** The JSON text of the document when it was given as plain JSON: errors then point at their line and column. */
    text = null;
    offsets = null;
    fail(path, message) {
        throw new common_diagnostics/* InputError */.dz([{ severity: 'error', file: this.source, path, ...this.place(path), message }]);
    }
    /** The line and column of `path` (or of its nearest ancestor) in the text; 1:1 when unknown. */
    place(path) {
        if (this.text === null)
            return { line: 1, column: 1 };
        this.offsets ??= jsonPathOffsets(this.text);
        if (!this.offsets.has('Statement'))
            return { line: 1, column: 1 };
        let at = path;
        while (at !== '') {
            const offset = this.offsets.get(at);
            if (offset !== undefined)
                return lineAndColumn(this.text, offset);
            // Up one level: drop the last "[n]" or ".key" (a key may itself hold "." or "]": then stop).
            const parent = at.replace(/(\[\d+\]|\.[^.[\]]*|^[^.[\]]*)$/, '');
            if (parent === at)
                break;
            at = parent;
        }
        return { line: 1, column: 1 };
    }
    strings(value, path) {
        if (typeof value === 'string')
            return [value];
        if (Array.isArray(value) && value.every((item) => typeof item === 'string'))
            return value;
        return this.fail(path, 'must be a string or a list of strings');
    }
    principal(value, path, negated, statementIndex) {
        if (typeof value === 'string') {
            this.exact(value, path);
            if (value !== '*') {
                this.notes.push({
                    statementIndex,
                    code: 'BARE_STRING_PRINCIPAL',
                    message: `${path} is the bare string '${value}'; IAM accepts only "*" or an object such as {"AWS": ...}`
                });
            }
            return this.principalElement(negated, value === '*' ? [WILDCARD_PRINCIPAL] : [principalValue('AWS', value, this.context)]);
        }
        if (!isObject(value))
            return this.fail(path, 'must be "*" or an object with AWS, Service, Federated or CanonicalUser');
        const values = [];
        const entries = Object.entries(value);
        if (entries.length === 0)
            this.notes.push({ statementIndex, code: 'EMPTY_PRINCIPAL', message: `${path} is an empty object: it names no principal` });
        for (const [type, raw] of entries) {
            if (!PRINCIPAL_TYPES.includes(type))
                this.fail(`${path}.${type}`, `unknown principal type (expected one of ${PRINCIPAL_TYPES.join(', ')})`);
            for (const item of this.strings(raw, `${path}.${type}`))
                values.push(principalValue(type, this.exact(item, `${path}.${type}`), this.context));
        }
        return this.principalElement(negated, values);
    }
    principalElement(negated, values) {
        const byKey = new Map();
        for (const value of values)
            if (!byKey.has(value.key))
                byKey.set(value.key, value);
        let unique = [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
        if (!negated && unique.some((value) => value.kind === 'wildcard'))
            unique = [WILDCARD_PRINCIPAL];
        return { negated, values: unique };
    }
    /** Actions (`lowerCase`, literal) or resources (read under the Version: they may hold policy variables). */
    patterns(value, path, negated, lowerCase) {
        const display = new Map();
        for (const written of this.strings(value, path)) {
            this.exact(written, path);
            // Actions are case-insensitive: folded A-Z only (stringValues.ts), so that an action spelled
            // with a look-alike letter (the Kelvin sign for K) is never taken for the real one.
            const canonical = lowerCase ? foldAscii(written) : readStringValue(written, this.version, true);
            if (!display.has(canonical))
                display.set(canonical, written);
        }
        let patterns = [...display.keys()].sort();
        if (!negated && patterns.includes('*'))
            patterns = ['*'];
        return { negated, patterns, display };
    }
    /**
     * Refuses a name (operator, condition key) that repeats another of its object in another case:
     * IAM reads names case-insensitively, and whether it then ANDs the two or keeps one of them is
     * not documented (keeping the last would drop the other's restriction). Compared Unicode
     * lower-cased, which also catches names equal under A-Z folding.
     */
    once(seen, name, path, what) {
        const folded = name.toLowerCase();
        const earlier = seen.get(folded);
        if (earlier !== undefined)
            this.fail(path, `the ${what} ${JSON.stringify(name)} repeats ${JSON.stringify(earlier)} in another case; IAM's reading of that is not documented, so it is refused (write the values under one name)`);
        seen.set(folded, name);
    }
    condition(value, path, statementIndex) {
        if (value === undefined)
            return makeCondition([]);
        if (!isObject(value))
            return this.fail(path, 'must be an object of condition operators');
        const clauses = [];
        const operatorsSeen = new Map();
        for (const [written, block] of Object.entries(value)) {
            const operator = readOperator(this.exact(written, `${path}.${written}`));
            if (!operator)
                this.fail(`${path}.${written}`, 'unknown condition operator');
            this.once(operatorsSeen, written, `${path}.${written}`, 'operator');
            if (!isObject(block))
                return this.fail(`${path}.${written}`, 'must be an object of condition keys');
            const keysSeen = new Map();
            for (const [keyDisplay, raw] of Object.entries(block)) {
                const where = `${path}.${written}.${keyDisplay}`;
                this.exact(keyDisplay, where);
                this.once(keysSeen, keyDisplay, where, 'condition key');
                const list = Array.isArray(raw) ? raw : [raw];
                const values = new Set();
                for (const item of list) {
                    if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean' && !(item instanceof JsonNumberText)) {
                        this.fail(where, 'values must be strings, numbers or booleans');
                    }
                    // A JSON number is read as its text, as written (JsonNumberText), never through a double.
                    const text = item instanceof JsonNumberText ? item.text : String(item);
                    const reading = canonicalValue(operator.family, operator.test, operator.ignoreCase, text, this.version);
                    if (!reading.ok && reading.reason === 'out-of-range')
                        this.fail(where, `'${text}' is out of range for a ${operator.family} value`);
                    if (!reading.ok) {
                        this.notes.push({ statementIndex, code: 'UNREADABLE_CONDITION_VALUE', message: `${where}: '${text}' is not a valid ${operator.family} value` });
                    }
                    values.add(reading.ok ? reading.value : text);
                }
                const base = {
                    operator: operator.canonical,
                    family: operator.family,
                    test: operator.test,
                    negated: operator.negated,
                    ignoreCase: operator.ignoreCase,
                    ifExists: operator.ifExists,
                    qualifier: operator.qualifier,
                    // Condition key names are case-insensitive, but IAM does not say how far beyond A-Z it folds:
                    // folding A-Z only keeps a key spelled with a look-alike (the Kelvin sign for K) a
                    // different key, never proved equal to the real one.
                    key: foldAscii(keyDisplay),
                    keyDisplay,
                    values: [...values].sort()
                };
                clauses.push({ ...base, valueSet: new Set(base.values), signature: clauseSignature(base) });
            }
        }
        return makeCondition(clauses);
    }
    statement(raw, index) {
        const path = `Statement[${index}]`;
        if (!isObject(raw))
            return this.fail(path, 'must be an object');
        const s = raw;
        for (const key of Object.keys(s))
            if (!STATEMENT_KEYS.has(key))
                this.fail(`${path}.${key}`, `unknown statement element (expected one of ${[...STATEMENT_KEYS].join(', ')})`);
        const effect = s.Effect;
        if (effect !== 'Allow' && effect !== 'Deny')
            return this.fail(`${path}.Effect`, `must be "Allow" or "Deny" (got ${JSON.stringify(s.Effect)})`);
        const pairs = [
            ['Principal', 'NotPrincipal'],
            ['Action', 'NotAction'],
            ['Resource', 'NotResource']
        ];
        for (const [a, b] of pairs)
            if (a in s && b in s)
                this.fail(path, `has both ${a} and ${b}`);
        if (!('Action' in s) && !('NotAction' in s))
            this.fail(path, 'has neither Action nor NotAction');
        if (s.Sid !== undefined && typeof s.Sid !== 'string')
            this.fail(`${path}.Sid`, 'must be a string');
        const pick = (name, not) => (name in s ? [s[name], false] : not in s ? [s[not], true] : null);
        const principal = pick('Principal', 'NotPrincipal');
        const action = pick('Action', 'NotAction');
        const resource = pick('Resource', 'NotResource');
        return {
            index,
            sid: typeof s.Sid === 'string' ? s.Sid : null,
            effect,
            principal: principal ? this.principal(principal[0], `${path}.${principal[1] ? 'NotPrincipal' : 'Principal'}`, principal[1], index) : null,
            action: action ? this.patterns(action[0], `${path}.${action[1] ? 'NotAction' : 'Action'}`, action[1], true) : null,
            resource: resource ? this.patterns(resource[0], `${path}.${resource[1] ? 'NotResource' : 'Resource'}`, resource[1], false) : null,
            condition: this.condition(s.Condition, `${path}.Condition`, index)
        };
    }
}
/**
 * The comparison works on principal × action × resource combinations ("grants"), in time about
 * linear in their number (some 50 µs each here). A trust policy IAM accepts (4,096 characters) can
 * still list 150 principals and 300 actions in one statement, 45,000 combinations; no real one
 * comes near (a few principals, a few sts: actions), so documents beyond this bound are refused up
 * front rather than compared for seconds (bench/compare.mjs).
 */
const MAX_GRANTS = 5_000;
function grantCount(statement) {
    const size = (element) => element === null || element.negated ? 1 : (element.values ?? element.patterns ?? []).length || 1;
    return size(statement.principal) * size(statement.action) * size(statement.resource);
}
/** Deeper than any policy document (Statement[i].Condition.Operator.key[j] is 6 levels): refused. */
const MAX_NESTING = 32;
/** The path of the first value nested deeper than `limit` arrays and objects, or null (no recursion). */
function nestingBeyond(root, limit) {
    const stack = [{ value: root, depth: 0, path: '' }];
    while (stack.length > 0) {
        const { value, depth, path } = stack.pop();
        if (value === null || typeof value !== 'object' || value instanceof JsonNumberText)
            continue;
        if (depth >= limit)
            return path;
        if (Array.isArray(value))
            value.forEach((item, i) => stack.push({ value: item, depth: depth + 1, path: `${path}[${i}]` }));
        else
            for (const [key, item] of Object.entries(value))
                stack.push({ value: item, depth: depth + 1, path: path === '' ? key : `${path}.${key}` });
    }
    return null;
}
/** Decodes what the IAM API returns (RFC 3986 URL-encoding) when the text is encoded. */
/**
 * The policy document inside what people hand us: an object, JSON text, a URL-encoded document as
 * the IAM API returns it, or `aws iam get-role` output (the same reader as for existing files).
 */
function documentOf(input, source) {
    const extracted = typeof input === 'string' ? extractTrustPolicy(input) : unwrapTrustPolicy(input);
    if (extracted.ok)
        return extracted.document;
    const where = extracted.syntax ?? { line: 1, column: 1 };
    throw new common_diagnostics/* InputError */.dz([{ severity: 'error', file: source, path: extracted.path, line: where.line, column: where.column, message: extracted.message }]);
}
/**
 * Parses a policy document given as JSON text (possibly URL-encoded), as an object, or as the
 * JSON of `aws iam get-role`. `source` names the input in error messages (a file name).
 * `context.partition`: the partition of the role holding the policy, which a bare account ID
 * means; without it a bare account ID is in an unknown partition (read conservatively).
 */
function parsePolicy(input, source, context = {}) {
    const record = documentOf(input, source);
    const reader = new PolicyReader(source, context);
    // Plain JSON text of the document itself (not URL-encoded): errors can say where they are.
    if (typeof input === 'string' && /^\uFEFF?\s*\{/.test(input))
        reader.text = input.replace(/^\uFEFF/, '');
    // Nesting first (iteratively): JSON.stringify and the readers below recurse, and a document
    // nested thousands deep (still a few kB) overflowed the stack there: exit 3 instead of 2.
    const depth = nestingBeyond(record, MAX_NESTING);
    if (depth !== null)
        reader.fail(depth, `the document nests deeper than ${MAX_NESTING} levels (a policy document nests at most 6); refused`);
    if (context.maxChars !== undefined) {
        // Measured as IAM counts a policy: the document without white space.
        const chars = JSON.stringify(record).length;
        if (chars > context.maxChars) {
            reader.fail('', `the policy is ${chars} characters without white space, over the ${context.maxChars} compared here (IAM accepts trust policies of at most 4,096); refused`);
        }
    }
    for (const key of Object.keys(record))
        if (!DOCUMENT_KEYS.has(key))
            reader.fail(key, 'unknown policy element (expected Version, Id, Statement)');
    if (record.Version !== undefined && typeof record.Version !== 'string')
        reader.fail('Version', 'must be a string');
    // The Version decides whether ${…} in values are policy variables: read it before the statements.
    // Another text than the two IAM knows is kept (findings flag it) and its ${…} read as opaque.
    reader.version = typeof record.Version === 'string' ? record.Version : null;
    const raw = record.Statement;
    if (raw === undefined)
        reader.fail('', 'the policy has no Statement');
    const list = Array.isArray(raw) ? raw : [raw];
    const statements = list.map((statement, index) => reader.statement(statement, index));
    const grants = statements.reduce((sum, statement) => sum + grantCount(statement), 0);
    if (grants > MAX_GRANTS) {
        reader.fail('Statement', `the policy expands to ${grants} principal × action × resource combinations, over the ${MAX_GRANTS} this tool compares (IAM trust policies name a few principals and actions); refused`);
    }
    return { source, version: reader.version, statements, notes: reader.notes };
}

;// CONCATENATED MODULE: ./src/diff/declarationChanges.ts

const roleText = (role) => `${role.path}${role.name}`;
function accountFields(a) {
    return [
        ['id', a.id],
        ['role', roleText(a.role)],
        ['region', a.region],
        ['external_id', a.externalId === null ? '(none)' : a.externalId === '' ? '(empty)' : 'set']
    ];
}
function settingFields(d) {
    const s = d.spacelift;
    return [
        ['spacelift.account', s.account],
        ['spacelift.principal', s.principalAccountId],
        ['spacelift.integration_id', s.integrationId ?? '(none)'],
        ['spacelift.session_tags', String(s.sessionTags)],
        ['spacelift.external_id_match', s.externalIdMatch],
        ['spacelift.space_id', s.spaceId],
        ['partition', d.partition],
        ['spacelift.auth', s.auth],
        ['spacelift.oidc.host', s.oidc?.host ?? '(none)'],
        ['spacelift.oidc.space', s.oidc?.space ?? '(none)'],
        ['hub.account_id', d.hub?.accountId ?? '(none)'],
        ['hub.role', d.hub ? roleText(d.hub.role) : '(none)'],
        ['hub.permissions', d.hub?.permissions ?? '(none)'],
        ['hub.organization_id', d.hub?.organizationId ?? '(none)'],
        ['policy.unverifiable', d.policy.unverifiable]
    ];
}
/**
 * Lists accounts, stacks and settings added, removed or changed. A null base means the file is new:
 * everything in the head is "added". External ID values are never printed (they are secrets of
 * sorts); only whether they changed.
 */
function declarationChanges(base, head) {
    const changes = [];
    const baseAccounts = new Map((base?.accounts ?? []).map((a) => [a.alias, a]));
    const headAccounts = new Map(head.accounts.map((a) => [a.alias, a]));
    const baseStacks = new Map((base?.stacks ?? []).map((s) => [s.id, s]));
    const headStacks = new Map(head.stacks.map((s) => [s.id, s]));
    if (base) {
        const before = new Map(settingFields(base));
        for (const [key, value] of settingFields(head)) {
            const old = before.get(key);
            if (old === value)
                continue;
            // The Spacelift plan policy reads accounts.yaml: deny -> warn weakens it with no IAM change.
            if (key === 'policy.unverifiable' && old === 'deny') {
                changes.push({ kind: 'setting-changed', subject: key, detail: `${key}: ${old} -> ${value} (the plan policy only warns where it denied)`, widens: true });
            }
            else {
                changes.push({ kind: 'setting-changed', subject: key, detail: `${key}: ${old} -> ${value}` });
            }
        }
    }
    for (const [alias, account] of headAccounts) {
        const old = baseAccounts.get(alias);
        if (!old) {
            changes.push({ kind: 'account-added', subject: alias, detail: `account ${alias} (${account.id}) added, role ${roleText(account.role)}` });
            continue;
        }
        const before = new Map(accountFields(old));
        const diffs = accountFields(account)
            .filter(([key, value]) => before.get(key) !== value || (key === 'external_id' && old.externalId !== account.externalId))
            .map(([key, value]) => (key === 'external_id' ? 'external_id changed' : `${key}: ${before.get(key)} -> ${value}`));
        if (diffs.length)
            changes.push({ kind: 'account-changed', subject: alias, detail: `account ${alias}: ${diffs.join('; ')}` });
    }
    for (const [alias, account] of baseAccounts) {
        if (!headAccounts.has(alias))
            changes.push({ kind: 'account-removed', subject: alias, detail: `account ${alias} (${account.id}) removed` });
    }
    for (const [id, stack] of headStacks) {
        const old = baseStacks.get(id);
        if (!old) {
            changes.push({ kind: 'stack-added', subject: id, detail: `stack ${id} added: ${stack.access}, accounts ${stack.accounts.join(', ')}` });
            continue;
        }
        // A stack's space means something only where both versions use OIDC.
        (0,append/* appendAll */.u)(changes, stackChanges(old, stack, base !== null && base.spacelift.oidc !== null && head.spacelift.oidc !== null));
    }
    for (const [id] of baseStacks) {
        if (!headStacks.has(id))
            changes.push({ kind: 'stack-removed', subject: id, detail: `stack ${id} removed` });
    }
    return changes;
}
function stackChanges(old, stack, compareSpace) {
    const changes = [];
    const before = new Set(old.accounts);
    const after = new Set(stack.accounts);
    const added = stack.accounts.filter((a) => !before.has(a));
    const removed = old.accounts.filter((a) => !after.has(a));
    if (added.length || removed.length) {
        const parts = [added.length ? `+${added.join(', +')}` : '', removed.length ? `-${removed.join(', -')}` : ''].filter(Boolean);
        changes.push({ kind: 'stack-accounts-changed', subject: stack.id, detail: `stack ${stack.id} accounts: ${parts.join(' ')}` });
    }
    // How the stack gets its credentials (auth both) and the space in its OIDC sub.
    const oidcDiffs = [
        old.auth !== stack.auth ? `auth: ${old.auth} -> ${stack.auth}` : '',
        compareSpace && old.space !== stack.space ? `space: ${old.space} -> ${stack.space}` : ''
    ].filter(Boolean);
    if (oidcDiffs.length > 0) {
        changes.push({ kind: 'stack-oidc-changed', subject: stack.id, detail: `stack ${stack.id} ${oidcDiffs.join('; ')}` });
    }
    if (old.access !== stack.access) {
        changes.push({ kind: 'stack-access-changed', subject: stack.id, detail: `stack ${stack.id} access: ${old.access} -> ${stack.access}` });
    }
    return changes;
}

;// CONCATENATED MODULE: ./src/diff/identityProviders.ts
/**
 * What `diff --aws` found of Spacelift's OIDC identity provider in each target account (auth oidc
 * or both): a provider that does not exist, lacks the audience, or could not be read is a warning
 * (the target trust names it: AssumeRoleWithWebIdentity cannot succeed without it).
 */
function identityProviderWarnings(desired, existing) {
    const found = new Map((existing.identityProviders ?? []).map((provider) => [provider.arn, provider]));
    const warnings = [];
    const warn = (message) => {
        warnings.push({ severity: 'warning', file: '', path: '', line: 0, column: 0, message });
    };
    if (existing.identityProviders === undefined)
        return warnings;
    for (const provider of desired.oidcProviders) {
        const where = `account ${provider.accountId} (${provider.alias})`;
        const today = found.get(provider.arn);
        if (today === undefined || today.state === 'unknown') {
            warn(`${where}: cannot read the identity provider ${provider.arn}: ${today?.message ?? 'not read'}`);
        }
        else if (today.state === 'missing') {
            warn(`${where} has no identity provider ${provider.arn}: the target role's trust names it, so no Spacelift token can assume the role. ` +
                'Create it first (render writes iam/oidc-providers.sh and terraform/oidc-providers/main.tf).');
        }
        else {
            const absent = provider.clientIds.filter((id) => !today.clientIds.includes(id));
            if (absent.length > 0) {
                warn(`${where}: the identity provider ${provider.arn} lacks the client ID (audience) ${absent.join(', ')}: add it, or Spacelift's tokens are refused.`);
            }
        }
    }
    return warnings;
}

;// CONCATENATED MODULE: ./src/diff/permissionsComparison.ts


const list = (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
function canonical(statement) {
    const { Sid: _sid, ...rest } = statement;
    const sortObject = (value) => Array.isArray(value)
        ? value.map(sortObject).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
        : value && typeof value === 'object'
            ? Object.fromEntries(Object.entries(value)
                .sort(([a], [b]) => a.localeCompare(b))
                .map(([k, v]) => [k, sortObject(v)]))
            : value;
    return JSON.stringify(sortObject(rest));
}
const ANY_ACCOUNT_ROLE = /^arn:([a-z0-9-]+):iam::\?{12}:role(\/[^*?]*)$/;
/**
 * The (action, role ARN) pairs of a `hub.permissions: accounts` statement, or null for any other
 * shape: literal actions on `arn:<partition>:iam::????????????:role<path><name>` (twelve `?`, one
 * account ID; literal path and name) with the single condition `StringEquals aws:ResourceAccount`
 * on 12-digit account IDs. Such a statement allows exactly the role of that path and name in each
 * listed account, so it is the same grant as the exact form's ARN list.
 */
function accountListPairs(statement) {
    if (statement.NotAction || statement.NotResource || statement.Principal || statement.NotPrincipal)
        return null;
    const operators = Object.entries(statement.Condition ?? {});
    if (operators.length !== 1 || operators[0][0] !== 'StringEquals')
        return null;
    const keys = Object.entries(operators[0][1] ?? {});
    if (keys.length !== 1 || keys[0][0].toLowerCase() !== 'aws:resourceaccount')
        return null;
    const raw = keys[0][1];
    const accounts = Array.isArray(raw) ? raw : [raw];
    if (accounts.length === 0 || !accounts.every((id) => typeof id === 'string' && /^\d{12}$/.test(id)))
        return null;
    const actions = list(statement.Action);
    const resources = list(statement.Resource);
    if (actions.length === 0 || resources.length === 0)
        return null;
    if (!actions.every((a) => typeof a === 'string' && !a.includes('*') && !a.includes('?')))
        return null;
    if (!resources.every((r) => typeof r === 'string' && ANY_ACCOUNT_ROLE.test(r)))
        return null;
    const pairs = [];
    for (const action of actions) {
        for (const resource of resources) {
            for (const account of accounts)
                pairs.push([action, resource.replace('????????????', account)]);
        }
    }
    return pairs;
}
function statementsOf(policy) {
    if (!policy)
        return [];
    // One statement object is allowed in place of a list.
    const statement = policy.Statement;
    return Array.isArray(statement) ? statement : [statement];
}
function statementGrant(statement) {
    if (statement.Effect !== 'Allow')
        return { kind: 'deny', key: canonical(statement) };
    const expanded = accountListPairs(statement);
    if (expanded)
        return { kind: 'pairs', pairs: expanded };
    const plain = !statement.Condition && !statement.NotAction && !statement.NotResource && !statement.NotPrincipal && !statement.Principal;
    const actions = list(statement.Action);
    const resources = list(statement.Resource);
    if (!plain || actions.length === 0 || resources.length === 0 || [...actions, ...resources].some(hasWildcard)) {
        return { kind: 'opaque', key: canonical(statement) };
    }
    const pairs = [];
    for (const action of actions)
        for (const resource of resources)
            pairs.push([action, resource]);
    return { kind: 'pairs', pairs };
}
const pairKey = (action, resource) => `${action.toLowerCase()} ${resource}`;
function grantsOf(policy) {
    const grants = { pairs: new Map(), opaque: new Set(), denies: new Set() };
    for (const statement of statementsOf(policy)) {
        const grant = statementGrant(statement);
        if (grant.kind === 'deny')
            grants.denies.add(grant.key);
        else if (grant.kind === 'opaque')
            grants.opaque.add(grant.key);
        else
            for (const [action, resource] of grant.pairs)
                grants.pairs.set(pairKey(action, resource), action);
    }
    return grants;
}
/**
 * The services whose actions touch who the hub may become: `sts` (assuming, tagging) and `iam`
 * (a hub allowed iam:PutRolePolicy or iam:AttachRolePolicy on itself may grant itself anything).
 */
const SENSITIVE_SERVICES = ['sts', 'iam'];
/** Whether an Allow statement may allow some `sts:` or `iam:` action (NotAction: always assumed to). */
function mayAllowSensitive(statement) {
    if (statement.NotAction !== undefined || statement.Action === undefined)
        return true;
    return list(statement.Action).some((pattern) => {
        if (typeof pattern !== 'string')
            return true;
        const colon = pattern.indexOf(':');
        // No colon: only a pattern with a wildcard can match an action (`*`, `s*`); a wildcard in the
        // service part may match any service.
        const service = colon < 0 ? pattern : pattern.slice(0, colon);
        return hasWildcard(service) || SENSITIVE_SERVICES.includes(service.toLowerCase());
    });
}
function comparePermissionPolicies(existing, desired, others = []) {
    const before = grantsOf(existing);
    const after = grantsOf(desired);
    // What the other policies give is given before and after the apply alike.
    const kept = { pairs: new Map(), opaque: new Set(), denies: new Set() };
    for (const other of others) {
        const grants = grantsOf(other.document);
        for (const [k, v] of grants.pairs)
            kept.pairs.set(k, v);
        for (const k of grants.opaque)
            kept.opaque.add(k);
    }
    const changes = [];
    const added = [...after.pairs.keys()].filter((p) => !before.pairs.has(p) && !kept.pairs.has(p)).sort();
    const removed = [...before.pairs.keys()].filter((p) => !after.pairs.has(p)).sort();
    for (const pair of added) {
        const action = after.pairs.get(pair);
        const resource = pair.slice(pair.indexOf(' ') + 1);
        changes.push({ kind: 'permission-added', detail: `hub may now ${action} on ${resource}`, widens: true });
    }
    for (const pair of removed) {
        const action = before.pairs.get(pair);
        const resource = pair.slice(pair.indexOf(' ') + 1);
        changes.push({ kind: 'permission-removed', detail: `hub may no longer ${action} on ${resource}`, widens: false });
    }
    for (const statement of after.opaque) {
        if (!before.opaque.has(statement) && !kept.opaque.has(statement))
            changes.push({ kind: 'statement-added', detail: `statement added that is not a plain Allow on literal ARNs: ${statement}`, widens: true });
    }
    for (const statement of before.opaque) {
        if (!after.opaque.has(statement))
            changes.push({ kind: 'statement-removed', detail: `statement removed: ${statement}`, widens: false });
    }
    for (const statement of before.denies) {
        if (!after.denies.has(statement))
            changes.push({ kind: 'deny-removed', detail: `Deny statement removed: ${statement}`, widens: true });
    }
    for (const statement of after.denies) {
        if (!before.denies.has(statement))
            changes.push({ kind: 'deny-added', detail: `Deny statement added: ${statement}`, widens: false });
    }
    (0,append/* appendAll */.u)(changes, extraGrants(others, after));
    return { widens: changes.some((c) => c.widens), changes };
}
/** The grants of the other policies that the declared policy does not give: wider than declared. */
function extraGrants(others, declared) {
    const changes = [];
    for (const other of others) {
        const where = `through ${other.name}, which accounts.yaml does not declare (it stays when the declared policy is applied)`;
        for (const statement of statementsOf(other.document)) {
            const grant = statementGrant(statement);
            if (grant.kind === 'deny')
                continue;
            if (!mayAllowSensitive(statement)) {
                changes.push({ kind: 'statement-other', detail: `hub is also allowed other actions ${where}: ${canonical(statement)}`, widens: false });
                continue;
            }
            if (grant.kind === 'opaque') {
                if (!declared.opaque.has(grant.key))
                    changes.push({ kind: 'statement-extra', detail: `hub is also allowed ${where}: ${grant.key}`, widens: true });
                continue;
            }
            for (const [action, resource] of grant.pairs) {
                if (!declared.pairs.has(pairKey(action, resource))) {
                    changes.push({ kind: 'permission-extra', detail: `hub may also ${action} on ${resource} ${where}`, widens: true });
                }
            }
        }
    }
    return changes;
}

;// CONCATENATED MODULE: ./src/diff/buildReport.ts











const ROLE_CREATED = {
    kind: 'role-created',
    detail: 'the role does not exist yet: creating it grants everything its trust policy allows',
    widens: true
};
function compareTrust(role, existing, source, knownAccounts) {
    // Most roles of an organisation are as declared: the same document is the same policy, and the
    // desired one is valid by construction, so the semantic comparison has nothing to find.
    if (jsonEqual(existing, role.trustPolicy))
        return { changes: [], widens: false, findings: [] };
    // A bare account ID means the partition of the role holding the policy: the role's own.
    const context = { partition: /^arn:([^:]+):/.exec(role.arn)?.[1] ?? null };
    // Today's policy is held to IAM's size (with room), or to the size of the desired one when that is
    // larger (a hub trusting thousands of stacks, under a raised --trust-policy-quota).
    const maxChars = Math.max(MAX_TRUST_DOCUMENT_CHARS, Math.ceil(JSON.stringify(role.trustPolicy).length * 1.25));
    const before = parsePolicy(existing, source, { ...context, maxChars });
    const after = parsePolicy(role.trustPolicy, `desired trust policy of ${role.arn}`, context);
    const findings = trustPolicyFindings(before, { accountId: role.accountId, knownAccounts });
    const comparison = comparePolicies(before, after);
    // Drift: today's policy allowing what the declaration does not is worth saying even when the
    // change does not widen (applying it narrows the role; until then the wider trust is live).
    if (comparison.changes.length > 0 && comparePolicies(after, before).widens) {
        findings.push({
            severity: 'warning',
            code: 'LIVE_WIDER_THAN_DECLARED',
            message: 'today’s trust policy may allow requests that the declared one denies: it was widened outside accounts.yaml, or the declaration was narrowed and not yet applied'
        });
    }
    return { ...comparison, findings };
}
/** Accounts that are not third parties: the hub, the declared accounts and Spacelift's. */
function knownAccountsOf(declaration) {
    return [
        ...new Set([...(declaration.hub ? [declaration.hub.accountId] : []), declaration.spacelift.principalAccountId, ...declaration.accounts.map((a) => a.id)])
    ];
}
function roleReport(role, existingSet, errorList, knownAccounts) {
    const found = existingSet.roles.get(roleKeyString(role.accountId, role.role.name));
    if (found?.error) {
        // The reader lists the same problems among its errors: name the role there instead of repeating them.
        const listed = (found.errorDiagnostics ?? []).flatMap((d) => errorList.fromDiagnostic.get(d) ?? []);
        for (const error of listed)
            error.arn = role.arn;
        if (listed.length === 0)
            errorList.errors.push({ arn: role.arn, message: found.error, ...(found.source ? { file: found.source } : {}) });
        return null;
    }
    const existing = found?.trustPolicy ?? null;
    const base = {
        account_id: role.accountId,
        role_name: role.role.name,
        role_path: role.role.path,
        arn: role.arn,
        kind: role.kind,
        alias: role.alias,
        profile: role.profile,
        desired: role.trustPolicy,
        stacks: role.stacks,
        source: existing === null ? null : (found?.source ?? null)
    };
    if (existing === null) {
        return { ...base, status: 'create', widens: true, changes: [ROLE_CREATED], existing: null };
    }
    try {
        const { changes, widens, findings } = compareTrust(role, existing, found?.source ?? role.arn, knownAccounts);
        return {
            ...base,
            status: changes.length ? 'update' : 'unchanged',
            widens,
            changes,
            existing: existing,
            ...(findings.length ? { findings: findings.map(({ severity, code, message }) => ({ severity, code, message })) } : {})
        };
    }
    catch (error) {
        if (!(error instanceof common_diagnostics/* InputError */.dz))
            throw error;
        errorList.errors.push({
            arn: role.arn,
            message: `existing trust policy cannot be read: ${error.message}`,
            ...(found?.source ? { file: found.source } : {})
        });
        return null;
    }
}
function withPermissions(report, desired, existingSet, errorList, warnings) {
    const found = existingSet.roles.get(roleKeyString(report.account_id, report.role_name));
    // undefined: the source holds no permission policy for the hub (e.g. not kept in --existing DIR);
    // then nothing can be said unless the role itself is new, and the report says so.
    if (found?.permissionPolicy === undefined && report.status !== 'create') {
        const expected = permissionSource(found?.source ?? null, report.arn);
        warnings.push({
            severity: 'warning',
            file: '',
            path: '',
            line: 0,
            column: 0,
            message: `the permission policy of the hub role ${report.arn} was not compared: ${found?.source && found.source !== 'aws' ? `no ${(0,common_diagnostics/* oneLine */.TN)(expected)} beside its trust policy (keep the hub's permission policy there to have it compared)` : 'it could not be read'}`
        });
        return { ...report, permissions_compared: false };
    }
    const raw = found?.permissionPolicy ?? null;
    // Every policy document goes through the one typed reader before it is compared.
    const existing = raw === null ? null : readPermissionPolicy(raw, found?.permissionSource ?? permissionSource(found?.source ?? null, report.arn), report.arn, errorList);
    if (existing === undefined)
        return report;
    const others = [];
    for (const other of found?.otherPermissionPolicies ?? []) {
        const document = readPermissionPolicy(other.document, `${other.name} of ${report.arn}`, report.arn, errorList);
        if (document === undefined)
            return report;
        others.push({ name: other.name, document });
    }
    const { changes, widens } = comparePermissionPolicies(existing, desired, others);
    const status = existing === null ? 'create' : changes.length ? 'update' : 'unchanged';
    const permissions = { status, widens, changes, desired, existing };
    const roleStatus = report.status === 'unchanged' && status !== 'unchanged' ? 'update' : report.status;
    return { ...report, status: roleStatus, widens: report.widens || widens, permissions };
}
/** The permission policy as a document, once the policy reader accepts it; undefined (errors listed) when it does not. */
function readPermissionPolicy(raw, source, arn, errorList) {
    try {
        parsePolicy(raw, source);
    }
    catch (error) {
        if (!(error instanceof common_diagnostics/* InputError */.dz))
            throw error;
        for (const d of error.diagnostics) {
            errorList.errors.push({
                arn,
                file: d.file,
                line: d.line,
                column: d.column,
                ...(d.path ? { path: d.path } : {}),
                message: `existing permission policy cannot be read: ${d.message}`
            });
        }
        return undefined;
    }
    if (isPolicyDocument(raw))
        return raw;
    errorList.errors.push({ arn, file: source, message: 'existing permission policy cannot be read: it is not a policy document' });
    return undefined;
}
/** Where the hub's permission policy came from: the .permissions.json beside its trust policy file, or AWS. */
function permissionSource(trustSource, arn) {
    if (trustSource === null || trustSource === 'aws')
        return `permission policy of ${arn}`;
    return trustSource.replace(/(\.trust)?\.json( at [0-9a-f]{12})?$/, '.permissions.json$2');
}
function buildDiffReport(input) {
    const errorList = { errors: [], fromDiagnostic: new Map() };
    for (const d of input.existing.errors) {
        if (d.severity !== 'error')
            continue;
        const error = {
            ...(d.file ? { file: d.file, line: d.line, column: d.column } : {}),
            ...(d.path ? { path: d.path } : {}),
            message: d.message
        };
        errorList.errors.push(error);
        errorList.fromDiagnostic.set(d, error);
    }
    const { errors } = errorList;
    // Warnings from the reader (e.g. a role found under another path) join the declaration's.
    const readerWarnings = input.existing.errors.filter((d) => d.severity === 'warning');
    const comparisonWarnings = [];
    const roles = [];
    const knownAccounts = knownAccountsOf(input.declaration);
    const desiredHub = input.desired.hub;
    const hub = desiredHub === null ? null : roleReport(desiredHub, input.existing, errorList, knownAccounts);
    if (hub && desiredHub)
        roles.push(withPermissions(hub, desiredHub.permissionPolicy, input.existing, errorList, comparisonWarnings));
    for (const target of input.desired.targets) {
        const report = roleReport(target, input.existing, errorList, knownAccounts);
        if (report)
            roles.push(report);
    }
    const report = {
        summary: {
            create: roles.filter((r) => r.status === 'create').length,
            update: roles.filter((r) => r.status === 'update').length,
            unchanged: roles.filter((r) => r.status === 'unchanged').length,
            widening: roles.filter((r) => r.widens).length
        },
        roles,
        errors,
        warnings: [...input.warnings, ...readerWarnings, ...comparisonWarnings, ...identityProviderWarnings(input.desired, input.existing)]
    };
    if (input.base !== undefined)
        report.declaration_changes = declarationChanges(input.base, input.declaration);
    if (input.existing.unexpectedFiles.length)
        report.unexpected_files = input.existing.unexpectedFiles;
    return report;
}

;// CONCATENATED MODULE: ./src/existing/concurrency.ts
/** Runs `work` on every item with at most `limit` calls in flight; results keep the items' order. */
async function mapWithConcurrency(items, limit, work) {
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const index = next++;
            results[index] = await work(items[index], index);
        }
    };
    const workers = Math.max(1, Math.min(Math.floor(limit) || 1, items.length));
    await Promise.all(Array.from({ length: workers }, worker));
    return results;
}

;// CONCATENATED MODULE: ./src/existing/assemble.ts







const ACCOUNT_DIR = /^\d{12}$/;
async function assembleExisting(listing, roles, reader, concurrency) {
    const { accountDirs } = listing;
    const unexpected = [...listing.unexpected];
    const consumed = new Set();
    const errors = [];
    const tasks = uniqueRoles(roles).map((key) => ({ key, files: filesOfRole(key, accountDirs) }));
    const toRead = [];
    for (const task of tasks) {
        for (const f of Object.values(task.files)) {
            consumed.add(f.relative);
            toRead.push(f);
        }
    }
    if (reader.prefetch)
        await reader.prefetch(toRead);
    const loaded = await mapWithConcurrency(tasks, concurrency, async (task) => {
        const result = await loadRole(task.key, task.files, reader);
        (0,append/* appendAll */.u)(errors, result.diagnostics);
        return result.role;
    });
    for (const entries of accountDirs.values()) {
        for (const e of entries.values()) {
            if (consumed.has(e.relative) || e.name.startsWith('.'))
                continue;
            unexpected.push(e.kind === 'directory' ? `${e.relative}/` : e.relative);
        }
    }
    const rolesByKey = new Map();
    for (const role of loaded)
        rolesByKey.set(roleKeyString(role.key.accountId, role.key.role.name), role);
    return {
        roles: rolesByKey,
        unexpectedFiles: unexpected.sort(compareStrings/* compareStrings */.K),
        errors: errors.sort(compareDiagnostics)
    };
}
/** Role names whose plain file `<name>.json` is another role's `.trust.json` or `.permissions.json`. */
const AMBIGUOUS_PLAIN_NAME = /\.(trust|permissions)$/;
function filesOfRole(key, accountDirs) {
    const entries = accountDirs.get(key.accountId);
    const find = (name) => entries?.get(name);
    const files = {};
    // `X.trust.json` / `X.permissions.json` are role X's files; for a role named `X.trust` or
    // `X.permissions` the plain name would be one of them, so only its `.trust.json` is its own.
    const plain = AMBIGUOUS_PLAIN_NAME.test(key.role.name) ? undefined : find(`${key.role.name}.json`);
    const trust = find(`${key.role.name}.trust.json`);
    if (plain)
        files.plain = plain;
    if (trust)
        files.trust = trust;
    if (key.kind === 'hub') {
        const permissions = find(`${key.role.name}.permissions.json`);
        if (permissions)
            files.permissions = permissions;
    }
    return files;
}
async function loadRole(key, files, reader) {
    const diagnostics = [];
    const role = { key, trustPolicy: null, source: null };
    const failed = (d) => {
        diagnostics.push(d);
        const message = (0,common_diagnostics/* formatDiagnostic */.xy)(d);
        role.error = role.error ? `${role.error}; ${message}` : message;
        (role.errorDiagnostics ??= []).push(d);
    };
    const candidates = [files.trust, files.plain].filter((f) => f !== undefined);
    const trusts = await Promise.all(candidates.map((f) => readPolicyFile(f, reader, extractTrustPolicy)));
    for (const t of trusts) {
        if (!t.ok)
            failed(t.diagnostic);
    }
    const good = trusts.filter((t) => t.ok);
    if (!role.error && good.length === 2 && !jsonEqual(good[0]?.document, good[1]?.document)) {
        const [a, b] = good;
        failed(fileDiagnostic(b.file, `both ${b.file} and ${a.file} exist and hold different policies for role ${key.role.name}; keep one`));
    }
    else if (!role.error && good[0]) {
        role.trustPolicy = good[0].document;
        role.source = good[0].file;
        if (good[0].rolePath !== undefined && good[0].rolePath !== key.role.path) {
            diagnostics.push({
                ...fileDiagnostic(good[0].file, `role ${key.role.name} exists with path ${good[0].rolePath}, accounts.yaml declares ${key.role.path}`, 'Role.Path'),
                severity: 'warning'
            });
        }
    }
    if (key.kind === 'hub') {
        if (files.permissions) {
            const p = await readPolicyFile(files.permissions, reader, extractPermissionPolicy);
            if (p.ok) {
                role.permissionPolicy = p.document;
                role.permissionSource = p.file;
            }
            else {
                failed(p.diagnostic);
            }
        }
        else if (role.trustPolicy === null && !role.error) {
            // The role does not exist, so neither does its permission policy.
            role.permissionPolicy = null;
        }
        // Otherwise the role exists and DIR keeps no permission policy for it: left undefined, "not
        // compared" (a missing file says nothing about what the role may do).
    }
    return { role, diagnostics };
}
/** Reads one policy file through the typed reader: a document, or a positioned diagnostic. */
async function readPolicyFile(entry, reader, extract) {
    const file = reader.displayPath(entry.relative);
    const read = await reader.readText(entry);
    if (!read.ok)
        return { ok: false, diagnostic: fileDiagnostic(file, read.message) };
    const result = extract(read.text);
    if (!result.ok) {
        const d = fileDiagnostic(file, result.message, result.path);
        if (result.syntax) {
            d.line = result.syntax.line;
            d.column = result.syntax.column;
        }
        return { ok: false, diagnostic: d };
    }
    return result.rolePath === undefined
        ? { ok: true, file, document: result.document }
        : { ok: true, file, document: result.document, rolePath: result.rolePath };
}
function fileDiagnostic(file, message, at = '') {
    return { severity: 'error', file, path: at, line: 1, column: 1, message };
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: ./src/common/gitSha.ts
var gitSha = __webpack_require__(6987);
// EXTERNAL MODULE: ./src/common/runGit.ts
var common_runGit = __webpack_require__(302);
;// CONCATENATED MODULE: ./src/existing/gitTree.ts
/**
 * Reading a commit's files from git as data: `git ls-tree` / `git cat-file`, run through execFile
 * with an argument array (no shell, nothing from the repository is executed), output bounded.
 * Paths are relative to the working directory git runs in and may not climb out of it ("..").
 */




/** A listing of tens of thousands of files fits; anything beyond is refused, not truncated. */
const MAX_LISTING_BYTES = 64 * 1024 * 1024;
/** A path inside the repository, relative to cwd, as git's `<rev>:./<path>` syntax wants it. */
function treePath(path) {
    const normalised = path
        .replace(/\\/g, '/')
        .replace(/^(\.\/)+/, '')
        .replace(/\/+$/, '');
    if (normalised.startsWith('/') || /^[A-Za-z]:/.test(normalised) || normalised.split('/').includes('..') || /[\0\n\r]/.test(normalised)) {
        throw new common_diagnostics/* InputError */.dz(`${path}: must be a path inside the repository (relative, without "..")`);
    }
    return normalised === '' || normalised === '.' ? '../git/' : `./${normalised}`;
}
/** The full commit id a revision names (a branch, tag, sha, HEAD~1 ...); an InputError when there is none. */
async function resolveCommit(cwd, rev) {
    if (rev === '' || rev.startsWith('-') || /[\0\s]/.test(rev))
        throw new InputError(`--existing-ref ${JSON.stringify(rev)}: not a git revision`);
    const result = await runGit(cwd, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
    const sha = result.stdout.trim();
    if (result.code !== 0 || !isFullCommitSha(sha))
        throw new InputError(`--existing-ref ${rev}: no such commit in the git repository at ${cwd}`);
    return sha;
}
function kindOfMode(mode) {
    if (mode === '100644' || mode === '100755')
        return 'file';
    if (mode === '040000')
        return 'directory';
    if (mode === '120000')
        return 'symlink';
    return 'other';
}
/**
 * Every entry below `path` at `commit` (recursively, directories included); null when the commit has
 * no such path. An InputError when the path is a file, or the commit is missing.
 */
async function gitTree(cwd, commit, path) {
    if (!(0,gitSha/* isFullCommitSha */.h)(commit))
        throw new common_diagnostics/* InputError */.dz(`not a commit id: ${commit}`);
    const present = await (0,common_runGit/* runGit */.E)(cwd, ['cat-file', '-e', `${commit}^{commit}`]);
    if (present.code !== 0)
        throw new common_diagnostics/* InputError */.dz(`commit ${commit} is not in the git repository at ${cwd}`);
    const name = `${commit}:${treePath(path)}`;
    const type = await (0,common_runGit/* runGit */.E)(cwd, ['cat-file', '-t', name]);
    if (type.code !== 0)
        return null;
    if (type.stdout.trim() !== 'tree')
        throw new common_diagnostics/* InputError */.dz(`${path} is not a directory at ${commit.slice(0, 12)}`);
    const listing = await (0,common_runGit/* runGit */.E)(cwd, ['ls-tree', '-r', '-t', '-z', '-l', '--full-tree', name], MAX_LISTING_BYTES).catch((e) => {
        throw new common_diagnostics/* InputError */.dz(`${path} at ${commit.slice(0, 12)} cannot be listed: ${e instanceof Error ? e.message : String(e)}`);
    });
    if (listing.code !== 0)
        throw new common_diagnostics/* InputError */.dz(`${path} at ${commit.slice(0, 12)} cannot be listed: ${listing.stderr.trim()}`);
    const entries = [];
    for (const record of listing.stdout.split('\0')) {
        if (record === '')
            continue;
        const tab = record.indexOf('\t');
        const [mode = '', , oid = '', size = '-'] = record.slice(0, tab).split(/ +/);
        entries.push({ path: record.slice(tab + 1), kind: kindOfMode(mode), oid, size: size === '-' ? 0 : Number(size) });
    }
    return entries;
}
/** The contents of the given blobs, by object id, read in one `git cat-file --batch`. */
function readBlobs(cwd, oids) {
    const wanted = [...new Set(oids)].filter((o) => (0,gitSha/* isFullCommitSha */.h)(o));
    if (wanted.length === 0)
        return Promise.resolve(new Map());
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.spawn)('git', ['cat-file', '--batch'], { cwd, env: { ...process.env, ...common_runGit/* GIT_ENV */.N }, windowsHide: true, stdio: ['pipe', 'pipe', 'ignore'] });
        const chunks = [];
        child.stdout.on('data', (d) => chunks.push(d));
        child.on('error', (e) => reject(new common_diagnostics/* InputError */.dz(`git cat-file failed: ${e.message}`)));
        child.on('close', () => {
            const out = Buffer.concat(chunks);
            const blobs = new Map();
            let at = 0;
            while (at < out.length) {
                const eol = out.indexOf(0x0a, at);
                if (eol < 0)
                    break;
                const [oid = '', type = '', size = ''] = out.subarray(at, eol).toString('utf8').split(' ');
                at = eol + 1;
                if (type === 'missing' || size === '')
                    continue;
                const length = Number(size);
                if (type === 'blob')
                    blobs.set(oid, out.subarray(at, at + length));
                at += length + 1;
            }
            resolve(blobs);
        });
        child.stdin.on('error', () => undefined);
        child.stdin.end(wanted.join('\n') + '\n');
    });
}

;// CONCATENATED MODULE: ./src/existing/fromGit.ts
/**
 * Today's policies as a git commit holds them (the action's baseline: the pull request's BASE
 * commit; the CLI's `diff --existing DIR --existing-ref REF`). Read from git as data, never from
 * the working tree the pull request may have rewritten: `git ls-tree` lists the directory at the
 * commit, `git cat-file --batch` reads the blobs; both through execFile with an argument array (no
 * shell), output bounded. Symbolic links and submodules in the tree are refused for their role,
 * as special files are on disk.
 */



/** The directory at the commit, as account directories and their entries (depth 2); deeper levels are one entry. */
async function listGitTree(location) {
    const tree = await gitTree(location.cwd, location.commit, location.path);
    const accountDirs = new Map();
    const unexpected = [];
    const entries = new Map();
    if (tree === null)
        return { accountDirs, unexpected, entries, exists: false };
    for (const entry of tree) {
        const parts = entry.path.split('/');
        if (parts.length === 1) {
            const name = parts[0];
            if (name.startsWith('.'))
                continue;
            if (entry.kind === 'directory' && ACCOUNT_DIR.test(name)) {
                if (!accountDirs.has(name))
                    accountDirs.set(name, new Map());
            }
            else {
                unexpected.push(entry.kind === 'directory' ? `${name}/` : name);
            }
        }
        else if (parts.length === 2) {
            const [dir, name] = parts;
            if (!ACCOUNT_DIR.test(dir))
                continue;
            entries.set(entry.path, entry);
            let listing = accountDirs.get(dir);
            if (!listing)
                accountDirs.set(dir, (listing = new Map()));
            listing.set(name, { relative: entry.path, name, kind: entry.kind });
        }
    }
    return { accountDirs, unexpected, entries, exists: true };
}
/**
 * What one reader takes from git in all: a pull request may add thousands of files of a megabyte
 * each; past this, further files are refused (and so cannot be shown not to widen).
 */
const MAX_TOTAL_BLOB_BYTES = 256 * 1024 * 1024;
/** Reads blobs of one listed commit tree, bounded in size, all at once through `git cat-file --batch`. */
class GitTreeReader {
    location;
    entries;
    maxBytes;
    texts = new Map();
    budget = MAX_TOTAL_BLOB_BYTES;
    constructor(location, entries, maxBytes = MAX_POLICY_FILE_BYTES) {
        this.location = location;
        this.entries = entries;
        this.maxBytes = maxBytes;
    }
    displayPath(relative) {
        return `${this.location.path.replace(/\/+$/, '')}/${relative} at ${this.location.commit.slice(0, 12)}`;
    }
    async prefetch(wanted) {
        const blobs = [];
        for (const e of wanted) {
            const entry = this.entries.get(e.relative);
            if (!entry || this.texts.has(e.relative))
                continue;
            const refused = refusal(entry, this.maxBytes) ??
                (entry.size > this.budget ? `more than ${MAX_TOTAL_BLOB_BYTES / 1024 / 1024} MB of policy files to read; refused` : null);
            if (refused) {
                this.texts.set(e.relative, { ok: false, message: refused });
                continue;
            }
            this.budget -= entry.size;
            blobs.push(entry);
        }
        const contents = await readBlobs(this.location.cwd, blobs.map((b) => b.oid));
        for (const entry of blobs) {
            const bytes = contents.get(entry.oid);
            if (bytes === undefined) {
                this.texts.set(entry.path, { ok: false, message: 'git cannot read this file' });
                continue;
            }
            try {
                this.texts.set(entry.path, { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) });
            }
            catch {
                this.texts.set(entry.path, { ok: false, message: 'the file is not valid UTF-8 text' });
            }
        }
    }
    async readText(entry) {
        if (!this.texts.has(entry.relative))
            await this.prefetch([entry]);
        return this.texts.get(entry.relative) ?? { ok: false, message: 'git cannot read this file' };
    }
}
function refusal(entry, maxBytes) {
    if (entry.kind === 'symlink')
        return 'the file is a symbolic link in git; refused';
    if (entry.kind !== 'file')
        return 'the entry is not a regular file in git; refused';
    if (entry.size > maxBytes) {
        return `the file is ${entry.size} bytes, larger than the ${maxBytes}-byte limit for a policy file (IAM trust policies are at most 4,096 characters); refused`;
    }
    return null;
}
async function readExistingFromGit(location, roles) {
    const listing = await listGitTree(location);
    const reader = new GitTreeReader(location, listing.entries);
    const set = await assembleExisting(listing, roles, reader, 16);
    if (!listing.exists) {
        set.errors.push({
            severity: 'warning',
            file: location.path,
            path: '',
            line: 1,
            column: 1,
            message: `there is no such directory at ${location.commit.slice(0, 12)}: every role is compared with nothing (to be created)`
        });
    }
    return set;
}

;// CONCATENATED MODULE: ./src/diff/existingEdits.ts
/**
 * What a pull request itself changes under the `existing` directory: today's policies as the base
 * commit holds them are the baseline, so an edit in the PR never changes a role's verdict; each
 * edited policy file is compared base -> head with the same engines as the roles (trust policies
 * with src/trustPolicy/compare.ts, the hub's permission policy with permissionsComparison.ts), and a
 * widening edit counts toward `widens` and `fail-on` like any other. A file that cannot be read on
 * either side cannot be shown not to widen: it widens.
 */









async function side(location) {
    const listing = await listGitTree(location);
    return { listing, reader: new GitTreeReader(location, listing.entries), location };
}
function policyKind(name) {
    if (name.endsWith('.permissions.json'))
        return 'permissions';
    if (name.endsWith('.json'))
        return 'trust';
    return 'other';
}
async function readSide(s, entry, policy) {
    if (!entry)
        return { state: 'absent' };
    const loaded = await readPolicyFile(entry, s.reader, policy === 'trust' ? extractTrustPolicy : extractPermissionPolicy);
    if (!loaded.ok)
        return { state: 'error', message: loaded.diagnostic.message };
    try {
        // The one typed reader for policy documents: anything it refuses cannot be compared.
        parsePolicy(loaded.document, loaded.file);
    }
    catch (error) {
        if (!(error instanceof common_diagnostics/* InputError */.dz))
            throw error;
        return { state: 'error', message: error.diagnostics.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join('; ') };
    }
    return { state: 'ok', loaded };
}
function compareSides(policy, before, after) {
    if (after === null)
        return { widens: false, changes: [{ kind: 'file-removed', detail: 'the PR deletes this policy file', widens: false }] };
    if (policy === 'permissions') {
        // Both were read with the policy reader (readable() above): only their type is carried here.
        if (!isPolicyDocument(after.document) || (before !== null && !isPolicyDocument(before.document))) {
            return { widens: true, changes: [{ kind: 'unreadable', detail: 'a permission policy file is not a policy document', widens: true }] };
        }
        return comparePermissionPolicies(before !== null && isPolicyDocument(before.document) ? before.document : null, after.document);
    }
    if (before === null) {
        return { widens: true, changes: [{ kind: 'file-added', detail: 'the PR adds this trust policy file: everything it allows is new', widens: true }] };
    }
    const { changes, widens } = comparePolicies(parsePolicy(before.document, before.file), parsePolicy(after.document, after.file));
    return { changes, widens };
}
function entryOf(s, relative) {
    const [dir = '', name = ''] = relative.split('/');
    return s.listing.accountDirs.get(dir)?.get(name);
}
/** Compares `path` at the base and head commits; null when the PR leaves it as it is. */
async function existingEdits(cwd, path, baseCommit, headCommit) {
    if (baseCommit === headCommit)
        return null;
    const base = await side({ cwd, commit: baseCommit, path });
    let head;
    try {
        head = await side({ cwd, commit: headCommit, path });
    }
    catch (error) {
        // The PR made the directory unreadable (a file or a link in its place): that cannot be shown not to widen.
        if (!(error instanceof common_diagnostics/* InputError */.dz))
            throw error;
        const detail = `the pull request's ${path} cannot be read, so it cannot be shown not to widen: ${error.message}`;
        return {
            path,
            base: baseCommit,
            head: headCommit,
            widens: true,
            files: [{ file: path, status: 'modified', policy: 'other', widens: true, changes: [{ kind: 'unreadable', detail, widens: true }] }]
        };
    }
    const changed = new Set();
    for (const [p, e] of head.listing.entries) {
        const other = base.listing.entries.get(p);
        if (!other || other.oid !== e.oid || other.kind !== e.kind)
            changed.add(p);
    }
    for (const p of base.listing.entries.keys())
        if (!head.listing.entries.has(p))
            changed.add(p);
    const paths = [...changed].sort(compareStrings/* compareStrings */.K);
    const policyPaths = paths.filter((p) => policyKind(p) !== 'other');
    await base.reader.prefetch(policyPaths.flatMap((p) => entryOf(base, p) ?? []));
    await head.reader.prefetch(policyPaths.flatMap((p) => entryOf(head, p) ?? []));
    const files = [];
    for (const p of paths) {
        const policy = policyKind(p);
        const status = !base.listing.entries.has(p) ? 'added' : !head.listing.entries.has(p) ? 'removed' : 'modified';
        const file = `${path.replace(/\/+$/, '')}/${p}`;
        if (policy === 'other') {
            files.push({
                file,
                status,
                policy,
                widens: false,
                changes: [{ kind: 'not-a-policy', detail: 'not a policy file name (<role>.json, .trust.json, .permissions.json); not compared', widens: false }]
            });
            continue;
        }
        const before = await readSide(base, entryOf(base, p), policy);
        const after = await readSide(head, entryOf(head, p), policy);
        const unreadable = [before, after].filter((r) => r.state === 'error');
        if (unreadable.length && after.state !== 'absent') {
            const detail = unreadable.map((r) => r.message).join('; ');
            files.push({
                file,
                status,
                policy,
                widens: true,
                changes: [{ kind: 'unreadable', detail: `cannot be compared, so it cannot be shown not to widen: ${detail}`, widens: true }]
            });
            continue;
        }
        const { widens, changes } = compareSides(policy, before.state === 'ok' ? before.loaded : null, after.state === 'ok' ? after.loaded : null);
        files.push({ file, status, policy, widens, changes });
    }
    if (files.length === 0)
        return null;
    return { path, base: baseCommit, head: headCommit, widens: files.some((f) => f.widens), files };
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-iam/dist-cjs/index.js
var dist_cjs = __webpack_require__(6764);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-sts/dist-cjs/index.js
var client_sts_dist_cjs = __webpack_require__(1695);
;// CONCATENATED MODULE: ./src/existing/fromAws.ts
/**
 * `diff --aws`: the trust policies that exist today, read live from IAM.
 *
 * Credentials: the standard chain of the AWS SDK (environment, profile, SSO, container, instance)
 * for the account it belongs to (found with sts:GetCallerIdentity, which needs no permission) —
 * normally the hub account. Roles in any other account are read through that account's read role
 * (`--aws-read-role NAME`), assumed once per account with session name `stack-accounts-diff`.
 * Permissions needed: iam:GetRole on each role; on the hub role iam:ListRolePolicies,
 * iam:GetRolePolicy, iam:ListAttachedRolePolicies, and iam:GetPolicy + iam:GetPolicyVersion on its
 * attached managed policies (every policy of the hub counts in what it may do); sts:AssumeRole on
 * the read roles.
 *
 * Calls run with bounded concurrency and the SDK's adaptive retry on throttling. A role that does
 * not exist (NoSuchEntity) is "to be created"; any other failure (AccessDenied on AssumeRole or
 * GetRole, ...) is reported for that role while the others still load. AWS_ENDPOINT_URL (and
 * AWS_ENDPOINT_URL_IAM / _STS) is honoured by the SDK itself.
 */









const READ_SESSION_NAME = 'stack-accounts-diff';
const DEFAULT_AWS_CONCURRENCY = 8;
const MAX_ATTEMPTS = 8;
const defaultClientFactory = {
    iam: ({ region, credentials }) => new dist_cjs/* IAMClient */.h8v({ region, retryMode: 'adaptive', maxAttempts: MAX_ATTEMPTS, ...(credentials ? { credentials } : {}) }),
    sts: ({ region }) => new client_sts_dist_cjs/* STSClient */.iM({ region, retryMode: 'adaptive', maxAttempts: MAX_ATTEMPTS })
};
/** IAM is global, served (and signed) in one region per partition. */
const PARTITION_HOME_REGION = {
    aws: 'us-east-1',
    'aws-us-gov': 'us-gov-west-1',
    'aws-cn': 'cn-north-1'
};
async function readExistingFromAws(options) {
    const session = new AwsSession(options);
    try {
        const hub = options.hub === null ? [] : [{ kind: 'hub', accountId: options.hub.accountId, role: options.hub.role }];
        const keys = uniqueRoles([...hub, ...options.targets]);
        const errors = [];
        const roles = await mapWithConcurrency(keys, options.concurrency ?? DEFAULT_AWS_CONCURRENCY, async (key) => {
            const result = await session.readRole(key);
            (0,append/* appendAll */.u)(errors, result.diagnostics);
            return result.role;
        });
        const byKey = new Map();
        for (const role of roles)
            byKey.set(roleKeyString(role.key.accountId, role.key.role.name), role);
        const set = { roles: byKey, unexpectedFiles: [], errors: errors.sort(compareDiagnostics) };
        if (options.identityProviders !== undefined) {
            set.identityProviders = await mapWithConcurrency(options.identityProviders, options.concurrency ?? DEFAULT_AWS_CONCURRENCY, (provider) => session.readIdentityProvider(provider.accountId, provider.arn));
        }
        return set;
    }
    finally {
        session.destroy();
    }
}
class AwsSession {
    options;
    partition;
    iamRegion;
    stsRegion;
    factory;
    clients = [];
    sts;
    home;
    accounts = new Map();
    constructor(options) {
        this.options = options;
        this.partition = options.partition;
        this.iamRegion = PARTITION_HOME_REGION[options.partition];
        this.stsRegion = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? this.iamRegion;
        this.factory = options.clientFactory ?? defaultClientFactory;
    }
    destroy() {
        for (const c of this.clients)
            c.destroy();
    }
    async readRole(key) {
        const arn = (0,config_arn/* roleArn */.w)(this.partition, key.accountId, key.role);
        const role = { key, trustPolicy: null, source: null };
        const diagnostics = [];
        const fail = (message, severity = 'error') => {
            const diagnostic = { severity, file: '', path: '', line: 0, column: 0, message };
            diagnostics.push(diagnostic);
            if (severity !== 'error')
                return;
            role.error = role.error ? `${role.error}; ${message}` : message;
            (role.errorDiagnostics ??= []).push(diagnostic);
        };
        const access = await this.accessTo(key.accountId);
        if (!access.ok) {
            fail(`cannot read ${arn}: ${access.message}`);
            return { role, diagnostics };
        }
        let exists = true;
        try {
            const out = await access.iam.send(new dist_cjs/* GetRoleCommand */.kbp({ RoleName: key.role.name }));
            const decoded = decodePolicyDocument(out.Role?.AssumeRolePolicyDocument, 'AssumeRolePolicyDocument', true);
            if (decoded.ok) {
                role.trustPolicy = decoded.document;
                role.source = 'aws';
            }
            else {
                fail(`cannot read ${arn}: GetRole returned an unreadable trust policy: ${decoded.message}`);
            }
            const path = out.Role?.Path;
            if (path !== undefined && path !== key.role.path) {
                fail(`${arn}: the role exists with path ${path}, accounts.yaml declares ${key.role.path}`, 'warning');
            }
        }
        catch (e) {
            if (isNoSuchEntity(e)) {
                exists = false;
            }
            else {
                fail(`cannot read ${arn}: ${describeError(e)}${accessDeniedHint(e, `iam:GetRole on ${arn}`, await this.callerDescription(key.accountId))}`);
            }
        }
        if (key.kind === 'hub') {
            if (!exists)
                role.permissionPolicy = null;
            else if (!role.error)
                await this.readHubPolicies(access.iam, key, arn, role, fail);
        }
        return { role, diagnostics };
    }
    /**
     * Every permission policy of the hub role: its inline policies (the declared one,
     * HUB_PERMISSION_POLICY_NAME, and any other) and its attached managed policies (their default
     * version). Any of them may allow the hub to assume a role, so a policy that cannot be read makes
     * the role unreadable, never "unchanged".
     * https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRolePolicies.html
     * https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAttachedRolePolicies.html
     * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicyVersion.html
     */
    async readHubPolicies(iam, key, arn, role, fail) {
        const caller = await this.callerDescription(key.accountId);
        const failed = (what, permission, e) => fail(`cannot read ${what} of ${arn}: ${describeError(e)}${accessDeniedHint(e, `${permission}`, caller)}`);
        let inlineNames;
        let attached;
        try {
            inlineNames = await listAll(async (Marker) => {
                const out = await iam.send(new dist_cjs/* ListRolePoliciesCommand */.Y7N({ RoleName: key.role.name, ...(Marker ? { Marker } : {}) }));
                return { items: out.PolicyNames ?? [], marker: out.IsTruncated ? out.Marker : undefined };
            });
        }
        catch (e) {
            return failed('the inline policy names', `iam:ListRolePolicies on ${arn}`, e);
        }
        try {
            attached = await listAll(async (Marker) => {
                const out = await iam.send(new dist_cjs/* ListAttachedRolePoliciesCommand */.wfM({ RoleName: key.role.name, ...(Marker ? { Marker } : {}) }));
                return { items: (out.AttachedPolicies ?? []).flatMap((p) => (p.PolicyArn ? [p.PolicyArn] : [])), marker: out.IsTruncated ? out.Marker : undefined };
            });
        }
        catch (e) {
            return failed('the attached managed policies', `iam:ListAttachedRolePolicies on ${arn}`, e);
        }
        role.permissionPolicy = null;
        const others = [];
        for (const name of inlineNames.sort(compareStrings/* compareStrings */.K)) {
            const what = `the inline policy ${name}`;
            try {
                const out = await iam.send(new dist_cjs/* GetRolePolicyCommand */.WHQ({ RoleName: key.role.name, PolicyName: name }));
                const decoded = decodePolicyDocument(out.PolicyDocument, 'PolicyDocument');
                if (!decoded.ok)
                    return fail(`cannot read ${what} of ${arn}: ${decoded.message}`);
                if (name === hubPermissions/* HUB_PERMISSION_POLICY_NAME */.H1)
                    role.permissionPolicy = decoded.document;
                else
                    others.push({ name: `inline policy ${name}`, document: decoded.document });
            }
            catch (e) {
                return failed(what, `iam:GetRolePolicy on ${arn}`, e);
            }
        }
        for (const policyArn of attached.sort(compareStrings/* compareStrings */.K)) {
            const what = `the managed policy ${policyArn}`;
            try {
                const policy = await iam.send(new dist_cjs/* GetPolicyCommand */.s4W({ PolicyArn: policyArn }));
                const versionId = policy.Policy?.DefaultVersionId;
                if (!versionId)
                    return fail(`cannot read ${what} of ${arn}: GetPolicy returned no default version`);
                const out = await iam.send(new dist_cjs/* GetPolicyVersionCommand */.G45({ PolicyArn: policyArn, VersionId: versionId }));
                const decoded = decodePolicyDocument(out.PolicyVersion?.Document, 'PolicyVersion.Document');
                if (!decoded.ok)
                    return fail(`cannot read ${what} of ${arn}: ${decoded.message}`);
                others.push({ name: `managed policy ${policyArn}`, document: decoded.document });
            }
            catch (e) {
                return failed(what, `iam:GetPolicy and iam:GetPolicyVersion on ${policyArn}`, e);
            }
        }
        role.otherPermissionPolicies = others;
    }
    /**
     * An OIDC identity provider by ARN (iam:GetOpenIDConnectProvider,
     * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetOpenIDConnectProvider.html):
     * NoSuchEntity means it does not exist.
     */
    async readIdentityProvider(accountId, arn) {
        const access = await this.accessTo(accountId);
        if (!access.ok)
            return { accountId, arn, state: 'unknown', clientIds: [], message: access.message };
        try {
            const out = await access.iam.send(new dist_cjs/* GetOpenIDConnectProviderCommand */.cCT({ OpenIDConnectProviderArn: arn }));
            return { accountId, arn, state: 'present', clientIds: out.ClientIDList ?? [] };
        }
        catch (e) {
            if (isNoSuchEntity(e))
                return { accountId, arn, state: 'missing', clientIds: [] };
            const hint = accessDeniedHint(e, `iam:GetOpenIDConnectProvider on ${arn}`, await this.callerDescription(accountId));
            return { accountId, arn, state: 'unknown', clientIds: [], message: `${describeError(e)}${hint}` };
        }
    }
    /** Who makes the calls in an account, for error messages. */
    async callerDescription(accountId) {
        const home = await this.homeAccount();
        if (home.ok && home.accountId === accountId)
            return 'the caller (the standard credential chain)';
        return this.options.readRoleName === null ? 'nobody (no read role is named)' : `the read role ${this.readRoleArn(accountId, this.options.readRoleName)}`;
    }
    readRoleArn(accountId, name) {
        return `arn:${this.partition}:iam::${accountId}:role${name.startsWith('/') ? name : `/${name}`}`;
    }
    stsClient() {
        if (!this.sts) {
            this.sts = this.factory.sts({ region: this.stsRegion });
            this.clients.push(this.sts);
        }
        return this.sts;
    }
    homeAccount() {
        this.home ??= (async () => {
            try {
                const identity = await this.stsClient().send(new client_sts_dist_cjs/* GetCallerIdentityCommand */.zI({}));
                if (!identity.Account)
                    return { ok: false, message: 'sts:GetCallerIdentity returned no account' };
                const iam = this.factory.iam({ region: this.iamRegion });
                this.clients.push(iam);
                return { ok: true, accountId: identity.Account, iam };
            }
            catch (e) {
                return {
                    ok: false,
                    message: `no usable AWS credentials from the standard chain (environment, profile, SSO, container or instance role): ${describeError(e)}`
                };
            }
        })();
        return this.home;
    }
    /** The IAM client for an account: the caller's own, or through the read role; one AssumeRole per account. */
    accessTo(accountId) {
        let access = this.accounts.get(accountId);
        if (!access) {
            access = this.openAccount(accountId);
            this.accounts.set(accountId, access);
        }
        return access;
    }
    async openAccount(accountId) {
        const home = await this.homeAccount();
        if (!home.ok)
            return home;
        if (home.accountId === accountId)
            return { ok: true, iam: home.iam };
        if (this.options.readRoleName === null) {
            return {
                ok: false,
                message: `account ${accountId} is not the caller's (${home.accountId}) and no read role is named to enter it: give --aws-read-role NAME (the action's aws-read-role input) or declare aws_read in accounts.yaml`
            };
        }
        const readRole = this.readRoleArn(accountId, this.options.readRoleName);
        try {
            const out = await this.stsClient().send(new client_sts_dist_cjs/* AssumeRoleCommand */.QL({ RoleArn: readRole, RoleSessionName: READ_SESSION_NAME }));
            const c = out.Credentials;
            if (!c?.AccessKeyId || !c.SecretAccessKey) {
                return { ok: false, message: `AssumeRole of ${readRole} returned no credentials` };
            }
            const credentials = {
                accessKeyId: c.AccessKeyId,
                secretAccessKey: c.SecretAccessKey,
                ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
                ...(c.Expiration ? { expiration: c.Expiration } : {})
            };
            const iam = this.factory.iam({ region: this.iamRegion, credentials });
            this.clients.push(iam);
            return { ok: true, iam };
        }
        catch (e) {
            const hint = isAccessDenied(e)
                ? `; the caller (account ${home.accountId}) needs sts:AssumeRole on ${readRole}, and that role's trust policy must allow the caller (check --aws-read-role)`
                : '';
            return { ok: false, message: `cannot assume the read role ${readRole}: ${describeError(e)}${hint}` };
        }
    }
}
/** Every item of a paginated IAM list (Marker / IsTruncated). */
async function listAll(page) {
    const items = [];
    let marker;
    do {
        const out = await page(marker);
        (0,append/* appendAll */.u)(items, out.items);
        marker = out.marker;
    } while (marker);
    return items;
}
function awsErrorCode(e) {
    if (typeof e !== 'object' || e === null)
        return '';
    const r = e;
    return typeof r.Code === 'string' ? r.Code : typeof r.name === 'string' ? r.name : '';
}
function isNoSuchEntity(e) {
    const code = awsErrorCode(e);
    return code === 'NoSuchEntity' || code === 'NoSuchEntityException' || e?.name === 'NoSuchEntityException';
}
function isAccessDenied(e) {
    return /^AccessDenied/.test(awsErrorCode(e));
}
function accessDeniedHint(e, permission, who) {
    return isAccessDenied(e) ? `; ${who} needs ${permission}` : '';
}
function describeError(e) {
    const code = awsErrorCode(e);
    const message = e instanceof Error ? e.message : String(e);
    return code && !message.startsWith(code) ? `${code}: ${message}` : message;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/existing/fromDirectory.ts
/**
 * `diff --existing DIR`: the trust policies that exist today, saved as files (CONTRACT §3).
 *
 *   DIR/<account_id>/<role_name>.json or DIR/<account_id>/<role_name>.trust.json   trust policy
 *   DIR/<hub_id>/<hub_role_name>.permissions.json                                  hub permission policy
 *
 * A missing file means the role does not exist yet. DIR usually comes from the pull request under
 * review, so its content is treated as hostile: each account directory is listed once, files are
 * opened without following symlinks unless the link resolves inside DIR, each file is bounded in
 * size, and reads run with bounded concurrency. A broken file is reported for its role; the other
 * roles still load.
 */









const READ_CONCURRENCY = 16;
function kindOf(dirent) {
    return dirent.isFile() ? 'file' : dirent.isDirectory() ? 'directory' : dirent.isSymbolicLink() ? 'symlink' : 'other';
}
async function readExistingFromDirectory(dir, roles, options = {}) {
    const maxBytes = options.maxFileBytes ?? MAX_POLICY_FILE_BYTES;
    const root = await resolveRoot(dir);
    const reader = new SafeReader(dir, root, maxBytes);
    const topLevel = await (0,promises_.readdir)(root, { withFileTypes: true });
    const accountDirs = new Map();
    const unexpected = [];
    const listings = topLevel
        .filter((d) => !d.name.startsWith('.'))
        .map(async (d) => {
        if (ACCOUNT_DIR.test(d.name) && (await reader.isDirectoryInside(d))) {
            // Synchronous, as the reads below: see SafeReader.readText.
            let entries;
            try {
                entries = (0,external_node_fs_.readdirSync)(external_node_path_default().join(root, d.name), { withFileTypes: true });
            }
            catch (e) {
                const code = (0,errno/* errnoCode */.U)(e);
                throw new common_diagnostics/* InputError */.dz([
                    { severity: 'error', file: external_node_path_default().join(dir, d.name), path: '', line: 1, column: 1, message: `cannot list this directory (${code})` }
                ]);
            }
            accountDirs.set(d.name, new Map(entries.map((e) => [e.name, { relative: `${d.name}/${e.name}`, name: e.name, kind: kindOf(e) }])));
        }
        else {
            unexpected.push(d.isDirectory() ? `${d.name}/` : d.name);
        }
    });
    await Promise.all(listings);
    return assembleExisting({ accountDirs, unexpected }, roles, reader, options.concurrency ?? READ_CONCURRENCY);
}
async function resolveRoot(dir) {
    try {
        const root = await (0,promises_.realpath)(dir);
        await (0,promises_.readdir)(root);
        return root;
    }
    catch (e) {
        const code = (0,errno/* errnoCode */.U)(e);
        const why = code === 'ENOENT' ? 'does not exist' : code === 'ENOTDIR' ? 'is not a directory' : `cannot be read (${code})`;
        throw new common_diagnostics/* InputError */.dz([{ severity: 'error', file: dir, path: '', line: 1, column: 1, message: `the existing-policies directory ${why}` }]);
    }
}
/** Reads files below one root, refusing links that lead out of it, special files and oversized files. */
class SafeReader {
    given;
    root;
    maxBytes;
    constructor(given, root, maxBytes) {
        this.given = given;
        this.root = root;
        this.maxBytes = maxBytes;
    }
    displayPath(relative) {
        return external_node_path_default().join(this.given, ...relative.split('/'));
    }
    async isDirectoryInside(dirent) {
        if (dirent.isDirectory())
            return true;
        if (!dirent.isSymbolicLink())
            return false;
        const target = await this.insideTarget(dirent.name);
        return (target !== null &&
            (await (0,promises_.readdir)(target).then(() => true, () => false)));
    }
    async readText(entry) {
        let target = external_node_path_default().join(this.root, ...entry.relative.split('/'));
        if (entry.kind === 'symlink') {
            const inside = await this.insideTarget(entry.relative);
            if (inside === null)
                return { ok: false, message: 'the file is a symbolic link that leads outside the directory; refused' };
            target = inside;
        }
        else if (entry.kind !== 'file') {
            return { ok: false, message: 'the file is not a regular file; refused' };
        }
        // Synchronous calls: one read of a small local file costs less than the thread-pool round trip
        // of its asynchronous form, and an organisation has thousands of them (five round trips a file
        // made `diff` at 5,000 accounts spend more time here than reading and parsing everything
        // else; see BENCHMARKS.md).
        const reading = (0,common_readRegularFile/* readRegularFile */.X)(target, this.maxBytes, { noFollow: true });
        if (reading.ok)
            return reading;
        if (reading.reason === 'not-regular')
            return { ok: false, message: 'the file is not a regular file; refused' };
        if (reading.reason === 'too-large')
            return { ok: false, message: tooBig(reading.size, this.maxBytes) };
        if (reading.reason === 'missing')
            return { ok: false, message: 'the file cannot be read (ENOENT)' };
        return { ok: false, message: reading.message };
    }
    /** The real path of a link below the root when it stays inside the root; null otherwise. */
    async insideTarget(relative) {
        try {
            const real = await (0,promises_.realpath)(external_node_path_default().join(this.root, ...relative.split('/')));
            const fromRoot = external_node_path_default().relative(this.root, real);
            if (fromRoot === '' || fromRoot.startsWith('..') || external_node_path_default().isAbsolute(fromRoot))
                return null;
            return real;
        }
        catch {
            return null;
        }
    }
}
function tooBig(size, max) {
    return `the file is ${size} bytes, larger than the ${max}-byte limit for a policy file (IAM trust policies are at most 4,096 characters); refused`;
}

;// CONCATENATED MODULE: ./src/diff/readExisting.ts






function desiredRoleKeys(desired) {
    return [...(desired.hub === null ? [] : [desired.hub]), ...desired.targets].map((r) => ({ kind: r.kind, accountId: r.accountId, role: r.role }));
}
/**
 * The role `diff --aws` assumes in each account other than the caller's: the one given, else the
 * one accounts.yaml declares (`aws_read`): the base's when there is one (the role that exists
 * today; a change that renames it declares a role created only once it is applied, and must not
 * choose what the caller assumes), else the head's. Without any, reading is refused up front
 * (exit 2) when a target lives outside the hub account, since nothing could enter it.
 */
function readRoleName(given, declaration, keys, base) {
    if (given !== undefined)
        return given;
    const awsRead = base?.awsRead ?? declaration.awsRead;
    if (awsRead !== null)
        return `${awsRead.role.path}${awsRead.role.name}`;
    const hubAccount = declaration.hub?.accountId;
    const elsewhere = [...new Set(keys.filter((k) => k.accountId !== hubAccount).map((k) => k.accountId))].sort(compareStrings/* compareStrings */.K);
    if (elsewhere.length === 0)
        return null;
    throw new common_diagnostics/* InputError */.dz(`diff --aws: the roles in ${(0,plural/* plural */.L)(elsewhere.length, 'account')} other than the hub's (${elsewhere.slice(0, 5).join(', ')}${elsewhere.length > 5 ? ', ...' : ''}) are read through a read role: give --aws-read-role NAME (the action's aws-read-role input), or declare aws_read in accounts.yaml`);
}
/** `base`: the base version's declaration, when there is one (its `aws_read` names today's read role). */
async function readExisting(source, declaration, desired, base) {
    const keys = desiredRoleKeys(desired);
    switch (source.kind) {
        case 'none':
            return { roles: new Map(), unexpectedFiles: [], errors: [] };
        case 'directory':
            return readExistingFromDirectory(source.dir, keys);
        case 'git':
            return readExistingFromGit({ cwd: source.cwd, commit: source.commit, path: source.path }, keys);
        case 'aws':
            return readExistingFromAws({
                hub: desired.hub === null ? null : { accountId: desired.hub.accountId, role: desired.hub.role },
                ...(desired.oidcProviders.length > 0 ? { identityProviders: desired.oidcProviders.map(({ accountId, arn }) => ({ accountId, arn })) } : {}),
                targets: keys.filter((k) => k.kind === 'target'),
                readRoleName: readRoleName(source.readRoleName, declaration, keys, base),
                partition: declaration.partition,
                ...(source.region ? { region: source.region } : {}),
                ...(source.concurrency ? { concurrency: source.concurrency } : {})
            });
    }
}

// EXTERNAL MODULE: ./src/diff/stackProviders.ts + 1 modules
var stackProviders = __webpack_require__(1014);
;// CONCATENATED MODULE: ./src/diff/runDiff.ts





/** Base problems never block the report: a PR may be fixing a broken accounts.yaml. */
function baseDeclaration(base, warnings) {
    if (base === undefined || base === null)
        return base;
    if (base.declaration)
        return base.declaration;
    warnings.push({
        severity: 'warning',
        file: base.file,
        path: '',
        line: 1,
        column: 1,
        message: `the base version is invalid (${base.diagnostics.filter((d) => d.severity === 'error').length} errors), so what this change does to accounts.yaml is not listed`
    });
    return undefined;
}
async function runDiff(job) {
    const { head } = job;
    if (!head.declaration || !head.desired)
        throw new common_diagnostics/* InputError */.dz(head.diagnostics.filter((d) => d.severity === 'error'));
    const warnings = head.diagnostics.filter((d) => d.severity === 'warning');
    const base = baseDeclaration(job.base, warnings);
    const existing = await readExisting(job.source, head.declaration, head.desired, base);
    const report = buildDiffReport({
        declaration: head.declaration,
        desired: head.desired,
        existing,
        warnings,
        ...(base !== undefined ? { base } : {})
    });
    if (job.stackProviders !== undefined && job.stackProviders.length > 0) {
        report.stack_providers = (0,stackProviders/* checkProvidersCopies */._D)(head.declaration, job.stackProviders);
    }
    if (job.edits) {
        const edits = await existingEdits(job.edits.cwd, job.edits.path, job.edits.base, job.edits.head);
        if (edits)
            report.existing_edits = edits;
    }
    return report;
}

;// CONCATENATED MODULE: ./src/planPolicy/customInput.ts
/**
 * What the after_plan hook (policies/hook/after_plan.sh) writes to
 * stack_accounts.custom.spacelift.json, computed from a `terraform show -json` plan: the same
 * filter as the hook's jq program, field for field and in the same key order, so the PR-side
 * evaluation sees what Spacelift's policy sees (the parity test runs both on the same plans).
 *
 * Kept: each provider configuration's name, full_name, alias, module_address, the names of its
 * arguments, its for_each and allowed_account_ids expressions (constant values only where they are
 * strings or collections of strings) and only the role_arn expression of its assume_role /
 * assume_role_with_web_identity blocks; every resource block of every module, flat, with its
 * module_address, address, mode, type and provider_config_key (scalar values only); no variable
 * values (a role_arn given by a variable shows as its references only, whatever the expression).
 * A document that is not a plan (no configuration object, or neither planned_values nor
 * resource_changes: a state file, `{"format_version": "1.2"}`) gives null: the hook writes nothing.
 */


function isScalar(value) {
    return value === null || (typeof value !== 'object' && value !== undefined);
}
/** jq's `.key` on an object or null (missing and null both give null). */
function field(value, key) {
    return isObject(value) ? (value[key] ?? null) : null;
}
/** jq's `with_entries(select(.value != null))`. */
function withoutNulls(object) {
    return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== null));
}
function objectOrEmpty(value) {
    return isObject(value) ? value : {};
}
/** A string, or an object or array of strings; null otherwise (the hook's strings_only). */
function stringsOnly(value) {
    if (isObject(value))
        return Object.values(value).every((item) => typeof item === 'string') ? value : null;
    if (Array.isArray(value))
        return value.every((item) => typeof item === 'string') ? value : null;
    return null;
}
function roleExpression(value) {
    if (!isObject(value))
        return null;
    const constant = field(value, 'constant_value');
    const references = field(value, 'references');
    return withoutNulls({ constant_value: typeof constant === 'string' ? constant : null, references: Array.isArray(references) ? references : null });
}
function collectionExpression(value) {
    if (!isObject(value))
        return null;
    const references = field(value, 'references');
    const result = { references: Array.isArray(references) ? references : [] };
    const constant = stringsOnly(field(value, 'constant_value'));
    if (constant !== null)
        result.constant_value = constant;
    return result;
}
function roleBlocks(value) {
    if (!Array.isArray(value))
        return [];
    return value.map((block) => ({ role_arn: roleExpression(field(objectOrEmpty(block), 'role_arn')) }));
}
function providerConfiguration(input) {
    const config = objectOrEmpty(input);
    const rawExpressions = field(config, 'expressions');
    const expressions = objectOrEmpty(rawExpressions);
    const result = {
        name: field(config, 'name'),
        full_name: field(config, 'full_name'),
        alias: field(config, 'alias'),
        module_address: field(config, 'module_address')
    };
    const forEachExpression = field(config, 'for_each_expression');
    if (forEachExpression !== null)
        result.for_each_expression = collectionExpression(forEachExpression);
    if (isObject(rawExpressions))
        result.arguments = Object.keys(rawExpressions).sort(compareStrings/* compareStrings */.K);
    const filtered = {};
    const assumeRole = field(expressions, 'assume_role');
    if (assumeRole !== null)
        filtered.assume_role = roleBlocks(assumeRole);
    const webIdentity = field(expressions, 'assume_role_with_web_identity');
    if (webIdentity !== null)
        filtered.assume_role_with_web_identity = roleBlocks(webIdentity);
    const forEach = field(expressions, 'for_each');
    if (forEach !== null)
        filtered.for_each = collectionExpression(forEach);
    const allowedAccountIds = field(expressions, 'allowed_account_ids');
    if (allowedAccountIds !== null)
        filtered.allowed_account_ids = collectionExpression(allowedAccountIds);
    result.expressions = filtered;
    return withoutNulls(result);
}
const RESOURCE_FIELDS = ['address', 'mode', 'type', 'provider_config_key'];
/**
 * Every resource block of the module tree, flat, in the hook's order (module address, then
 * position in its module). Only the four fields, and only scalar values; a resource with none of
 * them is left out, as the hook's stream of leaves never sees it.
 */
function configurationResources(rootModule) {
    const found = [];
    // An explicit stack, not recursion: module trees of any depth.
    const pending = [['', rootModule]];
    while (pending.length > 0) {
        const [moduleAddress, module] = pending.pop();
        if (!isObject(module))
            continue;
        const resources = module.resources;
        if (Array.isArray(resources)) {
            resources.forEach((resource, index) => {
                if (!isObject(resource))
                    return;
                const values = RESOURCE_FIELDS.map((name) => resource[name]);
                if (!values.some((value) => value !== undefined && isScalar(value)))
                    return;
                const [address, mode, type, providerConfigKey] = values.map((value) => (value !== undefined && isScalar(value) ? value : null));
                found.push({
                    index,
                    module_address: moduleAddress,
                    address: address ?? null,
                    mode: mode ?? null,
                    type: type ?? null,
                    provider_config_key: providerConfigKey ?? null
                });
            });
        }
        const calls = module.module_calls;
        if (!isObject(calls))
            continue;
        for (const [name, call] of Object.entries(calls)) {
            const child = field(call, 'module');
            if (child === null)
                continue;
            pending.push([moduleAddress === '' ? `module.${name}` : `${moduleAddress}.module.${name}`, child]);
        }
    }
    found.sort((a, b) => (0,compareStrings/* compareStrings */.K)(a.module_address, b.module_address) || a.index - b.index);
    return found.map(({ index: _index, ...resource }) => resource);
}
/** Whether a document is the JSON of a saved plan, as the hook decides it. */
function isPlanDocument(plan) {
    if (!isObject(plan))
        return false;
    const configuration = plan.configuration;
    if (!isObject(configuration) || !(isObject(plan.planned_values) || Array.isArray(plan.resource_changes)))
        return false;
    // The hook rebuilds provider_config from its leaves: a non-empty array there makes it fail.
    const providers = configuration.provider_config;
    return !(Array.isArray(providers) && providers.length > 0);
}
/**
 * The custom input the after_plan hook exports for this plan (`terraform show -json` output),
 * or null where the hook refuses the document (not a plan).
 */
function stackAccountsCustomInput(plan) {
    if (!isPlanDocument(plan))
        return null;
    const configuration = field(plan, 'configuration');
    const providerObject = objectOrEmpty(field(configuration, 'provider_config'));
    const providers = Object.fromEntries(Object.entries(providerObject).map(([key, config]) => [key, providerConfiguration(config)]));
    const version = (name) => {
        const value = field(plan, name);
        return isScalar(value) ? value : null;
    };
    return {
        terraform_version: version('terraform_version'),
        format_version: version('format_version'),
        configuration: { provider_config: providers, resources: configurationResources(field(configuration, 'root_module')) }
    };
}

;// CONCATENATED MODULE: ./src/planPolicy/planInput.ts
/**
 * The plan-policy input Spacelift would give the policy for a plan.
 *
 * Either the file already is a Spacelift plan-policy input (a policy-workbench sample: it has
 * `spacelift` and `terraform`), used as it is; or it is `terraform show -json` output, wrapped in
 * the documented shape of Spacelift's input (spacelift-io/user-documentation,
 * docs/snippets/plan_input.json): `spacelift.stack` (id, labels with the opt-in label),
 * `spacelift.run.type = PROPOSED`, `terraform` (format and Terraform versions, resource_changes)
 * and `third_party_metadata.custom.stack_accounts`, which the after_plan hook would export.
 *
 * One difference from Spacelift: Spacelift sanitizes string values in the plan input by default
 * (hashes them, unless smart sanitization or the feature:disable_resource_sanitization label is
 * on). A pull request has the plan in clear, so it is evaluated unsanitized: a trust policy the
 * policy warns about as unreadable on Spacelift is checked here.
 */


const OPT_IN_LABEL = 'stack-accounts';
const CUSTOM_INPUT_KEY = 'stack_accounts';
/** Whether the document is already a Spacelift plan-policy input. */
function isSpaceliftPlanInput(plan) {
    return isObject(plan) && 'spacelift' in plan && 'terraform' in plan;
}
/**
 * Whether the document is `terraform show -json` output of a saved plan: a configuration object
 * and planned_values or resource_changes (a state file has neither; the hook refuses it too).
 */
function isTerraformPlan(plan) {
    return isPlanDocument(plan);
}
function planInput_spaceliftPlanInput(plan, stackId) {
    if (isSpaceliftPlanInput(plan))
        return plan;
    const terraformPlan = isObject(plan) ? plan : {};
    const terraform = {
        format_version: terraformPlan.format_version ?? null,
        terraform_version: terraformPlan.terraform_version ?? null,
        resource_changes: Array.isArray(terraformPlan.resource_changes) ? terraformPlan.resource_changes : []
    };
    const customInput = stackAccountsCustomInput(plan);
    return {
        spacelift: {
            stack: { id: stackId, labels: [OPT_IN_LABEL] },
            run: { type: 'PROPOSED' }
        },
        terraform,
        // Where the hook would refuse the document, Spacelift gets no custom input: so does the policy here.
        third_party_metadata: customInput === null ? {} : { custom: { [CUSTOM_INPUT_KEY]: customInput } }
    };
}

;// CONCATENATED MODULE: ./src/planPolicy/policyData.ts
/**
 * The declaration as the Spacelift plan policy reads it (`declaration` in
 * policies/plan/stack_accounts.rego): supplied as `data.stack_accounts.declaration` to the
 * PR-side evaluation, inlined as a literal by `renderSpaceliftBundle` for Spacelift.
 * Plain JSON with sorted keys and lists, so the rendered policy is deterministic.
 */



function sortedRecord(entries) {
    return Object.fromEntries([...entries].sort(([a], [b]) => (0,compareStrings/* compareStrings */.K)(a, b)));
}
function policyDeclarationData(decl) {
    const accounts = new Map(decl.accounts.map((account) => [account.alias, { id: account.id, role_arn: (0,config_arn/* roleArn */.w)(decl.partition, account.id, account.role) }]));
    const stacks = decl.stacks.map((stack) => {
        const aliases = [...new Set(stack.accounts)].sort();
        const roleArns = [...new Set(aliases.flatMap((alias) => accounts.get(alias)?.role_arn ?? []))].sort();
        const accountIds = [...new Set(aliases.flatMap((alias) => accounts.get(alias)?.id ?? []))].sort();
        return [stack.id, { accounts: aliases, role_arns: roleArns, account_ids: accountIds, access: stack.access }];
    });
    const accountIds = new Set([...(decl.hub ? [decl.hub.accountId] : []), decl.spacelift.principalAccountId, ...decl.accounts.map((account) => account.id)]);
    return {
        partition: decl.partition,
        unverifiable: decl.policy.unverifiable,
        spacelift_account_ids: [...new Set([...Object.values(config_accounts/* SPACELIFT_PRINCIPAL_ACCOUNT */.Nc), decl.spacelift.principalAccountId])].sort(),
        spacelift_principal_account_id: decl.spacelift.principalAccountId,
        hub: decl.hub === null ? null : { account_id: decl.hub.accountId, role_arn: (0,config_arn/* roleArn */.w)(decl.partition, decl.hub.accountId, decl.hub.role) },
        accounts: sortedRecord([...accounts.entries()]),
        stacks: sortedRecord(stacks),
        declared_account_ids: [...accountIds].sort()
    };
}

// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
;// CONCATENATED MODULE: ./src/planPolicy/wasmLocate.ts
/**
 * Where the plan policy compiled to WebAssembly (`scripts/build-wasm.sh`) is on disk.
 *
 * The action (dist/index.js) and the CLI (dist/cli/index.js) are ncc bundles that sit next to
 * dist/policy/plan.wasm; run from the sources (tests, ts-node) the module is under src/planPolicy/
 * and the file is the repository's dist/policy/plan.wasm. STACK_ACCOUNTS_WASM overrides all.
 */




const WASM_ENV = 'STACK_ACCOUNTS_WASM';
/** Relative to the directory of the running code: the CLI bundle, the action bundle, the sources. */
const RELATIVE_LOCATIONS = ['../policy/plan.wasm', 'policy/plan.wasm', '../../dist/policy/plan.wasm'];
/** The places to look, in order: the directories of this module and of the entry script. */
function policyWasmCandidates(codeDirs) {
    const seen = new Set();
    for (const dir of codeDirs) {
        for (const relative of RELATIVE_LOCATIONS)
            seen.add(external_node_path_default().resolve(dir, relative));
    }
    return [...seen];
}
/** The directories the running code lives in (this module's, after bundling the bundle's; the entry script's). */
function runningCodeDirs(moduleUrl = import.meta.url, entryScript = process.argv[1]) {
    const dirs = [];
    if (moduleUrl.startsWith('file:'))
        dirs.push(external_node_path_default().dirname((0,external_node_url_.fileURLToPath)(moduleUrl)));
    if (entryScript)
        dirs.push(external_node_path_default().dirname(external_node_path_default().resolve(entryScript)));
    return dirs;
}
/** The path of plan.wasm; an InputError naming every place tried when it is nowhere. */
function locatePolicyWasm(env = process.env, codeDirs = runningCodeDirs()) {
    const override = env[WASM_ENV];
    if (override !== undefined && override !== '') {
        if (!(0,external_node_fs_.existsSync)(override))
            throw new common_diagnostics/* InputError */.dz(`${WASM_ENV}=${override}: no such file (the plan policy compiled by scripts/build-wasm.sh)`);
        return override;
    }
    const candidates = policyWasmCandidates(codeDirs);
    const found = candidates.find((candidate) => (0,external_node_fs_.existsSync)(candidate));
    if (found === undefined) {
        throw new common_diagnostics/* InputError */.dz(`cannot find the compiled plan policy (plan.wasm); looked in ${candidates.join(', ')}. ` + `Run 'bash scripts/build-wasm.sh' or set ${WASM_ENV}.`);
    }
    return found;
}

// EXTERNAL MODULE: ./node_modules/@open-policy-agent/opa-wasm/src/index.mjs
var src = __webpack_require__(7774);
;// CONCATENATED MODULE: ./src/planPolicy/wasmPolicy.ts
/**
 * The Spacelift plan policy compiled to WebAssembly (scripts/build-wasm.sh), run with OPA's
 * JavaScript SDK: the same Rego source Spacelift runs, with the declaration supplied as data
 * instead of inlined.
 */


/**
 * opa-wasm's ESM entry names only loadPolicy (async); loadPolicySync is on its default export
 * (the CommonJS module), which its type declarations do not describe.
 */
const opa = src/* default */.A;
/** The entrypoints scripts/build-wasm.sh compiles. */
const PLAN_POLICY_ENTRYPOINTS = (/* unused pure expression or super */ null && (['spacelift/deny', 'spacelift/warn', 'spacelift/sample']));
/** What the policy reads as `data`: the declaration under data.stack_accounts.declaration. */
function policyDataDocument(declarationData) {
    return { stack_accounts: { declaration: declarationData } };
}
/**
 * Memory for an evaluation: the module's allocator grows its memory a little at a time, and each
 * growth copies it, which makes evaluation quadratic in the input size. So the instance is
 * created with the memory an input of its size needs (measured: about 30 bytes per input byte on
 * synthetic plans; 48 leaves room), and re-created when a larger input comes.
 */
const PAGE_BYTES = 64 * 1024;
const MEMORY_BYTES_PER_INPUT_BYTE = 48;
const MIN_PAGES = 16;
/** 2 GiB: reserved, not committed, until the allocator touches it. */
const MAX_INITIAL_PAGES = 32768;
function initialMemoryPages(inputBytes) {
    return Math.min(MAX_INITIAL_PAGES, Math.max(MIN_PAGES, Math.ceil((inputBytes * MEMORY_BYTES_PER_INPUT_BYTE) / PAGE_BYTES)));
}
class PlanPolicyWasm {
    module;
    policy;
    pages;
    data = {};
    constructor(module) {
        this.module = module;
        this.pages = MIN_PAGES;
        this.policy = opa.loadPolicySync(module, { initial: this.pages });
    }
    /** Compiles and instantiates the module (bytes as read from plan.wasm). */
    static async fromBytes(bytes) {
        // A copy that owns exactly its bytes (a Buffer may be a view into a larger pool).
        const own = new Uint8Array(bytes.byteLength);
        own.set(bytes);
        return new PlanPolicyWasm(await WebAssembly.compile(own));
    }
    static async fromFile(file) {
        return PlanPolicyWasm.fromBytes((0,external_node_fs_.readFileSync)(file));
    }
    /** The entrypoints the module exports, by name. */
    entrypoints() {
        return Object.keys(this.policy.entrypoints).sort();
    }
    /**
     * The built-ins the module does not implement itself and calls on its host for (the module's
     * `builtins` export); opa-wasm's JavaScript host must provide each of them.
     */
    requiredHostBuiltins() {
        const instance = this.policy.wasmInstance;
        const exports = instance.exports;
        const address = exports.opa_json_dump(exports.builtins());
        const bytes = new Uint8Array(this.policy.mem.buffer);
        let end = address;
        while (bytes[end] !== 0)
            end++;
        const builtins = JSON.parse(new TextDecoder().decode(bytes.subarray(address, end)));
        return Object.keys(builtins).sort();
    }
    /** Supplies `data` (kept for every later evaluation). */
    setData(data) {
        this.data = data;
        this.policy.setData(data);
    }
    /**
     * Evaluates deny and warn on one input. Where the module aborts (a built-in of the WebAssembly
     * runtime failing on a value OPA itself takes), the verdict is a denial saying so: the plan is
     * not judged as allowed, and no stack trace reaches the user.
     */
    evaluate(input) {
        const encoded = new TextEncoder().encode(JSON.stringify(input));
        this.reserveMemory(encoded.byteLength);
        // An ArrayBuffer is taken as JSON text as it is: serialized once for both rules.
        const buffer = encoded.byteLength === encoded.buffer.byteLength ? encoded.buffer : encoded.slice().buffer;
        try {
            return { deny: this.setRule(buffer, 'spacelift/deny'), warn: this.setRule(buffer, 'spacelift/warn') };
        }
        catch (error) {
            // The instance's memory may be left inconsistent: start a fresh one for the next input.
            this.policy = opa.loadPolicySync(this.module, { initial: this.pages });
            this.policy.setData(this.data);
            const reason = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 200);
            return {
                deny: [
                    `stack-accounts: the plan policy, compiled to WebAssembly, stopped on this plan (${reason}), so it is not judged here. ` +
                        'Spacelift evaluates the policy with OPA itself; please report the plan to stack-accounts.'
                ],
                warn: []
            };
        }
    }
    reserveMemory(inputBytes) {
        const pages = initialMemoryPages(inputBytes);
        if (pages <= this.pages)
            return;
        this.pages = pages;
        this.policy = opa.loadPolicySync(this.module, { initial: pages });
        this.policy.setData(this.data);
    }
    /** The value of a set-of-strings rule: [] when undefined. */
    setRule(input, entrypoint) {
        const results = this.policy.evaluate(input, entrypoint);
        const value = results[0]?.result;
        if (value === undefined)
            return [];
        if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
            throw new Error(`plan policy: ${entrypoint} is not a set of strings: ${JSON.stringify(value).slice(0, 200)}`);
        }
        return [...new Set(value)].sort();
    }
}

;// CONCATENATED MODULE: ./src/planPolicy/evaluatePlan.ts
/**
 * The Spacelift plan policy's verdict on a plan, before merge: the compiled policy
 * (dist/policy/plan.wasm) evaluated on the plan-policy input Spacelift would build for the plan,
 * with the declaration supplied as data.
 */








/** A plan file larger than this is refused (a plan JSON of this size is not a plan a PR makes). */
const MAX_PLAN_BYTES = 200 * 1024 * 1024;
/** The compiled policy with the declaration loaded as data, ready to evaluate many plans. */
async function loadPlanPolicy(decl, wasmFile = locatePolicyWasm()) {
    const policy = await PlanPolicyWasm.fromFile(wasmFile);
    policy.setData(policyDataDocument(policyDeclarationData(decl)));
    return policy;
}
/** The policy's deny and warn messages (sorted) for a plan of the stack. */
async function evaluatePlanPolicy(decl, plan, stackId, wasmFile) {
    const policy = await loadPlanPolicy(decl, wasmFile);
    return policy.evaluate(spaceliftPlanInput(plan, stackId));
}
/**
 * Reads a plan file: `terraform show -json` output or a full Spacelift plan-policy input.
 * Malformed JSON, a document of another kind, or a file over `maxBytes` is an InputError.
 */
/** Whether a file begins with a zip local file header: only to word an error, after the file was read as a regular file. */
function startsWithZipHeader(file) {
    try {
        const fd = (0,external_node_fs_.openSync)(file, 'r');
        try {
            const head = Buffer.alloc(4);
            return (0,external_node_fs_.readSync)(fd, head, 0, 4, 0) === 4 && head.equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
        }
        finally {
            (0,external_node_fs_.closeSync)(fd);
        }
    }
    catch {
        return false;
    }
}
function readPlanFile(file, maxBytes = MAX_PLAN_BYTES) {
    const reading = (0,common_readRegularFile/* readRegularFile */.X)(file, maxBytes, { what: 'for a plan' });
    if (!reading.ok) {
        if (reading.reason === 'missing' || reading.reason === 'unreadable')
            throw new common_diagnostics/* InputError */.dz(`${file}: cannot read the plan: ${reading.message}`);
        if (reading.reason === 'too-large')
            throw planError(file, 1, 1, `the plan is ${reading.size} bytes, over the limit of ${maxBytes} bytes`);
        // `terraform plan -out FILE` writes a zip archive (it starts with a local file header, "PK\x03\x04").
        if (reading.reason === 'not-utf8' && startsWithZipHeader(file)) {
            throw planError(file, 1, 1, 'this is a binary plan file (what `terraform plan -out` writes), not JSON: give its JSON instead, `terraform show -json FILE > plan.json` (or `tofu show -json`)');
        }
        throw planError(file, 1, 1, reading.message);
    }
    const parsed = parseJson(reading.text);
    if (!parsed.ok)
        throw planError(file, parsed.error.line, parsed.error.column, `not valid JSON: ${parsed.error.message}`);
    if (!isSpaceliftPlanInput(parsed.value) && !isTerraformPlan(parsed.value)) {
        throw planError(file, 1, 1, 'not a plan: neither the `terraform show -json` output of a saved plan (configuration, and planned_values or resource_changes: a state file or a bare format_version is not one) nor a Spacelift plan-policy input (spacelift, terraform)');
    }
    return parsed.value;
}
/**
 * The stack a plan is evaluated for: `requested` for a Terraform plan (required); for a full
 * Spacelift input, its own spacelift.stack.id, which `requested` must equal when given.
 */
function planStackId(file, plan, requested) {
    if (!isSpaceliftPlanInput(plan)) {
        if (requested === undefined || requested === '')
            throw new common_diagnostics/* InputError */.dz(`${file}: a terraform plan needs --stack (the Spacelift stack ID it is planned for)`);
        return requested;
    }
    const own = plan.spacelift?.stack?.id;
    if (typeof own !== 'string') {
        if (requested === undefined || requested === '')
            throw planError(file, 1, 1, 'the Spacelift input has no spacelift.stack.id; pass --stack');
        return requested;
    }
    if (requested !== undefined && requested !== '' && requested !== own) {
        throw planError(file, 1, 1, `the Spacelift input is for stack "${own}", not "${requested}"`);
    }
    return own;
}
/** Verdicts on several plan files, in the order given, with one instance of the policy. */
async function checkPlanFiles(decl, plans, wasmFile) {
    const policy = await loadPlanPolicy(decl, wasmFile);
    return plans.map(({ stack, plan: file }) => {
        const plan = readPlanFile(file);
        const stackId = planStackId(file, plan, stack);
        return { stack: stackId, plan: file, ...policy.evaluate(planInput_spaceliftPlanInput(plan, stackId)) };
    });
}
function planError(file, line, column, message) {
    return new common_diagnostics/* InputError */.dz([{ severity: 'error', file, path: '', line, column, message }]);
}

;// CONCATENATED MODULE: ./src/action/analyse.ts
/**
 * The action's analysis: accounts.yaml (head and base, as read from git) -> diff against today's
 * policies -> the Spacelift plan policy's verdicts on the given plans.
 */





function existingSource(input) {
    if (input.existingGit)
        return { kind: 'git', cwd: input.existingGit.cwd, commit: input.existingGit.baseline, path: input.existingGit.path };
    if (input.existingDir)
        return { kind: 'directory', dir: input.existingDir };
    if (input.aws)
        return { kind: 'aws', ...(input.aws.readRole !== undefined ? { readRoleName: input.aws.readRole } : {}) };
    return { kind: 'none' };
}
/**
 * One warning a widening role, on the accounts.yaml entry that implies it (the account, or the hub),
 * so the PR shows it on the line. They are annotations only: the report already lists the roles.
 */
function wideningAnnotations(report, head) {
    return report.roles
        .filter((role) => role.widens)
        .map((role) => {
        const path = role.alias === null ? ['hub'] : ['accounts', role.alias];
        const { line, column } = head.locate(path);
        const first = [...role.changes, ...(role.permissions?.changes ?? [])].find((c) => c.widens);
        const what = role.status === 'create' ? 'is new' : 'changes';
        return {
            severity: 'warning',
            file: head.file,
            path: path.join('.'),
            line,
            column,
            message: `role ${role.arn} ${what} and widens trust${first ? `: ${first.detail}` : ''}`
        };
    });
}
const analyse_analyse = async (input) => {
    const options = { trustPolicyQuota: input.quota };
    const head = analyseConfigText(input.headText ?? '', input.configPath, options);
    if (!head.declaration)
        return { report: null, diagnostics: head.diagnostics, verdicts: [] };
    const base = input.hasBase
        ? input.baseText === null
            ? null
            : analyseConfigText(input.baseText, input.configPath, { ...options, checkLimits: false })
        : undefined;
    // A stack in `stack-dirs` that accounts.yaml does not declare is the workflow's input error: the step fails with it.
    if (input.stackProviders !== undefined)
        (0,stackProviders/* checkDeclaredStacks */.SO)(head.declaration, input.stackProviders, 'Input "stack-dirs"');
    try {
        const git = input.existingGit;
        const edits = git?.head !== undefined ? { edits: { cwd: git.cwd, path: git.path, base: git.baseline, head: git.head } } : {};
        const stackProviders = input.stackProviders !== undefined ? { stackProviders: input.stackProviders } : {};
        const report = await runDiff({ head, ...(base !== undefined ? { base } : {}), source: existingSource(input), ...edits, ...stackProviders });
        const diagnostics = [...head.diagnostics, ...wideningAnnotations(report, head)];
        // A bad plan file is its own error: the IAM report still stands.
        try {
            const verdicts = input.plans.length
                ? await checkPlanFiles(head.declaration, input.plans.map((p) => ({ stack: p.stack, plan: p.path })))
                : [];
            return { report, diagnostics, verdicts };
        }
        catch (error) {
            if (!(error instanceof common_diagnostics/* InputError */.dz))
                throw error;
            return { report, diagnostics: [...diagnostics, ...error.diagnostics], verdicts: [] };
        }
    }
    catch (error) {
        if (!(error instanceof common_diagnostics/* InputError */.dz))
            throw error;
        return { report: null, diagnostics: [...head.diagnostics, ...error.diagnostics], verdicts: [] };
    }
};


/***/ })

};
