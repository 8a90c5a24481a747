// The `frrk8s` command line. Each subcommand is a function of (options, io) → exit code.
import { Command, CommanderError, Option } from 'commander';
import { DEFAULT_NAMESPACE } from '../core/validate/context.ts';
import { InputError } from '../io/input-error.ts';
import { ClusterReadError } from '../k8s/cluster-read-error.ts';
import { EXIT, UsageError, processIo, type CliIo } from './io.ts';
import { printable } from './printable.ts';
import { LOG_LEVELS } from '../../api/v1beta1/frrk8sconfiguration.ts';
import { DEFAULT_SESSIONS_GRACE_MS } from '../runtime/health.ts';
import { runDaemonCommand, type DaemonCliOptions } from './daemon-command.ts';
import { runExplain, type ExplainOptions } from './explain-command.ts';
import { runRender, type RenderOptions } from './render-command.ts';
import { runValidate, type ValidateOptions } from './validate-command.ts';
import { runWebhookCommand, type WebhookCliOptions } from './webhook-command.ts';
import { packageVersion } from './version.ts';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Where validate, render and explain read: -f files, else the live cluster (ADR 14). */
const withSource = (cmd: Command): Command =>
  cmd
    .option(
      '-f, --filename <file|dir|->',
      'file, directory or - for stdin (repeatable; without -f, the live cluster is read)',
      collect,
      [],
    )
    .option(
      '--kubeconfig <file>',
      'without -f: kubeconfig file (default: $KUBECONFIG, ~/.kube/config, in-cluster)',
    )
    .option('--context <name>', 'without -f: kubeconfig context (default: its current-context)');

