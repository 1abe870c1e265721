#!/usr/bin/env node
// Checks template.yaml so that it cannot drift from the code:
//   1. it validates against the AWS SAM JSON schema (draft-04), read from ../shared/contracts/aws/sam.schema.json
//      relative to the repository root unless a path is given; when the schema file is absent that check is
//      SKIPped (the other checks still run);
//   2. every route of dev.pagos.function.Routes.HTTP is an HttpApi event (method + path) of the function whose
//      QUARKUS_LAMBDA_HANDLER is the route's handler, and the template declares no HTTP route the code lacks;
//   3. every handler name constant of Routes.java is used by exactly one function, and every function names a
//      known handler;
//   4. the WebSocket $connect/$disconnect routes reach the ws-connect/ws-disconnect functions, and every
//      function has QUARKUS_HTTP_HOST_ENABLED=false and no environment variable resolving a secret;
//   5. openapi.yaml (the API contract) is a valid OpenAPI 3.1 document (the published schema, through
//      @seriousme/openapi-schema-validator) and declares exactly the HTTP routes (method + path) of Routes.java
//      and of the template's HttpApi events: no operation the API lacks, no route the contract lacks.
// Prints one line per check and ends with "template: N passed, M failed"; exits 1 when anything failed.
//
// Usage: node validate-template.mjs [schema.json] [--template path/to/template.yaml] [--routes path/to/Routes.java]
//                                   [--openapi path/to/openapi.yaml]

import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import Ajv from 'ajv-draft-04';
import { Validator as OpenApiValidator } from '@seriousme/openapi-schema-validator';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..');

// ---------------------------------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------------------------------
function parseArgs(argv) {
  const args = {
    schema: resolve(repoRoot, '../shared/contracts/aws/sam.schema.json'),
    template: resolve(repoRoot, 'template.yaml'),
    routes: resolve(repoRoot, 'src/main/java/dev/pagos/function/Routes.java'),
    openapi: resolve(repoRoot, 'openapi.yaml'),
  };
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--template' || a === '--routes' || a === '--schema' || a === '--openapi') {
      if (i + 1 >= argv.length) {
        console.error(`missing value after ${a}`);
        process.exit(2);
      }
      args[a.slice(2)] = resolve(argv[++i]);
    } else if (a === '-h' || a === '--help') {
      console.log('usage: node validate-template.mjs [schema.json] [--template template.yaml] [--routes Routes.java] [--openapi openapi.yaml]');
      process.exit(0);
    } else if (a.startsWith('--')) {
      console.error(`unknown option ${a}`);
      process.exit(2);
    } else {
      positional.push(a);
    }
  }
  if (positional.length > 1) {
    console.error(`unexpected arguments: ${positional.slice(1).join(' ')}`);
    process.exit(2);
  }
  if (positional.length === 1) args.schema = resolve(positional[0]);
  return args;
}

// ---------------------------------------------------------------------------------------------------
// YAML with the CloudFormation short-form tags, turned into their JSON long form
// ---------------------------------------------------------------------------------------------------
const KINDS = ['scalar', 'sequence', 'mapping'];

function fnType(tag, name, kinds = KINDS, construct = (data) => data) {
  return kinds.map(
    (kind) => new yaml.Type(`!${tag}`, { kind, construct: (data) => ({ [name]: construct(data, kind) }) }),
  );
}

function getAtt(data, kind) {
  if (kind === 'scalar') {
    const s = String(data);
    const dot = s.indexOf('.');
    return dot < 0 ? [s] : [s.slice(0, dot), s.slice(dot + 1)];
  }
  return data;
}

