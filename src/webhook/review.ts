// One AdmissionReview (admission.k8s.io/v1) → its answer, from the caches' current contents. CREATE and
// UPDATE go through the core's admit (the verdict the daemons will reach); DELETE is always allowed:
// removing an object can end a conflict but never start one. Errors deny with every code and message;
// warnings come back as admission warnings, which kubectl prints.
import { admit, type AdmitCache } from '../core/admit.ts';
import { updateWarnings } from '../core/admit-warnings.ts';
import { formatProblem, type Problem } from '../core/problems.ts';
import type { NodeInfo } from '../core/select.ts';
import type { SecretInfo } from '../core/validate/context.ts';

export const ADMISSION_API_VERSION = 'admission.k8s.io/v1';

/** What the caches hold when a request comes in. */
export interface AdmissionView {
  namespace: string;
  configurations: readonly unknown[];
  nodes: readonly NodeInfo[];
  secrets: ReadonlyMap<string, SecretInfo>;
  /** Existing objects' validation and fragments, kept for the process's life. */
  cache: AdmitCache;
}

interface AdmissionRequest {
  uid?: unknown;
  operation?: unknown;
  object?: unknown;
  oldObject?: unknown;
}

export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  status?: { code: number; reason: string; message: string };
  warnings?: string[];
}

export interface AdmissionReviewOut {
  apiVersion: string;
  kind: 'AdmissionReview';
  response: AdmissionResponse;
}

/** A request that is not an AdmissionReview at all: the server answers 400. */
export class BadReview extends Error {}

/** How many errors a denial lists before "and N more" (the message must stay readable in kubectl). */
const ERRORS_SHOWN = 10;

function denial(errors: readonly Problem[]): string {
  const shown = errors.slice(0, ERRORS_SHOWN).map(formatProblem);
  const more = errors.length > ERRORS_SHOWN ? [`and ${errors.length - ERRORS_SHOWN} more errors`] : [];
  return [...shown, ...more].join('; ');
}

function parseRequest(body: unknown): { apiVersion: string; request: AdmissionRequest; uid: string } {
  const review = body as { apiVersion?: unknown; kind?: unknown; request?: AdmissionRequest } | null;
  if (!review || typeof review !== 'object' || review.kind !== 'AdmissionReview' || !review.request)
    throw new BadReview('the body is not an AdmissionReview with a request');
  if (review.apiVersion !== ADMISSION_API_VERSION)
    throw new BadReview(`only ${ADMISSION_API_VERSION} AdmissionReviews are served`);
  const uid = review.request.uid;
  if (typeof uid !== 'string' || uid === '') throw new BadReview('the AdmissionReview request has no uid');
  return { apiVersion: review.apiVersion, request: review.request, uid };
}

export function review(body: unknown, view: AdmissionView): AdmissionReviewOut {
  return judge(body, view).out;
}

/** The answer and the problems behind it (the server counts their codes for its metrics). */
export function judge(
  body: unknown,
  view: AdmissionView,
): { out: AdmissionReviewOut; problems: readonly Problem[] } {
  const { apiVersion, request, uid } = parseRequest(body);
  const answer = (response: Omit<AdmissionResponse, 'uid'>): AdmissionReviewOut => ({
    apiVersion,
    kind: 'AdmissionReview',
    response: { uid, ...response },
  });
  if (request.operation !== 'CREATE' && request.operation !== 'UPDATE')
    return { out: answer({ allowed: true }), problems: [] };

  const problems = [
    ...admit(request.object, view.configurations, view.nodes, view.secrets, {
      namespace: view.namespace,
      cache: view.cache,
    }),
    ...(request.operation === 'UPDATE' ? updateWarnings(request.oldObject, request.object) : []),
  ];
  const errors = problems.filter((p) => p.severity === 'error');
  const warnings = problems.filter((p) => p.severity === 'warning').map(formatProblem);
  const out = answer({
    allowed: errors.length === 0,
    ...(errors.length > 0 ? { status: { code: 403, reason: 'Forbidden', message: denial(errors) } } : {}),
    ...(warnings.length > 0 ? { warnings } : {}),
  });
  return { out, problems };
}