function program(io: CliIo, setExit: (code: number) => void): Command {
  const root = new Command('frrk8s')
    .description('Share one FRRouting instance per Kubernetes node among many actors.')
    .version(packageVersion())
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError();

  withSource(root.command('validate'))
    .description(
      'Validate FRRConfiguration objects (with the Secrets and Nodes beside them) as the daemon would,\n' +
        'each against the others on every node both select, as the admission webhook does.\n' +
        'Exit status: 0 when there is no error (warnings allowed), 1 when any object has an error,\n' +
        '2 on a usage error, unreadable input or a cluster that cannot be read.',
    )
    .option('-n, --namespace <namespace>', 'the daemon namespace', DEFAULT_NAMESPACE)
    .option(
      '--node <name>',
      'also check conflicts on this node (repeatable; Node objects in the input, or the cluster’s, count too)',
      collect,
      [],
    )
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (options: ValidateOptions) => setExit(await runValidate(options, io)));

  const nodeScoped = (cmd: Command): Command =>
    withSource(cmd)
      .requiredOption('--node <name>', 'the node to render for')
      .option('--node-labels <k=v,...>', 'labels of the node (added to those of a Node object in the input)')
      .option('-n, --namespace <namespace>', 'the daemon namespace', DEFAULT_NAMESPACE)
      .option('--always-block <cidr,...>', 'prefixes never accepted from any neighbor')
      .addOption(new Option('--log-level <level>', 'FRR log level').choices([...LOG_LEVELS]).default('info'))
      .option('--frr-version <major.minor>', 'the FRR release to render for (the daemon asks FRR)', '8.4')
      .option('--show-secrets', 'print passwords instead of <retracted>', false);

  nodeScoped(root.command('render'))
    .description(
      'Print the FRR configuration a node would run. Problems go to stderr in the validate format.\n' +
        'Exit status: 0 rendered, 1 errors (nothing rendered), 2 usage error or unreadable input.',
    )
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (options: RenderOptions) => setExit(await runRender(options, io)));

  nodeScoped(root.command('explain'))
    .description(
      'Say what happened on the node to each FRRConfiguration (Applied, Invalid, Conflict, Pending, or\n' +
        'NotSelected and which selector term did not match), then annotate every rendered line with the\n' +
        'objects and fields it came from; with --prefix, say whether the prefix is advertised to and\n' +
        'accepted from each peer, and why not. Reads manifests with -f, else the live cluster.\n' +
        'Exit status: 0 explained, 1 errors (nothing rendered), 2 usage error (a --peer the node does\n' +
        'not have is one: the message lists its peers) or unreadable input.',
    )
    .option('--prefix <cidr>', 'the prefix to explain')
    .option('--peer <address|interface>', 'only this peer (with --prefix); must be a peer of the node')
    .option(
      '--object <name>',
      'only the state of this FRRConfiguration on the node, without the configuration',
    )
    .action(async (options: ExplainOptions) => setExit(await runExplain(options, io)));

  root
    .command('daemon')
    .description(
      'Run the node daemon: watch FRRConfigurations, merge them for this node, apply to FRR, report status.',
    )
    .requiredOption('--node-name <name>', 'this node (env NODE_NAME)', process.env['NODE_NAME'])
    .option(
      '-n, --namespace <namespace>',
      'the daemon namespace',
      process.env['NAMESPACE'] ?? DEFAULT_NAMESPACE,
    )
    .option('--kubeconfig <file>', 'kubeconfig file (default: in-cluster service account)')
    .option('--frr-socket-dir <dir>', "FRR's vty socket directory", '/var/run/frr')
    .option('--frr-config-dir <dir>', "FRR's configuration directory (vtysh.conf)", '/etc/frr')
    .option('--work-dir <dir>', 'where candidate configurations are written', '/var/run/frrk8s')
    .option('--always-block <cidr,...>', 'prefixes never accepted from any neighbor')
    .option('--debounce <duration>', 'wait this long after a change before reconciling', '200ms')
    .option('--reload-retry <duration>', 'retry a configuration FRR refused after this long', '30s')
    .option('--metrics-bind-address <addr:port>', 'serve /metrics here (0: off)', '127.0.0.1:7572')
    .option('--metrics-cert-file <file>', 'PEM certificate: serve /metrics over HTTPS')
    .option('--metrics-key-file <file>', 'PEM key of --metrics-cert-file')
    .option(
      '--health-probe-bind-address <addr:port>',
      'serve /livez and /readyz here (0: off)',
      '127.0.0.1:7573',
    )
    .option('--ready-requires-sessions', '/readyz also requires every BGP session to be Established', false)
    .option(
      '--ready-sessions-grace <duration>',
      'after the first apply, /readyz waits this long at most for every BGP session to be up (0: no wait)',
      `${DEFAULT_SESSIONS_GRACE_MS / 1000}s`,
    )
    .addOption(
      new Option('--log-level <level>', 'log level (FRRK8sConfiguration config overrides it)')
        .choices([...LOG_LEVELS])
        .default('info'),
    )
    .action(async (options: DaemonCliOptions) => setExit(await runDaemonCommand(options)));

  root
    .command('webhook')
    .description(
      'Run the cluster-side process: the validating admission webhook for FRRConfigurations\n' +
        '(self-managed certificates unless --cert-dir is given) and the cleaner of deleted nodes’ status.',
    )
    .option('--kubeconfig <file>', 'kubeconfig file (default: in-cluster service account)')
    .option(
      '-n, --namespace <namespace>',
      'the daemon namespace',
      process.env['NAMESPACE'] ?? DEFAULT_NAMESPACE,
    )
    .option('--webhook-port <port>', 'HTTPS port', '19443')
    .option('--bind-address <ip>', 'address to listen on', '0.0.0.0')
    .option(
      '--cert-dir <dir>',
      'serve DIR/tls.crt and DIR/tls.key (reloaded on change); manage no certificate',
    )
    .option(
      '--webhook-configuration <name>',
      'ValidatingWebhookConfiguration whose caBundle is kept current',
      'frr-k8s-validating-webhook-configuration',
    )
    .option(
      '--cert-secret <name>',
      'Secret holding the self-managed CA and serving pair',
      'frr-k8s-webhook-server-cert',
    )
    .option(
      '--service-name <name>',
      'Service the API server dials (the certificate’s DNS names)',
      'frr-k8s-webhook-service',
    )
    .option('--cert-ips <ip,...>', 'IP addresses the serving certificate also names (a URL webhook)')
    .option('--cert-validity <duration>', 'validity of a self-managed serving certificate', '2160h')
    .option('--ca-validity <duration>', 'validity of the self-managed CA', '87600h')
    .option(
      '--lease-name <name>',
      'Lease for the cleaner’s leader election (empty: no cleaner)',
      'frr-k8s-webhook-cleaner',
    )
    .option('--metrics-bind-address <addr:port>', 'serve /metrics here (0: off)', '127.0.0.1:7574')
    .addOption(new Option('--log-level <level>', 'log level').choices([...LOG_LEVELS]).default('info'))
    .action(async (options: WebhookCliOptions) => setExit(await runWebhookCommand(options)));

  return root;
}

export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let code: number = EXIT.ok;
  try {
    await program(io, (c) => (code = c)).parseAsync([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end with exit code 0; everything else commander raises is a usage error.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (err instanceof UsageError) {
      io.err(`error: ${printable(err.message)}\n(run with --help for usage)\n`);
      return EXIT.usage;
    }
    if (err instanceof InputError || err instanceof ClusterReadError) {
      io.err(`error ${err.code} ${printable(err.message)}\n`);
      return EXIT.usage;
    }
    // Whatever the input, no command ends in a stack trace: one line, exit 2, the stack on request.
    const debug = process.env['FRRK8S_DEBUG'] === '1';
    const detail = err instanceof Error ? err.message : String(err);
    io.err(
      `error: internal error: ${printable(detail)}${debug ? '' : ' (FRRK8S_DEBUG=1 prints the stack)'}\n`,
    );
    if (debug && err instanceof Error && err.stack) io.err(`${err.stack}\n`);
    return EXIT.usage;
  }
  return code;
}