const CFN_SCHEMA = yaml.DEFAULT_SCHEMA.extend([
  ...fnType('Ref', 'Ref', ['scalar']),
  ...fnType('Condition', 'Condition', ['scalar']),
  ...fnType('Sub', 'Fn::Sub', ['scalar', 'sequence']),
  ...fnType('GetAtt', 'Fn::GetAtt', ['scalar', 'sequence'], getAtt),
  ...fnType('Join', 'Fn::Join', ['sequence']),
  ...fnType('If', 'Fn::If', ['sequence']),
  ...fnType('Equals', 'Fn::Equals', ['sequence']),
  ...fnType('Not', 'Fn::Not', ['sequence']),
  ...fnType('And', 'Fn::And', ['sequence']),
  ...fnType('Or', 'Fn::Or', ['sequence']),
  ...fnType('Select', 'Fn::Select', ['sequence']),
  ...fnType('Split', 'Fn::Split', ['sequence']),
  ...fnType('FindInMap', 'Fn::FindInMap', ['sequence']),
  ...fnType('Cidr', 'Fn::Cidr', ['sequence']),
  ...fnType('ImportValue', 'Fn::ImportValue'),
  ...fnType('Base64', 'Fn::Base64'),
  ...fnType('GetAZs', 'Fn::GetAZs', ['scalar', 'mapping'], (data) => (data === null ? '' : data)),
]);

// ---------------------------------------------------------------------------------------------------
// Routes.java
// ---------------------------------------------------------------------------------------------------
function parseRoutes(source) {
  const constants = new Map();
  for (const m of source.matchAll(/public\s+static\s+final\s+String\s+([A-Z][A-Z0-9_]*)\s*=\s*"([^"]*)"\s*;/g)) {
    constants.set(m[1], m[2]);
  }
  const routes = [];
  for (const m of source.matchAll(/new\s+Route\s*\(\s*"([A-Z]+)"\s*,\s*"([^"]+)"\s*,\s*([A-Za-z_][A-Za-z0-9_]*|"[^"]*")\s*\)/g)) {
    const ref = m[3];
    const handler = ref.startsWith('"') ? ref.slice(1, -1) : constants.get(ref);
    routes.push({ method: m[1], path: m[2], handlerRef: ref, handler });
  }
  return { constants, routes };
}

// ---------------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------------
const results = [];
function check(ok, name, details = []) {
  results.push({ ok, name });
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}`);
  if (!ok) for (const d of details) console.log(`       ${d}`);
}

function isPlainString(v) {
  return typeof v === 'string';
}

/** Logical ids of resources that an intrinsic value mentions (Ref, GetAtt, ${X} / ${X.Attr} inside Sub). */
function referencedIds(value, out = new Set()) {
  if (Array.isArray(value)) {
    value.forEach((v) => referencedIds(v, out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'Ref' && isPlainString(v)) out.add(v);
      else if (k === 'Fn::GetAtt') out.add(Array.isArray(v) ? v[0] : String(v).split('.')[0]);
      else if (k === 'Fn::Sub') {
        const text = Array.isArray(v) ? v[0] : v;
        if (isPlainString(text)) for (const m of text.matchAll(/\$\{([^}!]+)\}/g)) out.add(m[1].split('.')[0]);
        if (Array.isArray(v)) referencedIds(v[1], out);
      } else referencedIds(v, out);
    }
  }
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));

  // --- load the template ---------------------------------------------------------------------------
  let template;
  try {
    template = yaml.load(readFileSync(args.template, 'utf8'), { schema: CFN_SCHEMA, filename: args.template });
    check(template && typeof template === 'object', `template parses (${args.template})`);
  } catch (e) {
    check(false, `template parses (${args.template})`, [String(e.message ?? e)]);
    return finish();
  }
  if (!template || typeof template !== 'object') return finish();

  check(template.Transform === 'AWS::Serverless-2016-10-31', 'Transform is AWS::Serverless-2016-10-31', [
    `found ${JSON.stringify(template.Transform)}`,
  ]);

  // --- SAM schema ------------------------------------------------------------------------------------
  if (!existsSync(args.schema)) {
    console.log(`SKIP SAM schema validation: schema file not found at ${args.schema}`);
  } else {
    const schema = JSON.parse(readFileSync(args.schema, 'utf8'));
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    const valid = validate(template);
    check(valid, `template validates against the SAM schema (${args.schema})`,
      valid ? [] : explainSchemaErrors(ajv, schema, template, validate.errors));
  }

  // --- Routes.java -----------------------------------------------------------------------------------
  let parsed;
  try {
    parsed = parseRoutes(readFileSync(args.routes, 'utf8'));
  } catch (e) {
    check(false, `Routes.java readable (${args.routes})`, [String(e.message ?? e)]);
    return finish();
  }
  const { constants, routes } = parsed;
  check(constants.size > 0 && routes.length > 0, `Routes.java declares handlers and routes`, [
    `found ${constants.size} handler constants and ${routes.length} routes in ${args.routes}`,
  ]);
  for (const r of routes) {
    if (r.handler === undefined) check(false, `route ${r.method} ${r.path} names a known handler`, [`unknown constant ${r.handlerRef}`]);
  }

  // --- functions in the template ---------------------------------------------------------------------
  const resources = template.Resources && typeof template.Resources === 'object' ? template.Resources : {};
  const globalEnv = template.Globals?.Function?.Environment?.Variables ?? {};
  const functions = Object.entries(resources)
    .filter(([, r]) => r && r.Type === 'AWS::Serverless::Function')
    .map(([id, r]) => {
      const props = r.Properties ?? {};
      const env = { ...globalEnv, ...(props.Environment?.Variables ?? {}) };
      const events = Object.entries(props.Events ?? {}).map(([name, ev]) => ({ name, ...ev }));
      return { id, handler: env.QUARKUS_LAMBDA_HANDLER, env, ownEnv: props.Environment?.Variables ?? {}, events };
    });

  const known = new Set(constants.values());
  for (const f of functions) {
    check(isPlainString(f.handler) && known.has(f.handler), `${f.id}: QUARKUS_LAMBDA_HANDLER names a handler of Routes.java`, [
      `found ${JSON.stringify(f.handler)}; known: ${[...known].join(', ')}`,
    ]);
    check(f.env.QUARKUS_HTTP_HOST_ENABLED === 'false' || f.env.QUARKUS_HTTP_HOST_ENABLED === false,
      `${f.id}: QUARKUS_HTTP_HOST_ENABLED is false`, [`found ${JSON.stringify(f.env.QUARKUS_HTTP_HOST_ENABLED)}`]);
    // Secrets are read at run time (PAGOS_SECRETS), never resolved into plaintext environment variables.
    const resolved = Object.keys(f.env).filter((k) => JSON.stringify(f.env[k]).includes('{{resolve:secretsmanager'));
    check(resolved.length === 0, `${f.id}: no environment variable resolves a secret`, [`found in ${resolved.join(', ')}`]);
  }

  // An optional secret (a parameter defaulting to "") must not be resolved unconditionally: CloudFormation fails the
  // whole deploy on {{resolve:secretsmanager::...}}. Such values sit under Fn::If on a condition that it is set.
  const optionalSecrets = Object.entries(template.Parameters ?? {})
    .filter(([name, p]) => name.endsWith('SecretArn') && p && p.Default === '')
    .map(([name]) => name);
  for (const f of [{ id: 'Globals', ownEnv: globalEnv }, ...functions]) {
    for (const [variable, value] of Object.entries(f.ownEnv)) {
      const sub = value && typeof value === 'object' ? value['Fn::Sub'] : undefined;
      const text = Array.isArray(sub) ? sub[0] : sub;
      for (const secret of optionalSecrets) {
        if (typeof text === 'string' && text.includes('${' + secret + '}')) {
          check(false, `${f.id}: ${variable} resolves the optional ${secret} only when it is set`, [
            'wrap it in !If [<condition that it is not "">, !Sub ..., !Ref AWS::NoValue]',
          ]);
        }
      }
    }
  }
  check(true, `optional secrets resolved only when set: ${optionalSecrets.join(', ') || 'none declared'}`);

  for (const [name, handler] of constants) {
    const users = functions.filter((f) => f.handler === handler).map((f) => f.id);
    check(users.length === 1, `handler ${handler} (${name}) is used by exactly one function`, [
      `used by ${users.length}: ${users.join(', ') || 'none'}`,
    ]);
  }

  // --- HTTP routes -----------------------------------------------------------------------------------
  const httpEvents = functions.flatMap((f) =>
    f.events
      .filter((e) => e.Type === 'HttpApi')
      .map((e) => ({
        fn: f.id,
        handler: f.handler,
        event: e.name,
        method: String(e.Properties?.Method ?? '').toUpperCase(),
        path: e.Properties?.Path,
      })),
  );
  for (const r of routes) {
    const matches = httpEvents.filter((e) => e.method === r.method && e.path === r.path);
    const bound = matches.filter((e) => e.handler === r.handler);
    check(matches.length === 1 && bound.length === 1, `route ${r.method} ${r.path} -> ${r.handler}`, [
      matches.length === 0
        ? 'no HttpApi event with this method and path in template.yaml'
        : `declared by ${matches.map((e) => `${e.fn}.${e.event} (handler ${e.handler})`).join(', ')}`,
    ]);
  }
  const declared = new Set(routes.map((r) => `${r.method} ${r.path}`));
  const extra = httpEvents.filter((e) => !declared.has(`${e.method} ${e.path}`));
  check(extra.length === 0, 'template declares no HTTP route missing from Routes.HTTP', extra.map(
    (e) => `${e.fn}.${e.event}: ${e.method} ${e.path}`,
  ));

  // --- openapi.yaml: the same routes -----------------------------------------------------------------
  await checkOpenApi(args.openapi, routes, httpEvents);

  // --- WebSocket routes ------------------------------------------------------------------------------
  const wsApis = Object.entries(resources).filter(
    ([, r]) => r?.Type === 'AWS::ApiGatewayV2::Api' && r.Properties?.ProtocolType === 'WEBSOCKET',
  );
  check(wsApis.length === 1, 'exactly one WebSocket API (AWS::ApiGatewayV2::Api, WEBSOCKET)', [`found ${wsApis.length}`]);
  const byHandler = (h) => functions.find((f) => f.handler === h)?.id;
  for (const [routeKey, constName] of [['$connect', 'WS_CONNECT'], ['$disconnect', 'WS_DISCONNECT']]) {
    const handler = constants.get(constName);
    const fnId = byHandler(handler);
    const route = Object.values(resources).find(
      (r) => r?.Type === 'AWS::ApiGatewayV2::Route' && r.Properties?.RouteKey === routeKey,
    );
    const integrationIds = route ? [...referencedIds(route.Properties?.Target)] : [];
    const integration = integrationIds.map((id) => resources[id]).find((r) => r?.Type === 'AWS::ApiGatewayV2::Integration');
    const targets = integration ? [...referencedIds(integration.Properties?.IntegrationUri)] : [];
    const reaches = fnId !== undefined && targets.some((t) => t === fnId || t.startsWith(`${fnId}Alias`));
    check(Boolean(route && integration && reaches && integration.Properties?.IntegrationType === 'AWS_PROXY'),
      `WebSocket route ${routeKey} -> AWS_PROXY integration -> ${handler}`, [
        !route ? `no AWS::ApiGatewayV2::Route with RouteKey ${routeKey}` : !integration ? 'route Target names no integration'
          : `integration targets ${targets.join(', ') || 'nothing'}, expected ${fnId ?? `a function with handler ${handler}`}`,
      ]);
    const permitted = Object.values(resources).some(
      (r) => r?.Type === 'AWS::Lambda::Permission' && r.Properties?.Principal === 'apigateway.amazonaws.com'
        && [...referencedIds(r.Properties?.FunctionName)].some((t) => t === fnId || t.startsWith(`${fnId}Alias`)),
    );
    check(permitted, `API Gateway may invoke ${handler} (AWS::Lambda::Permission)`, [`no permission for ${fnId}`]);
  }

  // --- queue workers ---------------------------------------------------------------------------------
  checkQueueWorkers(template, resources, functions);

  return finish();
}

/**
 * Every function fed by an SQS queue is bounded and loses nothing: reserved concurrency and the event source's
 * maximum concurrency (so its database connections are bounded), ReportBatchItemFailures (one failed message does
 * not bring back the batch), a visibility timeout longer than the function's timeout, a dead-letter queue after a
 * maxReceiveCount, and an alarm with an action on that dead-letter queue. The renewal worker is such a function,
 * and the function that fills its queue has the queue's URL and may send to it.
 */
function checkQueueWorkers(template, resources, functions) {
  const isQueue = (id) => resources[id]?.Type === 'AWS::SQS::Queue';
  const globalTimeout = template.Globals?.Function?.Timeout ?? 3;
  const workers = functions.filter((f) => f.events.some((e) => e.Type === 'SQS'));
  check(workers.some((f) => f.handler === 'renewal-worker'), 'renewal-worker is fed by an SQS event source', [
    `SQS-fed functions: ${workers.map((f) => f.id).join(', ') || 'none'}`,
  ]);
  for (const f of workers) {
    const props = resources[f.id].Properties ?? {};
    check(props.ReservedConcurrentExecutions !== undefined, `${f.id}: reserved concurrency bounds its instances`, [
      'set ReservedConcurrentExecutions',
    ]);
    for (const e of f.events.filter((ev) => ev.Type === 'SQS')) {
      const ep = e.Properties ?? {};
      const queueIds = [...referencedIds(ep.Queue)].filter(isQueue);
      check(queueIds.length === 1, `${f.id}.${e.name}: reads a queue of this template`, [`Queue: ${JSON.stringify(ep.Queue)}`]);
      check((ep.FunctionResponseTypes ?? []).includes('ReportBatchItemFailures'),
        `${f.id}.${e.name}: reports batch item failures`, ['FunctionResponseTypes: [ReportBatchItemFailures]']);
      check(ep.ScalingConfig?.MaximumConcurrency !== undefined,
        `${f.id}.${e.name}: the event source's maximum concurrency is set`, ['ScalingConfig.MaximumConcurrency']);
      check(Number.isInteger(ep.BatchSize) && ep.BatchSize >= 1 && ep.BatchSize <= 10,
        `${f.id}.${e.name}: batches of 1 to 10`, [`BatchSize: ${JSON.stringify(ep.BatchSize)}`]);
      if (queueIds.length !== 1) continue;
      const queueId = queueIds[0];
      const queue = resources[queueId].Properties ?? {};
      const timeout = props.Timeout ?? globalTimeout;
      check(typeof queue.VisibilityTimeout === 'number' && queue.VisibilityTimeout > timeout,
        `${queueId}: visibility timeout (${queue.VisibilityTimeout}) exceeds ${f.id}'s timeout (${timeout})`, [
          'a message must not come back while its worker still runs',
        ]);
      const redrive = queue.RedrivePolicy ?? {};
      const dlqIds = [...referencedIds(redrive.deadLetterTargetArn)].filter(isQueue);
      check(dlqIds.length === 1 && Number.isInteger(redrive.maxReceiveCount) && redrive.maxReceiveCount >= 1,
        `${queueId}: a dead-letter queue after maxReceiveCount`, [`RedrivePolicy: ${JSON.stringify(redrive)}`]);
      for (const dlq of dlqIds) {
        const alarmed = Object.values(resources).some((r) => r?.Type === 'AWS::CloudWatch::Alarm'
          && r.Properties?.Namespace === 'AWS/SQS'
          && (r.Properties?.Dimensions ?? []).some((d) => d?.Name === 'QueueName' && referencedIds(d.Value).has(dlq))
          && (r.Properties?.AlarmActions ?? []).length > 0);
        check(alarmed, `${dlq}: an alarm with an action watches the dead-letter queue`, ['AWS::CloudWatch::Alarm on AWS/SQS QueueName']);
      }
      const producers = functions.filter((p) => Object.values(p.ownEnv).some((v) => referencedIds(v).has(queueId)));
      check(producers.length >= 1, `${queueId}: a function is given its URL`, ['an environment variable !Ref the queue']);
      for (const p of producers) {
        const policies = resources[p.id].Properties?.Policies ?? [];
        const maySend = policies.some((pol) => pol && typeof pol === 'object'
          && ((pol.SQSSendMessagePolicy && referencedIds(pol.SQSSendMessagePolicy).has(queueId))
            || JSON.stringify(pol).includes('sqs:SendMessage')));
        check(maySend, `${p.id}: may send to ${queueId}`, ['SQSSendMessagePolicy or an sqs:SendMessage statement']);
      }
    }
  }
}

const OPENAPI_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** The contract's operations as "METHOD /path" must be the routes of Routes.java and of the template's HttpApi. */
async function checkOpenApi(file, routes, httpEvents) {
  let spec;
  try {
    spec = yaml.load(readFileSync(file, 'utf8'), { filename: file });
  } catch (e) {
    check(false, `openapi.yaml parses (${file})`, [String(e.message ?? e)]);
    return;
  }
  check(Boolean(spec && typeof spec === 'object' && /^3\.1\.\d+$/.test(String(spec.openapi))),
    `openapi.yaml is OpenAPI 3.1 (${file})`, [`openapi: ${JSON.stringify(spec?.openapi)}`]);
  // Against the OpenAPI Initiative's published JSON Schema of 3.1 documents (carried by the npm package).
  const validator = new OpenApiValidator();
  const result = await validator.validate(spec);
  check(result.valid === true, 'openapi.yaml validates against the OpenAPI 3.1 schema',
    (Array.isArray(result.errors) ? result.errors : [result.errors]).slice(0, 20).map(
      (e) => (typeof e === 'object' ? `${e.instancePath ?? ''}: ${e.message ?? JSON.stringify(e)}${e.params?.unevaluatedProperty ? ` '${e.params.unevaluatedProperty}'` : ''}` : String(e))));
  const operations = new Set();
  for (const [path, item] of Object.entries(spec?.paths ?? {})) {
    for (const method of Object.keys(item ?? {})) {
      if (OPENAPI_METHODS.includes(method)) operations.add(`${method.toUpperCase()} ${path}`);
    }
  }
  const fromRoutes = new Set(routes.map((r) => `${r.method} ${r.path}`));
  const fromTemplate = new Set(httpEvents.map((e) => `${e.method} ${e.path}`));
  const missing = (a, b) => [...a].filter((k) => !b.has(k)).sort();
  check(missing(fromRoutes, operations).length === 0, `openapi.yaml has every route of Routes.java (${fromRoutes.size})`,
    missing(fromRoutes, operations).map((k) => `not in openapi.yaml: ${k}`));
  check(missing(operations, fromRoutes).length === 0, `openapi.yaml has no operation missing from Routes.java (${operations.size})`,
    missing(operations, fromRoutes).map((k) => `not in Routes.java: ${k}`));
  check(missing(fromTemplate, operations).length === 0 && missing(operations, fromTemplate).length === 0,
    'openapi.yaml paths and methods equal the template\'s HttpApi routes', [
      ...missing(fromTemplate, operations).map((k) => `in template.yaml, not in openapi.yaml: ${k}`),
      ...missing(operations, fromTemplate).map((k) => `in openapi.yaml, not in template.yaml: ${k}`),
    ]);
  // Every operation answers something, and each declared response is either a $ref or has a description.
  const undocumented = [];
  for (const [path, item] of Object.entries(spec?.paths ?? {})) {
    for (const [method, op] of Object.entries(item ?? {})) {
      if (!OPENAPI_METHODS.includes(method)) continue;
      const responses = Object.entries(op?.responses ?? {});
      if (responses.length === 0) undocumented.push(`${method.toUpperCase()} ${path}: no responses`);
      for (const [status, r] of responses) {
        if (!r?.$ref && typeof r?.description !== 'string') undocumented.push(`${method.toUpperCase()} ${path} ${status}: no description`);
      }
    }
  }
  check(undocumented.length === 0, 'every openapi.yaml operation declares its responses', undocumented);
}

// The schema lists resources and function events as anyOf over every type, so a single typo yields an
// error from each alternative. To say what is actually wrong, each AWS::Serverless::* resource and each
// function event is validated again against the definition of its own Type.
const DEF_PREFIX = 'samtranslator__internal__schema_source__';

function formatErrors(errors, prefix = '') {
  return (errors ?? [])
    .filter((e) => e.keyword !== 'anyOf' || (errors ?? []).length === 1)
    .map((e) => {
      const extra = e.params?.additionalProperty !== undefined ? ` '${e.params.additionalProperty}'` : '';
      return `${prefix}${e.instancePath || ''}${prefix || e.instancePath ? '' : '/'}: ${e.message}${extra}`;
    });
}

function explainSchemaErrors(ajv, schema, template, errors) {
  const defs = schema.definitions ?? {};
  if (!ajv.getSchema('sam-schema')) ajv.addSchema(schema, 'sam-schema');
  const validatorFor = (def) => (defs[def] ? ajv.compile({ $ref: `sam-schema#/definitions/${def}` }) : null);
  const cache = new Map();
  const cached = (def) => {
    if (!cache.has(def)) cache.set(def, validatorFor(def));
    return cache.get(def);
  };
  const lines = [];
  const explained = [];
  for (const [id, res] of Object.entries(template.Resources ?? {})) {
    const type = res?.Type;
    if (typeof type !== 'string' || !type.startsWith('AWS::Serverless::')) continue;
    const base = `/Resources/${id}`;
    if (!errors.some((e) => e.instancePath === base || e.instancePath.startsWith(`${base}/`))) continue;
    explained.push(base);
    const kind = type.slice('AWS::Serverless::'.length).toLowerCase();
    const v = cached(`${DEF_PREFIX}aws_serverless_${kind}__Resource`);
    if (!v) {
      lines.push(`${base}/Type: unknown SAM resource type ${type}`);
      continue;
    }
    if (v(res)) continue;
    const eventsPath = '/Properties/Events/';
    const own = v.errors.filter((e) => !e.instancePath.startsWith(eventsPath));
    lines.push(...formatErrors(own, base));
    // Function events: again, one definition per event Type.
    for (const [name, ev] of Object.entries(res.Properties?.Events ?? {})) {
      const evPath = `${eventsPath}${name}`;
      if (!v.errors.some((e) => e.instancePath === evPath || e.instancePath.startsWith(`${evPath}/`))) continue;
      const evType = ev?.Type;
      const ev_v = typeof evType === 'string'
        ? cached(`${evType}Event`) ?? cached(`${DEF_PREFIX}aws_serverless_${kind}__${evType}Event`)
        : null;
      if (!ev_v) {
        lines.push(`${base}${evPath}/Type: unknown event type ${JSON.stringify(evType)}`);
      } else if (!ev_v(ev)) {
        lines.push(...formatErrors(ev_v.errors, `${base}${evPath}`));
      }
    }
  }
  // Everything outside the resources explained above (Globals, other resources) as Ajv reported it.
  const rest = errors.filter((e) => !explained.some((b) => e.instancePath === b || e.instancePath.startsWith(`${b}/`)));
  lines.push(...formatErrors(rest));
  const unique = [...new Set(lines)];
  if (unique.length === 0) return formatErrors(errors).slice(0, 40);
  return unique.length > 40 ? [...unique.slice(0, 40), `... and ${unique.length - 40} more`] : unique;
}

function finish() {
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(`template: ${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
}

await main();
